"""``acr purge`` steps, in task order, to the rules of one catalogue policy.

One step is one acr purge run. Its filters merge per repository (their tag regexes
joined with ``|``) and ``--keep`` counts once per repository over that union, then
``--untagged`` deletes the untagged manifests of the matched repositories. A policy's
rules are separate runs, and a later tag rule leaves alone the tags an earlier one
selects. The conversion keeps a step's behaviour or says how it differs:

- a step whose filters the catalogue's compiler would write itself (our own tasks)
  becomes that rule, and compiling it gives the same command, byte for byte;
- otherwise filters are grouped by repository and by tag selection into tag rules.
  One rule is exact. Several are exact without ``--keep``; with it, only when their
  repositories cannot overlap, since each rule keeps its own newest tags;
- ``--untagged`` adds an untagged rule over every filtered repository after the tag
  rules (``--untagged-only`` after the tag step sees the same untagged manifests, with
  the same ``--ago`` and, from acr-cli 0.18, the same ``--keep``);
- a later step's tags that an earlier step also selects are claimed by the earlier
  rule. That is exact when the two selections cannot overlap, or when the earlier step
  deletes every such tag the later one would (no keep, an age no longer, locked tags
  at least as much); otherwise the later rule deletes less than the step did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex
from pydantic import ValidationError

from ..catalogue import patterns
from ..catalogue.duration import MAX_DAYS, DurationSyntaxError, parse_duration
from ..catalogue.image import DEFAULT_ACR_CLI_IMAGE, ImageError, resolve_image
from ..catalogue.models import FIX_CONTEXT_KEY, TagRule, UntaggedRule
from ..catalogue.regex_language import can_match, overlaps
from ..compile.filters import tag_filters
from ..preview.agoduration import DAY, HOUR, MAX_AGO_DAYS, AgoError, parse_ago
from ..review.commands import PurgeStep
from .draft import Refusal, RuleDraft
from .regexes import (
    closing_paren,
    tag_selection,
    top_level_alternatives,
    union,
    unwrap_group,
    whole_repository_patterns,
    whole_tag_regex,
)
from .shell_syntax import shell_refusal

ALIAS = "acr"
# What the task runner's 'acr' alias expands to (Azure/acr-builder, 2026).
ALIAS_VERSION = (0, 19)
MAX_CONCURRENCY = 32
_TASK_REGISTRY_VALUES = (
    "{{.Run.Registry}}",
    "{{.Run.RegistryName}}",
    "$Registry",
    "$RegistryName",
)
_DECIMAL = re.compile(r"[+-]?[0-9]+")
_GUARD_START = ("(?=", "(?!")
_PASSWORD = re.compile(
    r"""(?<!\S)(--password[= ]\s*|-p[= ]?\s*)('[^']*'|"[^"]*"|\S+)"""
)
_PURGE_WORD = re.compile(r"(?<![^\s;&|(`'\"])purge(?![^\s;&|)`'\"])")


def shown_command(cmd: str) -> str:
    """The command as the imported YAML quotes it: one line, the password hidden."""
    return _PASSWORD.sub(r"\1***", " ".join(cmd.split()))


def _first_command(step: PurgeStep) -> str | None:
    """How a refusal names the command a shell operator ends, when it is no purge."""
    if step.is_purge or step.shell_operator is None:
        return None
    before = shown_command(step.cmd[: step.shell_operator.offset])
    return f"'{before}'" if before else "an empty command"


def _shown_lines(cmd: str) -> str:
    """A refused command as its refusal quotes it, its line breaks shown as ``\\n``."""
    lines = [shown_command(line) for line in cmd.splitlines() if line.strip()]
    return " \\n ".join(lines)


def runs_purge(step: PurgeStep) -> bool:
    """The step runs acr purge, or may: its text has the word purge and shell syntax
    (an operator, an unclosed quote), so the import refuses it instead of dropping it."""
    unreadable = step.shell_operator is not None or step.shell_error is not None
    return step.is_purge or (unreadable and _PURGE_WORD.search(step.cmd) is not None)


