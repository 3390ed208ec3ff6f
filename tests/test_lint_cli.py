"""``acr-lifecycle lint`` and the lint every synth runs: output, exit codes, cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from acr_lifecycle.cli import main

from .conftest import BUNDLED_CATALOGUE, FIXTURES, load_case

LINT = FIXTURES / "lint"


def invoke(*arguments: str):
    return CliRunner().invoke(main, list(arguments))


def test_lint_of_the_bundled_catalogue_exits_0_with_a_clean_summary():
    result = invoke("lint", str(BUNDLED_CATALOGUE))

    assert result.exit_code == 0
    assert result.stderr == "0 errors, 0 warnings\n"
    assert result.stdout == ""


def test_lint_exits_2_and_prints_each_error_with_place_owner_value_and_fix():
    result = invoke("lint", str(LINT / "delete-all"))

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{_shown(LINT / 'delete-all' / 'catalogue.yaml')}:7:24: error: policy wipe, "
        "rule everything: rule everything deletes every tag of every repository in the "
        "registry: repository pattern '.*' matches every repository, and the rule "
        "selects every tag with older_than 0d and no keep_newest; name the "
        "repositories, or give older_than or keep_newest; if emptying the whole "
        "registry is really meant, add 'acknowledge: [delete-all-tags, "
        "every-repository]' to the rule [delete-all]",
        "1 error, 0 warnings",
    ]


def test_synth_refuses_a_delete_all_catalogue_and_writes_nothing(tmp_path):
    out = tmp_path / "out"

    result = invoke("synth", "--catalogue", str(LINT / "delete-all"), "--out", str(out))

    assert result.exit_code == 2
    assert "rule everything deletes every tag of every repository" in result.stderr
    assert result.stderr.endswith("1 error in the catalogue; nothing was written.\n")
    assert not out.exists()


def test_json_output_lists_problems_for_machines():
    result = invoke("lint", str(LINT / "delete-all"), "--format", "json")

    document = json.loads(result.stdout)
    assert result.exit_code == 2
    assert document["ok"] is False
    assert (document["errors"], document["warnings"]) == (1, 0)
    assert document["problems"] == [
        {
            "file": _shown(LINT / "delete-all" / "catalogue.yaml"),
            "line": 7,
            "column": 24,
            "severity": "error",
            "code": "delete-all",
            "where": "policy wipe, rule everything",
            "message": "rule everything deletes every tag of every repository in the "
            "registry: repository pattern '.*' matches every repository, and the rule "
            "selects every tag with older_than 0d and no keep_newest",
            "value": ".*",
            "fix": "name the repositories, or give older_than or keep_newest; if "
            "emptying the whole registry is really meant, add 'acknowledge: "
            "[delete-all-tags, every-repository]' to the rule",
        }
    ]


@pytest.mark.parametrize(("strict", "code"), [(False, 0), (True, 2)])
def test_warnings_exit_0_unless_strict(tmp_path, strict, code):
    text = (BUNDLED_CATALOGUE / "policies.yaml").read_text()
    (tmp_path / "policies.yaml").write_text(text)

    result = invoke(
        "lint", str(tmp_path / "policies.yaml"), *(["--strict"] if strict else [])
    )

    assert result.exit_code == code
    assert result.stderr.count(": warning: ") == 4
    assert "unused-policy" in result.stderr


def test_explain_prints_each_assignments_next_three_runs_in_utc():
    result = invoke(
        "lint", str(BUNDLED_CATALOGUE), "--explain", "--now", "2026-07-17T12:30:00Z"
    )

    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "assignment dev-nightly (enforce): policies hello-world-7d, releases on "
        "acrlifecycledev",
        "  schedule-1 '0 1 * * *' (UTC): At 01:00, every day; next runs: 2026-07-18T01:00Z, "
        "2026-07-19T01:00Z, 2026-07-20T01:00Z",
    ]


def test_explain_in_json_gives_the_runs_as_utc_timestamps():
    result = invoke(
        "lint",
        str(BUNDLED_CATALOGUE),
        "--explain",
        "--format",
        "json",
        "--now",
        "2026-07-17T23:59:00+02:00",
    )

    weekly = next(
        a
        for a in json.loads(result.stdout)["assignments"]
        if a["assignment"] == "weekly"
    )
    assert weekly["schedules"] == [
        {
            "name": "sunday-0300-utc",
            "cron": "0 3 * * Sun",
            "enabled": True,
            "description": "At 03:00, only on Sunday",
            "next_runs_utc": [
                "2026-07-19T03:00Z",
                "2026-07-26T03:00Z",
                "2026-08-02T03:00Z",
            ],
        }
    ]


def test_br06_lint_explains_glob_and_host_patterns_in_the_users_terms():
    case = load_case("br-06")
    path = LINT / "handed" / "br-06.yaml"

    result = invoke("lint", str(path))

    shown = _shown(path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        f"{shown}:7:24: error: policy purge-test, rule test-repositories: repositories: "
        "repository pattern 'test-*' looks like a glob, but it is a regular expression "
        "matched against the whole name, so it would match nothing you expect (a purge "
        "that matches nothing still succeeds); did you mean 'test-.*'? [pattern]",
        f"{shown}:7:34: error: policy purge-test, rule test-repositories: repositories: "
        "repository pattern 'teamx*' looks like a glob, but it is a regular expression "
        "matched against the whole name, so it would match nothing you expect (a purge "
        "that matches nothing still succeeds); did you mean 'teamx.*'? [pattern]",
        f"{shown}:12:24: error: policy purge-test, rule cache: repositories: repository "
        "pattern 'upstream.example.io/upstream-org/cache' starts with the host "
        "'upstream.example.io'; repository names in a registry never include a host, "
        "so it would match nothing; write 'upstream-org/cache' [pattern]",
    ]
    for fragment in case["expected"]["generator"]["message_contains"]:
        assert fragment in lines[0]
    assert "'test-.*:.*'" in case["input"]["fixed_command"]


def test_br02_lint_explains_that_untagged_also_purges_tags():
    case = load_case("br-02")
    path = LINT / "handed" / "br-02.yaml"

    result = invoke("lint", str(path))

    shown = _shown(path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        f"{shown}:8:9: error: policy untagged, rule untagged-only: unknown key 'tags': "
        "an untagged rule deletes only manifests that have no tag, so it selects no "
        "tags (acr purge --untagged with a tag filter such as '.*' would also delete "
        "every matching tag older than --ago) (value: 'any'); remove it; to also "
        "expire tags, add a rule with kind: tags [extra-forbidden]",
        f"{shown}:15:9: error: policy untagged, rule tags-too: unknown key 'untagged': "
        "in acr purge, --untagged does not narrow a tag purge: it first deletes the "
        "tags the filter selects that are older than --ago, then every manifest left "
        "without a tag (value: true); expire tags in this rule, and add a separate rule "
        "with kind: untagged for untagged manifests (it compiles to --untagged-only, "
        "which never deletes a tag) [extra-forbidden]",
        f"{shown}:19:23: error: policy untagged, rule never-a-tag: regex: the tag regex "
        "'^$' matches only the empty text, and no tag is empty, so the rule deletes "
        "nothing. ('^$' is the acr purge idiom for purging untagged manifests without "
        "touching tags); for untagged manifests write a rule of kind untagged; to "
        "select tags, write a regex that matches them [pattern]",
    ]
    # What the case's command 'a' deleted: tags as well as untagged manifests.
    assert case["expected"]["a"]["deleted_tags"]
    assert case["input"]["commands"]["a"].endswith("--untagged")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def test_lint_takes_the_catalogue_as_every_other_command_does():
    by_option = invoke("lint", "--catalogue", str(LINT / "delete-all"))
    by_argument = invoke("lint", str(LINT / "delete-all"))

    assert by_option.exit_code == by_argument.exit_code == 2
    assert by_option.stderr == by_argument.stderr


def test_lint_refuses_two_different_catalogues():
    result = invoke("lint", "-c", str(BUNDLED_CATALOGUE), str(LINT / "delete-all"))

    assert result.exit_code == 2
    assert "name two catalogues; give one of them" in result.output
