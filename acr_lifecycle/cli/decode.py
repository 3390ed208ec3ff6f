"""``acr-lifecycle decode``: base64 task content and task JSON back to readable YAML."""

from __future__ import annotations

import sys

import click

from ._common import EXIT_BAD_INPUT


@click.command()
@click.argument("source", default="-", type=click.Path(allow_dash=True, dir_okay=False))
def decode(source: str) -> None:
    """Print the task YAML and purge commands inside SOURCE (a file, or - for stdin).

    SOURCE may be a base64 task_content, an `az acr task show`/`list` JSON document, a
    synthesized cdk.tf.json, a Terraform state file, or `terraform show -json` output.
    """
    from ..review.decode import DecodeError, decode_text, render_decoded

    try:
        if source == "-":
            text, name = sys.stdin.read(), "standard input"
        else:
            with open(source, encoding="utf-8") as handle:
                text, name = handle.read(), source
        tasks = decode_text(text, source=name)
    except (OSError, UnicodeDecodeError) as error:
        click.echo(f"error: cannot read {source}: {error}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    except DecodeError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(EXIT_BAD_INPUT)
    click.echo(render_decoded(tasks), nl=False)