@dataclass(frozen=True)
class SourceStep:
    """One purge step of the source, with where it was found."""

    where: str
    step: PurgeStep
    rule_id: str | None = None
    generated: bool = False
    # What holds one command in the source ("line", "cmd step"), for refusals' fixes.
    unit: str = "cmd step"
    # The step runs as a task's cmd step (not a bare command line).
    in_task: bool = True


@dataclass
class StepFlags:
    """A step's flags after acr-cli's own validation, in catalogue units."""

    filters: list[tuple[str, str]]
    ago_hours: int
    keep: int | None
    untagged: bool
    untagged_only: bool
    include_locked: bool
    dry_run: bool
    concurrency: int | None
    notes: list[str] = field(default_factory=list)
    approximations: list[str] = field(default_factory=list)


@dataclass
class ConvertedSteps:
    """The rules of one policy and what the steps say about their assignment."""

    rules: list[RuleDraft] = field(default_factory=list)
    acr_cli_image: str | None = None
    mode: str = "enforce"
    concurrency: int | None = None
    notes: list[str] = field(default_factory=list)
    approximations: list[str] = field(default_factory=list)


@dataclass
class _Built:
    draft: RuleDraft
    model: TagRule | UntaggedRule
    step: int
    reconstructed: bool
    flags: StepFlags


def convert_steps(
    steps: list[SourceStep],
    *,
    registry_name: str | None,
    id_prefix: str = "step",
) -> tuple[ConvertedSteps, list[Refusal]]:
    """Every step's rules in order, or the refusals that stop the import."""
    refusals: list[Refusal] = []
    result = ConvertedSteps()
    if not steps:
        return result, refusals

    single = []
    for source in steps:
        refusal = shell_refusal(
            source.where,
            _shown_lines(source.step.cmd),
            source.step.shell_operator,
            source.step.shell_error,
            first=_first_command(source.step),
            unit=source.unit,
            task_step=source.in_task,
            show=shown_command,
        )
        if refusal is None:
            single.append(source)
        else:
            refusals.append(refusal)
    version = _image(single, result, refusals) if single else None
    parsed: list[tuple[SourceStep, StepFlags]] = []
    for source in single:
        flags = _flags(source, version, registry_name, refusals)
        if flags is not None:
            parsed.append((source, flags))
    if refusals or version is None:
        return result, refusals

    modes = {flags.dry_run for _, flags in parsed}
    result.mode = "dry-run" if True in modes else "enforce"
    if len(modes) > 1:
        result.approximations.append(
            "some steps ran with --dry-run and others without; an assignment has one "
            "mode, so every rule runs in dry-run mode and deletes nothing"
        )
    concurrencies = {flags.concurrency for _, flags in parsed}
    result.concurrency = max((c for c in concurrencies if c), default=None)
    if len(concurrencies) > 1:
        result.notes.append(
            f"the steps ran with different --concurrency values; the assignment uses "
            f"{result.concurrency or 'the default'} for all (concurrency changes speed, "
            "not what is deleted)"
        )

    built: list[_Built] = []
    needs_untagged_only = False
    for number, (source, flags) in enumerate(parsed, 1):
        before = len(built)
        _convert_step(source, flags, number, id_prefix, built, refusals)
        new = built[before:]
        if any(isinstance(b.model, UntaggedRule) for b in new):
            needs_untagged_only = True
        _adjust_untagged_for_version(new, version)

    if needs_untagged_only and version < (0, 18):
        result.acr_cli_image = None
        result.approximations.append(
            f"the steps ran acr-cli {version[0]}.{version[1]}; untagged rules compile to "
            "--untagged-only, which needs acr-cli 0.18, so the assignment runs "
            f"{DEFAULT_ACR_CLI_IMAGE} (--untagged on this release "
            + (
                "applied no age to manifests"
                if version < (0, 17)
                else "applied --ago but not --keep to manifests"
            )
            + ", and the untagged rule keeps that)"
        )
    _check_priority(built)
    result.rules = [b.draft for b in built]
    return result, refusals


