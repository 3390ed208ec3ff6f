"""The simulator's rules beyond the reported cases: anchoring, merging, keep, cutoffs,
locks, indexes, referrers, failures and the options for what nobody has verified."""

from __future__ import annotations

import shlex

import pytest

from acr_lifecycle.preview.inventory import (
    OCI_INDEX,
    OCI_MANIFEST,
    Manifest,
    Reference,
    Registry,
    Repository,
    Tag,
)
from acr_lifecycle.preview.profiles import profile_for
from acr_lifecycle.preview.rows import registry_from_rows
from acr_lifecycle.preview.simulator import (
    CLAIMED_BY_EARLIER_RULE,
    INDEX_CHILD,
    KEPT_BY_KEEP,
    LOCKED,
    NEWER_THAN_CUTOFF,
    NOT_MATCHED,
    REFERRER,
    Options,
    RegistryState,
    simulate_purge,
    simulate_task,
)
from acr_lifecycle.preview.timestamps import parse_timestamp

NOW = "2026-01-31T00:00:00Z"


def day(n: int) -> str:
    """A time ``n`` days before NOW."""
    return f"2026-01-{31 - n:02d}T00:00:00Z"


def row(repo, tag, digest, days_old, **extra) -> dict:
    return {
        "repo": repo,
        "tag": tag,
        "digest": digest,
        "lastUpdateTime": day(days_old),
    } | extra


def purge(rows_or_registry, command, *, version="0.19", now=NOW, options=Options()):
    registry = (
        rows_or_registry
        if isinstance(rows_or_registry, Registry)
        else registry_from_rows(rows_or_registry)
    )
    state = RegistryState(registry, options)
    result = simulate_purge(
        shlex.split(command),
        state,
        now=parse_timestamp(now),
        profile=profile_for(version),
    )
    return result, state


# Repository selection and tag regexes (R5, R6).


@pytest.mark.parametrize(
    ("repo_regex", "repository", "selected"),
    [
        ("samples/.*", "samples", False),
        ("samples/.*", "samples/x", True),
        ("samples/.*", "other/samples/x", False),
        (".*/cache", "cache", False),
        ("hello", "hello-world", False),
        ("foo|bar", "foobar-x", True),
        ("foo|bar", "xx-bar", True),
        ("foo|bar", "zfooz", False),
        ("(foo|bar)", "foox", False),
    ],
)
def test_the_repository_part_is_anchored_by_plain_concatenation(
    repo_regex, repository, selected
):
    result, _ = purge(
        [row(repository, "t", "sha256:a", 9)],
        f"acr purge -f '{repo_regex}:.*' --ago 1d",
    )
    assert (result.deleted_tags == [f"{repository}:t"]) is selected


@pytest.mark.parametrize(
    ("tag_regex", "tag", "selected"),
    [
        ("v1", "v10", True),
        ("v1", "xv1", True),
        ("latest", "not-latest-x", True),
        ("^v1$", "v10", False),
        ("^v1", "v10", True),
        ("^$", "anything", False),
        ("^dev-|^test-", "my-dev-x", False),
        ("^v1|v2$", "xv2", True),
    ],
)
def test_the_tag_part_is_an_unanchored_search(tag_regex, tag, selected):
    result, _ = purge(
        [row("app", tag, "sha256:a", 9)],
        f"acr purge --filter 'app:{tag_regex}' --ago 1d",
    )
    assert (result.deleted_tags == [f"app:{tag}"]) is selected


def test_keep_applies_once_per_repository_to_the_union_of_its_filters():
    rows = [row("app", f"a{i}", f"sha256:a{i}", 10 + i) for i in range(3)]
    rows += [row("app", f"b{i}", f"sha256:b{i}", 20 + i) for i in range(3)]
    result, _ = purge(
        rows, "acr purge --filter 'app:^a' --filter 'app:^b' --ago 1d --keep 2"
    )
    assert result.repositories[0].tag_regex == "^a|^b"
    assert result.repositories[0].kept_tags[KEPT_BY_KEEP] == ["a0", "a1"]
    assert result.deleted_tags == ["app:a2", "app:b0", "app:b1", "app:b2"]


def test_an_inline_flag_of_an_earlier_filter_leaks_into_later_ones():
    rows = [row("app", "xyz", "sha256:a", 9)]
    leaking, _ = purge(rows, "acr purge -f 'app:(?i)abc' -f 'app:XYZ' --ago 1d")
    not_leaking, _ = purge(rows, "acr purge -f 'app:XYZ' -f 'app:(?i)abc' --ago 1d")
    assert leaking.deleted_tags == ["app:xyz"]
    assert not_leaking.deleted_tags == []


