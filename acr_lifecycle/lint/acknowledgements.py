"""Acknowledgements that acknowledge nothing.

``acknowledge: [delete-all-tags]`` on a rule that keeps tags is stale: if the rule is
later changed into one that deletes everything, no one is asked again. Each is a
warning, so ``--strict`` keeps them out of a catalogue.
"""

from __future__ import annotations

from ..catalogue import Catalogue
from ..catalogue.models import TagRule
from ..errors import Problem


def check_acknowledgements(catalogue: Catalogue) -> list[Problem]:
    problems = []
    rules_by_policy = {name: p.rules for name, p in catalogue.policies.items()}
    rules_by_policy.update(catalogue.partial_policies)
    for policy_name, rules in rules_by_policy.items():
        for rule_index, rule in enumerate(rules):
            if not isinstance(rule, TagRule):
                continue
            deletes_all = rule.deletes_every_tag()
            everywhere = deletes_all and rule.repository_matching_everything()
            needed = {
                "delete-all-tags": deletes_all,
                "every-repository": bool(everywhere),
            }
            for index, name in enumerate(rule.acknowledge):
                if needed.get(name):
                    continue
                if not deletes_all:
                    reason = (
                        "the rule does not delete every tag (it has an age or a keep, "
                        "or selects only some tags)"
                    )
                else:
                    reason = (
                        "no repository pattern of the rule matches every repository"
                    )
                problems.append(
                    Problem(
                        # By position: a repeated rule id names two rules.
                        catalogue.location(
                            ("policy", policy_name),
                            "rules",
                            rule_index,
                            "acknowledge",
                            index,
                        ),
                        "stale-acknowledgement",
                        f"acknowledgement '{name}' is not needed: {reason}; left in "
                        "place, a later change that does delete everything would go "
                        "unnoticed",
                        where=f"policy {policy_name}, rule {rule.id}",
                        value=name,
                        fix=f"remove '{name}' from acknowledge",
                        severity="warning",
                    )
                )
    return problems