def _image(
    steps: list[SourceStep], result: ConvertedSteps, refusals: list[Refusal]
) -> tuple[int, int] | None:
    images = list(dict.fromkeys(s.step.image for s in steps))
    versions = []
    for image in images:
        where = next(s.where for s in steps if s.step.image == image)
        if image == ALIAS:
            versions.append((ALIAS_VERSION, None))
            continue
        try:
            resolved = resolve_image(image, None)
        except ImageError as error:
            refusals.append(
                Refusal(
                    where,
                    f"cannot tell which acr-cli release the image runs: {error.message}",
                    image,
                    "import from a task whose image names its release, such as "
                    f"{DEFAULT_ACR_CLI_IMAGE}",
                )
            )
            return None
        versions.append(
            (resolved.version, None if image == DEFAULT_ACR_CLI_IMAGE else image)
        )
    if ALIAS in images:
        result.notes.append(
            "the steps run the bare 'acr' alias, whose acr-cli release the service "
            f"changes; the assignment pins {DEFAULT_ACR_CLI_IMAGE}, the release the "
            "alias expands to"
        )
    chosen = max(versions)
    if len({v for v, _ in versions}) > 1:
        result.approximations.append(
            "the steps run different acr-cli releases ("
            + ", ".join(images)
            + f"); an assignment runs one, so every rule runs {chosen[1] or DEFAULT_ACR_CLI_IMAGE}"
        )
    result.acr_cli_image = chosen[1]
    return chosen[0]


def _flags(
    source: SourceStep,
    version: tuple[int, int] | None,
    registry_name: str | None,
    refusals: list[Refusal],
) -> StepFlags | None:
    step = source.step
    options = step.options
    where = source.where
    shown_version = f"{version[0]}.{version[1]}" if version else "?"

    def rejected(message: str) -> None:
        refusals.append(
            Refusal(
                where,
                f"acr purge rejects this command ({message}), so the step fails on every "
                "run and deletes nothing; importing it would start deleting",
                shown_command(step.cmd),
                "correct the command in the source first, then import it",
            )
        )

    if step.unknown:
        rejected(f"unknown flag: {step.unknown[0]}")
        return None
    gated = {
        "include_locked": ((0, 17), "--include-locked"),
        "untagged_only": ((0, 18), "--untagged-only"),
        "verbose": ((0, 19), "--verbose"),
    }
    for key, (minimum, flag) in gated.items():
        if key in options and version is not None and version < minimum:
            rejected(f"unknown flag: {flag} in acr-cli {shown_version}")
            return None
    if options.get("help"):
        rejected("--help prints the usage and purges nothing")
        return None
    untagged = bool(options.get("untagged"))
    untagged_only = bool(options.get("untagged_only"))
    if untagged and untagged_only:
        rejected("--untagged and --untagged-only exclude each other")
        return None
    ago_text = options.get("ago")
    if not untagged_only and not step.filters:
        rejected("--filter is required when not using --untagged-only")
        return None
    if not untagged_only and not ago_text:
        rejected("--ago is required when not using --untagged-only")
        return None

    filters = []
    for text in step.filters:
        try:
            repository, tag = patterns.split_filter(text)
            patterns.compile_pattern("^" + repository + "$")
        except patterns.PatternError as error:
            rejected(f"filter '{text}': {error.message}")
            return None
        except regex.error as error:
            rejected(f"filter '{text}': invalid repository regex: {error}")
            return None
        filters.append((repository, tag))

    numbers = {}
    for key in (
        "keep",
        "concurrency",
        "filter_timeout_seconds",
        "repository_page_size",
    ):
        if key in options:
            text = str(options[key])
            if not _DECIMAL.fullmatch(text):
                flag = "--" + key.replace("_", "-")
                rejected(f'invalid argument "{text}" for "{flag}"')
                return None
            numbers[key] = int(text)

    flags = StepFlags(
        filters=filters,
        ago_hours=0,
        keep=numbers["keep"] if numbers.get("keep", 0) > 0 else None,
        untagged=untagged,
        untagged_only=untagged_only,
        include_locked=bool(options.get("include_locked")),
        dry_run=bool(options.get("dry_run")),
        concurrency=None,
    )
    if not _ago(
        ago_text or "", untagged_only, version or ALIAS_VERSION, flags, rejected
    ):
        return None
    _other_flags(step, numbers, registry_name, flags, where, refusals)
    return flags


