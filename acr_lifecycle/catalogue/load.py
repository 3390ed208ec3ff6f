"""Load a catalogue folder or file, validate it, and collect every problem in one pass."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import CatalogueError, Location, Problem
from ._yaml import Document, Positions, YamlSyntaxError, load_documents
from .models import (
    AT_CONTEXT_KEY,
    FIX_CONTEXT_KEY,
    Assignment,
    Policy,
    Registry,
    Stack,
)

CATALOGUE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Origin:
    """Where an entry was written: its file, its path inside the document, positions."""

    file: str
    path: tuple
    positions: Positions

    def location(self, *subpath: object, key: bool = False) -> Location:
        line, column = self.positions.of(self.path + tuple(subpath), key=key)
        return Location(self.file, line, column)


@dataclass
class Catalogue:
    """The whole catalogue, merged across files, with the origin of every entry."""

    policies: dict[str, Policy] = field(default_factory=dict)
    stacks: dict[str, Stack] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    registries: dict[str, Registry] = field(default_factory=dict)
    registry_stack: dict[str, str] = field(default_factory=dict)
    origins: dict[tuple, Origin] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # Names written in entries that failed validation: references to them are not
    # reported again as unknown, and what they use is not reported as unused.
    invalid_names: set[tuple[str, str]] = field(default_factory=set)

    def location(self, key: tuple, *subpath: object) -> Location:
        origin = self.origins.get(key)
        return origin.location(*subpath) if origin else Location("<catalogue>")


def catalogue_files(path: str | os.PathLike) -> list[Path]:
    """The YAML files of a catalogue folder (recursively, sorted) or the one file given."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in CATALOGUE_SUFFIXES
    )


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_catalogue(path: str | os.PathLike = "policies") -> Catalogue:
    """Read, validate and merge a catalogue; raise CatalogueError with every error found.

    Warnings (unused policies, registries without assignments) do not raise; they are
    returned in ``Catalogue.warnings``.
    """
    catalogue, problems = collect_catalogue(path)
    if any(p.severity == "error" for p in problems):
        raise CatalogueError(problems)
    return catalogue


def collect_catalogue(path: str | os.PathLike = "policies") -> tuple[Catalogue, list[Problem]]:
    """Read, validate and merge what is valid; return it with every problem found.

    An entry (policy, stack, assignment) with an error is left out of the catalogue,
    and the other entries are still checked, so one pass reports everything.
    """
    problems: list[Problem] = []
    catalogue = Catalogue()
    files = catalogue_files(path)
    if not files:
        shown = str(path)
        what = "does not exist" if not Path(path).exists() else "holds no .yaml or .yml file"
        problems.append(
            Problem(
                Location(shown),
                "no-catalogue",
                f"the catalogue path {what}",
                value=shown,
                fix="point at the policies/ folder or a catalogue YAML file",
            )
        )
        return catalogue, problems

    for file in files:
        shown = display_path(file)
        for document, entries in _read_file(file, shown, problems, catalogue):
            _merge(catalogue, entries, document, shown, problems)

    _check_references(catalogue, problems)
    catalogue.warnings = sorted(
        (p for p in problems if p.severity == "warning"), key=Problem.sort_key
    )
    return catalogue, sorted(problems, key=Problem.sort_key)


def _read_file(file: Path, shown: str, problems: list[Problem], catalogue: Catalogue):
    try:
        raw = file.read_bytes()
    except OSError as error:
        problems.append(
            Problem(
                Location(shown),
                "unreadable",
                f"cannot read the file: {error.strerror}",
                fix="check the file's permissions, or remove it from the catalogue folder",
            )
        )
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                Location(shown),
                "not-text",
                f"the file is not UTF-8 text (byte {error.start})",
                fix="save catalogue files as UTF-8 YAML",
            )
        )
        return
    if "\x00" in text:
        problems.append(
            Problem(
                Location(shown),
                "not-text",
                "the file contains NUL bytes; it is not YAML",
                fix="save catalogue files as UTF-8 YAML",
            )
        )
        return
    try:
        documents = load_documents(text)
    except YamlSyntaxError as error:
        problems.append(
            Problem(
                Location(shown, error.line, error.column),
                "yaml-syntax",
                str(error),
                fix="fix the YAML syntax at this position",
            )
        )
        return
    for document in documents:
        if document.data is None:
            continue
        if not isinstance(document.data, dict):
            line, column = document.positions.of(())
            problems.append(
                Problem(
                    Location(shown, line, column),
                    "not-a-mapping",
                    "a catalogue document must be a mapping with policies, stacks and/or "
                    f"assignments, not {_type_name(document.data)}",
                    fix="start the document with 'policies:', 'stacks:' or 'assignments:'",
                )
            )
            continue
        yield document, _validate_entries(document, shown, problems, catalogue)


