"""Compiled commands, simulated as acr purge runs them, do what the catalogue says.

Hypothesis draws small policies (ordered tag rules with every kind of selection, literal
and regex repository patterns, older_than and keep_newest, untagged rules) and small
registries. Each policy is compiled rule by rule, exactly as the plan does, the purge
commands are simulated in order, and the deletions must equal a direct reading of the
policy: a tag selected by an earlier rule (same repository, same selection) is never
selected by a later one; keep_newest keeps the N newest of a rule's expiring tags per
repository; older_than is strict; locked items stay unless the rule includes them.
"""

from __future__ import annotations

import re

import regex
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from acr_lifecycle.catalogue.image import resolve_image
from acr_lifecycle.catalogue.models import Policy, TagRule, UntaggedRule
from acr_lifecycle.compile import compile_rule
from acr_lifecycle.compile.filters import FilterError
from acr_lifecycle.preview.inventory import (
    DOCKER_MANIFEST,
    Manifest,
    Registry,
    Repository,
    Tag,
)
from acr_lifecycle.preview.profiles import profile_for
from acr_lifecycle.preview.simulator import simulate_task
from acr_lifecycle.preview.timestamps import format_timestamp

HOUR = 3_600_000_000_000
NOW = 1_800_000_000 * 1_000_000_000
REPOSITORIES = ["app", "web", "svc/a", "svc/b", "svc/ab", "my.repo", "myxrepo"]
REPOSITORY_PATTERNS = [
    "app",
    "web",
    "svc/a",
    "svc/.*",
    ".*",
    "(?:app|web)",
    "svc/[ab]",
    r"my\.repo",
    "my.repo",
]
TAG_NAMES = [
    "v1",
    "v2",
    "v10",
    "v1-rc",
    "dev-1",
    "devx",
    "test-x",
    "rc",
    "latest",
    "1.0",
]
SELECTIONS = (
    [{"any": True}]
    + [{"prefixes": p} for p in (["v"], ["dev", "1."], ["te"])]
    + [{"wildcards": w} for w in (["v*"], ["*-rc"], ["dev*", "*x"], ["*"])]
    + [{"regex": r} for r in ("v[0-9]+", "(?:dev|test)-.*", "[a-z]+", "^v1$", "v1|rc")]
)


@st.composite
def tag_rules(draw, index: int) -> dict:
    rule = {
        "id": f"rule-{index}",
        "kind": "tags",
        "repositories": draw(
            st.lists(
                st.sampled_from(REPOSITORY_PATTERNS),
                min_size=1,
                max_size=2,
                unique=True,
            )
        ),
        "tags": draw(st.sampled_from(SELECTIONS)),
        "include_locked": draw(st.booleans()),
        # Generated rules may delete everything, even in every repository ('.*').
        "acknowledge": ["delete-all-tags", "every-repository"],
    }
    older_than = draw(st.one_of(st.none(), st.integers(0, 72)))
    keep = draw(st.one_of(st.none(), st.integers(1, 3)))
    if older_than is None and keep is None:
        older_than = 24
    if older_than is not None:
        rule["older_than"] = f"{older_than}h" if older_than else "0d"
    if keep is not None:
        rule["keep_newest"] = keep
    return rule


@st.composite
def untagged_rules(draw, index: int) -> dict:
    rule = {
        "id": f"rule-{index}",
        "kind": "untagged",
        "repositories": draw(
            st.lists(
                st.sampled_from(REPOSITORY_PATTERNS),
                min_size=1,
                max_size=2,
                unique=True,
            )
        ),
        "older_than": f"{draw(st.integers(0, 72))}h",
    }
    if rule["older_than"] == "0h":
        rule["older_than"] = "0d"
    keep = draw(st.one_of(st.none(), st.integers(1, 2)))
    if keep is not None:
        rule["keep_newest"] = keep
    return rule


@st.composite
def policies(draw) -> Policy:
    count = draw(st.integers(1, 4))
    rules = []
    for index in range(count):
        untagged = index > 0 and draw(st.integers(0, 4)) == 0
        rules.append(draw(untagged_rules(index) if untagged else tag_rules(index)))
    return Policy.model_validate({"name": "generated", "rules": rules})