def _ago(text: str, untagged_only: bool, version, flags: StepFlags, rejected) -> bool:
    if untagged_only and not text:
        flags.notes.append(
            "--untagged-only without --ago deletes at any age: older_than 0d"
        )
        return True
    try:
        ago = parse_ago(text, capped=version >= (0, 18))
    except AgoError as error:
        rejected(f"--ago '{text}': {error}")
        return False
    nanoseconds = ago.nanoseconds
    if nanoseconds < 0:
        flags.notes.append(
            f"acr-cli reads --ago '{text}' as a cutoff in the future, so every selected "
            "item was old enough; older_than 0d selects the same"
        )
        return True
    if nanoseconds >= MAX_AGO_DAYS * DAY:
        flags.ago_hours = MAX_DAYS * 24
        flags.approximations.append(
            f"acr-cli reads --ago '{text}' as 150 years, so the step deleted nothing; "
            f"the catalogue's longest age is {MAX_DAYS}d, which deletes items older than "
            "that"
        )
        return True
    hours, rest = divmod(nanoseconds, HOUR)
    if rest:
        hours += 1
        flags.approximations.append(
            f"--ago '{text}' is not a whole number of hours; the catalogue counts whole "
            f"hours, so the rule waits until {hours}h (up to an hour longer)"
        )
    if hours > MAX_DAYS * 24:
        flags.approximations.append(
            f"--ago '{text}' is longer than {MAX_DAYS} days, the catalogue's longest "
            f"age; the rule deletes items older than {MAX_DAYS}d instead"
        )
        hours = MAX_DAYS * 24
    flags.ago_hours = hours
    try:
        written = parse_duration(text).hours
    except DurationSyntaxError:
        written = None
    if written != hours and not rest:
        canonical = parse_duration(f"{hours}h").canonical()
        flags.notes.append(f"acr-cli reads --ago '{text}' as {canonical}")
    return True


def _other_flags(
    step: PurgeStep,
    numbers: dict,
    registry_name: str | None,
    flags: StepFlags,
    where: str,
    refusals: list[Refusal],
) -> None:
    options = step.options
    concurrency = numbers.get("concurrency")
    if concurrency is not None and concurrency > 0:
        if concurrency > MAX_CONCURRENCY:
            flags.notes.append(
                f"acr-cli lowers --concurrency {concurrency} to {MAX_CONCURRENCY}"
            )
        flags.concurrency = min(concurrency, MAX_CONCURRENCY)
    elif concurrency is not None:
        flags.notes.append(
            f"acr-cli replaces --concurrency {concurrency} by its default (the CPU count)"
        )
    if "filter_timeout_seconds" in numbers:
        flags.notes.append(
            f"--filter-timeout-seconds {numbers['filter_timeout_seconds']} is dropped: "
            "the catalogue refuses regexes that could run that long, and acr-cli's "
            "default of 60 s applies"
        )
    if "repository_page_size" in numbers:
        flags.notes.append(
            "--repository-page-size is dropped: it changes how repositories are listed, "
            "not which"
        )
    if options.get("verbose"):
        flags.notes.append("--verbose is dropped: it changes only the log")
    dropped = [
        flag
        for key, flag in (
            ("username", "--username"),
            ("password", "--password"),
            ("config", "--config"),
        )
        if key in options
    ]
    if dropped:
        flags.notes.append(
            f"{', '.join(dropped)} dropped (values not copied): the generated task "
            "authenticates to its own registry as itself"
        )
    if step.positional:
        flags.notes.append(
            "acr purge ignores the arguments "
            + " ".join(f"'{p}'" for p in step.positional)
            + "; so does the import"
        )
    registry = options.get("registry")
    if registry is None or registry in _TASK_REGISTRY_VALUES:
        return
    name = str(registry).split(".", 1)[0].lower()
    if registry_name is not None and name == registry_name.lower():
        return
    refusals.append(
        Refusal(
            where,
            f"the step purges registry '{registry}'"
            + (
                f", not the task's own registry {registry_name}"
                if registry_name
                else ", and the imported registry is another one"
            )
            + "; a catalogue task purges only its own registry",
            str(registry),
            "import it for that registry (--registry NAME --resource-group RG), or "
            "remove --registry from the command",
        )
    )


