"""``acr-lifecycle synth``: the main job, catalogue to cdk.tf.json per stack."""

from __future__ import annotations

import gc
import os
import sys

import click

from ._common import EXIT_BAD_INPUT, catalogue_option, load_and_compile


@click.command()
@catalogue_option
@click.option(
    "--out",
    "outdir",
    default=None,
    type=click.Path(),
    help="Output folder. Default: $CDKTF_OUTDIR (set by `cdktf synth`), else cdktf.out.",
)
def synth(catalogue_path: str, outdir: str | None) -> None:
    """Compile the catalogue and write one cdk.tf.json per stack.

    Nothing is written unless the whole catalogue compiles.
    """
    _, plan = load_and_compile(catalogue_path)
    if not plan.stacks:
        # Most likely the wrong folder; synthesizing nothing would also remove every
        # stack written before.
        click.echo(
            f"error: {catalogue_path}: the catalogue defines no stacks, so there is "
            "nothing to synthesize; add a 'stacks' list, or point --catalogue at the "
            "catalogue folder",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)

    # cdktf and the provider bindings take seconds to import; load them only now.
    from ..synth import stale_stack_files, synthesize

    target = outdir or os.environ.get("CDKTF_OUTDIR") or "cdktf.out"
    stale = stale_stack_files(plan, target)
    written = synthesize(plan, target)
    for stack, path in written.items():
        count = len(plan.stack(stack).tasks)
        click.echo(
            f"{path}  ({count} purge task{'s' if count != 1 else ''}, stack {stack})"
        )
    for path in stale:
        click.echo(
            f"{path}  (removed: stack {path.parent.name} is no longer in the catalogue)"
        )
    # The bindings leave millions of objects behind; collecting them at exit costs
    # about two seconds and frees nothing the process still needs.
    gc.freeze()
