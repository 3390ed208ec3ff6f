"""Shared steps of every source: registry, schedules, assignment settings, and the
final check that approximations were allowed."""

from __future__ import annotations

import re

from ..catalogue.models import (
    DEFAULT_STEP_TIMEOUT_SECONDS,
    MAX_TIMEOUT_SECONDS,
    MIN_STEP_TIMEOUT_SECONDS,
    MIN_TASK_TIMEOUT_SECONDS,
    NAME_PATTERN,
    REGISTRY_ID_PATTERN,
    REGISTRY_NAME_PATTERN,
    RESOURCE_GROUP_PATTERN,
)
from ..catalogue.schedule import ScheduleSyntaxError, normalize_schedule
from .draft import (
    AssignmentDraft,
    CatalogueDraft,
    ImportRefused,
    PolicyDraft,
    Refusal,
    RegistryDraft,
    SourceError,
)
from .options import DEFAULT_SCHEDULE, ImportOptions

PLACEHOLDER_REGISTRY = {"name": "registryname", "resource_group": "resource-group-name"}
_TASK_ID = re.compile(
    r"(?P<registry>/subscriptions/[^/]+/resourcegroups/[^/]+/providers/"
    r"microsoft\.containerregistry/registries/[^/]+)(?:/tasks/[^/]+)?/?",
    re.IGNORECASE,
)


def registry_from_id(resource_id: str) -> dict | None:
    """The registry of a task or registry resource id, in the catalogue's casing."""
    match = _TASK_ID.fullmatch(resource_id.strip())
    if not match:
        return None
    parts = match["registry"].split("/")
    normalized = (
        f"/subscriptions/{parts[2]}/resourceGroups/{parts[4]}/providers/"
        f"Microsoft.ContainerRegistry/registries/{parts[8]}"
    )
    if not re.fullmatch(REGISTRY_ID_PATTERN, normalized):
        return None
    return {"id": normalized}


def registry_from_options(
    options: ImportOptions, from_source: str | None
) -> RegistryDraft:
    """The registry a command or ECR policy is imported for; a placeholder if none."""
    if options.registry_id:
        fields = registry_from_id(options.registry_id)
        if fields is None:
            raise SourceError(
                f"--registry-id: '{options.registry_id}' is not a container registry "
                "resource id; write /subscriptions/<guid>/resourceGroups/<group>/providers/"
                "Microsoft.ContainerRegistry/registries/<name>"
            )
        return RegistryDraft(fields=fields)
    name = options.registry or from_source
    if name is not None:
        name = name.split(".", 1)[0]
        if not re.fullmatch(REGISTRY_NAME_PATTERN, name):
            raise SourceError(
                f"registry '{name}' is not a registry name; ACR names are 5 to 50 "
                "letters and digits, without the '.azurecr.io' suffix"
            )
    if options.known_registries is not None:
        if name is None:
            raise SourceError(
                "the source names no registry; give --registry NAME, one of the "
                "registries of --stacks-from"
            )
        return RegistryDraft(fields={"name": name})
    if name is not None and options.resource_group:
        if not re.fullmatch(RESOURCE_GROUP_PATTERN, options.resource_group):
            raise SourceError(
                f"--resource-group: '{options.resource_group}' is not a resource group name"
            )
        return RegistryDraft(
            fields={"name": name, "resource_group": options.resource_group}
        )
    fields = dict(PLACEHOLDER_REGISTRY)
    missing = []
    if name is not None:
        fields["name"] = name
    else:
        missing.append("name")
    missing.append("resource group")
    draft = RegistryDraft(fields=fields, placeholder=True)
    draft.notes.append(
        f"placeholder: the source does not name the registry's {' and '.join(missing)}; "
        "replace them, or import with --registry NAME --resource-group RG (or "
        "--registry-id ID)"
    )
    return draft


def check_registry_known(
    registry: RegistryDraft, options: ImportOptions, where: str
) -> None:
    if options.known_registries is None:
        return
    if registry.name.lower() not in options.known_registries:
        known = ", ".join(sorted(options.known_registries.values())) or "none"
        raise SourceError(
            f"{where}: registry {registry.name} is not in the stacks of --stacks-from "
            f"(they declare: {known}); add it to a stack there, or import without "
            "--stacks-from to write a stack for it"
        )


def schedule_entries(
    timers: list[tuple[str | None, str, bool]], where: str, refusals: list[Refusal]
) -> list:
    """Catalogue schedules, in the source's order: a plain cron where the name is the
    one the catalogue would give by position, else a mapping."""
    entries = []
    for index, (name, cron, enabled) in enumerate(timers):
        try:
            normalize_schedule(cron)
        except ScheduleSyntaxError as error:
            refusals.append(
                Refusal(
                    f"{where}, timer {name or index + 1}",
                    f"schedule '{cron}' is not one ACR Tasks run: {error.message}",
                    cron,
                    error.fix,
                )
            )
            continue
        by_position = name is None or name == f"schedule-{index + 1}"
        if by_position and enabled:
            entries.append(cron)
            continue
        entry: dict = {"cron": cron}
        if not by_position:
            entry["name"] = name
        if not enabled:
            entry["enabled"] = False
        entries.append(entry)
    return entries


