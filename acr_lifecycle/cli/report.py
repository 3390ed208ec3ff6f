"""``acr-lifecycle report``: the catalogue as Markdown or HTML."""

from __future__ import annotations

from datetime import datetime, timezone

import click

from ._common import UtcTime, catalogue_option, load_and_compile


@click.command()
@catalogue_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--now",
    type=UtcTime(),
    default=None,
    help="Count next runs from this UTC time (ISO 8601). Default: now.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write here instead of standard output.",
)
def report(
    catalogue_path: str, output_format: str, now: datetime | None, output: str | None
) -> None:
    """Describe every task: schedule in words, next runs, rules in plain language, commands."""
    from ..review.report import build_report, render_html, render_markdown

    now = now or datetime.now(timezone.utc).replace(second=0, microsecond=0)
    catalogue, plan = load_and_compile(catalogue_path)
    blocks = build_report(catalogue, plan, now)
    text = render_html(blocks) if output_format == "html" else render_markdown(blocks)
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)
