"""``acr-lifecycle show``: the compiled tasks as reviewers read them."""

from __future__ import annotations

import click

from ._common import catalogue_option, load_and_compile


@click.command()
@catalogue_option
@click.option(
    "--task", "task_names", multiple=True, help="Only this task (repeatable)."
)
@click.option("--registry", default=None, help="Only tasks of this registry.")
@click.option("--stack", default=None, help="Only tasks of this stack.")
@click.option(
    "--registries",
    "registries_only",
    is_flag=True,
    help="Print only the registry names, one per line (for scripts).",
)
def show(
    catalogue_path: str,
    task_names: tuple[str, ...],
    registry: str | None,
    stack: str | None,
    registries_only: bool,
) -> None:
    """Print each task's decoded task YAML: the exact acr purge commands it runs."""
    _, plan = load_and_compile(catalogue_path)
    # A misspelt name would otherwise print nothing, which reads as "no tasks".
    _check_known("--stack", [stack] if stack else [], [s.name for s in plan.stacks])
    _check_known(
        "--registry",
        [registry.lower()] if registry else [],
        [r.name.lower() for s in plan.stacks for r in s.registries],
    )
    _check_known("--task", list(task_names), [t.name for t in plan.tasks])
    if registries_only:
        for stack_plan in plan.stacks:
            if stack is None or stack_plan.name == stack:
                for registry_plan in stack_plan.registries:
                    click.echo(registry_plan.name)
        return
    for task in plan.tasks:
        if stack and task.stack != stack:
            continue
        if task_names and task.name not in task_names:
            continue
        if registry and task.registry_name.lower() != registry.lower():
            continue
        schedules = ", ".join(
            f"{t.name} '{t.schedule}'" + ("" if t.enabled else " (disabled)")
            for t in task.timer_triggers
        )
        click.echo(
            f"# stack {task.stack}, registry {task.registry_name}, task {task.name} "
            f"({task.mode}; {schedules}; timeout {task.timeout_in_seconds} s)"
        )
        click.echo(task.task_yaml)


def _check_known(option: str, given: list[str], known: list[str]) -> None:
    unknown = [name for name in given if name not in known]
    if unknown:
        choices = ", ".join(sorted(set(known))) or "none"
        raise click.BadParameter(
            f"{', '.join(repr(n) for n in unknown)} is not in the catalogue; "
            f"known: {choices}",
            param_hint=option,
        )
