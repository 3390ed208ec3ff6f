"""Reported purge failures (tests/fixtures/cases) replayed through the simulator.

Each case gives a flattened registry snapshot, the acr purge command lines, the release
and the exact items that must go. Every simulator half of a case is one test here.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from acr_lifecycle.catalogue.patterns import PatternError, split_filter
from acr_lifecycle.preview.engine import compile_filter_regex
from acr_lifecycle.preview.profiles import profile_for
from acr_lifecycle.preview.rows import registry_from_rows
from acr_lifecycle.preview.simulator import (
    INDEX_CHILD,
    LOCKED,
    REFERRER,
    RegistryState,
    simulate_purge,
)
from acr_lifecycle.preview.timestamps import parse_timestamp

CASES = Path(__file__).parent / "fixtures" / "cases"


def load_case(name: str) -> dict:
    return json.loads((CASES / f"{name}.json").read_text())


def run(case: dict, command: str, version: str | None = None):
    data = case["input"]
    profile = profile_for(version or data.get("acr_cli_version", "0.19"))
    state = RegistryState(registry_from_rows(data["snapshot"]))
    return simulate_purge(
        shlex.split(command), state, now=parse_timestamp(data["now"]), profile=profile
    )


def assert_deleted(result, expected: dict) -> None:
    assert result.error is None
    if "deleted_tags" in expected:
        assert sorted(result.deleted_tags) == sorted(expected["deleted_tags"])
    if "deleted_manifests" in expected:
        assert sorted(result.deleted_manifests) == sorted(expected["deleted_manifests"])


# br-01: multi-platform index, attestations and a signature under --untagged.


def test_a_tagged_index_protects_its_children_and_referrers_are_never_deleted():
    case = load_case("br-01")
    result = run(case, case["input"]["command"])
    assert_deleted(result, case["expected"])
    kept = result.repositories[0].kept_manifests
    assert sorted(kept[INDEX_CHILD]) == ["sha256:amd2", "sha256:arm2", "sha256:att2"]
    assert kept[REFERRER] == ["sha256:sig2"]


def test_an_expired_index_goes_with_its_children_and_the_registry_drops_its_referrer():
    case = load_case("br-01")
    result = run(case, case["input"]["variant_b"]["command"])
    assert_deleted(result, case["expected"]["variant_b"])
    assert result.removed_by_registry == ["example/multi@sha256:sig2"]


@pytest.mark.parametrize(
    ("version", "expected_key"),
    [("0.6", "<=0.6"), ("0.7", "0.7"), ("0.8", ">=0.8"), ("0.14", ">=0.8")],
)
def test_index_and_referrer_protection_follow_the_release(version, expected_key):
    case = load_case("br-01")
    result = run(case, case["input"]["command"], version)
    assert_deleted(result, case["expected"]["by_version"][expected_key])


# br-02: --untagged does not narrow the tag phase.


@pytest.mark.parametrize("variant", ["a", "b", "c", "d", "e"])
def test_untagged_deletes_matching_old_tags_first_then_every_untagged_manifest(variant):
    case = load_case("br-02")
    result = run(case, case["input"]["commands"][variant])
    assert_deleted(result, case["expected"][variant])


def test_untagged_only_is_refused_by_releases_before_it_existed():
    case = load_case("br-02")
    result = run(case, case["input"]["commands"]["e"], "0.17")
    assert result.exit_code == 1
    assert result.error == "unknown flag: --untagged-only"
    assert result.deleted_tags == [] and result.deleted_manifests == []


# br-04: --keep applies to tags, and since 0.18 again to untagged manifests.


@pytest.mark.parametrize(
    ("version", "expected_key"),
    [("0.18", ">=0.18"), ("0.19", ">=0.18"), ("0.17", "<=0.17")],
)
def test_keep_counts_separately_in_the_tag_and_the_manifest_phase(
    version, expected_key
):
    case = load_case("br-04")
    result = run(case, case["input"]["command"], version)
    assert_deleted(result, case["expected"][expected_key])


# br-06: shell globs and a host prefix in the repository part match nothing.


def test_glob_and_host_prefixed_repository_parts_match_no_repository():
    case = load_case("br-06")
    result = run(case, case["input"]["command"])
    assert_deleted(result, case["expected"]["command"])
    assert result.repositories == []
    assert len([w for w in result.warnings if "matched 0 repositories" in w]) == 3


def test_repository_regexes_written_as_regexes_select_every_intended_repository():
    case = load_case("br-06")
    result = run(case, case["input"]["fixed_command"])
    assert_deleted(result, case["expected"]["fixed_command"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello-(?:world):latest", ("hello-(?:world)", "latest")),
        ("app:^(?:(?!release).)*$", ("app", "^(?:(?!release).)*$")),
        (":", "missing repository name/expression"),
        ("repo:", "missing tag name/expression"),
        ("a:b:c", "unable to correctly parse filter flag"),
    ],
)
def test_filters_split_at_the_colon_acr_cli_chooses(text, expected):
    if isinstance(expected, tuple):
        assert split_filter(text) == expected
    else:
        with pytest.raises(PatternError, match=expected):
            split_filter(text)


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("^(?:(?!release).)*$", "release-1.0", False),
        ("^(?:(?!release).)*$", "pr-12", True),
        ("^*$", "any/repository", True),
        ("v1", "v1", True),
        ("v1", "v10", True),
        ("v1", "dev-v1-rc", True),
    ],
)
def test_regexes_match_as_regexp2_searches(pattern, name, matches):
    assert compile_filter_regex(pattern).search(name) is matches


# br-07: locked tags and manifests.


def test_locked_tags_and_manifests_are_skipped_without_error():
    case = load_case("br-07")
    result = run(case, case["input"]["command"])
    assert_deleted(result, case["expected"][">=0.7"])
    outcome = result.repositories[0]
    assert outcome.kept_tags[LOCKED] == ["1.0"]
    assert outcome.kept_manifests[LOCKED] == ["sha256:l4"]


def test_include_locked_deletes_locked_tags_and_manifests_too():
    case = load_case("br-07")
    result = run(case, case["input"]["variants"]["include_locked"])
    assert_deleted(result, case["expected"]["include_locked (>=0.17)"])


def test_a_locked_tag_is_neither_deleted_nor_counted_by_keep():
    case = load_case("br-07")
    result = run(case, case["input"]["variants"]["keep"])
    assert_deleted(result, case["expected"]["keep"])


def test_releases_before_0_7_fail_on_a_write_locked_tag():
    case = load_case("br-07")
    result = run(case, case["input"]["command"], "0.6")
    assert result.exit_code == 1
    assert "myimage:1.0" in result.error and "refused" in result.error


# br-09: a 0.4 image reads the repository part literally.


def test_release_0_4_reads_the_repository_part_literally_and_deletes_nothing():
    case = load_case("br-09")
    command = "acr purge --filter '.*:.*' --ago 30d --untagged"
    result = run(case, command, "0.4")
    assert_deleted(result, case["expected"]["simulator_0.4"])
    assert ".* repository not found" in result.warnings


@pytest.mark.parametrize("version", ["0.5", "0.14", "0.19"])
def test_release_0_5_and_later_match_repository_regexes(version):
    case = load_case("br-09")
    command = "acr purge --filter '.*:.*' --ago 30d --untagged"
    result = run(case, command, version)
    assert_deleted(result, case["expected"]["simulator_>=0.5"])