def option_schedules(options: ImportOptions, assignment: AssignmentDraft) -> list:
    if options.schedules:
        refusals: list[Refusal] = []
        entries = schedule_entries(
            [(None, s, True) for s in options.schedules], "--schedule", refusals
        )
        if refusals:
            raise SourceError("\n".join(r.render() for r in refusals))
        return entries
    assignment.notes.append(
        "the source has no schedule; the assignment runs daily at 00:00 UTC; give "
        "--schedule CRON for another"
    )
    return [DEFAULT_SCHEDULE]


def task_settings(
    *,
    step_timeout: int | None,
    task_timeout: int | None,
    steps: int,
    acr_cli_image: str | None,
    concurrency: int | None,
    notes: list[str],
) -> dict:
    """The assignment's ``task`` mapping, leaving out what equals the default."""
    settings: dict = {}
    step = step_timeout if step_timeout is not None else DEFAULT_STEP_TIMEOUT_SECONDS
    clamped = min(max(step, MIN_STEP_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS)
    if clamped != step:
        notes.append(f"step timeout {step} s is outside what ACR accepts; {clamped} s")
    if clamped != DEFAULT_STEP_TIMEOUT_SECONDS:
        settings["step_timeout_seconds"] = clamped
    if task_timeout is not None:
        default = max(MIN_TASK_TIMEOUT_SECONDS, clamped * steps)
        needed = clamped * steps
        if task_timeout != default:
            if needed > task_timeout or task_timeout < MIN_TASK_TIMEOUT_SECONDS:
                notes.append(
                    f"the task timeout of {task_timeout} s becomes {default} s: the "
                    f"imported task runs {steps} step{'s' if steps != 1 else ''} of "
                    f"{clamped} s"
                )
            elif task_timeout > MAX_TIMEOUT_SECONDS:
                settings["timeout_seconds"] = MAX_TIMEOUT_SECONDS
                notes.append(
                    f"task timeout {task_timeout} s lowered to {MAX_TIMEOUT_SECONDS} s"
                )
            else:
                settings["timeout_seconds"] = task_timeout
    if acr_cli_image is not None:
        settings["acr_cli_image"] = acr_cli_image
    if concurrency is not None:
        settings["concurrency"] = concurrency
    return settings


def valid_name(text: str) -> bool:
    return re.fullmatch(NAME_PATTERN, text) is not None


def derived_name(text: str, fallback: str) -> str:
    """A catalogue name made from a task or repository name."""
    name = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")
    name = re.sub(r"-{2,}", "-", name)[:40].strip("-")
    return name if valid_name(name) else fallback


def check_approximations(draft: CatalogueDraft, options: ImportOptions) -> None:
    """Refuse, listing every difference, unless approximations were allowed."""
    if options.allow_approximate:
        return
    refusals = [Refusal("import", text) for text in draft.approximations]
    for policy in draft.policies:
        refusals += [
            Refusal(f"policy {policy.name}", text) for text in policy.approximations
        ]
        for rule in policy.rules:
            where = (
                f"{rule.origin}, rule {rule.id}" if rule.origin else f"rule {rule.id}"
            )
            refusals += [Refusal(where, text) for text in rule.approximations]
    for assignment in draft.assignments:
        refusals += [
            Refusal(f"assignment {assignment.name}", text)
            for text in assignment.approximations
        ]
    if refusals:
        fix = (
            "import with --allow-approximate to write the nearest rule with a comment "
            "that says how it differs"
        )
        raise ImportRefused(
            [Refusal(r.where, r.message, r.value, fix) for r in refusals]
        )


def add_policy(policies: list[PolicyDraft], policy: PolicyDraft) -> str:
    """Add ``policy`` unless an identical one has its name; rename it if a different
    one does. Returns the name the assignment refers to."""
    same = next((p for p in policies if p.name == policy.name), None)
    if same is not None and _rules_of(same) == _rules_of(policy):
        return same.name
    if same is not None:
        original = policy.name
        number = 2
        while any(p.name == f"{original[:37]}-{number}" for p in policies):
            number += 1
        policy.name = f"{original[:37]}-{number}"
        policy.notes.append(
            f"renamed from {original}: another imported policy has that name and "
            "different rules"
        )
    policies.append(policy)
    return policy.name


def _rules_of(policy: PolicyDraft) -> list[dict]:
    return [rule.fields for rule in policy.rules]
