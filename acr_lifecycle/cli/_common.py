"""What every subcommand shares: loading and compiling with problems on stderr."""

from __future__ import annotations

import sys

import click

from ..catalogue import Catalogue, load_catalogue
from ..compile import DeploymentPlan, compile_catalogue
from ..errors import CatalogueError, Problem

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
    """Load and compile, or print every problem and exit with status 2."""
    try:
        catalogue = load_catalogue(path)
        plan = compile_catalogue(catalogue)
    except CatalogueError as error:
        print_problems(error.problems)
        count = len(error.errors)
        click.echo(
            f"{count} error{'s' if count != 1 else ''} in the catalogue; nothing was written.",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    print_problems(list(catalogue.warnings))
    return catalogue, plan
