"""Rule priority: a tag rule whose every tag is claimed by earlier rules does nothing.

Rules of a policy are ordered like ECR's: a tag an earlier rule selects is never
selected by a later one, whatever the earlier rule then keeps. A later rule whose
selection is covered entirely (in every repository it names) never deletes a tag, and
its older_than and keep_newest never apply, which usually means the rules are in the
wrong order. Coverage is decided exactly with the automata of ``regex_language``; where
a pattern uses syntax without an exact language (lookaround, backreferences) no claim
is made.
"""

from __future__ import annotations

from itertools import takewhile

from ..catalogue import Catalogue
from ..catalogue.models import TagRule, UntaggedRule
from ..catalogue.patterns import REPOSITORY_NAMES, TAG_NAMES
from ..catalogue.regex_language import is_covered, overlaps
from ..errors import Problem


def check_priority(catalogue: Catalogue) -> list[Problem]:
    problems = []
    for policy in catalogue.policies.values():
        problems += _shadowed_rules(catalogue, policy.name, list(policy.rules))
    for name, rules in catalogue.partial_policies.items():
        # What an invalid rule claims is unknown, so only the rules before the first
        # invalid one can be judged.
        valid = list(takewhile(lambda rule: rule is not None, rules))
        problems += _shadowed_rules(catalogue, name, valid)
    return problems


def _shadowed_rules(
    catalogue: Catalogue, policy_name: str, rules: list[TagRule | UntaggedRule]
) -> list[Problem]:
    problems = []
    earlier: list[TagRule] = []
    for index, rule in enumerate(rules):
        if not isinstance(rule, TagRule):
            continue
        claimed_by = _claimed_by(rule, earlier)
        if claimed_by:
            names = ", ".join(r.id for r in claimed_by)
            first = claimed_by[0].id
            problems.append(
                Problem(
                    # By position: a repeated rule id names two rules.
                    catalogue.location(("policy", policy_name), "rules", index, "tags"),
                    "shadowed-rule",
                    f"rule {rule.id} selects nothing: every tag it selects "
                    f"({rule.tags.describe()}) in its repositories is claimed first by "
                    f"rule{'s' if len(claimed_by) > 1 else ''} {names}, and earlier "
                    f"rules take priority, so its {_settings(rule)} never "
                    + ("apply" if " and " in _settings(rule) else "applies"),
                    where=f"policy {policy_name}, rule {rule.id}",
                    value=_selection_text(rule),
                    fix=f"move rule {rule.id} before rule {first} if its settings "
                    "should decide for these tags, or remove it",
                )
            )
        earlier.append(rule)
    return problems


def _claimed_by(rule: TagRule, earlier: list[TagRule]) -> list[TagRule]:
    """The earlier rules that together claim every tag ``rule`` selects, in every
    repository it names; empty when some tag remains or that cannot be decided."""
    if not earlier:
        return []
    claimers: list[TagRule] = []
    for repository in rule.repositories:
        covering = [
            other
            for other in earlier
            if is_covered(repository, other.repositories, *REPOSITORY_NAMES) is True
        ]
        bodies = [other.tags.body() for other in covering]
        if not covering or is_covered(rule.tags.body(), bodies, *TAG_NAMES) is not True:
            return []
        claimers += [
            other
            for other in covering
            if other not in claimers
            and overlaps(rule.tags.body(), other.tags.body(), *TAG_NAMES) is not False
        ]
    return claimers


def _settings(rule: TagRule) -> str:
    parts = []
    if rule.older_than is not None:
        parts.append(f"older_than {rule.older_than.canonical()}")
    if rule.keep_newest is not None:
        parts.append(f"keep_newest {rule.keep_newest}")
    return " and ".join(parts) or "settings"


def _selection_text(rule: TagRule) -> str:
    tags = rule.tags
    if tags.any:
        return "any"
    if tags.prefixes is not None:
        return "prefixes: " + ", ".join(tags.prefixes)
    if tags.wildcards is not None:
        return "wildcards: " + ", ".join(tags.wildcards)
    return f"regex: {tags.regex}"