def test_two_invalid_tag_regex_halves_can_merge_into_a_valid_one():
    rows = [row("app", "ab", "sha256:a", 9), row("app", "b", "sha256:b", 9)]
    result, _ = purge(rows, "acr purge -f 'app:a(' -f 'app:b)' --ago 1d")
    assert result.repositories[0].tag_regex == "a(|b)"
    assert result.error is None
    assert result.deleted_tags == ["app:ab"]


def test_an_invalid_tag_regex_fails_at_its_repository_after_earlier_ones_were_purged():
    rows = [
        row("a", "t", "sha256:1", 9),
        row("b", "t", "sha256:2", 9),
        row("c", "t", "sha256:3", 9),
    ]
    result, state = purge(rows, "acr purge -f 'a:.*' -f 'b:x(' -f 'c:.*' --ago 1d")
    assert result.exit_code == 1
    assert result.failed_repository == "b"
    assert "failed to build Regex" in result.error
    assert state.deleted_tags == {"a": {"t"}}
    assert result.summary_counts() == (1, 0)


def test_an_invalid_repository_regex_fails_before_anything_is_deleted():
    result, state = purge(
        [row("a", "t", "sha256:1", 9)], "acr purge -f 'a:.*' -f '(:.*' --ago 1d"
    )
    assert result.exit_code == 1
    assert state.deleted_tags == {}


# Keep and cutoffs (R7-R9, R11, R14).


def test_keep_counts_only_eligible_tags_in_newest_first_order():
    # The worked example of the notes: v8 locked, v7 kept by --keep 1; dev1 and v10
    # match 'v1' as a substring. (v9 is not only too new: no part of the regex matches.)
    rows = [
        row("app", "v9", "sha256:9", 1),
        row("app", "v8", "sha256:8", 10, locked=True),
        row("app", "v7", "sha256:7", 11),
        row("app", "dev1", "sha256:d", 12),
        row("app", "v6", "sha256:6", 13),
        row("app", "v5", "sha256:5", 14),
        row("app", "v10", "sha256:10", 15),
    ]
    result, _ = purge(rows, "acr purge --filter 'app:v1|v5|^v[6-8]$' --ago 5d --keep 1")
    assert result.deleted_tags == ["app:dev1", "app:v6", "app:v5", "app:v10"]
    kept = result.repositories[0].kept_tags
    assert kept == {
        NOT_MATCHED: ["v9"],
        LOCKED: ["v8"],
        KEPT_BY_KEEP: ["v7"],
    }


@pytest.mark.parametrize(
    ("tag_time", "deleted"),
    [
        ("2026-01-30T00:00:00.0000000Z", False),  # equal to the cutoff: strict <
        ("2026-01-29T23:59:59.9999999Z", True),
        ("2026-01-30T00:00:00.0000001Z", False),
    ],
)
def test_tag_cutoff_is_strict_at_full_ace_precision(tag_time, deleted):
    rows = [
        {"repo": "app", "tag": "t", "digest": "sha256:a", "lastUpdateTime": tag_time}
    ]
    result, _ = purge(rows, "acr purge -f 'app:.*' --ago 1d")
    assert (result.deleted_tags == ["app:t"]) is deleted


def test_seventh_fractional_digit_decides_against_a_cutoff_with_nanoseconds():
    rows = [
        {
            "repo": "app",
            "tag": "a",
            "digest": "sha256:a",
            "lastUpdateTime": "2026-01-30T00:00:00.0000001Z",
        },
        {
            "repo": "app",
            "tag": "b",
            "digest": "sha256:b",
            "lastUpdateTime": "2026-01-30T00:00:00.0000002Z",
        },
    ]
    result, _ = purge(
        rows, "acr purge -f 'app:.*' --ago 1d", now="2026-01-31T00:00:00.0000002Z"
    )
    assert result.deleted_tags == ["app:a"]


def test_manifest_cutoff_is_inclusive():
    rows = [row("app", None, "sha256:m", 1)]
    result, _ = purge(rows, "acr purge -f 'app:^$' --ago 1d --untagged")
    assert result.deleted_manifests == ["app@sha256:m"]


def test_a_manifest_without_a_readable_time_is_protected():
    registry = Registry(
        "r",
        {
            "app": Repository(
                "app",
                [],
                {
                    "sha256:m": Manifest("sha256:m", OCI_MANIFEST, None),
                    "sha256:n": Manifest("sha256:n", OCI_MANIFEST, "yesterday"),
                },
            )
        },
    )
    result, _ = purge(registry, "acr purge --untagged-only --ago 0d")
    assert result.deleted_manifests == []
    assert sorted(result.repositories[0].kept_manifests[NEWER_THAN_CUTOFF]) == [
        "sha256:m",
        "sha256:n",
    ]


