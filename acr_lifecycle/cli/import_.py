"""``acr-lifecycle import``: existing purge rules to catalogue YAML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import EXIT_BAD_INPUT, print_problems


@click.command("import")
@click.argument("source_file", metavar="FILE", type=click.Path(allow_dash=True))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the YAML here instead of standard output.",
)
@click.option(
    "--allow-approximate",
    is_flag=True,
    help="Import rules that cannot keep the source's behaviour as the nearest rule, with a comment saying how it differs.",
)
@click.option(
    "--registry",
    help="Registry name, for sources that do not name one (commands, ECR policies).",
)
@click.option("--resource-group", help="Resource group of --registry.")
@click.option(
    "--registry-id",
    help="Full resource id of the registry, instead of --registry and --resource-group.",
)
@click.option(
    "--stack",
    default="imported",
    show_default=True,
    help="Name of the stack the import writes.",
)
@click.option(
    "--stacks-from",
    type=click.Path(exists=True),
    help="An existing catalogue whose stacks declare the registries; the import then writes no stack.",
)
@click.option(
    "--schedule",
    "schedules",
    multiple=True,
    help="Cron schedule (UTC) for sources without timers; repeatable. Default: daily at 00:00.",
)
@click.option(
    "--mode",
    type=click.Choice(["dry-run", "enforce"]),
    help="Override the mode. Default: from --dry-run; dry-run for ECR policies.",
)
@click.option(
    "--repository",
    "repositories",
    multiple=True,
    help="ECR repository the policy applies to, when the document does not say; repeatable.",
)
def import_(
    source_file,
    output,
    allow_approximate,
    registry,
    resource_group,
    registry_id,
    stack,
    stacks_from,
    schedules,
    mode,
    repositories,
) -> None:
    """Turn existing purge rules in FILE into catalogue YAML.

    FILE ('-' for standard input) holds 'az acr task show' or 'az acr task list' JSON,
    'acr purge ...' or 'az acr task create ...' command lines, a task YAML (or its
    base64), or an AWS ECR lifecycle policy. Its kind is detected.

    A rule that cannot keep the source's behaviour stops the import with the reason
    (exit status 2) unless --allow-approximate. The result is linted: problems are
    printed on standard error, and lint errors (such as a rule that deletes every tag,
    kept as imported) give exit status 2 after the YAML is written.
    """
    from ..catalogue.load import collect_catalogue
    from ..importers import (
        ImportOptions,
        ImportRefused,
        SourceError,
        import_text,
        stacks_of,
    )

    source = "<stdin>" if source_file == "-" else source_file
    try:
        text = (
            sys.stdin.read()
            if source_file == "-"
            else Path(source_file).read_text(encoding="utf-8")
        )
    except (OSError, UnicodeDecodeError) as error:
        _fail(
            f"{source}: cannot read the file: {getattr(error, 'strerror', None) or error}"
        )

    known = None
    stacks = None
    if stacks_from is not None:
        catalogue, problems = collect_catalogue(stacks_from)
        errors = [p for p in problems if p.severity == "error" and p.code != "unused"]
        if not catalogue.registries:
            print_problems(errors)
            _fail(
                f"--stacks-from {stacks_from}: declares no valid registry; point at a catalogue with stacks"
            )
        known = {
            key: registry.registry_name
            for key, registry in catalogue.registries.items()
        }
        stacks = stacks_of(stacks_from)

    options = ImportOptions(
        allow_approximate=allow_approximate,
        registry=registry,
        resource_group=resource_group,
        registry_id=registry_id,
        stack=stack,
        schedules=tuple(schedules),
        mode=mode,
        repositories=tuple(repositories),
        known_registries=known,
    )
    try:
        result = import_text(
            text,
            source=source,
            options=options,
            shown=output or "<stdout>",
            stacks=stacks,
        )
    except ImportRefused as refused:
        for refusal in refused.refusals:
            click.echo(f"error: {refusal.render()}", err=True)
        count = len(refused.refusals)
        _fail(
            f"{count} part{'s' if count != 1 else ''} of {source} cannot be imported faithfully; nothing was written."
        )
    except SourceError as error:
        _fail(f"error: {error}")

    if output:
        Path(output).write_text(result.text, encoding="utf-8")
    else:
        click.echo(result.text, nl=False)
    print_problems(list(result.problems))
    errors = len(result.errors)
    if errors:
        click.echo(
            f"{errors} lint error{'s' if errors != 1 else ''} in the imported catalogue: it was written as imported, and will not synthesize until they are fixed.",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)
