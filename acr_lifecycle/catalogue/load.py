"""Load a catalogue folder or file, validate it, and collect every problem in one pass."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated, get_args

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import CatalogueError, Location, Problem
from ._yaml import Document, Positions, YamlSyntaxError, load_documents
from .models import (
    AT_CONTEXT_KEY,
    FIX_CONTEXT_KEY,
    Assignment,
    Policy,
    Registry,
    Schedule,
    Stack,
    TagRule,
    UntaggedRule,
)

CATALOGUE_SUFFIXES = (".yaml", ".yml")
# Each retry parses the lines before the last syntax error; a truncated file needs one
# or two, and a bound keeps a pathological file from costing one parse per line.
_SALVAGE_ATTEMPTS = 8


@dataclass(frozen=True)
class Origin:
    """Where an entry was written: its file, its path inside the document, positions."""

    file: str
    path: tuple
    positions: Positions

    def location(self, *subpath: object, key: bool = False) -> Location:
        line, column = self.positions.of(self.path + tuple(subpath), key=key)
        return Location(self.file, line, column)

    def child(self, *subpath: object) -> Origin:
        return Origin(self.file, self.path + tuple(subpath), self.positions)


@dataclass
class Catalogue:
    """The whole catalogue, merged across files, with the origin of every entry.

    ``policies``, ``stacks``, ``assignments`` and ``registries`` hold the valid entries,
    the only ones compiled. ``origins`` also holds the entries that failed validation
    but whose names could be read: they still count as defined, so references to them
    are not reported as unknown and a second entry of the same name is a duplicate.
    """

    policies: dict[str, Policy] = field(default_factory=dict)
    stacks: dict[str, Stack] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    registries: dict[str, Registry] = field(default_factory=dict)
    registry_stack: dict[str, str] = field(default_factory=dict)
    origins: dict[tuple, Origin] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # The rules of each policy that failed validation, None where the rule itself is
    # invalid, so that lint still checks the valid rules beside a broken one.
    partial_policies: dict[str, tuple[TagRule | UntaggedRule | None, ...]] = field(
        default_factory=dict
    )

    def location(self, key: tuple, *subpath: object) -> Location:
        origin = self.origins.get(key)
        return origin.location(*subpath) if origin else Location("<catalogue>")


@dataclass(frozen=True)
class _References:
    """What the checks across entries read of one assignment entry, valid or not."""

    name: str | None
    label: str
    origin: Origin
    policies: tuple[tuple[int, str], ...]
    registries: tuple[tuple[int, str], ...]
    schedules: tuple[tuple[int, Schedule], ...]
    # Whether this entry is the valid one stored under its name in the catalogue.
    stored: bool


@dataclass
class _Pass:
    """What one pass has found so far, beside the catalogue it builds."""

    problems: list[Problem] = field(default_factory=list)
    references: list[_References] = field(default_factory=list)
    # Every declared registry, valid or not, by lowercase name: its name as first
    # written and the stack that declares it.
    declared: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Files that could not be read in full: they may define what looks undefined.
    unread: list[str] = field(default_factory=list)
    # "policy" and/or "registry" once something that may use them could not be read;
    # an unused-looking policy or registry is then not reported.
    unknown_uses: set[str] = field(default_factory=set)

    def lose_uses(self) -> None:
        self.unknown_uses |= {"policy", "registry"}


def catalogue_files(path: str | os.PathLike) -> list[Path]:
    """The YAML files of a catalogue folder (recursively, sorted) or the one file given.

    Inside a folder, files and folders whose names start with '.' are not read: they
    are an editor's, a tool's or version control's (.github workflows, .git), never
    catalogue entries."""
    root = Path(path)
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in CATALOGUE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
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


def collect_catalogue(
    path: str | os.PathLike = "policies",
) -> tuple[Catalogue, list[Problem]]:
    """Read, validate and merge what is valid; return it with every problem found.

    An entry (policy, stack, assignment) with an error is left out of the catalogue,
    but what can be read of it is still checked: its name counts as defined, and its
    valid rules, registries and references are checked like those of a valid entry,
    so one pass reports everything.
    """
    catalogue = Catalogue()
    state = _Pass()
    files = catalogue_files(path)
    if not files:
        shown = str(path)
        what = (
            "does not exist"
            if not Path(path).exists()
            else "holds no .yaml or .yml file"
        )
        state.problems.append(
            Problem(
                Location(shown),
                "no-catalogue",
                f"the catalogue path {what}",
                value=shown,
                fix="point at the policies/ folder or a catalogue YAML file",
            )
        )
        return catalogue, state.problems

    for file in files:
        shown = display_path(file)
        for document, salvaged in _read_file(file, shown, state):
            _read_document(catalogue, state, document, shown, salvaged=salvaged)

    _check_references(catalogue, state)
    problems = state.problems
    catalogue.warnings = sorted(
        (p for p in problems if p.severity == "warning"), key=Problem.sort_key
    )
    return catalogue, sorted(problems, key=Problem.sort_key)


def _read_file(file: Path, shown: str, state: _Pass):
    """The file's documents, each with whether it is only the part before a syntax
    error (read for the names it defines, never checked)."""
    problems = state.problems
    try:
        raw = file.read_bytes()
    except OSError as error:
        state.unread.append(shown)
        state.lose_uses()
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
        state.unread.append(shown)
        state.lose_uses()
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
        state.unread.append(shown)
        state.lose_uses()
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
        state.unread.append(shown)
        state.lose_uses()
        problems.append(
            Problem(
                Location(shown, error.line, error.column),
                "yaml-syntax",
                str(error),
                fix="fix the YAML syntax at this position",
            )
        )
        for document in _readable_prefix(text, error):
            if isinstance(document.data, dict):
                yield document, True
        return
    for document in documents:
        if document.data is None:
            continue
        if not isinstance(document.data, dict):
            state.lose_uses()
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
        yield document, False


def _readable_prefix(text: str, error: YamlSyntaxError) -> list[Document]:
    """The documents of the lines before a syntax error, as far as they parse: a
    truncated file still names the policies and registries written before the cut."""
    lines = text.splitlines(keepends=True)
    end = error.start_line - 1
    for _ in range(_SALVAGE_ATTEMPTS):
        if end <= 0:
            return []
        try:
            return load_documents("".join(lines[:end]))
        except YamlSyntaxError as again:
            end = min(end - 1, again.start_line - 1)
    return []


def _read_document(
    catalogue: Catalogue,
    state: _Pass,
    document: Document,
    shown: str,
    *,
    salvaged: bool,
) -> None:
    """Validate entry by entry, so that one bad entry does not hide the others."""
    data = document.data
    for key in data:
        if key not in _SECTIONS:
            # Whatever is under an unknown key may be assignments under a misspelling.
            state.lose_uses()
            if not salvaged:
                item = {"type": "extra_forbidden", "loc": (key,), "msg": ""}
                state.problems.append(_problem_for(item, (key,), document, shown))
    for section in _SECTIONS:
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            state.lose_uses()
            if not salvaged:
                item = {"type": "list_type", "loc": (section,), "msg": ""}
                state.problems.append(_problem_for(item, (section,), document, shown))
            continue
        model, add = _SECTIONS[section]
        for index, raw in enumerate(items):
            entry = None
            if not salvaged:
                try:
                    entry = model.model_validate(raw)
                except ValidationError as error:
                    state.problems.extend(
                        _translate(error, document, shown, (section, index))
                    )
            origin = Origin(shown, (section, index), document.positions)
            add(catalogue, state, origin, raw, entry, salvaged=salvaged)


def _add_policy(
    catalogue: Catalogue,
    state: _Pass,
    origin: Origin,
    raw: object,
    policy: Policy | None,
    *,
    salvaged: bool,
) -> None:
    name = policy.name if policy is not None else _readable(raw, Policy, "name")
    stored = _store(
        catalogue, state, origin, "policy", name, policy, catalogue.policies
    )
    if salvaged:
        return

    if policy is not None:
        rules = [(index, rule, None) for index, rule in enumerate(policy.rules)]
    else:
        rules = _readable_items(raw, Policy, "rules")
        if stored:
            catalogue.partial_policies[name] = tuple(rule for _, rule, _ in rules)

    label = name or _position(origin)
    seen: set[str] = set()
    for index, rule, raw_rule in rules:
        rule_id = rule.id if rule is not None else _readable(raw_rule, TagRule, "id")
        if rule_id is None:
            continue
        rule_origin = origin.child("rules", index)
        if rule_id in seen:
            state.problems.append(
                Problem(
                    rule_origin.location("id"),
                    "duplicate-name",
                    f"rule id '{rule_id}' is used twice in policy {label}",
                    where=f"policy {label}",
                    value=rule_id,
                    fix="give every rule of a policy its own id",
                )
            )
            continue
        seen.add(rule_id)
        if stored:
            catalogue.origins[("rule", name, rule_id)] = rule_origin


def _add_stack(
    catalogue: Catalogue,
    state: _Pass,
    origin: Origin,
    raw: object,
    stack: Stack | None,
    *,
    salvaged: bool,
) -> None:
    name = stack.name if stack is not None else _readable(raw, Stack, "name")
    stored = _store(catalogue, state, origin, "stack", name, stack, catalogue.stacks)

    label = name or _position(origin)
    if stack is not None:
        registries = [(index, r, None) for index, r in enumerate(stack.registries)]
    else:
        registries = _readable_items(raw, Stack, "registries")
    for index, registry, raw_registry in registries:
        shown = (
            registry.registry_name
            if registry is not None
            else _readable_registry(raw_registry)
        )
        if shown is None:
            continue
        registry_origin = origin.child("registries", index)
        key = ("registry", shown.lower())
        if key in catalogue.origins:
            _, first_stack = state.declared[shown.lower()]
            state.problems.append(
                Problem(
                    registry_origin.location(),
                    "duplicate-registry",
                    f"registry {shown} is already declared at "
                    f"{catalogue.origins[key].location()} (stack {first_stack}); a "
                    "registry belongs to exactly one stack",
                    where=f"stack {label}",
                    value=shown,
                    fix="remove one of the two declarations",
                )
            )
            continue
        catalogue.origins[key] = registry_origin
        state.declared[shown.lower()] = (shown, label)
        if stack is not None and stored:
            catalogue.registries[shown.lower()] = registry
            catalogue.registry_stack[shown.lower()] = name


def _add_assignment(
    catalogue: Catalogue,
    state: _Pass,
    origin: Origin,
    raw: object,
    assignment: Assignment | None,
    *,
    salvaged: bool,
) -> None:
    name = (
        assignment.name
        if assignment is not None
        else _readable(raw, Assignment, "name")
    )
    stored = _store(
        catalogue, state, origin, "assignment", name, assignment, catalogue.assignments
    )
    if salvaged:
        return

    if assignment is not None:
        policies = tuple(enumerate(assignment.policies))
        registries = tuple(enumerate(assignment.registries))
        schedules = tuple(enumerate(assignment.schedules))
    else:
        for key, kind in (("policies", "policy"), ("registries", "registry")):
            if not isinstance(raw, dict) or not isinstance(raw.get(key, []), list):
                state.unknown_uses.add(kind)
        policies, registries, schedules = (
            tuple(
                (index, item)
                for index, item, _ in _readable_items(raw, Assignment, key)
                if item is not None
            )
            for key in ("policies", "registries", "schedules")
        )
    state.references.append(
        _References(
            name,
            name or _position(origin),
            origin,
            policies,
            registries,
            schedules,
            stored=stored and assignment is not None,
        )
    )


# Each section's model and what an entry adds to the catalogue, valid or not.
_SECTIONS = {
    "policies": (Policy, _add_policy),
    "stacks": (Stack, _add_stack),
    "assignments": (Assignment, _add_assignment),
}


def _position(origin: Origin) -> str:
    return f"#{origin.path[-1] + 1}"


# --- what can be read of an entry that failed validation ---------------------------


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[info.annotation, info])


@cache
def _item_adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    return TypeAdapter(get_args(model.model_fields[name].annotation)[0])


def _readable(raw: object, model: type[BaseModel], name: str) -> str | None:
    """The value of one field of a failed entry when that field is valid by itself."""
    if not isinstance(raw, dict) or raw.get(name) is None:
        return None
    try:
        value = _field_adapter(model, name).validate_python(raw[name])
    except ValidationError:
        return None
    return value if isinstance(value, str) else None


def _readable_items(raw: object, model: type[BaseModel], name: str) -> list[tuple]:
    """(index, the item validated alone or None, the item as written) for each item
    of a list field of a failed entry; the item's own errors are already reported."""
    items = raw.get(name) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return []
    adapter = _item_adapter(model, name)
    readable = []
    for index, item in enumerate(items):
        try:
            readable.append((index, adapter.validate_python(item), item))
        except ValidationError:
            readable.append((index, None, item))
    return readable


