"""``acr-lifecycle preview``: what the compiled tasks would delete from an inventory."""

from __future__ import annotations

import json
import sys
import time

import click

from ._common import EXIT_BAD_INPUT, EXIT_FAILURE, catalogue_option, load_and_compile


@click.command()
@click.option(
    "--inventory",
    "inventory_path",
    required=True,
    type=click.Path(),
    help="Registry inventory JSON (format: acr_lifecycle/preview/inventory.py).",
)
@catalogue_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for a terminal, json for CI, markdown for a pull-request comment.",
)
@click.option(
    "--max-delete",
    type=click.IntRange(min=0),
    default=None,
    help="Fail (exit 1) if a task deletes more items than this from one repository.",
)
@click.option(
    "--max-delete-percent",
    type=click.FloatRange(min=0, max=100),
    default=None,
    help="Fail (exit 1) if a task deletes more than this share of a repository's "
    "tags or manifests.",
)
@click.option(
    "--now",
    "now_text",
    default=None,
    help="The run time, RFC 3339 (e.g. 2026-07-01T02:00:00Z). Default: the "
    "inventory's capturedAt, else the current time.",
)
@click.option(
    "--as-enforced",
    is_flag=True,
    help="Simulate dry-run tasks as if enforced (what switching them would delete).",
)
@click.option(
    "--tie-order",
    type=click.Choice(["inventory", "name", "name-desc"]),
    default="inventory",
    show_default=True,
    help="Order of tags with equal lastUpdateTime (the server's is undocumented).",
)
@click.option(
    "--untag-bumps-manifest-time",
    is_flag=True,
    help="Assume removing a manifest's last tag sets its lastUpdateTime to now "
    "(unverified; off by default).",
)
def preview(
    inventory_path: str,
    catalogue_path: str,
    output_format: str,
    max_delete: int | None,
    max_delete_percent: float | None,
    now_text: str | None,
    as_enforced: bool,
    tie_order: str,
    untag_bumps_manifest_time: bool,
) -> None:
    """Simulate every task's acr purge commands against a registry inventory.

    Exit status: 0 within budget, 1 over budget or a step that would fail, 2 bad input.
    """
    from ..preview.inventory import InventoryError, load_inventory
    from ..preview.report import (
        Budget,
        budget_violations,
        preview_dict,
        render_markdown,
        render_text,
    )
    from ..preview.runner import preview_plan
    from ..preview.simulator import Options
    from ..preview.timestamps import TimestampError, parse_timestamp

    try:
        inventory = load_inventory(inventory_path)
    except InventoryError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    if now_text is not None:
        try:
            now = parse_timestamp(now_text)
        except TimestampError as error:
            click.echo(f"error: --now: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
    elif inventory.captured_at is not None:
        now = inventory.captured_at
    else:
        now = time.time_ns()

    catalogue, plan = load_and_compile(catalogue_path)
    options = Options(
        tie_order=tie_order, untag_bumps_manifest_time=untag_bumps_manifest_time
    )
    result = preview_plan(
        plan,
        inventory,
        now=now,
        catalogue=catalogue,
        options=options,
        as_enforced=as_enforced,
    )
    if not result.tasks:
        for warning in result.warnings:
            click.echo(f"error: {warning}", err=True)
        click.echo(
            f"error: {inventory_path}: holds none of the catalogue's registries "
            f"({', '.join(sorted({t.registry_name for t in plan.tasks})) or 'none'}); "
            "nothing to preview",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)

    violations = budget_violations(result, Budget(max_delete, max_delete_percent))
    if output_format == "json":
        click.echo(json.dumps(preview_dict(result, violations), indent=2))
    elif output_format == "markdown":
        click.echo(render_markdown(result, violations), nl=False)
    else:
        from rich.console import Console

        render_text(result, violations, Console(soft_wrap=True))

    failed = [t for t in result.tasks if t.exit_code != 0]
    for task in failed:
        step = next(s for s in task.steps if s.exit_code != 0)
        click.echo(
            f"error: task {task.task} on registry {task.registry.name}, rule "
            f"{step.rule_id}: acr purge would exit 1: {step.error}",
            err=True,
        )
    for violation in violations:
        click.echo(f"error: over budget: {violation}", err=True)
    if violations or failed:
        sys.exit(EXIT_FAILURE)
