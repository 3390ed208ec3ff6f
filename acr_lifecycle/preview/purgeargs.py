"""The ``acr purge`` command line, parsed and validated as acr-cli does (rule R1).

pflag parses the flags (``--name value``, ``--name=value``, ``-f value``, ``-fvalue``);
cobra then checks its flag groups, and ``RunE`` requires ``--filter`` and ``--ago``
unless ``--untagged-only``, then parses ``--ago``. Any failure is exit status 1 with
nothing deleted; the messages are acr-cli's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .agoduration import Ago, AgoError, parse_ago
from .profiles import Profile

DEFAULT_FILTER_TIMEOUT_SECONDS = 60


class ArgumentError(ValueError):
    """acr purge would exit 1 before touching the registry; the message is its own."""


@dataclass(frozen=True)
class PurgeArgs:
    filters: tuple[str, ...]
    ago_text: str
    ago: Ago | None  # None: --untagged-only without --ago (cutoff is now)
    keep: int
    untagged: bool
    untagged_only: bool
    dry_run: bool
    include_locked: bool
    filter_timeout_seconds: int
    ignored: tuple[
        str, ...
    ] = ()  # positional arguments cobra accepts and purge ignores


# name -> (kind, shorthand, first release)
_FLAGS: dict[str, tuple[str, str | None, str | None]] = {
    "filter": ("array", "f", None),
    "ago": ("string", None, None),
    "keep": ("int", None, None),
    "untagged": ("bool", None, None),
    "untagged-only": ("bool", None, "untagged_only_flag"),
    "dry-run": ("bool", None, None),
    "include-locked": ("bool", None, "include_locked_flag"),
    "concurrency": ("int", None, None),
    "repository-page-size": ("int", None, None),
    "filter-timeout-seconds": ("int", None, None),
    "verbose": ("bool", None, "verbose_flag"),
    "config": ("array", "c", None),
    "registry": ("string", "r", None),
    "username": ("string", "u", None),
    "password": ("string", "p", None),
    "help": ("bool", "h", None),
}
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def command_arguments(argv: list[str] | tuple[str, ...]) -> list[str]:
    """The arguments after ``purge``; the image or ``acr`` before it is dropped."""
    items = list(argv)
    if "purge" not in items:
        raise ArgumentError("not an acr purge command: no 'purge' in the arguments")
    return items[items.index("purge") + 1 :]


def parse_purge_args(argv: list[str] | tuple[str, ...], profile: Profile) -> PurgeArgs:
    """Validate as ``profile``'s release does; ArgumentError where acr purge exits 1."""
    values = _parse_flags(command_arguments(argv), profile)
    filters = tuple(values.get("filter", []))
    untagged_only = values.get("untagged-only", False)
    untagged = values.get("untagged", False)
    ago_text = values.get("ago", "")

    if not profile.has("untagged_only_flag"):
        missing = [name for name in ("ago", "filter") if name not in values]
        if missing:
            shown = '", "'.join(missing)
            raise ArgumentError(f'required flag(s) "{shown}" not set')
    else:
        if "filter" not in values and "untagged-only" not in values:
            raise ArgumentError(
                "at least one of the flags in the group [filter untagged-only] is "
                "required"
            )
        if "untagged" in values and "untagged-only" in values:
            raise ArgumentError(
                "if any flags in the group [untagged untagged-only] are set none of "
                "the others can be; [untagged untagged-only] were all set"
            )
    if not untagged_only:
        if not filters:
            raise ArgumentError("--filter is required when not using --untagged-only")
        if not ago_text:
            raise ArgumentError("--ago is required when not using --untagged-only")

    ago = None
    if ago_text or not untagged_only:
        try:
            ago = parse_ago(ago_text, capped=profile.has("ago_cap"))
        except AgoError as error:
            raise ArgumentError(str(error)) from None

    timeout = values.get("filter-timeout-seconds", DEFAULT_FILTER_TIMEOUT_SECONDS)
    return PurgeArgs(
        filters=filters,
        ago_text=ago_text,
        ago=ago,
        keep=max(values.get("keep", 0), 0),
        untagged=untagged,
        untagged_only=untagged_only,
        dry_run=values.get("dry-run", False),
        include_locked=values.get("include-locked", False),
        filter_timeout_seconds=timeout
        if timeout > 0
        else DEFAULT_FILTER_TIMEOUT_SECONDS,
        ignored=tuple(values.get("", [])),
    )


def _parse_flags(arguments: list[str], profile: Profile) -> dict:
    known = {
        name: spec
        for name, spec in _FLAGS.items()
        if spec[2] is None or profile.has(spec[2])
    }
    by_short = {spec[1]: name for name, spec in known.items() if spec[1]}
    values: dict = {}
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        index += 1
        if argument == "--":
            values.setdefault("", []).extend(arguments[index:])
            break
        if argument.startswith("--"):
            name, has_value, value = argument[2:].partition("=")
            if name not in known:
                raise ArgumentError(f"unknown flag: --{name}")
            shown = f"--{name}"
        elif argument.startswith("-") and len(argument) > 1:
            short = argument[1]
            if short not in by_short:
                raise ArgumentError(f"unknown shorthand flag: '{short}' in {argument}")
            name = by_short[short]
            rest = argument[2:]
            has_value = "=" if rest else ""
            value = rest[1:] if rest.startswith("=") else rest
            shown = f"-{short}, --{name}"
        else:
            values.setdefault("", []).append(argument)
            continue
        kind = known[name][0]
        if kind == "bool":
            if has_value and value not in _TRUE | _FALSE:
                raise ArgumentError(
                    f'invalid argument "{value}" for "{shown}" flag: '
                    f'strconv.ParseBool: parsing "{value}": invalid syntax'
                )
            values[name] = not has_value or value in _TRUE
            continue
        if not has_value:
            if index >= len(arguments):
                raise ArgumentError(f"flag needs an argument: --{name}")
            value = arguments[index]
            index += 1
        if kind == "array":
            values.setdefault(name, []).append(value)
        elif kind == "int":
            values[name] = _go_int(value, shown)
        else:
            values[name] = value
    if values.get("help"):
        raise ArgumentError("--help prints the usage and purges nothing")
    return values


def _go_int(text: str, shown: str) -> int:
    """strconv.ParseInt(text, 0, 64) as pflag's int flags use it."""
    body = text.lstrip("+-")
    try:
        if len(body) > 1 and body[0] == "0" and body[1].isdigit():
            value = int(text.replace(body, "0o" + body[1:], 1), 0)
        else:
            value = int(text, 0)
    except ValueError:
        value = None
    if value is None or not -(1 << 63) <= value < 1 << 63:
        reason = "invalid syntax" if value is None else "value out of range"
        raise ArgumentError(
            f'invalid argument "{text}" for "{shown}" flag: strconv.ParseInt: '
            f'parsing "{text}": {reason}'
        )
    return value
