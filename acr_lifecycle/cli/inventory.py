"""``acr-lifecycle inventory``: save a registry inventory for ``preview``.

Read a live registry (read-only) or convert the JSON that ``az`` printed for one.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ._common import EXIT_BAD_INPUT, EXIT_FAILURE


@click.command()
@click.option(
    "--registry",
    "registry_name",
    default=None,
    help="Registry name as in the catalogue (e.g. myregistry). Read live unless "
    "--from-az is given.",
)
@click.option(
    "--login-server",
    default=None,
    help="Login server to read. Default: <registry>.azurecr.io.",
)
@click.option(
    "--from-az",
    "az_path",
    default=None,
    type=click.Path(),
    help="Convert az outputs instead of reading live: a folder with "
    "repositories.json, tags/ and manifests/, or one JSON file "
    "(layout: acr_lifecycle/preview/azcli.py).",
)
@click.option(
    "--captured-at",
    default=None,
    help="With --from-az: when the outputs were taken, RFC 3339; becomes the "
    "inventory's capturedAt (the preview's default --now). Default: left out.",
)
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="Inventory JSON file to write.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr. Default: when stderr is a terminal.",
)
def inventory(
    registry_name: str | None,
    login_server: str | None,
    az_path: str | None,
    captured_at: str | None,
    output_path: str,
    progress: bool | None,
) -> None:
    """Save a registry inventory (the input of `acr-lifecycle preview`).

    \b
    Live, read-only (signs in with DefaultAzureCredential; needs AcrPull):
      acr-lifecycle inventory --registry myregistry -o inventory-myregistry.json
    From az outputs:
      acr-lifecycle inventory --from-az az-out --registry myregistry -o inv.json

    Exit status: 0 written, 2 bad input, 1 the registry could not be read.
    """
    if registry_name is None:
        _fail_input(
            "--registry: missing; give the registry name as the catalogue has it, "
            "e.g. --registry myregistry"
        )
    if az_path is None and captured_at is not None:
        _fail_input(
            "--captured-at: only with --from-az; a live read records its own time"
        )
    if az_path is not None and login_server is not None:
        _fail_input("--login-server: only for a live read; leave it out with --from-az")
    if az_path is not None:
        _from_az(Path(az_path), registry_name, captured_at, Path(output_path))
    else:
        _live(registry_name, login_server, Path(output_path), progress)


def _from_az(path: Path, registry: str, captured_at: str | None, output: Path) -> None:
    from ..preview.azcli import AzOutputs
    from ..preview.capture import SOURCE_AZ_CLI
    from ..preview.timestamps import TimestampError, parse_timestamp

    if captured_at is not None:
        try:
            parse_timestamp(captured_at)
        except TimestampError as error:
            _fail_input(f"--captured-at: {error}")
    outputs = AzOutputs(path)
    if outputs.problems:
        _report(outputs.problems, EXIT_BAD_INPUT)
    count = _write(
        output,
        outputs.repositories(),
        registry=registry,
        captured_at=captured_at,
        source=SOURCE_AZ_CLI,
    )
    for warning in outputs.warnings:
        click.echo(f"warning: {warning}", err=True)
    if outputs.problems:
        output.unlink(missing_ok=True)
        _report(outputs.problems, EXIT_BAD_INPUT)
    _check(output, EXIT_BAD_INPUT)
    click.echo(f"{output}: {count} repositories of registry {registry}", err=True)


def _live(
    registry: str, login_server: str | None, output: Path, progress: bool | None
) -> None:
    from importlib.util import find_spec

    from ..preview.capture import SOURCE_ACR_API
    from ..preview.live import LiveReadError, connect, read_registry
    from ..preview.timestamps import format_timestamp

    if (
        find_spec("azure.containerregistry") is None
        or find_spec("azure.identity") is None
    ):
        _report(
            [
                (
                    "a live read needs the packages azure-containerregistry and "
                    "azure-identity; install them, or convert az outputs with --from-az"
                )
            ],
            EXIT_FAILURE,
        )
    server = login_server or f"{registry.lower()}.azurecr.io"
    captured_at = format_timestamp(time.time_ns())
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with connect(server) as client:
            sink: list = []
            names, repositories = read_registry(
                client, on_progress=lambda step: sink and sink[0](step)
            )
            with _progress_bar(show, len(names), server) as advance:
                sink.extend([advance] if advance else [])
                count = _write(
                    output,
                    repositories,
                    registry=registry,
                    login_server=server,
                    captured_at=captured_at,
                    source=SOURCE_ACR_API,
                )
    except LiveReadError as error:
        _report([f"registry {registry} ({server}): {error}"], EXIT_FAILURE)
    _check(output, EXIT_FAILURE)
    click.echo(f"{output}: {count} repositories of registry {registry}", err=True)


def _progress_bar(show: bool, total: int, server: str):
    """A context giving the progress callback: a rich bar on stderr, or nothing."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if not show:
            yield None
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            console=Console(stderr=True),
            transient=True,
        ) as rich_progress:
            task = rich_progress.add_task(f"reading {server}", total=total, counts="")

            def advance(step) -> None:
                rich_progress.update(
                    task,
                    completed=step.done,
                    counts=f"{step.tags} tags, {step.manifests} manifests",
                )

            yield advance

    return bar()


def _write(output: Path, repositories, **head) -> int:
    from ..preview.capture import write_inventory

    try:
        return write_inventory(output, repositories, **head)
    except OSError as error:
        _report([f"{output}: cannot write the inventory ({error})"], EXIT_FAILURE)


def _check(output: Path, code: int) -> None:
    """Load what was written, so a problem shows now and not in the preview."""
    from ..preview.inventory import InventoryError, load_inventory

    try:
        load_inventory(output)
    except InventoryError as error:
        output.unlink(missing_ok=True)
        _report(error.problems, code)


def _fail_input(message: str) -> None:
    _report([message], EXIT_BAD_INPUT)


def _report(problems: list[str], code: int) -> None:
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    sys.exit(code)
