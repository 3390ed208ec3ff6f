"""Turn a rule's repositories and tag selection into ``--filter 'repo:tag'`` values.

Two facts of acr-cli shape everything here (see the README's "How rules compile"):

- the repository half is wrapped as ``'^' + regex + '$'`` by plain concatenation, so a
  top-level ``|`` would escape the anchors; the tag half is an unanchored search, so
  ``v1`` would also match ``v10``. Every emitted regex is therefore grouped and anchored.
- a policy's rules are ordered like ECR's: a tag selected by an earlier rule is never
  selected by a later one. acr-cli has no exclusion flag, but its regex engine has
  lookahead, so a later rule's tag regex excludes the earlier rules' selections. Since
  an earlier rule only claims tags in *its* repositories, the later rule's repositories
  are split into groups that share the same set of earlier claims, one filter each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from ..catalogue import patterns
from ..catalogue.models import TagRule, UntaggedRule
from ..errors import AcrLifecycleError

# More distinct repository patterns among earlier rules than this would need 2**n
# filters for one rule; such a policy is refused with advice to split it.
MAX_OVERLAPPING_PATTERNS = 4

_LITERAL_REPOSITORY = re.compile(r"(?:[a-z0-9_/-]|\\\.)+")
_MATCH_EVERY_REPOSITORY = (".*", ".+")


class FilterError(AcrLifecycleError):
    """A rule cannot be expressed as exact acr purge filters."""


@dataclass(frozen=True)
class Filter:
    repository: str
    tag: str

    @property
    def text(self) -> str:
        return f"{self.repository}:{self.tag}"


def repository_regex(repositories: list[str]) -> str:
    """One regex for a rule's repository list, safe to concatenate inside ``^...$``."""
    if len(repositories) == 1:
        return patterns.group(repositories[0])
    return "(?:" + "|".join(repositories) + ")"


def tag_body(rule: TagRule) -> str:
    """The selection as a regex for the whole tag, without the outer anchors."""
    body = rule.tags.body()
    if not patterns.has_top_level_alternation(body):
        # A user-written '^v1$' means the same whole-tag match as 'v1'; dropping the
        # anchors keeps '$$' (which the task runner rewrites to '$') out of the command.
        # A '^' with a quantifier after it ('^?v1') is not an anchor to drop.
        if body.startswith("^") and not body[1:2] in ("?", "*", "+", "{"):
            body = body[1:]
        if body.endswith("$") and not body.endswith("\\$"):
            body = body[:-1]
    return body


def anchored_tag_regex(body: str, excluded: list[str]) -> str:
    """``^(?!excluded$)body$``: the whole tag matches body and none of ``excluded``."""
    guard = ""
    if excluded:
        unique = list(dict.fromkeys(excluded))
        if any(patterns.is_match_all(b) for b in unique):
            unique = [".*"]
        guard = f"(?!{patterns.group('|'.join(unique))}$)"
    return f"^{guard}{patterns.group(body)}$"


def untagged_filter(rule: UntaggedRule) -> Filter:
    # With --untagged-only acr-cli reads only the repository half, but the value must
    # still have a tag half. '^$' selects no tag, so even without --untagged-only this
    # filter could never delete a tag.
    return Filter(repository_regex(rule.repositories), "^$")


def tag_filters(rule: TagRule, earlier: list[TagRule]) -> list[Filter]:
    """The filters of one tag rule, excluding tags claimed by ``earlier`` rules."""
    own_repositories = repository_regex(rule.repositories)
    body = tag_body(rule)
    if not earlier:
        return [Filter(own_repositories, anchored_tag_regex(body, []))]

    if all(_LITERAL_REPOSITORY.fullmatch(r) for r in rule.repositories):
        return _filters_for_literal_repositories(rule, earlier, body)

    always: list[str] = []
    conditional: dict[str, list[str]] = {}
    for other in earlier:
        other_repositories = repository_regex(other.repositories)
        if (
            other_repositories == own_repositories
            or other_repositories in _MATCH_EVERY_REPOSITORY
        ):
            always.append(tag_body(other))
        else:
            conditional.setdefault(other_repositories, []).append(tag_body(other))

    if len(conditional) > MAX_OVERLAPPING_PATTERNS:
        raise FilterError(
            f"rule {rule.id} follows earlier rules with {len(conditional)} different "
            f"repository patterns; expressing their priority exactly needs "
            f"{2 ** len(conditional)} filters. Give these rules the same repositories, "
            f"or split them into separate policies (at most {MAX_OVERLAPPING_PATTERNS} "
            "differing patterns)"
        )

    filters = []
    keys = list(conditional)
    for membership in product((True, False), repeat=len(keys)):
        guards = []
        excluded = list(always)
        for key, inside in zip(keys, membership):
            # repository_regex() output is already safe to concatenate.
            guards.append(f"(?{'=' if inside else '!'}{key}$)")
            if inside:
                excluded.extend(conditional[key])
        repository = "".join(guards) + own_repositories
        filters.append(Filter(repository, anchored_tag_regex(body, excluded)))
    return filters


def _filters_for_literal_repositories(
    rule: TagRule, earlier: list[TagRule], body: str
) -> list[Filter]:
    """Plain repository names: decide each earlier rule's claim per name, exactly."""
    groups: dict[tuple[int, ...], list[str]] = {}
    compiled = [
        patterns.compile_pattern("^" + repository_regex(o.repositories) + "$")
        for o in earlier
    ]
    for pattern in rule.repositories:
        name = pattern.replace("\\.", ".")
        claimed_by = tuple(i for i, c in enumerate(compiled) if c.search(name))
        groups.setdefault(claimed_by, []).append(pattern)
    filters = []
    for claimed_by, names in groups.items():
        excluded = [tag_body(earlier[i]) for i in claimed_by]
        filters.append(
            Filter(repository_regex(names), anchored_tag_regex(body, excluded))
        )
    return filters