_SECTIONS: dict[str, type[BaseModel]] = {
    "policies": Policy,
    "stacks": Stack,
    "assignments": Assignment,
}


@dataclass
class _Entries:
    """The valid entries of one document, each with its index in its section."""

    policies: list[tuple[int, Policy]] = field(default_factory=list)
    stacks: list[tuple[int, Stack]] = field(default_factory=list)
    assignments: list[tuple[int, Assignment]] = field(default_factory=list)


def _validate_entries(
    document: Document, shown: str, problems: list[Problem], catalogue: Catalogue
) -> _Entries:
    """Validate entry by entry, so that one bad entry does not hide the others."""
    data = document.data
    entries = _Entries()
    for key in data:
        if key not in _SECTIONS:
            item = {"type": "extra_forbidden", "loc": (key,), "msg": ""}
            problems.append(_problem_for(item, (key,), document, shown))
    for section, model in _SECTIONS.items():
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            item = {"type": "list_type", "loc": (section,), "msg": ""}
            problems.append(_problem_for(item, (section,), document, shown))
            continue
        for index, raw in enumerate(items):
            try:
                entry = model.model_validate(raw)
            except ValidationError as error:
                problems.extend(_translate(error, document, shown, (section, index)))
                _remember_invalid(catalogue, section, raw)
                continue
            getattr(entries, section).append((index, entry))
    return entries


def _remember_invalid(catalogue: Catalogue, section: str, raw: object) -> None:
    if not isinstance(raw, dict):
        return
    kind = {"policies": "policy", "stacks": "stack", "assignments": "assignment"}
    if isinstance(raw.get("name"), str):
        catalogue.invalid_names.add((kind[section], raw["name"]))
    if section == "stacks" and isinstance(raw.get("registries"), list):
        for registry in raw["registries"]:
            if not isinstance(registry, dict):
                continue
            name = registry.get("name")
            if not isinstance(name, str) and isinstance(registry.get("id"), str):
                name = registry["id"].rsplit("/", 1)[-1]
            if isinstance(name, str):
                catalogue.invalid_names.add(("registry", name.lower()))
    if section == "assignments":
        for key, kind_name in (("policies", "used-policy"), ("registries", "used-registry")):
            values = raw.get(key)
            if isinstance(values, list):
                for value in values:
                    if isinstance(value, str):
                        catalogue.invalid_names.add((kind_name, value.lower() if kind_name == "used-registry" else value))


def _merge(
    catalogue: Catalogue,
    parsed: _Entries,
    document: Document,
    shown: str,
    problems: list[Problem],
) -> None:
    def origin(*path: object) -> Origin:
        return Origin(shown, tuple(path), document.positions)

    for index, policy in parsed.policies:
        here = origin("policies", index)
        if _is_duplicate(catalogue, ("policy", policy.name), here, "policy", problems):
            continue
        catalogue.policies[policy.name] = policy
        catalogue.origins[("policy", policy.name)] = here
        seen: dict[str, int] = {}
        for rule_index, rule in enumerate(policy.rules):
            rule_origin = origin("policies", index, "rules", rule_index)
            if rule.id in seen:
                problems.append(
                    Problem(
                        rule_origin.location("id"),
                        "duplicate-name",
                        f"rule id '{rule.id}' is used twice in policy {policy.name}",
                        where=f"policy {policy.name}",
                        value=rule.id,
                        fix="give every rule of a policy its own id",
                    )
                )
                continue
            seen[rule.id] = rule_index
            catalogue.origins[("rule", policy.name, rule.id)] = rule_origin

    for index, stack in parsed.stacks:
        here = origin("stacks", index)
        if _is_duplicate(catalogue, ("stack", stack.name), here, "stack", problems):
            continue
        catalogue.stacks[stack.name] = stack
        catalogue.origins[("stack", stack.name)] = here
        for registry_index, registry in enumerate(stack.registries):
            registry_origin = origin("stacks", index, "registries", registry_index)
            name = registry.registry_name
            key = ("registry", name.lower())
            if key in catalogue.origins:
                first = catalogue.origins[key]
                problems.append(
                    Problem(
                        registry_origin.location(),
                        "duplicate-registry",
                        f"registry {name} is already declared at {first.location()} "
                        f"(stack {catalogue.registry_stack[name.lower()]}); a registry "
                        "belongs to exactly one stack",
                        where=f"stack {stack.name}",
                        value=name,
                        fix="remove one of the two declarations",
                    )
                )
                continue
            catalogue.registries[name.lower()] = registry
            catalogue.registry_stack[name.lower()] = stack.name
            catalogue.origins[key] = registry_origin

    for index, assignment in parsed.assignments:
        here = origin("assignments", index)
        key = ("assignment", assignment.name)
        if _is_duplicate(catalogue, key, here, "assignment", problems):
            continue
        catalogue.assignments[assignment.name] = assignment
        catalogue.origins[key] = here


