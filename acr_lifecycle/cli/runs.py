"""``acr-lifecycle runs``: the commands that show each task's run history."""

from __future__ import annotations

import click

from ._common import catalogue_option, load_and_compile


@click.command()
@catalogue_option
@click.option("--failed", is_flag=True, help="Only failed runs.")
def runs(catalogue_path: str, failed: bool) -> None:
    """Print an `az acr task list-runs` command per task (the portal shows no per-task history).

    Timer-triggered runs keep their logs for 30 days by default; `az acr task logs
    --registry R --run-id ID` prints one.
    """
    from ..review.report import runs_command

    _, plan = load_and_compile(catalogue_path)
    for task in plan.tasks:
        command = runs_command(task)
        if failed:
            command = command.replace(" --top 15", " --run-status Failed --top 15")
        click.echo(f"# {task.stack}/{task.registry_name}/{task.name}\n{command}")
