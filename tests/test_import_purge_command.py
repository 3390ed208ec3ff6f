"""Bare acr purge command lines: every flag, acr-cli's matching rules, exact commands."""

from __future__ import annotations

import pytest

from acr_lifecycle.importers import ImportOptions, ImportRefused, import_text
from acr_lifecycle.importers.purge_command import shown_command
from acr_lifecycle.importers.regexes import (
    tag_selection,
    whole_repository_patterns,
    whole_tag_regex,
)
from acr_lifecycle.review.commands import parse_cmd

from .import_support import (
    IMAGE,
    commands_of,
    comments_text,
    compile_text,
    import_fixture,
    rules_of,
)


@pytest.mark.parametrize(
    ("acr_regex", "whole_tag"),
    [
        ("v1", ".*v1.*"),
        ("^v1$", "v1"),
        ("^v1", "v1.*"),
        ("v1$", ".*v1"),
        (".*", ".*"),
        ("^.*$", ".*"),
        ("^dev-|^test-", "dev-.*|test-.*"),
        ("^v1|v2$", "v1.*|.*v2"),
        ("^(?!latest$).*$", "(?!latest$).*"),
        ("^$", ""),
        ("a\\$", ".*a\\$.*"),
    ],
)
def test_whole_tag_regex_matches_what_acr_cli_found_anywhere_in_the_tag(
    acr_regex, whole_tag
):
    assert whole_tag_regex(acr_regex) == whole_tag


@pytest.mark.parametrize(
    ("acr_pattern", "patterns"),
    [
        ("samples/.*", ["samples/.*"]),
        ("foo|bar", ["foo.*", ".*bar"]),
        ("a|b|c", ["a.*", ".*b.*", ".*c"]),
        ("(?:a|b)", ["a", "b"]),
    ],
)
def test_repository_patterns_keep_acr_cli_concatenated_anchors(acr_pattern, patterns):
    assert whole_repository_patterns(acr_pattern) == patterns


@pytest.mark.parametrize(
    ("body", "selection"),
    [
        (".*", "any"),
        ("v.*", {"wildcards": ["v*"]}),
        (".*rc.*", {"wildcards": ["*rc*"]}),
        ("v1\\.2.*|rc-.*", {"wildcards": ["v1.2*", "rc-*"]}),
        ("v1.2", {"regex": "v1.2"}),
        ("v[0-9]+", {"regex": "v[0-9]+"}),
    ],
)
def test_tag_selection_is_the_most_readable_form_of_the_same_regex(body, selection):
    assert tag_selection(body) == selection


def test_parse_cmd_reads_every_pflag_spelling():
    step = parse_cmd(
        "acr purge -fa:b --filter=c:d -f e:f -r=reg --ago=1d --keep 2 --dry-run=false "
        "--untagged=true -u user -p pass -c /x --config=/y --verbose extra -- --not-a-flag"
    )

    assert step.filters == ["a:b", "c:d", "e:f"]
    assert step.options == {
        "registry": "reg",
        "ago": "1d",
        "keep": "2",
        "dry_run": False,
        "untagged": True,
        "username": "user",
        "password": "pass",
        "config": ["/x", "/y"],
        "verbose": True,
    }
    assert step.positional == ["extra", "--not-a-flag"]
    assert step.unknown == []


def test_commands_with_every_flag_import_into_exact_commands(tmp_path):
    result = import_fixture("commands-every-flag.txt", resource_group="rg-team")

    plan = compile_text(result.text, tmp_path)

    assert result.problems == ()
    assert commands_of(plan) == {
        "imported-purge": [
            f"{IMAGE} --filter 'team/app:^(?:v1.*|.*rc.*)$' --ago 1d12h --keep 3 --include-locked --concurrency 32 --dry-run",
            f"{IMAGE} --filter 'team/tools:^.*$' --ago 2d --concurrency 32 --dry-run",
            f"{IMAGE} --filter 'team/tools:^$' --untagged-only --ago 2d --concurrency 32 --dry-run",
            f"{IMAGE} --filter 'team/cache:^$' --untagged-only --ago 0d --keep 2 --concurrency 32 --dry-run",
        ]
    }
    task = plan.tasks[0]
    assert (task.registry.name, task.registry.resource_group, task.mode) == (
        "myregistry",
        "rg-team",
        "dry-run",
    )


