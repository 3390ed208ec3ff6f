"""What a preview says, per registry, task and rule: JSON for CI, Markdown for a pull
request, a rich table for the terminal, and the deletion budget.

Every item of a selected repository that a step does not delete carries one reason from
the closed set in ``simulator.REASONS``. Shares are of the repository's items at the
start of the step (tags and manifests separately); budgets use the whole task.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from ..compile.command import REGISTRY_ARGUMENT
from .runner import Preview, TaskPreview
from .simulator import NOT_MATCHED, REASONS, RepositoryOutcome, StepResult
from .timestamps import format_timestamp

SHOWN_ITEMS = 8


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _command_text(step: StepResult) -> str:
    """The step as the task YAML writes it: the registry placeholder bare, for the
    task runner to fill in, and everything else quoted for the shell."""
    return " ".join(a if a == REGISTRY_ARGUMENT else shlex.quote(a) for a in step.argv)


def _kept(kept: dict[str, list[str]]) -> dict[str, list[str]]:
    return {reason: kept[reason] for reason in REASONS if reason in kept}


def repository_dict(outcome: RepositoryOutcome) -> dict:
    return {
        "name": outcome.name,
        "tagRegex": outcome.tag_regex,
        "completed": outcome.completed,
        "tags": {
            "before": outcome.tags_before,
            "deleted": outcome.deleted_tags,
            "share": _share(len(outcome.deleted_tags), outcome.tags_before),
            "kept": _kept(outcome.kept_tags),
        },
        "manifests": {
            "before": outcome.manifests_before,
            "deleted": outcome.deleted_manifests,
            "removedByRegistry": outcome.removed_by_registry,
            "share": _share(len(outcome.deleted_manifests), outcome.manifests_before),
            "kept": _kept(outcome.kept_manifests),
        },
    }


def step_dict(step: StepResult) -> dict:
    return {
        "rule": step.rule_id,
        "command": _command_text(step),
        "dryRun": step.dry_run,
        "skipped": step.skipped,
        "exitCode": step.exit_code,
        "error": step.error,
        "failedRepository": step.failed_repository,
        "warnings": step.warnings,
        "repositories": [repository_dict(r) for r in step.repositories],
    }


def task_dict(task: TaskPreview) -> dict:
    return {
        "registry": task.registry.name,
        "task": task.task,
        "mode": task.mode,
        "simulatedAs": "enforce" if task.enforced else "dry-run",
        "acrCliVersion": task.profile.name,
        "exitCode": task.exit_code,
        "deletedTags": sum(len(s.deleted_tags) for s in task.steps),
        "deletedManifests": sum(len(s.deleted_manifests) for s in task.steps),
        "steps": [step_dict(s) for s in task.steps],
    }


def preview_dict(preview: Preview, violations: list[str] | None = None) -> dict:
    return {
        "now": format_timestamp(preview.now),
        "options": {
            "tieOrder": preview.options.tie_order,
            "untagBumpsManifestTime": preview.options.untag_bumps_manifest_time,
        },
        "warnings": preview.warnings,
        "budgetViolations": violations or [],
        "tasks": [task_dict(t) for t in preview.tasks],
    }


@dataclass(frozen=True)
class Budget:
    max_delete: int | None = None
    max_delete_percent: float | None = None


def budget_violations(preview: Preview, budget: Budget) -> list[str]:
    """Each enforced task and repository whose deletions exceed the budget."""
    violations = []
    for task in preview.tasks:
        if not task.enforced:
            continue
        for name, (tags, manifests) in sorted(task.deleted_per_repository().items()):
            repository = task.registry.repositories[name]
            total = tags + manifests
            where = (
                f"task {task.task} on registry {task.registry.name}, repository {name}"
            )
            if budget.max_delete is not None and total > budget.max_delete:
                violations.append(
                    f"{where}: deletes {total} items ({tags} tags, {manifests} "
                    f"manifests), more than --max-delete {budget.max_delete}"
                )
            if budget.max_delete_percent is not None:
                shares = (
                    ("tags", tags, len(repository.tags)),
                    ("manifests", manifests, len(repository.manifests)),
                )
                for what, count, whole in shares:
                    percent = 100 * count / whole if whole else 0.0
                    if percent > budget.max_delete_percent:
                        violations.append(
                            f"{where}: deletes {count} of {whole} {what} "
                            f"({percent:.1f}%), more than --max-delete-percent "
                            f"{budget.max_delete_percent:g}"
                        )
    return violations


def _reasons_text(kept: dict[str, list[str]]) -> str:
    return ", ".join(
        f"{reason} {len(kept[reason])}" for reason in REASONS if reason in kept
    )


def _items(names: list[str], limit: int = SHOWN_ITEMS) -> str:
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += f", ... and {len(names) - limit} more"
    return shown


def _task_title(task: TaskPreview) -> str:
    simulated = (
        "" if task.enforced == (task.mode == "enforce") else ", simulated as enforce"
    )
    return (
        f"registry {task.registry.name}, task {task.task} ({task.mode}{simulated}; "
        f"acr-cli {task.profile.name})"
    )


def _deleted_cells(outcome: RepositoryOutcome) -> tuple[str, str]:
    tags = f"{len(outcome.deleted_tags)}/{outcome.tags_before}"
    manifests = f"{len(outcome.deleted_manifests)}/{outcome.manifests_before}"
    if outcome.removed_by_registry:
        manifests += f" (+{len(outcome.removed_by_registry)} referrers)"
    return tags, manifests


def render_text(
    preview: Preview, violations: list[str], console: Console, *, details: bool = True
) -> None:
    """Rich tables, one per task; then warnings and budget violations."""
    console.print(f"Preview at {format_timestamp(preview.now)}")
    for task in preview.tasks:
        verb = "deletes" if task.enforced else "would report"
        table = Table(title=_task_title(task), title_justify="left", show_lines=False)
        for column in (
            "rule",
            "repository",
            "tags",
            "manifests",
            "kept (reason count)",
        ):
            table.add_column(column)
        for step in task.steps:
            if step.skipped:
                table.add_row(
                    step.rule_id or "", "(not run: an earlier step failed)", "", "", ""
                )
                continue
            if step.error and not step.repositories:
                table.add_row(
                    step.rule_id or "", f"[red]error: {step.error}[/red]", "", "", ""
                )
                continue
            if not step.repositories:
                table.add_row(step.rule_id or "", "(no repository matched)", "", "", "")
            for outcome in step.repositories:
                tags, manifests = _deleted_cells(outcome)
                kept = dict(outcome.kept_tags)
                for reason, items in outcome.kept_manifests.items():
                    kept.setdefault(reason, []).extend(items)
                table.add_row(
                    step.rule_id or "",
                    outcome.name,
                    tags,
                    manifests,
                    _reasons_text(kept),
                )
            if step.error and step.repositories:
                table.add_row("", f"[red]error: {step.error}[/red]", "", "", "")
        console.print(table)
        if details:
            for step in task.steps:
                for outcome in step.repositories:
                    _print_details(console, step, outcome, verb)
        for step in task.steps:
            for warning in step.warnings:
                console.print(f"[yellow]warning[/yellow] ({step.rule_id}): {warning}")
    for warning in preview.warnings:
        console.print(f"[yellow]warning[/yellow]: {warning}")
    for violation in violations:
        console.print(f"[red]over budget[/red]: {violation}")


def _short(digest: str) -> str:
    algorithm, _, value = digest.partition(":")
    return f"{algorithm}:{value[:12]}" if len(value) > 12 else digest


def _print_details(
    console: Console, step: StepResult, outcome: RepositoryOutcome, verb: str
) -> None:
    """Deleted and kept items with reasons; digests shortened, and manifests that are
    simply still tagged left out (the JSON lists everything)."""
    prefix = f"  {step.rule_id} {outcome.name}:"
    lines = []
    if outcome.deleted_tags:
        lines.append(f"{verb} tags {_items(outcome.deleted_tags)}")
    if outcome.deleted_manifests:
        short = [_short(d) for d in outcome.deleted_manifests]
        lines.append(f"{verb} manifests {_items(short)}")
    for reason in REASONS:
        if reason in outcome.kept_tags:
            lines.append(f"keeps tags {_items(outcome.kept_tags[reason])} ({reason})")
    for reason in REASONS:
        if reason in outcome.kept_manifests and reason != NOT_MATCHED:
            short = [_short(d) for d in outcome.kept_manifests[reason]]
            lines.append(f"keeps manifests {_items(short)} ({reason})")
    for line in lines:
        console.print(f"{prefix} {line}", highlight=False, markup=False)


def render_markdown(preview: Preview, violations: list[str]) -> str:
    """A pull-request comment: a summary table per task, details folded away."""
    lines = [f"## Purge preview at {format_timestamp(preview.now)}", ""]
    if violations:
        lines += ["**Over budget:**", ""] + [f"- {v}" for v in violations] + [""]
    for task in preview.tasks:
        lines += [f"### {_task_title(task)}", ""]
        lines += [
            "| rule | repository | tags deleted | manifests deleted "
            "| kept (reason count) |",
            "|---|---|---|---|---|",
        ]
        for step in task.steps:
            if step.skipped:
                lines.append(
                    f"| {step.rule_id} | not run: an earlier step failed | | | |"
                )
                continue
            if not step.repositories:
                status = (
                    f"error: {step.error}" if step.error else "no repository matched"
                )
                lines.append(f"| {step.rule_id} | {_cell(status)} | | | |")
            for outcome in step.repositories:
                tags, manifests = _deleted_cells(outcome)
                kept = dict(outcome.kept_tags)
                for reason, items in outcome.kept_manifests.items():
                    kept.setdefault(reason, []).extend(items)
                lines.append(
                    f"| {step.rule_id} | `{outcome.name}` | {tags} | {manifests} | "
                    f"{_reasons_text(kept)} |"
                )
            if step.error and step.repositories:
                lines.append(
                    f"| {step.rule_id} | {_cell('error: ' + step.error)} | | | |"
                )
        lines.append("")
        details = _markdown_details(task)
        if details:
            lines += ["<details><summary>Items and reasons</summary>", ""] + details
            lines += ["", "</details>", ""]
        warnings = [(s.rule_id, w) for s in task.steps for w in s.warnings]
        for rule_id, warning in warnings:
            lines.append(f"> warning ({rule_id}): {_cell(warning)}")
        if warnings:
            lines.append("")
    for warning in preview.warnings:
        lines.append(f"> warning: {warning}")
    return "\n".join(lines).rstrip() + "\n"


def _markdown_details(task: TaskPreview) -> list[str]:
    lines = []
    verb = "deleted" if task.enforced else "reported"
    for step in task.steps:
        for outcome in step.repositories:
            head = f"- `{step.rule_id}` `{outcome.name}`"
            if outcome.deleted_tags:
                lines.append(f"{head} {verb} tags: {_code_items(outcome.deleted_tags)}")
            if outcome.deleted_manifests:
                lines.append(
                    f"{head} {verb} manifests: {_code_items(outcome.deleted_manifests)}"
                )
            for kind, kept in (
                ("tags", outcome.kept_tags),
                ("manifests", outcome.kept_manifests),
            ):
                for reason in REASONS:
                    if reason in kept:
                        lines.append(
                            f"{head} kept {kind} ({reason}): "
                            f"{_code_items(kept[reason])}"
                        )
    return lines


def _code_items(names: list[str], limit: int = 20) -> str:
    shown = ", ".join(f"`{n}`" for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
