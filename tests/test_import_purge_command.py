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


SPLIT = "split it into one acr purge command per line"
NOT_ONE_COMMAND = (
    "so this is not one acr purge command and the import cannot keep what it does"
)


@pytest.mark.parametrize(
    ("line", "operator", "does", "fix"),
    [
        pytest.param(
            "acr purge --filter 'hello-world:.*' --ago 7d && "
            "acr purge --filter 'x:.*' --ago 1d",
            "'&&'",
            "ends acr purge there and, if it succeeds, runs "
            "'acr purge --filter 'x:.*' --ago 1d' as another command",
            SPLIT,
            id="and",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d || acr purge --filter 'x:.*' --ago 1d",
            "'||'",
            "ends acr purge there and, if it fails, runs "
            "'acr purge --filter 'x:.*' --ago 1d' as another command",
            SPLIT,
            id="or",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d; rm -rf /",
            "';'",
            "ends acr purge there and then runs 'rm -rf /' as another command",
            SPLIT,
            id="semicolon",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d;",
            "';'",
            "ends acr purge there",
            "remove the ';'",
            id="trailing-semicolon",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d & acr purge --filter 'x:.*' --ago 1d",
            "'&'",
            "runs acr purge in the background and "
            "'acr purge --filter 'x:.*' --ago 1d' as another command at once",
            SPLIT,
            id="background",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d | tee purge.log",
            "'|'",
            "pipes the output of acr purge into 'tee purge.log'",
            "put a value that needs '|' in single quotes (--filter 'repo:a|b'), or "
            + SPLIT,
            id="pipe",
        ),
        pytest.param(
            "acr purge --filter app:v1|v2 --ago 7d",
            "'|'",
            "pipes the output of acr purge into 'v2 --ago 7d'",
            "put a value that needs '|' in single quotes (--filter 'repo:a|b'), or "
            + SPLIT,
            id="pipe-in-an-unquoted-filter",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago `cat ago.txt`",
            "'`'",
            "runs the command after '`' first and pastes its output into the "
            "arguments of acr purge",
            "write the value itself, not a command that prints it (inside single "
            "quotes '`' is literal)",
            id="backquote",
        ),
        pytest.param(
            'acr purge --filter "a:$(cat tags.txt)" --ago 7d',
            "'$('",
            "runs the command after '$(' first and pastes its output into the "
            "arguments of acr purge",
            "write the value itself, not a command that prints it (inside single "
            "quotes '$(' is literal)",
            id="dollar-paren-in-double-quotes",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d > purge.log",
            "'>'",
            "redirects the input or output of acr purge",
            "remove the redirection (inside single quotes '>' is literal)",
            id="redirect-output",
        ),
        pytest.param(
            "acr purge --filter 'a:.*' --ago 7d < /dev/null",
            "'<'",
            "redirects the input or output of acr purge",
            "remove the redirection (inside single quotes '<' is literal)",
            id="redirect-input",
        ),
        pytest.param(
            "acr purge --filter app:(v1|v2) --ago 7d",
            "'('",
            "reads '(' as grouping syntax, not as part of an argument",
            "put a value that needs '(' in single quotes (--filter 'repo:(a|b)')",
            id="parenthesis",
        ),
        pytest.param(
            "echo start; acr purge --filter 'a:.*' --ago 7d",
            "';'",
            "ends 'echo start' there and then runs "
            "'acr purge --filter 'a:.*' --ago 7d' as another command",
            SPLIT,
            id="purge-after-another-command",
        ),
    ],
)
def test_a_command_line_with_a_shell_operator_is_refused_naming_it(
    line, operator, does, fix
):
    text = f"acr purge --filter 'ok:.*' --ago 1d\n{line}\n"

    with pytest.raises(ImportRefused) as refused:
        import_text(
            text,
            source="cmd.txt",
            options=ImportOptions(registry="myregistry", resource_group="rg"),
        )

    (refusal,) = refused.value.refusals
    assert refusal.where == "cmd.txt:2"
    assert refusal.message == (
        f"unquoted shell operator {operator}: the shell {does}, {NOT_ONE_COMMAND}"
    )
    assert refusal.value == line
    assert refusal.fix == fix


def test_every_line_with_a_shell_operator_is_refused_in_one_pass():
    text = (
        "acr purge --filter 'a:.*' --ago 7d && acr purge --filter 'x:.*' --ago 1d\n"
        "acr purge --filter 'b:.*' --ago 7d\n"
        "acr purge --filter 'c:.*' --ago 7d; rm -rf /\n"
    )

    with pytest.raises(ImportRefused) as refused:
        import_text(
            text,
            source="cmd.txt",
            options=ImportOptions(registry="myregistry", resource_group="rg"),
        )

    assert [
        (r.where, r.message.split(":")[0], r.fix) for r in refused.value.refusals
    ] == [
        ("cmd.txt:1", "unquoted shell operator '&&'", SPLIT),
        ("cmd.txt:3", "unquoted shell operator ';'", SPLIT),
    ]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("acr purge --filter 'app:^v1|^v2' --ago 7d", id="single-quoted"),
        pytest.param('acr purge --filter "app:^v1|^v2" --ago 7d', id="double-quoted"),
        pytest.param(
            "acr purge --filter app:^v1\\|^v2 --ago 7d", id="backslash-escaped"
        ),
    ],
)
def test_a_quoted_pipe_in_a_filter_is_a_regex_alternation_and_imports(line, tmp_path):
    result = import_text(
        line,
        source="cmd.txt",
        options=ImportOptions(registry="myregistry", resource_group="rg"),
    )

    assert rules_of(result) == {
        "purge": [
            {
                "id": "purge-1",
                "kind": "tags",
                "repositories": ["app"],
                "tags": {"wildcards": ["v1*", "v2*"]},
                "older_than": "7d",
            }
        ]
    }
    assert commands_of(compile_text(result.text, tmp_path)) == {
        "imported-purge": [f"{IMAGE} --filter 'app:^(?:v1.*|v2.*)$' --ago 7d"]
    }


