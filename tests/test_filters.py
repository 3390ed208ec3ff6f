"""Compiled filters select exactly what the rules say, with ECR-style priority.

The oracle below reads filters the way acr-cli does (section 4 of the purge notes):
the repository half is tested as '^' + regex + '$', filters hitting one repository are
joined with '|', and the joined tag regex is searched, unanchored.
"""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given, settings

from acr_lifecycle.catalogue.models import TagRule
from acr_lifecycle.catalogue.patterns import compile_pattern
from acr_lifecycle.compile.filters import Filter, repository_regex, tag_filters

REPOSITORIES = ["app", "app/web", "app/api", "samples/devimage1", "hello-world", "tools"]
TAGS = ["v1", "v10", "v1.2", "xv1", "latest", "dev-1", "release-1", "pr-7", "main", "v2-rc"]


def acr_cli_selection(filters: list[Filter]) -> set[tuple[str, str]]:
    merged: dict[str, str] = {}
    for item in filters:
        repository = compile_pattern("^" + item.repository + "$")
        for name in REPOSITORIES:
            if repository.search(name):
                merged[name] = merged[name] + "|" + item.tag if name in merged else item.tag
    selected = set()
    for name, tag_regex in merged.items():
        compiled = compile_pattern(tag_regex)
        selected |= {(name, tag) for tag in TAGS if compiled.search(tag)}
    return selected


def rule_claims(rule: TagRule) -> set[tuple[str, str]]:
    """What a rule selects on its own: whole repository name, whole tag."""
    repository = compile_pattern(repository_regex(rule.repositories))
    body = compile_pattern(rule.tags.body())
    return {
        (name, tag)
        for name in REPOSITORIES
        if repository.fullmatch(name)
        for tag in TAGS
        if body.fullmatch(tag)
    }


def make_rule(index: int, repositories: list[str], tags: dict | str) -> TagRule:
    return TagRule(
        id=f"rule-{index}",
        kind="tags",
        repositories=repositories,
        tags=tags,
        older_than="1d",
    )


def test_tag_filters_anchor_the_tag_regex():
    rule = make_rule(1, ["app"], {"regex": "v1"})

    filters = tag_filters(rule, [])

    assert [f.text for f in filters] == ["app:^v1$"]
    assert acr_cli_selection(filters) == {("app", "v1")}


def test_tag_filters_group_a_repository_alternation():
    rule = make_rule(1, ["app|tools"], "any")

    filters = tag_filters(rule, [])

    assert [f.text for f in filters] == ["(?:app|tools):^.*$"]
    assert {name for name, _ in acr_cli_selection(filters)} == {"app", "tools"}


def test_tag_filters_exclude_tags_claimed_by_an_earlier_rule_on_the_same_repositories():
    keep = make_rule(1, ["app/.*"], {"wildcards": ["v*"]})
    other = make_rule(2, ["app/.*"], "any")

    filters = tag_filters(other, [keep])

    assert [f.text for f in filters] == ["app/.*:^(?!v.*$).*$"]
    assert acr_cli_selection(filters) == rule_claims(other) - rule_claims(keep)


def test_tag_filters_split_literal_repositories_by_earlier_claims():
    earlier = make_rule(1, ["app/web"], {"prefixes": ["v"]})
    later = make_rule(2, ["app/web", "tools"], "any")

    filters = tag_filters(later, [earlier])

    assert [f.text for f in filters] == ["app/web:^(?!v.*$).*$", "tools:^.*$"]


def test_tag_filters_guard_regex_repositories_with_lookahead():
    earlier = make_rule(1, ["app/web"], {"prefixes": ["v"]})
    later = make_rule(2, ["app/.*"], "any")

    filters = tag_filters(later, [earlier])

    assert [f.text for f in filters] == [
        "(?=app/web$)app/.*:^(?!v.*$).*$",
        "(?!app/web$)app/.*:^.*$",
    ]
    assert acr_cli_selection(filters) == rule_claims(later) - rule_claims(earlier)


repository_choices = st.sampled_from(
    ["app", "app/.*", "app/web", "(?:app|tools)", ".*", "hello-world", "samples/.*", "tools"]
)
tag_choices = st.one_of(
    st.just("any"),
    st.builds(lambda p: {"prefixes": p}, st.lists(st.sampled_from(["v", "v1", "dev-", "re"]), min_size=1, max_size=2, unique=True)),
    st.builds(lambda w: {"wildcards": w}, st.lists(st.sampled_from(["v*", "*-1", "v*.*", "latest", "*rc"]), min_size=1, max_size=2, unique=True)),
    st.builds(lambda r: {"regex": r}, st.sampled_from(["v1", "v[0-9]+", "^v1$", "latest|main", "(?i:LATEST)", "[a-z]+-[0-9]+"])),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(repository_choices, min_size=1, max_size=2, unique=True), tag_choices),
        min_size=1,
        max_size=5,
    )
)
def test_each_rule_selects_exactly_its_tags_minus_earlier_claims(shapes):
    rules = [make_rule(i, repositories, tags) for i, (repositories, tags) in enumerate(shapes)]
    claimed: set[tuple[str, str]] = set()

    for index, rule in enumerate(rules):
        filters = tag_filters(rule, rules[:index])
        own = rule_claims(rule)

        assert acr_cli_selection(filters) == own - claimed
        # keep_newest counts per repository over the joined filters, so each
        # repository must meet at most one filter of a rule for keep to stay exact.
        for name in REPOSITORIES:
            hits = [f for f in filters if compile_pattern("^" + f.repository + "$").search(name)]
            assert len(hits) <= 1
        claimed |= own