def test_manifest_keep_sorts_by_time_then_digest():
    rows = [row("app", None, d, 5) for d in ("sha256:c", "sha256:a", "sha256:b")]
    result, _ = purge(rows, "acr purge --untagged-only --ago 1d --keep 2")
    assert result.repositories[0].kept_manifests[KEPT_BY_KEEP] == [
        "sha256:a",
        "sha256:b",
    ]
    assert result.deleted_manifests == ["app@sha256:c"]


def test_tied_tags_across_the_keep_boundary_are_warned_about_and_follow_the_option():
    rows = [row("app", "b", "sha256:b", 5), row("app", "a", "sha256:a", 5)]
    command = "acr purge -f 'app:.*' --ago 1d --keep 1"
    listed, _ = purge(rows, command)
    by_name, _ = purge(rows, command, options=Options(tie_order="name"))
    assert listed.deleted_tags == ["app:a"]
    assert by_name.deleted_tags == ["app:b"]
    assert any("same lastUpdateTime" in w for w in listed.warnings)


# Untagged manifests (R12, R13, R15).


def test_a_locked_index_does_not_protect_its_children_since_0_16():
    rows = [
        row(
            "app",
            "v1",
            "sha256:idx",
            5,
            mediaType=OCI_INDEX,
            references=["sha256:c1", "sha256:c2"],
        ),
        row("app", None, "sha256:c1", 5, mediaType=OCI_MANIFEST),
        row("app", None, "sha256:c2", 5, mediaType=OCI_MANIFEST),
    ]
    registry = registry_from_rows(rows)
    registry.repositories["app"].manifests["sha256:idx"].delete_enabled = False
    command = "acr purge -f 'app:^$' --ago 1d --untagged"
    gap, _ = purge(registry, command)
    unlocked, _ = purge(registry, command + " --include-locked")
    old, _ = purge(registry, command, version="0.14")
    assert gap.deleted_manifests == ["app@sha256:c1", "app@sha256:c2"]
    assert unlocked.deleted_manifests == []
    assert old.deleted_manifests == []


def test_a_tagged_index_protects_nested_indexes_and_their_children():
    rows = [
        row(
            "app", "v1", "sha256:top", 5, mediaType=OCI_INDEX, references=["sha256:mid"]
        ),
        row(
            "app",
            None,
            "sha256:mid",
            5,
            mediaType=OCI_INDEX,
            references=["sha256:leaf"],
        ),
        row("app", None, "sha256:leaf", 5, mediaType=OCI_MANIFEST),
    ]
    result, _ = purge(rows, "acr purge -f 'app:^$' --ago 1d --untagged")
    assert result.deleted_manifests == []
    assert sorted(result.repositories[0].kept_manifests[INDEX_CHILD]) == [
        "sha256:leaf",
        "sha256:mid",
    ]


def test_a_referrer_index_is_kept_and_keeps_its_children():
    rows = [
        row(
            "app",
            None,
            "sha256:ref",
            5,
            mediaType=OCI_INDEX,
            subject="sha256:gone",
            references=["sha256:part"],
        ),
        row("app", None, "sha256:part", 5, mediaType=OCI_MANIFEST),
    ]
    result, _ = purge(rows, "acr purge --untagged-only --ago 1d")
    kept = result.repositories[0].kept_manifests
    assert kept[REFERRER] == ["sha256:ref"] and kept[INDEX_CHILD] == ["sha256:part"]


def test_a_manifest_without_media_type_is_never_deleted_but_protects_children():
    registry = Registry(
        "r",
        {
            "app": Repository(
                "app",
                [],
                {
                    "sha256:x": Manifest("sha256:x", None, day(5)),
                    "sha256:y": Manifest("sha256:y", OCI_MANIFEST, day(5)),
                },
            )
        },
    )
    registry.repositories["app"].tags.append(Tag("v1", "sha256:z", day(5)))
    registry.repositories["app"].manifests["sha256:z"] = Manifest(
        "sha256:z", None, day(5), tags=("v1",), references=(Reference("sha256:y"),)
    )
    result, _ = purge(registry, "acr purge --untagged-only --ago 1d")
    kept = result.repositories[0].kept_manifests
    assert result.deleted_manifests == []
    assert kept[INDEX_CHILD] == ["sha256:y"]
    assert "sha256:x" in kept[NOT_MATCHED]


def test_a_dry_run_counts_this_runs_tag_deletions_but_changes_nothing():
    rows = [row("app", "old", "sha256:a", 9), row("app", "new", "sha256:b", 0)]
    result, state = purge(rows, "acr purge -f 'app:.*' --ago 1d --untagged --dry-run")
    assert result.deleted_tags == ["app:old"]
    assert result.deleted_manifests == ["app@sha256:a"]
    assert state.deleted_tags == {} and state.deleted_manifests == {}


