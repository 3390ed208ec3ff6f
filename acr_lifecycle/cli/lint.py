"""``acr-lifecycle lint``: check a catalogue without synthesizing it."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone

import click

from ..lint import explain_schedules, lint_catalogue
from ._common import EXIT_BAD_INPUT, UtcTime, print_problems


@click.command()
@click.argument("path", default=None, required=False, type=click.Path())
@click.option(
    "--catalogue",
    "-c",
    "catalogue_path",
    default=None,
    type=click.Path(),
    help="The same as PATH, spelt as every other command spells it.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--explain",
    is_flag=True,
    help="Also show each assignment's schedules and their next three runs in UTC.",
)
@click.option(
    "--now",
    type=UtcTime(),
    default=None,
    help="Count the next runs from this time (ISO 8601, UTC) instead of the clock.",
)
def lint(
    path: str | None,
    catalogue_path: str | None,
    strict: bool,
    output_format: str,
    explain: bool,
    now: datetime | None,
) -> None:
    """Check the catalogue at PATH (a folder or file; default: policies) and report
    every problem.

    Exit status 2 when there are errors (or, with --strict, warnings), else 0.
    """
    if path is not None and catalogue_path is not None and path != catalogue_path:
        raise click.UsageError(
            f"PATH {path!r} and --catalogue {catalogue_path!r} name two catalogues; "
            "give one of them"
        )
    path = path or catalogue_path or "policies"
    report = lint_catalogue(path)
    failing = report.failed(strict=strict)
    explained = []
    if explain:
        explained = explain_schedules(
            report.catalogue, now or datetime.now(timezone.utc)
        )

    if output_format == "json":
        document = {
            "ok": not failing,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "problems": [p.as_dict() for p in report.problems],
        }
        if explain:
            document["assignments"] = [a.as_dict() for a in explained]
        click.echo(json.dumps(document, indent=2, sort_keys=True))
    else:
        for assignment in explained:
            click.echo(assignment.render())
        print_problems(list(report.problems))
        errors, warnings = len(report.errors), len(report.warnings)
        click.echo(
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}"
            + (" (--strict: warnings fail)" if strict and warnings else ""),
            err=True,
        )
    if failing:
        sys.exit(EXIT_BAD_INPUT)
