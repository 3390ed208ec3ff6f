"""What every subcommand shares: loading and compiling with problems on stderr."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import click

from ..catalogue import Catalogue
from ..compile import DeploymentPlan
from ..errors import Problem
from ..lint import lint_catalogue

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1

catalogue_option = click.option(
    "--catalogue",
    "-c",
    "catalogue_path",
    default="policies",
    show_default=True,
    type=click.Path(),
    help="Catalogue folder or file.",
)


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.render(), err=True)


def load_and_compile(path: str) -> tuple[Catalogue, DeploymentPlan]:
    """Lint and compile, or print every problem and exit with status 2.

    Every command that builds from the catalogue runs the same checks as
    ``acr-lifecycle lint``, so both report the same problems.
    """
    report = lint_catalogue(path)
    if report.plan is None:
        print_problems(list(report.problems))
        count = len(report.errors)
        click.echo(
            f"{count} error{'s' if count != 1 else ''} in the catalogue; nothing was written.",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    print_problems(report.warnings)
    return report.catalogue, report.plan


class UtcTime(click.ParamType):
    """An ISO 8601 time for --now options; a time without a zone is UTC."""

    name = "time"

    def convert(self, value, param, ctx):
        if isinstance(value, datetime):
            return value
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"'{value}' is not an ISO 8601 time such as 2026-07-17T00:00Z")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)
