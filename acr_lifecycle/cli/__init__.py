"""The ``acr-lifecycle`` command line. Subcommands live one per module.

Exit codes: 0 success, 2 bad input (the catalogue or an argument), 1 a failure while
running. Modules here import nothing heavy at import time, so every subcommand starts
fast; only ``synth`` loads cdktf, and only when it runs.
"""

from __future__ import annotations

import click

from . import (
    decode,
    explain_plan,
    export_module,
    import_,
    inventory,
    lint,
    preview,
    report,
    runs,
    schema,
    show,
    synth,
)
from ._common import EXIT_FAILURE


class _Main(click.Group):
    """The command group, turning a file-system error into one line instead of a
    traceback: a path that cannot be read or written is the user's to fix."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            reason = error.strerror or str(error)
            click.echo(
                f"error: {where}{reason}; check that the path exists, is of the "
                "right kind (file or folder) and may be written",
                err=True,
            )
            ctx.exit(EXIT_FAILURE)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="acr-lifecycle")
def main() -> None:
    """Declarative lifecycle policies for Azure Container Registry.

    A catalogue of purge policies (policies/) compiles to scheduled ACR tasks that run
    `acr purge`, synthesized as Terraform JSON.
    """


main.add_command(synth.synth)
main.add_command(lint.lint)
main.add_command(schema.schema)
main.add_command(show.show)
main.add_command(preview.preview)
main.add_command(inventory.inventory)
main.add_command(report.report)
main.add_command(decode.decode)
main.add_command(explain_plan.explain_plan)
main.add_command(runs.runs)
main.add_command(export_module.export_module)
main.add_command(import_.import_)
