"""``acr-lifecycle export-module``: a Terraform module per stack, for HCL root modules."""

from __future__ import annotations

import click

from ._common import catalogue_option, load_and_compile


@click.command("export-module")
@catalogue_option
@click.argument("directory", type=click.Path(file_okay=False))
def export_module(catalogue_path: str, directory: str) -> None:
    """Write DIRECTORY/<stack>/*.tf.json: the purge tasks without provider or backend.

    Call it from HCL with `module "acr_purge" { source = "./DIRECTORY/<stack>" }`.
    """
    from ..review.export_module import export_module as write

    _, plan = load_and_compile(catalogue_path)
    for path in write(plan, directory):
        click.echo(str(path))
