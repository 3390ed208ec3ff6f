"""Exact acr purge command lines, and that the shell reads back the same arguments."""

import shlex

import pytest

from acr_lifecycle.catalogue.image import resolve_image
from acr_lifecycle.catalogue.models import TagRule, UntaggedRule
from acr_lifecycle.compile.command import compile_rule

IMAGE = resolve_image(None, None)
PREFIX = "mcr.microsoft.com/acr/acr-cli:0.19 purge --registry {{.Run.Registry}}"


def tag_rule(**fields) -> TagRule:
    return TagRule(id="r", kind="tags", **{"repositories": ["app"], "tags": "any", **fields})


@pytest.mark.parametrize(
    ("rule", "mode", "expected"),
    [
        (
            tag_rule(older_than="7d"),
            "enforce",
            f"{PREFIX} --filter 'app:^.*$' --ago 7d",
        ),
        (
            tag_rule(tags={"prefixes": ["v"]}, keep_newest=3),
            "enforce",
            f"{PREFIX} --filter 'app:^v.*$' --ago 0d --keep 3",
        ),
        (
            tag_rule(tags={"wildcards": ["release-*.*"]}, older_than="36h", include_locked=True),
            "dry-run",
            f"{PREFIX} --filter 'app:^release-.*\\..*$' --ago 1d12h --include-locked --dry-run",
        ),
        (
            tag_rule(tags={"regex": "v[0-9]+|latest"}, older_than="30d"),
            "enforce",
            f"{PREFIX} --filter 'app:^(?:v[0-9]+|latest)$' --ago 30d",
        ),
        (
            tag_rule(tags={"prefixes": ["v", "rel."]}, older_than="1d"),
            "enforce",
            f"{PREFIX} --filter 'app:^(?:v|rel\\.).*$' --ago 1d",
        ),
        (
            UntaggedRule(id="u", kind="untagged", repositories=[".*"], older_than="7d"),
            "enforce",
            f"{PREFIX} --filter '.*:^$' --untagged-only --ago 7d",
        ),
        (
            UntaggedRule(
                id="u", kind="untagged", repositories=["a", "b"], older_than="0d", keep_newest=2
            ),
            "dry-run",
            f"{PREFIX} --filter '(?:a|b):^$' --untagged-only --ago 0d --keep 2 --dry-run",
        ),
    ],
    ids=["age", "keep", "wildcard-locked-dry-run", "regex-alternation", "prefixes", "untagged", "untagged-keep"],
)
def test_compile_rule_writes_the_exact_command(rule, mode, expected):
    command = compile_rule(rule, [], image=IMAGE, mode=mode)

    assert command.text == expected
    assert shlex.split(command.text) == command.argv()


def test_compile_rule_never_uses_untagged_for_a_tag_rule():
    command = compile_rule(tag_rule(older_than="1d"), [], image=IMAGE, mode="enforce")

    assert "--untagged" not in command.arguments
    assert "--untagged-only" not in command.arguments


def test_compile_rule_adds_concurrency_when_set():
    command = compile_rule(tag_rule(older_than="1d"), [], image=IMAGE, mode="enforce", concurrency=4)

    assert command.arguments[-2:] == ("--concurrency", "4")


def test_compile_rule_runs_a_pinned_image_not_the_acr_alias():
    command = compile_rule(tag_rule(older_than="1d"), [], image=IMAGE, mode="enforce")

    assert command.text.split()[0] == "mcr.microsoft.com/acr/acr-cli:0.19"
    assert command.argv()[1] == "purge"


def test_compile_rule_strips_user_anchors_so_no_double_dollar_reaches_the_runner():
    command = compile_rule(tag_rule(tags={"regex": "^v1$"}, older_than="1d"), [], image=IMAGE, mode="enforce")

    assert command.filters[0].tag == "^v1$"
    assert "$$" not in command.text


@pytest.mark.parametrize(
    ("regex", "tag_regex"),
    [("^?v1", "^^?v1$"), ("^*v1", "^^*v1$"), ("^v1$", "^v1$"), ("[](]?v1|x", "^(?:[](]?v1|x)$")],
    ids=["optional-caret", "repeated-caret", "plain-anchors", "bracket-first-in-class"],
)
def test_compile_rule_keeps_what_is_not_a_plain_anchor(regex, tag_regex):
    rule = TagRule(id="r", kind="tags", repositories=["app"], tags={"regex": regex}, older_than="30d")

    command = compile_rule(rule, [], image=IMAGE, mode="enforce")

    assert command.text == f"{PREFIX} --filter 'app:{tag_regex}' --ago 30d"