def _convert_step(
    source: SourceStep,
    flags: StepFlags,
    number: int,
    id_prefix: str,
    built: list[_Built],
    refusals: list[Refusal],
) -> None:
    where = source.where
    base = f"{id_prefix}-{number}"
    earlier = [b.model for b in built if isinstance(b.model, TagRule)]
    drafts: list[tuple[RuleDraft, bool]] = []

    if flags.untagged_only:
        repositories = _all_repositories(flags) or [".*"]
        drafts.append((_untagged_draft(source, flags, repositories), False))
    else:
        reconstructed = _reconstruct(flags.filters, earlier)
        if reconstructed is not None:
            repositories, selection = reconstructed
            draft = _tag_draft(source, flags, repositories, selection)
            drafts.append((draft, True))
        else:
            for draft in _generic_tag_drafts(source, flags, where):
                drafts.append((draft, False))
        if flags.untagged:
            drafts.append(
                (_untagged_draft(source, flags, _all_repositories(flags)), False)
            )

    if not drafts:
        return
    names = _rule_ids(source, base, [d for d, _ in drafts])
    for position, ((draft, reconstructed), name) in enumerate(zip(drafts, names)):
        draft.fields = {"id": name, **draft.fields}
        if position == 0:
            draft.notes = list(dict.fromkeys(flags.notes + draft.notes))
        draft.approximations += flags.approximations
        model = _validate(draft, source, refusals)
        if model is not None:
            built.append(_Built(draft, model, number, reconstructed, flags))


def _rule_ids(source: SourceStep, base: str, drafts: list[RuleDraft]) -> list[str]:
    if source.rule_id and len(drafts) == 1:
        return [source.rule_id]
    if len(drafts) == 1:
        return [base]
    tags = [d for d in drafts if d.fields["kind"] == "tags"]
    names = []
    for draft in drafts:
        if draft.fields["kind"] == "untagged":
            names.append(f"{base}-untagged")
        elif len(tags) == 1:
            names.append(f"{base}-tags")
        else:
            names.append(f"{base}-tags-{tags.index(draft) + 1}")
    return names


def _all_repositories(flags: StepFlags) -> list[str]:
    found: list[str] = []
    for repository, _ in flags.filters:
        found += whole_repository_patterns(repository)
    return list(dict.fromkeys(found))


def _age_fields(flags: StepFlags, *, required: bool) -> dict:
    fields: dict = {}
    if flags.ago_hours or required or flags.keep is None:
        fields["older_than"] = parse_duration(f"{flags.ago_hours}h").canonical()
    if flags.keep is not None:
        fields["keep_newest"] = flags.keep
    if flags.include_locked:
        fields["include_locked"] = True
    return fields


def _tag_draft(
    source: SourceStep, flags: StepFlags, repositories: list[str], selection
) -> RuleDraft:
    fields = {
        "kind": "tags",
        "repositories": repositories,
        "tags": selection,
        **_age_fields(flags, required=False),
    }
    return RuleDraft(
        fields=fields, origin=source.where, command=shown_command(source.step.cmd)
    )


def _untagged_draft(
    source: SourceStep, flags: StepFlags, repositories: list[str]
) -> RuleDraft:
    fields = {
        "kind": "untagged",
        "repositories": repositories,
        **_age_fields(flags, required=True),
    }
    draft = RuleDraft(
        fields=fields, origin=source.where, command=shown_command(source.step.cmd)
    )
    if flags.untagged:
        draft.notes.append(
            "--untagged becomes this untagged rule after the tag rule: acr-cli deletes "
            "the untagged manifests of the filtered repositories once the tags are gone, "
            "with the same --ago and --keep"
        )
        if flags.dry_run:
            draft.notes.append(
                "in dry-run mode this rule lists only manifests that are untagged now; "
                "the single --untagged run also listed those its tag phase would untag"
            )
    return draft


