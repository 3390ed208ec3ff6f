"""``acr-lifecycle explain-plan``: purge task changes of a saved plan, readable."""

from __future__ import annotations

import json

import click

from ._common import EXIT_BAD_INPUT

EXIT_TASKS_CHANGE = 2


@click.command("explain-plan")
@click.argument("plan_json", type=click.Path(dir_okay=False, allow_dash=True))
def explain_plan(plan_json: str) -> None:
    """Explain PLAN_JSON (`terraform show -json plan.tfplan`) for purge tasks.

    Exit 0 when no purge task changes, 2 when any does (drift included), so a
    nightly job can flag it; 2 also for unreadable input, with a message on stderr.
    """
    from ..review.plan_diff import (
        PlanReadError,
        explain_plan as explain,
        render_markdown,
    )

    try:
        with click.open_file(plan_json, encoding="utf-8") as handle:
            document = json.load(handle)
        changes = explain(document)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, PlanReadError) as error:
        click.echo(f"error: {plan_json}: {error}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    click.echo(render_markdown(changes), nl=False)
    if changes:
        raise SystemExit(EXIT_TASKS_CHANGE)
