"""An import draft to catalogue YAML: stable key order, comments above each entry."""

from __future__ import annotations

import textwrap
from io import StringIO

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .draft import CatalogueDraft, Commented

WIDTH = 88
_RULE_KEYS = (
    "id",
    "kind",
    "description",
    "repositories",
    "tags",
    "older_than",
    "keep_newest",
    "include_locked",
    "acknowledge",
)
_TASK_KEYS = (
    "step_timeout_seconds",
    "timeout_seconds",
    "acr_cli_image",
    "concurrency",
    "registry_credentials",
)


def render_catalogue(draft: CatalogueDraft, *, source: str) -> str:
    """The catalogue YAML, with every note and approximation as a comment."""
    root = CommentedMap()
    root["policies"] = _seq(
        [_policy(p) for p in draft.policies], [_comments(p) for p in draft.policies], 2
    )
    if draft.write_stack:
        stack = CommentedMap()
        stack["name"] = draft.stack_name
        stack["registries"] = _seq(
            [
                _flat(r.fields, ("name", "resource_group", "id"))
                for r in draft.registries
            ],
            [_comments(r) for r in draft.registries],
            6,
        )
        root["stacks"] = _seq([stack], [[]], 2)
    root["assignments"] = _seq(
        [_assignment(a) for a in draft.assignments],
        [_comments(a) for a in draft.assignments],
        2,
    )
    header = [
        f"Imported by acr-lifecycle from {draft.source_kind} {source}.",
        (
            "Comments say where the import changed the text but kept the behaviour "
            "(note) or changed the behaviour (approximate)."
        ),
    ]
    header += draft.comment_lines()
    root.yaml_set_start_comment("\n".join(_wrap(header, 0)))

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    out = StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def _comments(entry: Commented) -> list[str]:
    command = getattr(entry, "command", "")
    return ([f"from: {command}"] if command else []) + entry.comment_lines()


def _wrap(lines: list[str], indent: int) -> list[str]:
    wrapped = []
    for line in lines:
        if line.startswith("from: "):
            wrapped.append(line)
            continue
        wrapped += textwrap.wrap(
            line,
            width=WIDTH - indent - 2,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        ) or [""]
    return wrapped


def _seq(items: list, comments: list[list[str]], indent: int) -> CommentedSeq:
    seq = CommentedSeq(items)
    for index, lines in enumerate(comments):
        if lines:
            seq.yaml_set_comment_before_after_key(
                index, before="\n".join(_wrap(lines, indent)), indent=indent
            )
    return seq


def _flow(values: list) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _flat(fields: dict, order: tuple[str, ...]) -> CommentedMap:
    entry = CommentedMap()
    for key in order:
        if key in fields:
            entry[key] = fields[key]
    return entry


def _policy(policy) -> CommentedMap:
    entry = CommentedMap()
    entry["name"] = policy.name
    rules = []
    for rule in policy.rules:
        item = CommentedMap()
        for key in _RULE_KEYS:
            if key not in rule.fields:
                continue
            value = rule.fields[key]
            if key in ("repositories", "acknowledge"):
                value = _flow(list(value))
            elif key == "tags" and isinstance(value, dict):
                tags = CommentedMap()
                for kind, listed in value.items():
                    tags[kind] = (
                        _flow(list(listed)) if isinstance(listed, list) else listed
                    )
                value = tags
            item[key] = value
        rules.append(item)
    entry["rules"] = _seq(rules, [_comments(r) for r in policy.rules], 6)
    return entry


def _assignment(assignment) -> CommentedMap:
    entry = CommentedMap()
    entry["name"] = assignment.name
    entry["registries"] = _flow(list(assignment.registries))
    entry["policies"] = _flow(list(assignment.policies))
    schedules = [
        DoubleQuotedScalarString(s)
        if isinstance(s, str)
        else _flat(
            {**s, "cron": DoubleQuotedScalarString(s["cron"])},
            ("name", "cron", "enabled"),
        )
        for s in assignment.schedules
    ]
    if all(isinstance(s, str) for s in schedules):
        entry["schedules"] = _flow(schedules)
    else:
        entry["schedules"] = CommentedSeq(schedules)
    entry["mode"] = assignment.mode
    if not assignment.enabled:
        entry["enabled"] = False
    if assignment.task:
        task = CommentedMap()
        for key in _TASK_KEYS:
            if key in assignment.task:
                value = assignment.task[key]
                if key == "registry_credentials":
                    value = CommentedSeq(
                        [_flat(c, ("login_server", "identity")) for c in value]
                    )
                task[key] = value
        entry["task"] = task
    return entry