def _generic_tag_drafts(
    source: SourceStep, flags: StepFlags, where: str
) -> list[RuleDraft]:
    """Filters grouped by repository, groups with the same tags merged into one rule."""
    by_repository: dict[tuple[str, ...], list[str]] = {}
    notes: list[str] = []
    for repository, tag in flags.filters:
        repositories = tuple(whole_repository_patterns(repository))
        if len(repositories) > 1 and not repository.startswith("(?:"):
            notes.append(
                f"acr-cli anchors repository pattern '{repository}' as "
                f"'^{repository}$', where the top-level '|' escapes the anchors; "
                "it matched the names of " + ", ".join(f"'{r}'" for r in repositories)
            )
        body = whole_tag_regex(tag)
        if can_match(body, *patterns.TAG_NAMES) is False:
            notes.append(
                f"filter '{repository}:{tag}' selects no tag ('{tag}' matches no tag "
                "name), so it adds no tag rule"
            )
            continue
        if body != tag and not _same_when_anchored(tag, body):
            notes.append(
                f"acr-cli finds tag regex '{tag}' anywhere in a tag; the whole-tag "
                f"regex '{body}' matches the same tags"
            )
        by_repository.setdefault(repositories, [])
        if body not in by_repository[repositories]:
            by_repository[repositories].append(body)

    merged: dict[frozenset, tuple[list[str], list[str]]] = {}
    for repositories, bodies in by_repository.items():
        key = frozenset(bodies)
        if key in merged:
            merged[key][0].extend(r for r in repositories if r not in merged[key][0])
        else:
            merged[key] = (list(repositories), bodies)

    drafts = []
    for repositories, bodies in merged.values():
        draft = _tag_draft(source, flags, repositories, tag_selection(union(bodies)))
        draft.notes = list(dict.fromkeys(notes))
        drafts.append(draft)
    return drafts


def _same_when_anchored(tag: str, body: str) -> bool:
    """``^body$`` as written: the import changed nothing but the explicit anchors."""
    return tag in (f"^{body}$", f"^(?:{body})$")


def _reconstruct(
    filters: list[tuple[str, str]], earlier: list[TagRule]
) -> tuple[list[str], object] | None:
    """The rule the catalogue's compiler turns into exactly these filters, if any."""
    repository_forms: list[list[str]] = [[], []]
    bodies: list[list[str]] = []
    for repository, tag in filters:
        own = _strip_guards(repository)
        if own is None or not tag.startswith("^") or not tag.endswith("$"):
            return None
        split = top_level_alternatives(unwrap_group(own))
        for form, names in zip(repository_forms, (split, [own])):
            form.extend(n for n in names if n not in form)
        inner = tag[1:-1]
        candidates = [inner]
        guard = _leading_guard(inner, "(?!")
        if guard:
            candidates.insert(0, inner[guard:])
        bodies.append(candidates)
    for body in dict.fromkeys(b for options in bodies for b in options):
        for repositories in repository_forms:
            for selection in _selections(body):
                rule = _probe_rule(repositories, selection)
                if rule is None:
                    continue
                produced = [(f.repository, f.tag) for f in tag_filters(rule, earlier)]
                if produced == filters:
                    return repositories, selection
    return None


def _selections(body: str) -> list:
    pretty = tag_selection(body)
    plain = {"regex": body}
    return [pretty, plain] if pretty != plain else [plain]


def _probe_rule(repositories: list[str], selection) -> TagRule | None:
    try:
        return TagRule.model_validate(
            {
                "id": "probe",
                "kind": "tags",
                "repositories": repositories,
                "tags": selection,
                "keep_newest": 1,
            }
        )
    except ValidationError:
        return None


def _strip_guards(repository: str) -> str | None:
    """The repository pattern after the compiler's ``(?=...$)``/``(?!...$)`` guards."""
    rest = repository
    while rest.startswith(_GUARD_START):
        end = _leading_guard(rest, rest[:3])
        if not end:
            return None
        rest = rest[end:]
    return rest or None


def _leading_guard(text: str, opener: str) -> int:
    """The length of a leading ``(?!...$)`` (or ``(?=``) group, or 0."""
    if not text.startswith(opener):
        return 0
    end = closing_paren(text, 0)
    if end <= 0 or text[end - 1] != "$":
        return 0
    return end + 1