def _is_duplicate(
    catalogue: Catalogue, key: tuple, here: Origin, kind: str, problems: list[Problem]
) -> bool:
    if key not in catalogue.origins:
        return False
    first = catalogue.origins[key]
    problems.append(
        Problem(
            here.location("name"),
            "duplicate-name",
            f"{kind} name '{key[1]}' is already used at {first.location('name')}",
            where=f"{kind} {key[1]}",
            value=key[1],
            fix=f"give every {kind} its own name",
        )
    )
    return True


def _check_references(catalogue: Catalogue, problems: list[Problem]) -> None:
    used_policies: set[str] = set()
    assigned_registries: set[str] = set()
    pairs: dict[tuple[str, str], str] = {}
    for name, assignment in catalogue.assignments.items():
        key = ("assignment", name)
        where = f"assignment {name}"
        for index, policy in enumerate(assignment.policies):
            if policy not in catalogue.policies:
                if ("policy", policy) in catalogue.invalid_names:
                    continue
                problems.append(
                    Problem(
                        catalogue.location(key, "policies", index),
                        "unknown-policy",
                        f"policy '{policy}' is not defined",
                        where=where,
                        value=policy,
                        fix=_did_you_mean(policy, catalogue.policies, "policy"),
                    )
                )
            used_policies.add(policy)
        for index, registry in enumerate(assignment.registries):
            if registry.lower() not in catalogue.registries:
                if ("registry", registry.lower()) in catalogue.invalid_names:
                    continue
                problems.append(
                    Problem(
                        catalogue.location(key, "registries", index),
                        "unknown-registry",
                        f"registry '{registry}' is not declared in any stack",
                        where=where,
                        value=registry,
                        fix=_did_you_mean(
                            registry,
                            {r.registry_name: r for r in catalogue.registries.values()},
                            "registry",
                        )
                        or "declare it under a stack's registries",
                    )
                )
                continue
            assigned_registries.add(registry.lower())
            for p_index, policy in enumerate(assignment.policies):
                pair = (registry.lower(), policy)
                if pair in pairs and pairs[pair] != name:
                    problems.append(
                        Problem(
                            catalogue.location(key, "policies", p_index),
                            "duplicate-assignment",
                            f"policy {policy} is already assigned to registry {registry} "
                            f"by assignment {pairs[pair]}; two tasks would run the same rules",
                            where=where,
                            value=policy,
                            fix="merge the schedules into one assignment",
                        )
                    )
                pairs.setdefault(pair, name)
        repeated = _check_duplicates_in_list(
            catalogue, key, where, "policies", assignment.policies, problems
        )
        repeated |= _check_duplicates_in_list(
            catalogue,
            key,
            where,
            "registries",
            [r.lower() for r in assignment.registries],
            problems,
        )
        if repeated:
            # Reported once here; later checks see each registry and policy once.
            catalogue.assignments[name] = assignment.model_copy(
                update={
                    "policies": list(dict.fromkeys(assignment.policies)),
                    "registries": _first_of_each(assignment.registries),
                }
            )
        _check_schedules(catalogue, key, where, assignment, problems)

    for name in catalogue.policies:
        if name not in used_policies and ("used-policy", name) not in catalogue.invalid_names:
            problems.append(
                Problem(
                    catalogue.location(("policy", name), "name"),
                    "unused-policy",
                    f"policy {name} is not assigned to any registry, so it generates nothing",
                    where=f"policy {name}",
                    value=name,
                    fix="assign it in an assignment, or remove it",
                    severity="warning",
                )
            )
    for lowered, registry in catalogue.registries.items():
        if lowered not in assigned_registries and (
            ("used-registry", lowered) not in catalogue.invalid_names
        ):
            problems.append(
                Problem(
                    catalogue.location(("registry", lowered)),
                    "unassigned-registry",
                    f"registry {registry.registry_name} has no assignment, so its stack "
                    "gets no purge task for it",
                    where=f"stack {catalogue.registry_stack[lowered]}",
                    value=registry.registry_name,
                    fix="assign policies to it, or remove it",
                    severity="warning",
                )
            )


