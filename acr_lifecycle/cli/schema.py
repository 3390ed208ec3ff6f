"""``acr-lifecycle schema``: the catalogue's JSON Schema, for YAML editors and CI."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..catalogue.schema import render_schema
from ._common import EXIT_BAD_INPUT


@click.command()
@click.option(
    "--out",
    "out_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the schema to this file instead of standard output.",
)
@click.option(
    "--check",
    "check_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Exit with status 2 unless this file holds exactly the current schema.",
)
def schema(out_path: str | None, check_path: str | None) -> None:
    """Print the JSON Schema of catalogue files.

    Point a YAML editor at it with a first line such as
    `# yaml-language-server: $schema=../schema/catalogue.schema.json`.
    """
    text = render_schema()
    if check_path is not None:
        path = Path(check_path)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current is not None and current != text and not _is_json_schema(current):
            # Advising --out here would overwrite whatever the file is.
            click.echo(
                f"{check_path}: this file holds no JSON Schema; check the path (the "
                "committed schema is schema/catalogue.schema.json)",
                err=True,
            )
            sys.exit(EXIT_BAD_INPUT)
        if current != text:
            click.echo(
                f"{check_path}: the schema is out of date; run "
                f"`acr-lifecycle schema --out {check_path}`",
                err=True,
            )
            sys.exit(EXIT_BAD_INPUT)
        return
    if out_path is not None:
        Path(out_path).write_text(text, encoding="utf-8")
        return
    click.echo(text, nl=False)


def _is_json_schema(text: str) -> bool:
    try:
        document = json.loads(text)
    except ValueError:
        return False
    return isinstance(document, dict) and "$schema" in document