def _readable_registry(raw: object) -> str | None:
    """The name of a registry that failed validation, from its name or else the end
    of its id: an id with a wrong part still names the registry it means."""
    name = _readable(raw, Registry, "name")
    if name is not None or not isinstance(raw, dict):
        return name
    registry_id = raw.get("id")
    if not isinstance(registry_id, str):
        return None
    return _readable({"name": registry_id.rsplit("/", 1)[-1]}, Registry, "name")


def _store(
    catalogue: Catalogue,
    state: _Pass,
    origin: Origin,
    kind: str,
    name: str | None,
    entry: object,
    table: dict,
) -> bool:
    """Record where the entry called ``name`` was written and, when it is valid, the
    entry itself in ``table``. False for an entry with no readable name or a name
    already taken (reported here)."""
    if name is None or _is_duplicate(
        catalogue, (kind, name), origin, kind, state.problems
    ):
        return False
    catalogue.origins[(kind, name)] = origin
    if entry is not None:
        table[name] = entry
    return True


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


# --- checks across entries ---------------------------------------------------------


def _check_references(catalogue: Catalogue, state: _Pass) -> None:
    problems = state.problems
    defined_policies = {key[1] for key in catalogue.origins if key[0] == "policy"}
    used_policies: set[str] = set()
    assigned_registries: set[str] = set()
    pairs: dict[tuple[str, str], _References] = {}
    for refs in state.references:
        where = f"assignment {refs.label}"
        for index, policy in refs.policies:
            used_policies.add(policy)
            if policy not in defined_policies:
                problems.append(
                    Problem(
                        refs.origin.location("policies", index),
                        "unknown-policy",
                        f"policy '{policy}' is not defined",
                        where=where,
                        value=policy,
                        fix=_did_you_mean(policy, defined_policies, "policy")
                        + _unread_note(state),
                    )
                )
        for index, registry in refs.registries:
            if registry.lower() not in state.declared:
                problems.append(
                    Problem(
                        refs.origin.location("registries", index),
                        "unknown-registry",
                        f"registry '{registry}' is not declared in any stack",
                        where=where,
                        value=registry,
                        fix=_did_you_mean(
                            registry,
                            [shown for shown, _ in state.declared.values()],
                            "registry",
                        )
                        + _unread_note(state),
                    )
                )
                continue
            assigned_registries.add(registry.lower())
            for p_index, policy in refs.policies:
                pair = (registry.lower(), policy)
                first = pairs.setdefault(pair, refs)
                # Two entries of one name are reported as a duplicate name instead.
                if first is refs or first.name is not None and first.name == refs.name:
                    continue
                problems.append(
                    Problem(
                        refs.origin.location("policies", p_index),
                        "duplicate-assignment",
                        f"policy {policy} is already assigned to registry {registry} "
                        f"by assignment {first.label}; two tasks would run the same "
                        "rules",
                        where=where,
                        value=policy,
                        fix="merge the schedules into one assignment",
                    )
                )
        repeated = _check_duplicates_in_list(
            refs.origin, where, "policies", refs.policies, problems
        )
        repeated |= _check_duplicates_in_list(
            refs.origin,
            where,
            "registries",
            [(index, r.lower()) for index, r in refs.registries],
            problems,
        )
        if repeated and refs.stored:
            # Reported once here; later checks see each registry and policy once.
            assignment = catalogue.assignments[refs.name]
            catalogue.assignments[refs.name] = assignment.model_copy(
                update={
                    "policies": list(dict.fromkeys(assignment.policies)),
                    "registries": _first_of_each(assignment.registries),
                }
            )
        _check_schedules(refs.origin, where, refs.schedules, problems)

    # Only valid entries are reported as unused: an entry with errors is reported
    # for those, and one that is never assigned is told once it is valid.
    if "policy" not in state.unknown_uses:
        for name in sorted(set(catalogue.policies) - used_policies):
            problems.append(
                Problem(
                    catalogue.location(("policy", name), "name"),
                    "unused-policy",
                    f"policy {name} is not assigned to any registry, so it generates "
                    "nothing",
                    where=f"policy {name}",
                    value=name,
                    fix="assign it in an assignment, or remove it",
                    severity="warning",
                )
            )
    if "registry" not in state.unknown_uses:
        for lowered, registry in catalogue.registries.items():
            if lowered in assigned_registries:
                continue
            problems.append(
                Problem(
                    catalogue.location(("registry", lowered)),
                    "unassigned-registry",
                    f"registry {registry.registry_name} has no assignment, so its "
                    "stack gets no purge task for it",
                    where=f"stack {catalogue.registry_stack[lowered]}",
                    value=registry.registry_name,
                    fix="assign policies to it, or remove it",
                    severity="warning",
                )
            )