def _validate(
    draft: RuleDraft, source: SourceStep, refusals: list[Refusal]
) -> TagRule | UntaggedRule | None:
    """The rule's model, with acknowledgements only for checking; a bad value refuses."""
    fields = {k: v for k, v in draft.fields.items() if not k.startswith("_")}
    model_type = TagRule if fields["kind"] == "tags" else UntaggedRule
    try:
        return model_type.model_validate(fields)
    except ValidationError as error:
        dangerous = [e for e in error.errors() if e["type"] == "delete_all"]
        others = [e for e in error.errors() if e["type"] != "delete_all"]
        for item in others:
            fix = (item.get("ctx") or {}).get(FIX_CONTEXT_KEY, "")
            field_path = ".".join(str(p) for p in item["loc"])
            refusals.append(
                Refusal(
                    source.where,
                    f"the imported rule's {field_path or 'value'} is refused by the "
                    f"catalogue: {item['msg']}",
                    shown_command(source.step.cmd),
                    fix,
                )
            )
        if others or not dangerous:
            return None
    acknowledged = {**fields, "acknowledge": ["delete-all-tags", "every-repository"]}
    model = TagRule.model_validate(acknowledged)
    needed = ["delete-all-tags"] + (
        ["every-repository"] if model.repository_matching_everything() else []
    )
    if source.generated:
        draft.fields["acknowledge"] = needed
        draft.notes.append(
            "this rule deletes every tag of its repositories; the catalogue this task "
            "was generated from acknowledged that, so the acknowledgement is restored"
        )
    else:
        draft.notes.append(
            "this rule deletes every tag of its repositories (acr purge --ago 0d over "
            "every tag, no --keep); it is imported as it is, and lint reports it until "
            f"'acknowledge: [{', '.join(needed)}]' says that is meant"
        )
    return TagRule.model_validate({**fields, "acknowledge": needed})


def _adjust_untagged_for_version(new: list[_Built], version: tuple[int, int]) -> None:
    """--untagged on releases before 0.18 did not apply --keep (nor, before 0.17,
    --ago) to manifests; the untagged rule leaves them out to delete what they did."""
    for item in new:
        if not isinstance(item.model, UntaggedRule) or not item.flags.untagged:
            continue
        fields = item.draft.fields
        if version < (0, 18) and "keep_newest" in fields:
            del fields["keep_newest"]
        if version < (0, 17):
            fields["older_than"] = "0d"


def _check_priority(built: list[_Built]) -> None:
    for index, later in enumerate(built):
        if not isinstance(later.model, TagRule) or later.reconstructed:
            continue
        for earlier in built[:index]:
            if not isinstance(earlier.model, TagRule):
                continue
            difference = _priority_difference(earlier, later)
            if difference:
                later.draft.approximations.append(difference)


def _priority_difference(earlier: _Built, later: _Built) -> str | None:
    first, second = earlier.model, later.model
    if _disjoint(first, second):
        return None
    if earlier.step == later.step:
        if later.flags.keep is None:
            return None
        return (
            f"keep_newest {later.flags.keep} applies to this rule and to rule "
            f"{first.id} separately; acr purge applied --keep once per repository to the "
            "union of the step's filters, so in repositories both match this keeps up "
            f"to {later.flags.keep} more tags"
        )
    deletes_all_first = (
        earlier.flags.keep is None
        and earlier.flags.ago_hours <= later.flags.ago_hours
        and (earlier.flags.include_locked or not later.flags.include_locked)
    )
    if deletes_all_first:
        return None
    return (
        f"rule {first.id} comes first and claims the tags it selects, so this rule "
        f"leaves them alone; in the source, step {later.step} still deleted those that "
        f"step {earlier.step} kept (" + _kept_because(earlier.flags, later.flags) + ")"
    )


def _kept_because(first: StepFlags, second: StepFlags) -> str:
    reasons = []
    if first.keep is not None:
        reasons.append(f"its --keep {first.keep}")
    if first.ago_hours > second.ago_hours:
        reasons.append("its longer --ago")
    if second.include_locked and not first.include_locked:
        reasons.append("locked tags")
    return ", ".join(reasons)


def _disjoint(first: TagRule, second: TagRule) -> bool:
    repositories = all(
        overlaps(a, b, *patterns.REPOSITORY_NAMES) is False
        for a in first.repositories
        for b in second.repositories
    )
    if repositories:
        return True
    return overlaps(first.tags.body(), second.tags.body(), *patterns.TAG_NAMES) is False