def _check_duplicates_in_list(catalogue, key, where, field_name, values, problems) -> bool:
    """Report each repeated entry; whether there was one."""
    seen: set[str] = set()
    repeated = False
    for index, value in enumerate(values):
        if value in seen:
            problems.append(
                Problem(
                    catalogue.location(key, field_name, index),
                    "duplicate-entry",
                    f"'{value}' is listed twice in {field_name}",
                    where=where,
                    value=value,
                    fix="list it once",
                )
            )
            repeated = True
        seen.add(value)
    return repeated


def _first_of_each(registries: list[str]) -> list[str]:
    """Registry names keep their first spelling; names differ only in case."""
    unique: dict[str, str] = {}
    for registry in registries:
        unique.setdefault(registry.lower(), registry)
    return list(unique.values())


def _check_schedules(catalogue, key, where, assignment: Assignment, problems) -> None:
    names: set[str] = set()
    crons: set[str] = set()
    for index, schedule in enumerate(assignment.schedules):
        name = schedule.name or f"schedule-{index + 1}"
        if name in names:
            problems.append(
                Problem(
                    catalogue.location(key, "schedules", index),
                    "duplicate-schedule",
                    f"timer name '{name}' is used twice",
                    where=where,
                    value=name,
                    fix="give each schedule its own name",
                )
            )
        if schedule.cron in crons:
            problems.append(
                Problem(
                    catalogue.location(key, "schedules", index),
                    "duplicate-schedule",
                    f"schedule '{schedule.cron}' is listed twice; ACR Tasks reject "
                    "identical timers in one task",
                    where=where,
                    value=schedule.cron,
                    fix="remove the repeated schedule",
                )
            )
        names.add(name)
        crons.add(schedule.cron)


def _did_you_mean(value: str, choices, kind: str) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    known = ", ".join(sorted(choices)) or "none"
    return f"known {kind} names: {known}"


# --- pydantic errors in the user's terms -------------------------------------------