def _unread_note(state: _Pass) -> str:
    if not state.unread:
        return ""
    files = ", ".join(state.unread)
    return f" ({files} could not be read in full and may define it)"


def _check_duplicates_in_list(
    origin: Origin, where: str, field_name: str, values, problems: list[Problem]
) -> bool:
    """Report each repeated entry of (index, value) pairs; whether there was one."""
    seen: set[str] = set()
    repeated = False
    for index, value in values:
        if value in seen:
            problems.append(
                Problem(
                    origin.location(field_name, index),
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


def _check_schedules(origin: Origin, where: str, schedules, problems) -> None:
    """Timer names and crons must differ within a task; ``schedules`` holds
    (index, schedule) for each schedule that is valid."""
    names: set[str] = set()
    crons: set[str] = set()
    for index, schedule in schedules:
        name = schedule.name or f"schedule-{index + 1}"
        if name in names:
            problems.append(
                Problem(
                    origin.location("schedules", index),
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
                    origin.location("schedules", index),
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
        if isinstance(current, dict) and part in (
            current.get("kind"),
            current.get("type"),
        ):
            # The tag pydantic adds after a discriminated union ('tags', 'cloud', ...),
            # not a key; a rule of kind 'tags' also has a 'tags' key, so skip it once.
            if not path or path[-1] != ("tag", part):
                path.append(("tag", part))
                continue
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            path.append(part)
            current = current[part]
        elif (
            isinstance(current, dict) and isinstance(part, str) and part not in current
        ):
            # A key that is missing, or a union/validator tag: keep a missing key's
            # name so the message can say which key, but stop descending.
            path.append(("missing", part))
    return tuple(path)


# An example value per whole-number field, so that a fix reads like the field.
_INT_EXAMPLES = {
    "keep_newest": "10",
    "step_timeout_seconds": "3600",
    "timeout_seconds": "7200",
    "concurrency": "4",
}


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
        fix = (
            _did_you_mean(str(key), allowed, "allowed key") if allowed else "remove it"
        )
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
        example = _INT_EXAMPLES.get(str(real_path[-1]) if real_path else "", "10")
        fix = f"write a whole number without quotes, e.g. {example}"
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
        if real_path and real_path[-1] == "keep_newest" and kind != "less_than_equal":
            fix += "; to keep no tag, leave keep_newest out"
    elif kind == "string_pattern_mismatch":
        message = f"{value!r} does not have the expected form"
        fix = f"it must match {item.get('ctx', {}).get('pattern', '')}"
    else:
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        fix = str(item.get("ctx", {}).get(FIX_CONTEXT_KEY, ""))

    field_name = next((p for p in reversed(real_path) if isinstance(p, str)), None)
    named = kind in ("extra_forbidden", "missing", "union_tag_not_found")
    if field_name and not named and not item.get("about_the_entry"):
        if (
            not message.startswith(field_name)
            and field_name not in message.split("'")[1::2]
        ):
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


def _unknown_key_hint(
    key: str, model: type[BaseModel] | None
) -> tuple[str, str] | None:
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
            return (
                "a rule of kind untagged already purges untagged manifests only",
                "remove it",
            )
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
        (
            "assignments",
            "#",
            "task",
            "registry_credentials",
            "#",
        ): models.RegistryCredential,
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