@st.composite
def registries(draw) -> Registry:
    registry = Registry("generated")
    for name in draw(st.lists(st.sampled_from(REPOSITORIES), min_size=1, unique=True)):
        repository = Repository(name)
        tag_names = draw(st.lists(st.sampled_from(TAG_NAMES), max_size=6, unique=True))
        # Distinct whole hours: ties and sub-hour offsets are tested elsewhere, and
        # hours make tags land exactly on a rule's cutoff.
        hours = draw(
            st.lists(
                st.integers(1, 120),
                min_size=len(tag_names),
                max_size=len(tag_names),
                unique=True,
            )
        )
        for number, (tag_name, age) in enumerate(zip(tag_names, hours, strict=True)):
            digest = f"sha256:{name}-{number}"
            time = format_timestamp(NOW - age * HOUR)
            locked = draw(st.integers(0, 5)) == 0
            repository.tags.append(Tag(tag_name, digest, time, not locked, True))
            repository.manifests[digest] = Manifest(
                digest, DOCKER_MANIFEST, time, tags=(tag_name,)
            )
        for number in range(draw(st.integers(0, 2))):
            digest = f"sha256:{name}-untagged-{number}"
            time = format_timestamp(NOW - draw(st.integers(0, 120)) * HOUR)
            repository.manifests[digest] = Manifest(digest, DOCKER_MANIFEST, time)
        registry.repositories[name] = repository
    return registry


def compiled_steps(policy: Policy) -> list[tuple[list[str], str]]:
    image = resolve_image(None, None)
    steps, earlier = [], []
    for rule in policy.rules:
        command = compile_rule(rule, list(earlier), image=image, mode="enforce")
        steps.append((command.argv(), rule.id))
        if isinstance(rule, TagRule):
            earlier.append(rule)
    return steps


def selects(rule: TagRule, repository: str, tag: str) -> bool:
    """The rule's own words, read directly (not through the compiler)."""
    if not any(regex.fullmatch(p, repository, regex.ASCII) for p in rule.repositories):
        return False
    chosen = rule.tags
    if chosen.any:
        return True
    if chosen.prefixes is not None:
        return any(tag.startswith(p) for p in chosen.prefixes)
    if chosen.wildcards is not None:
        return any(
            re.fullmatch(".*".join(map(re.escape, w.split("*"))), tag)
            for w in chosen.wildcards
        )
    return regex.fullmatch(chosen.regex, tag, regex.ASCII) is not None


def applies(rule: UntaggedRule, repository: str) -> bool:
    return any(regex.fullmatch(p, repository, regex.ASCII) for p in rule.repositories)


def intended_deletions(policy: Policy, registry: Registry) -> tuple[set, set]:
    tags_gone: set[str] = set()
    manifests_gone: set[str] = set()
    earlier: list[TagRule] = []
    for rule in policy.rules:
        for name, repository in registry.repositories.items():
            if isinstance(rule, TagRule):
                cutoff = NOW - (rule.older_than.hours * HOUR if rule.older_than else 0)
                expiring = [
                    t
                    for t in repository.tags
                    if selects(rule, name, t.name)
                    and not any(selects(e, name, t.name) for e in earlier)
                    and t.time < cutoff
                    and (rule.include_locked or not t.locked)
                ]
                expiring.sort(key=lambda t: -t.time)
                for tag in expiring[rule.keep_newest or 0 :]:
                    tags_gone.add(f"{name}:{tag.name}")
            elif applies(rule, name):
                cutoff = NOW - rule.older_than.hours * HOUR
                deletable = [
                    m
                    for m in repository.manifests.values()
                    if f"{name}@{m.digest}" not in manifests_gone
                    and all(f"{name}:{t}" in tags_gone for t in m.tags)
                    and m.time <= cutoff
                ]
                keep = rule.keep_newest or 0
                if len(deletable) > keep:
                    deletable.sort(key=lambda m: (-m.time, m.digest))
                    for manifest in deletable[keep:]:
                        manifests_gone.add(f"{name}@{manifest.digest}")
        if isinstance(rule, TagRule):
            earlier.append(rule)
    return tags_gone, manifests_gone


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy=policies(), registry=registries())
def test_simulated_commands_delete_exactly_what_the_policy_says(policy, registry):
    try:
        steps = compiled_steps(policy)
    except FilterError:
        assume(False)
    task = simulate_task(steps, registry, now=NOW, profile=profile_for("0.19"))
    assert task.exit_code == 0, [s.error for s in task.steps]
    simulated_tags = {t for s in task.steps for t in s.deleted_tags}
    simulated_manifests = {m for s in task.steps for m in s.deleted_manifests}
    intended_tags, intended_manifests = intended_deletions(policy, registry)
    assert simulated_tags == intended_tags
    assert simulated_manifests == intended_manifests