def test_a_trailing_comment_is_dropped_as_the_shell_drops_it():
    result = import_text(
        "acr purge --filter 'app:.*' --ago 7d  # nightly; it's | harmless",
        source="cmd.txt",
        options=ImportOptions(registry="myregistry", resource_group="rg"),
    )

    assert [r["older_than"] for r in rules_of(result)["purge"]] == ["7d"]
    assert "ignores the arguments" not in result.text


def test_flags_after_a_comment_are_not_read():
    with pytest.raises(ImportRefused) as refused:
        import_text(
            "acr purge --filter 'app:.*' # --ago 7d",
            source="cmd.txt",
            options=ImportOptions(registry="myregistry", resource_group="rg"),
        )

    assert (
        "acr purge rejects this command (--ago is required when not using "
        "--untagged-only)" in refused.value.refusals[0].message
    )


def test_an_unclosed_quote_is_refused_with_its_column():
    with pytest.raises(ImportRefused) as refused:
        import_text(
            "acr purge --filter 'app:.* --ago 7d",
            source="cmd.txt",
            options=ImportOptions(registry="myregistry", resource_group="rg"),
        )

    (refusal,) = refused.value.refusals
    assert (refusal.where, refusal.message.split(",")[0]) == (
        "cmd.txt:1",
        "the shell cannot read the command: the single quote at column 20 is never "
        "closed",
    )
    assert refusal.fix == "close the quote in the source first, then import it"


def test_words_acr_purge_ignores_are_noted_not_refused():
    result = import_text(
        "acr purge --filter 'app:.*' --ago 7d leftover -- --keep",
        source="cmd.txt",
        options=ImportOptions(registry="myregistry", resource_group="rg"),
    )

    assert (
        "acr purge ignores the arguments 'leftover' '--keep'; so does the import"
        in comments_text(result)
    )


CREATE = (
    "az acr task create --name purgeTask --registry myregistry -g rg-team "
    '--schedule "0 0 * * *" --context /dev/null '
)


@pytest.mark.parametrize(
    ("line", "where", "message", "fix"),
    [
        pytest.param(
            CREATE + "--cmd \"acr purge --filter 'a:.*' --ago 7d && acr purge "
            "--filter 'x:.*' --ago 1d\"",
            "task purgeTask (create.sh:1), step 1",
            "unquoted shell operator '&&': the shell ends acr purge there and, if it "
            "succeeds, runs 'acr purge --filter 'x:.*' --ago 1d' as another command "
            "in the task runner's shell, outside the acr-cli container, "
            + NOT_ONE_COMMAND,
            "split it into one acr purge command per az acr task create line",
            id="and-inside-cmd",
        ),
        pytest.param(
            CREATE + "--cmd 'acr purge --filter \"a:.*\" --ago 7d; echo done'",
            "task purgeTask (create.sh:1), step 1",
            "unquoted shell operator ';': the shell ends acr purge there and then runs "
            "'echo done' as another command in the task runner's shell, outside the "
            "acr-cli container, " + NOT_ONE_COMMAND,
            "split it into one acr purge command per az acr task create line",
            id="semicolon-inside-single-quoted-cmd",
        ),
        pytest.param(
            CREATE + "--cmd \"acr purge --filter 'a:.*' --ago 7d\" && az acr task "
            "run --name purgeTask",
            "create.sh:1",
            "unquoted shell operator '&&': the shell ends az acr task create there "
            "and, if it succeeds, runs 'az acr task run --name purgeTask' as another "
            "command, so this is not one az acr task create command and the import "
            "cannot keep what it does",
            "split it into one az acr task create command per line",
            id="and-after-the-az-command",
        ),
        pytest.param(
            CREATE + "--cmd \"acr purge --filter 'a:$(cat tags)' --ago 7d\"",
            "create.sh:1",
            "unquoted shell operator '$(': the shell runs the command after '$(' first "
            "and pastes its output into the arguments of az acr task create, so this "
            "is not one az acr task create command and the import cannot keep what it "
            "does",
            "write the value itself, not a command that prints it (inside single "
            "quotes '$(' is literal)",
            id="substitution-the-creating-shell-runs",
        ),
    ],
)
def test_az_acr_task_create_with_a_shell_operator_is_refused(line, where, message, fix):
    with pytest.raises(ImportRefused) as refused:
        import_text(line, source="create.sh", options=ImportOptions())

    (refusal,) = refused.value.refusals
    assert (refusal.where, refusal.message, refusal.fix) == (where, message, fix)


def test_az_acr_task_create_keeps_a_quoted_pipe_in_its_cmd(tmp_path):
    line = CREATE + "--cmd \"acr purge --filter 'app:^v1|^v2' --ago 7d\""

    result = import_text(line, source="create.sh", options=ImportOptions())

    assert commands_of(compile_text(result.text, tmp_path)) == {
        "imported-purgetask": [f"{IMAGE} --filter 'app:^(?:v1.*|v2.*)$' --ago 7d"]
    }
