"""One rule becomes one exact ``acr purge`` command line."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from ..catalogue import patterns
from ..catalogue.image import AcrCliImage
from ..catalogue.models import Mode, TagRule, UntaggedRule
from ..errors import AcrLifecycleError
from .filters import Filter, tag_filters, untagged_filter

# acr purge resolves the registry from --registry first. The task runner renders this
# template to the registry's login server, which is right in sovereign clouds too,
# where appending '.azurecr.io' to a bare name would not be.
REGISTRY_ARGUMENT = "{{.Run.Registry}}"

_BARE_TOKEN = re.compile(r"[A-Za-z0-9_./:@-]+")


class CommandError(AcrLifecycleError):
    """A generated command failed its own round-trip check; this is a bug, not input."""


@dataclass(frozen=True)
class PurgeCommand:
    """The arguments of one purge step, before and after shell quoting."""

    rule_id: str
    kind: str
    image: str
    filters: tuple[Filter, ...]
    arguments: tuple[str, ...]

    @property
    def text(self) -> str:
        """The step's ``cmd``: the image, then arguments quoted for ``/bin/sh -c``."""
        quoted = []
        for index, argument in enumerate(self.arguments):
            is_filter = index > 0 and self.arguments[index - 1] == "--filter"
            quoted.append(_quote(argument, is_filter))
        return " ".join([self.image, *quoted])

    def argv(self) -> list[str]:
        return [self.image, *self.arguments]


def _quote(argument: str, is_filter: bool) -> str:
    if not is_filter:
        if argument != REGISTRY_ARGUMENT and not _BARE_TOKEN.fullmatch(argument):
            raise CommandError(f"unexpected characters in argument {argument!r}")
        return argument
    # Filters are checked to contain no single quote, so single quotes make every other
    # character literal for the shell: '|', '\\', '$', '(' are regex syntax, not shell.
    return f"'{argument}'"


def compile_rule(
    rule: TagRule | UntaggedRule,
    earlier: list[TagRule],
    *,
    image: AcrCliImage,
    mode: Mode,
    concurrency: int | None = None,
) -> PurgeCommand:
    """The purge command for ``rule``, given the tag rules before it in its policy."""
    arguments = ["purge", "--registry", REGISTRY_ARGUMENT]
    if isinstance(rule, TagRule):
        filters = tuple(tag_filters(rule, earlier))
    else:
        filters = (untagged_filter(rule),)
    for item in filters:
        arguments += ["--filter", item.text]
    if isinstance(rule, UntaggedRule):
        arguments.append("--untagged-only")
    older_than = rule.older_than.canonical() if rule.older_than is not None else "0d"
    arguments += ["--ago", older_than]
    if rule.keep_newest is not None:
        arguments += ["--keep", str(rule.keep_newest)]
    if rule.include_locked:
        arguments.append("--include-locked")
    if concurrency is not None:
        arguments += ["--concurrency", str(concurrency)]
    if mode == "dry-run":
        arguments.append("--dry-run")
    command = PurgeCommand(
        rule_id=rule.id,
        kind=rule.kind,
        image=image.reference,
        filters=filters,
        arguments=tuple(arguments),
    )
    verify_command(command)
    return command


def verify_command(command: PurgeCommand) -> None:
    """Prove the text says exactly the arguments: shell split, filter split, no templates."""
    text = command.text
    if shlex.split(text, posix=True) != command.argv():
        raise CommandError(
            f"rule {command.rule_id}: shell quoting changed the command: {text}"
        )
    for item in command.filters:
        if patterns.split_filter(item.text) != (item.repository, item.tag):
            raise CommandError(
                f"rule {command.rule_id}: acr-cli would split filter {item.text!r} elsewhere"
            )
        patterns.compile_pattern("^" + item.repository + "$")
        patterns.compile_pattern(item.tag)
    if text.count("{{") != 1 or text.count("}}") != 1:
        raise CommandError(f"rule {command.rule_id}: stray template braces in {text}")
    if re.search(r"\$[A-Za-z0-9_{]", text) or "%{" in text:
        raise CommandError(
            f"rule {command.rule_id}: a '$' directive could be expanded in {text}"
        )
    if any(ch in text for ch in "\n\r\t\x00"):
        raise CommandError(f"rule {command.rule_id}: control characters in {text!r}")
