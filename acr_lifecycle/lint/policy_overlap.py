"""Two policies on one registry that select the same tags.

Priority holds only inside a policy: each (registry, policy) pair is its own task, run
on its own schedule, so when two policies' rules select the same tags in the same
repositories, whichever deletes more decides, and a rule that keeps the newest tags in
one policy is undone by the other. Decided with ``regex_language``; where a pattern has
no exact language (lookaround) no claim is made.
"""

from __future__ import annotations

from ..catalogue import Catalogue
from ..catalogue.models import Policy, TagRule
from ..catalogue.patterns import REPOSITORY_NAMES, TAG_NAMES
from ..catalogue.regex_language import overlaps
from ..errors import Problem


def check_policy_overlap(catalogue: Catalogue) -> list[Problem]:
    uses: dict[str, list[tuple[str, int, str]]] = {}
    for assignment in catalogue.assignments.values():
        for registry in assignment.registries:
            for index, policy in enumerate(assignment.policies):
                uses.setdefault(registry.lower(), []).append(
                    (assignment.name, index, policy)
                )

    problems = []
    reported: set[tuple[str, str]] = set()
    for registry, used in uses.items():
        for position, (_, _, first) in enumerate(used):
            for assignment, index, second in used[position + 1 :]:
                pair = (first, second)
                if first == second or pair in reported:
                    continue
                shared = _shared_selection(
                    catalogue.policies.get(first), catalogue.policies.get(second)
                )
                if shared is None:
                    continue
                reported.add(pair)
                own, other = shared
                problems.append(
                    Problem(
                        catalogue.location(
                            ("assignment", assignment), "policies", index
                        ),
                        "overlapping-policies",
                        f"policies {first} and {second} both run on registry "
                        f"{registry}, and rule {own.id} of {first} and rule {other.id} "
                        f"of {second} can select the same tags in the same "
                        "repositories; priority holds only within one policy, so the "
                        "task that deletes more decides for those tags",
                        where=f"assignment {assignment}",
                        value=second,
                        fix="put the rules in one policy, in the order that should "
                        "decide, or give the two policies disjoint repositories or tags",
                        severity="warning",
                    )
                )
    return problems


def _shared_selection(
    first: Policy | None, second: Policy | None
) -> tuple[TagRule, TagRule] | None:
    if first is None or second is None:
        return None
    for own in first.rules:
        for other in second.rules:
            if not (isinstance(own, TagRule) and isinstance(other, TagRule)):
                continue
            same_repositories = any(
                overlaps(a, b, *REPOSITORY_NAMES)
                for a in own.repositories
                for b in other.repositories
            )
            if same_repositories and overlaps(
                own.tags.body(), other.tags.body(), *TAG_NAMES
            ):
                return own, other
    return None