def test_commands_say_how_each_flag_was_read():
    result = import_fixture("commands-every-flag.txt", resource_group="rg-team")

    text = comments_text(result)
    for said in (
        "acr-cli lowers --concurrency 40 to 32",
        "--filter-timeout-seconds 30 is dropped",
        "--repository-page-size is dropped",
        "--verbose is dropped",
        "--username, --password, --config dropped (values not copied)",
        "acr-cli finds tag regex 'rc' anywhere in a tag; the whole-tag regex '.*rc.*' matches the same tags",
        "--untagged-only without --ago deletes at any age: older_than 0d",
        "in dry-run mode this rule lists only manifests that are untagged now",
    ):
        assert said in text
    assert "s3cret" not in result.text
    assert "--password ***" in result.text


def test_the_password_is_never_shown():
    assert shown_command(
        "acr purge -p s3cret --password='a b' -pxyz --repository-page-size 5"
    ) == ("acr purge -p *** --password=*** -p*** --repository-page-size 5")


@pytest.mark.parametrize(
    ("ago", "expected", "approximate"),
    [
        ("7d", "7d", None),
        ("36h", "1d12h", None),
        ("1.5d", "1d", None),
        ("-1d", "0d", None),
        ("30m", "1h", "is not a whole number of hours"),
        (
            "abc",
            "3650d",
            "acr-cli reads --ago 'abc' as 150 years, so the step deleted nothing",
        ),
        ("4000d", "3650d", "longer than 3650 days"),
    ],
)
def test_ago_is_read_as_acr_cli_reads_it(ago, expected, approximate, tmp_path):
    text = f"acr purge --filter 'app:.*' --ago {ago} --keep 1"
    options = ImportOptions(
        registry="myregistry", resource_group="rg", allow_approximate=True
    )

    result = import_text(text, source="cmd", options=options)

    rule = rules_of(result)["purge"][0]
    assert rule.get("older_than", "0d") == expected
    if approximate:
        assert approximate in comments_text(result)
        with pytest.raises(ImportRefused):
            import_text(
                text,
                source="cmd",
                options=ImportOptions(registry="myregistry", resource_group="rg"),
            )


def test_a_filter_that_selects_no_tag_adds_only_the_untagged_rule(tmp_path):
    text = "acr purge --filter 'samples/devimage1:^$' --filter 'samples/devimage2:^$' --ago 0d --untagged"

    result = import_text(
        text,
        source="cmd",
        options=ImportOptions(registry="myregistry", resource_group="rg"),
    )

    assert commands_of(compile_text(result.text, tmp_path)) == {
        "imported-purge": [
            f"{IMAGE} --filter '(?:samples/devimage1|samples/devimage2):^$' --untagged-only --ago 0d"
        ]
    }


def test_a_command_without_registry_gets_a_placeholder_that_is_pointed_out():
    result = import_text(
        "acr purge --filter 'app:.*' --ago 7d", source="cmd", options=ImportOptions()
    )

    assert "name: registryname" in result.text
    assert (
        "placeholder: the source does not name the registry's name and resource"
        in result.text
    )


def test_an_old_acr_cli_with_untagged_is_an_approximation_because_the_release_changes(
    tmp_path,
):
    text = "mcr.microsoft.com/acr/acr-cli:0.17 purge --filter 'app:.*' --ago 7d --keep 2 --untagged"
    options = ImportOptions(
        registry="myregistry", resource_group="rg", allow_approximate=True
    )

    result = import_text(text, source="cmd", options=options)

    assert commands_of(compile_text(result.text, tmp_path)) == {
        "imported-purge": [
            f"{IMAGE} --filter 'app:^.*$' --ago 7d --keep 2",
            f"{IMAGE} --filter 'app:^$' --untagged-only --ago 7d",
        ]
    }
    assert "applied --ago but not --keep to manifests" in comments_text(result)


def test_az_acr_task_create_is_read_as_the_task_it_registers(tmp_path):
    text = (
        "az acr task create --name purgeTask --registry myregistry -g rg-team "
        "--cmd \"acr purge --filter 'hello-world:.*' --ago 7d\" "
        '--schedule "0 0 * * *" --schedule "nightly:30 1 * * *" --context /dev/null'
    )

    result = import_text(text, source="create.sh", options=ImportOptions())
    plan = compile_text(result.text, tmp_path)

    assert result.kind == "command"
    assert commands_of(plan) == {
        "imported-purgetask": [f"{IMAGE} --filter 'hello-world:^.*$' --ago 7d"]
    }
    assert [(t.name, t.schedule) for t in plan.tasks[0].timer_triggers] == [
        ("nightly", "30 1 * * *"),
        ("t1", "0 0 * * *"),
    ]
    assert plan.tasks[0].registry.resource_group == "rg-team"