def test_whether_untagging_updates_a_manifest_time_is_an_option_with_a_warning():
    rows = [row("app", "old", "sha256:a", 9)]
    command = "acr purge -f 'app:.*' --ago 1d --untagged"
    unchanged, _ = purge(rows, command)
    bumped, _ = purge(rows, command, options=Options(untag_bumps_manifest_time=True))
    assert unchanged.deleted_manifests == ["app@sha256:a"]
    assert bumped.deleted_manifests == []
    for result in (unchanged, bumped):
        assert any("lost its last tag" in w for w in result.warnings)


# Tasks and failures (R16, R17).


def test_a_task_carries_each_real_runs_deletions_into_the_next_step():
    rows = [row("app", "v1", "sha256:a", 9), row("app", "dev", "sha256:b", 9)]
    steps = [
        (shlex.split("acr purge -f 'app:^v' --ago 0d --keep 5"), "keep-releases"),
        (shlex.split("acr purge -f 'app:^(?!v).*$' --ago 1d"), "others"),
        (shlex.split("acr purge -f 'app:^$' --untagged-only --ago 0d"), "untagged"),
    ]
    task = simulate_task(
        steps,
        registry_from_rows(rows),
        now=parse_timestamp(NOW),
        profile=profile_for("0.19"),
    )
    first, second, third = task.steps
    assert first.deleted_tags == [] and second.deleted_tags == ["app:dev"]
    assert second.repositories[0].kept_tags[CLAIMED_BY_EARLIER_RULE] == ["v1"]
    assert third.deleted_manifests == ["app@sha256:b"]


def test_a_failing_step_stops_the_task():
    steps = [
        (shlex.split("acr purge -f 'app:.*' --ago 1x"), "bad"),
        (shlex.split("acr purge -f 'app:.*' --ago 1d"), "good"),
    ]
    task = simulate_task(
        steps,
        registry_from_rows([row("app", "t", "sha256:a", 9)]),
        now=parse_timestamp(NOW),
        profile=profile_for("0.19"),
    )
    assert task.exit_code == 1
    assert task.steps[1].skipped and task.steps[1].deleted_tags == []


def test_an_unreadable_tag_time_aborts_the_run_when_a_filter_reaches_it():
    rows = [row("app", "ok", "sha256:a", 9)]
    rows.append(
        {"repo": "app", "tag": "bad", "digest": "sha256:b", "lastUpdateTime": "x"}
    )
    untouched, _ = purge(rows, "acr purge -f 'app:^ok$' --ago 1d")
    reached, _ = purge(rows, "acr purge -f 'app:.*' --ago 1d")
    assert untouched.deleted_tags == ["app:ok"]
    assert reached.exit_code == 1 and 'parsing time "x"' in reached.error


# Command-line validation (R1).


@pytest.mark.parametrize(
    ("arguments", "version", "message"),
    [
        (
            "--ago 1d",
            "0.19",
            "at least one of the flags in the group [filter untagged-only]",
        ),
        ("--untagged-only --untagged", "0.19", "[untagged untagged-only] were all set"),
        (
            "-f 'a:b' --untagged",
            "0.19",
            "--ago is required when not using --untagged-only",
        ),
        ("-f 'a:b' --ago 1d --bogus", "0.19", "unknown flag: --bogus"),
        (
            "-f 'a:b' --ago 1d --include-locked",
            "0.16",
            "unknown flag: --include-locked",
        ),
        ("-f 'a:b' --ago 15", "0.19", 'time: missing unit in duration "15"'),
        ("-f 'a:b:c' --ago 1d", "0.19", "unable to correctly parse filter flag"),
        (
            "-f 'a:b' --ago 1d --keep x",
            "0.19",
            'invalid argument "x" for "--keep" flag',
        ),
        ("--ago 1d", "0.17", 'required flag(s) "filter" not set'),
    ],
)
def test_commands_acr_purge_refuses_exit_1_and_delete_nothing(
    arguments, version, message
):
    result, state = purge(
        [row("a", "b", "sha256:a", 9)], f"acr purge {arguments}", version=version
    )
    assert result.exit_code == 1
    assert message in result.error
    assert state.deleted_tags == {}


@pytest.mark.parametrize(
    "arguments",
    [
        "--filter=app:.* --ago=1d",
        "-fapp:.* --ago 1d",
        "-f=app:.* --ago 1d --keep -3",
        "-f app:.* --ago 1d --dry-run=false",
    ],
)
def test_flag_spellings_pflag_accepts_select_the_same_tags(arguments):
    result, _ = purge([row("app", "t", "sha256:a", 9)], f"acr purge {arguments}")
    assert result.deleted_tags == ["app:t"]


def test_untagged_only_without_filter_or_ago_covers_every_repository_up_to_now():
    rows = [row("a", None, "sha256:1", 0), row("b", None, "sha256:2", 3)]
    result, _ = purge(rows, "acr purge --untagged-only")
    assert result.deleted_manifests == ["a@sha256:1", "b@sha256:2"]