def _translate(
    error: ValidationError, document: Document, shown: str, prefix: tuple = ()
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        item = {**item, "loc": prefix + tuple(item["loc"])}
        at = item.get("ctx", {}).get(AT_CONTEXT_KEY)
        if at:
            item["loc"] = item["loc"] + tuple(at)
            item["about_the_entry"] = True
        path = _data_path(document.data, item["loc"])
        problems.append(_problem_for(item, path, document, shown))
    return _dedupe(problems)


def _data_path(data: object, loc: tuple) -> tuple:
    """Keep the parts of a pydantic location that index the data; drop union tags."""
    path: list = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in (current.get("kind"), current.get("type")):
            # The tag pydantic adds after a discriminated union ('tags', 'cloud', ...),
            # not a key; a rule of kind 'tags' also has a 'tags' key, so skip it once.
            if not path or path[-1] != ("tag", part):
                path.append(("tag", part))
                continue
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and isinstance(part, str) and part not in current:
            # A key that is missing, or a union/validator tag: keep a missing key's
            # name so the message can say which key, but stop descending.
            path.append(("missing", part))
    return tuple(path)


def _problem_for(item: dict, path: tuple, document: Document, shown: str) -> Problem:
    real_path = tuple(p for p in path if not isinstance(p, tuple))
    missing = [p[1] for p in path if isinstance(p, tuple) and p[0] == "missing"]
    kind = item["type"]
    value = _value_at(document.data, real_path)
    where = _where(document.data, real_path)
    fix = ""
    is_key = False

    if kind == "missing":
        key = missing[-1] if missing else str(item["loc"][-1])
        message = f"missing required key '{key}'"
        fix = f"add '{key}'"
        value = None
    elif kind == "extra_forbidden":
        key = real_path[-1] if real_path else str(item["loc"][-1])
        message = f"unknown key '{key}'"
        allowed = _allowed_keys(document.data, real_path)
        fix = _did_you_mean(str(key), allowed, "allowed key") if allowed else "remove it"
        hint = _unknown_key_hint(str(key), _model_for(document.data, real_path[:-1]))
        if hint:
            message, fix = f"{message}: {hint[0]}", hint[1]
        is_key = True
    elif kind == "union_tag_not_found":
        tag = item.get("ctx", {}).get("discriminator", "kind").strip("'")
        choices = "'tags' or 'untagged'" if tag == "kind" else "'local' or 'cloud'"
        message = f"missing required key '{tag}' ({choices})"
        fix = f"add '{tag}'"
        value = None
    elif kind == "union_tag_invalid":
        ctx = item.get("ctx", {})
        tag = ctx.get("discriminator", "kind").strip("'")
        message = f"{tag} must be {ctx.get('expected_tags', '')}"
        fix = f"write {tag}: " + " or ".join(
            t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")
        )
        value = ctx.get("tag")
        real_path = real_path + (tag,) if isinstance(value, str) else real_path
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a mapping, got {_type_name(value)}"
        fix = "write 'key: value' lines indented under it"
    elif kind == "list_type":
        message = f"expected a list, got {_type_name(value)}"
        fix = "write it as a YAML list ('- item' lines or [a, b])"
    elif kind in ("string_type", "str_type"):
        message = f"expected text, got {_type_name(value)}"
        fix = "quote the value"
    elif kind in ("int_type", "int_parsing", "int_from_float"):
        message = f"expected a whole number, got {_type_name(value)}"
        fix = "write a number without quotes, e.g. 3600"
    elif kind in ("bool_type", "bool_parsing"):
        message = f"expected true or false, got {_type_name(value)}"
        fix = "write true or false without quotes"
    elif kind == "literal_error":
        expected = item.get("ctx", {}).get("expected", "")
        message = f"expected {expected}, got {value!r}"
        fix = f"write {expected}"
    elif kind == "too_short":
        message = "must not be empty"
        fix = "list at least one entry"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = item["msg"].replace("Input should be", "must be")
        ctx = item.get("ctx", {})
        bound = next((ctx[k] for k in ("ge", "le", "gt", "lt") if k in ctx), "")
        fix = {
            "greater_than_equal": f"write {bound} or more",
            "less_than_equal": f"write {bound} or less",
            "greater_than": f"write more than {bound}",
            "less_than": f"write less than {bound}",
        }[kind]
        if real_path and real_path[-1] == "keep_newest":
            fix += "; to keep no tag, leave keep_newest out"
    elif kind == "string_pattern_mismatch":
        message = f"{value!r} does not have the expected form"
        fix = f"it must match {item.get('ctx', {}).get('pattern', '')}"
    else:
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        fix = str(item.get("ctx", {}).get(FIX_CONTEXT_KEY, ""))

    field_name = next(
        (p for p in reversed(real_path) if isinstance(p, str)), None
    )
    named = kind in ("extra_forbidden", "missing", "union_tag_not_found")
    if field_name and not named and not item.get("about_the_entry"):
        if not message.startswith(field_name) and field_name not in message.split("'")[1::2]:
            message = f"{field_name}: {message}"

    line, column = document.positions.of(real_path, key=is_key)
    return Problem(
        Location(shown, line, column),
        kind.replace("_", "-"),
        message,
        where=where,
        value=value if not isinstance(value, (dict, list)) else None,
        fix=fix,
    )


_UNTAGGED_FLAG = (
    "in acr purge, --untagged does not narrow a tag purge: it first deletes the "
    "tags the filter selects that are older than --ago, then every manifest left "
    "without a tag",
    "expire tags in this rule, and add a separate rule with kind: untagged for "
    "untagged manifests (it compiles to --untagged-only, which never deletes a tag)",
)
_FLAG_HINTS: dict[str, tuple[str, str]] = {
    "ago": ("this is acr purge's --ago", "write older_than, e.g. 'older_than: 7d'"),
    "keep": ("this is acr purge's --keep", "write keep_newest, e.g. 'keep_newest: 5'"),
    "filter": (
        "the catalogue does not take acr purge filters",
        "write repositories (regexes for whole repository names) and tags",
    ),
    "dry_run": (
        "dry runs are set per assignment",
        "write 'mode: dry-run' on the assignment",
    ),
    "untagged": _UNTAGGED_FLAG,
    "untagged_only": _UNTAGGED_FLAG,
}


def _unknown_key_hint(key: str, model: type[BaseModel] | None) -> tuple[str, str] | None:
    """What an unknown key most likely meant, in the user's terms."""
    from . import models

    normalized = key.lower().lstrip("-").replace("-", "_")
    if model is models.UntaggedRule and normalized in ("tags", "tag", "filter"):
        return (
            "an untagged rule deletes only manifests that have no tag, so it selects "
            "no tags (acr purge --untagged with a tag filter such as '.*' would also "
            "delete every matching tag older than --ago)",
            "remove it; to also expire tags, add a rule with kind: tags",
        )
    if model in (models.TagRule, models.UntaggedRule) and normalized in _FLAG_HINTS:
        if model is models.UntaggedRule and normalized.startswith("untagged"):
            return ("a rule of kind untagged already purges untagged manifests only", "remove it")
        return _FLAG_HINTS[normalized]
    if model is models.Assignment and normalized == "dry_run":
        return ("dry runs are set with mode", "write 'mode: dry-run'")
    return None


def _value_at(data: object, path: tuple) -> object:
    current = data
    for part in path:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def _allowed_keys(data: object, path: tuple) -> list[str]:
    parent = _value_at(data, path[:-1])
    if not isinstance(parent, dict):
        return []
    model = _model_for(data, path[:-1])
    return sorted(model.model_fields) if model else []


def _model_for(data: object, path: tuple) -> type[BaseModel] | None:
    """Which model a mapping at ``path`` is validated against, for 'did you mean'."""
    from . import models

    shape = [p if isinstance(p, str) else "#" for p in path]
    table: dict[tuple, type[BaseModel]] = {
        (): models.CatalogueFile,
        ("policies", "#"): models.Policy,
        ("policies", "#", "rules", "#", "tags"): models.TagSelection,
        ("stacks", "#"): models.Stack,
        ("stacks", "#", "registries", "#"): models.Registry,
        ("assignments", "#"): models.Assignment,
        ("assignments", "#", "schedules", "#"): models.Schedule,
        ("assignments", "#", "task"): models.TaskSettings,
        ("assignments", "#", "task", "registry_credentials", "#"): models.RegistryCredential,
    }
    if tuple(shape) == ("policies", "#", "rules", "#"):
        rule = _value_at(data, path)
        kind = rule.get("kind") if isinstance(rule, dict) else None
        return models.UntaggedRule if kind == "untagged" else models.TagRule
    if tuple(shape) == ("stacks", "#", "backend"):
        backend = _value_at(data, path)
        kind = backend.get("type") if isinstance(backend, dict) else None
        return models.CloudBackend if kind == "cloud" else models.LocalBackend
    return table.get(tuple(shape))


def _where(data: object, path: tuple) -> str:
    """Name the policy/rule, stack/registry or assignment that ``path`` lies in."""

    def name_at(*parts: object) -> str:
        value = _value_at(data, parts)
        if isinstance(value, dict):
            for key in ("name", "id"):
                if isinstance(value.get(key), str):
                    return value[key]
        return f"#{parts[-1] + 1}" if isinstance(parts[-1], int) else "?"

    if len(path) >= 2 and path[0] == "policies" and isinstance(path[1], int):
        text = f"policy {name_at('policies', path[1])}"
        if len(path) >= 4 and path[2] == "rules" and isinstance(path[3], int):
            text += f", rule {name_at('policies', path[1], 'rules', path[3])}"
        return text
    if len(path) >= 2 and path[0] == "stacks" and isinstance(path[1], int):
        text = f"stack {name_at('stacks', path[1])}"
        if len(path) >= 4 and path[2] == "registries" and isinstance(path[3], int):
            text += f", registry {name_at('stacks', path[1], 'registries', path[3])}"
        return text
    if len(path) >= 2 and path[0] == "assignments" and isinstance(path[1], int):
        return f"assignment {name_at('assignments', path[1])}"
    return ""


def _type_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen = set()
    unique = []
    for problem in problems:
        key = (problem.location, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique
