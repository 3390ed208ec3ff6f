"""``acr-lifecycle lint``: check a catalogue without synthesizing it."""

from __future__ import annotations

import json
import sys

import click

from ..catalogue import load_catalogue
from ..compile import compile_catalogue
from ..errors import CatalogueError
from ._common import EXIT_BAD_INPUT, print_problems


@click.command()
@click.argument("path", default="policies", type=click.Path())
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def lint(path: str, strict: bool, output_format: str) -> None:
    """Check the catalogue at PATH (a folder or file) and report every problem."""
    try:
        catalogue = load_catalogue(path)
        plan = compile_catalogue(catalogue)
        problems = list(plan.warnings)
    except CatalogueError as error:
        problems = error.problems
    errors = [p for p in problems if p.severity == "error"]
    failing = bool(errors) or (strict and bool(problems))
    if output_format == "json":
        click.echo(
            json.dumps(
                {"ok": not failing, "problems": [p.as_dict() for p in problems]},
                indent=2,
                sort_keys=True,
            )
        )
    else:
        print_problems(problems)
        warnings = len(problems) - len(errors)
        click.echo(
            f"{len(errors)} error{'s' if len(errors) != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}",
            err=True,
        )
    if failing:
        sys.exit(EXIT_BAD_INPUT)
