"""AWS ECR lifecycle policies to one catalogue policy.

ECR applies rules in ``rulePriority`` order, and an image that matches a rule's tag
condition can no longer be expired by a later one; the catalogue's rule order means
the same for tags, so rules are written in priority order. What ECR does that acr
purge cannot do the same way, rule by rule:

- ECR expires images (all their tags at once); acr purge deletes tags, and a manifest
  goes only once untagged, by an untagged rule. Its age is the tag's last update (a
  re-tag resets it), ECR's the image's push. So tagged and ``any`` rules are always
  approximations.
- ``imageCountMoreThan`` counts images; ``keep_newest`` counts tags. For untagged
  images the two are the same (each untagged manifest is one image), so untagged rules
  are exact.
- ``sinceImagePulled`` has no equivalent (ACR records no pull time), nor has the
  archive storage class: a ``transition`` rule becomes, at best, a rule that claims
  the tags so that later rules leave them alone.
"""

from __future__ import annotations

import json

from ..catalogue import patterns
from ..catalogue.duration import MAX_DAYS
from ..catalogue.regex_language import can_match
from .assemble import (
    derived_name,
    option_schedules,
    registry_from_options,
    task_settings,
)
from .draft import (
    AssignmentDraft,
    CatalogueDraft,
    ImportRefused,
    PolicyDraft,
    Refusal,
    RuleDraft,
    SourceError,
)
from .options import ImportOptions

ASSIGNMENT = "ecr-mirror"
TAG_STATUSES = ("tagged", "untagged", "any")
COUNT_TYPES = (
    "imageCountMoreThan",
    "sinceImagePushed",
    "sinceImagePulled",
    "sinceImageTransitioned",
)
_IMAGE_NOT_TAG = (
    "ECR expires the whole image, with all its tags, once one tag matches; this rule "
    "deletes only the matching tags, and the image goes once it is untagged and an "
    "untagged rule deletes it"
)


def is_ecr_document(document: object) -> bool:
    if isinstance(document, dict) and isinstance(
        document.get("lifecyclePolicyText"), str
    ):
        return True
    return isinstance(document, dict) and isinstance(document.get("rules"), list)


def import_ecr(document: dict, source: str, options: ImportOptions) -> CatalogueDraft:
    repositories = list(options.repositories)
    if isinstance(document.get("lifecyclePolicyText"), str):
        if not repositories and isinstance(document.get("repositoryName"), str):
            repositories = [document["repositoryName"]]
        try:
            document = json.loads(document["lifecyclePolicyText"])
        except json.JSONDecodeError as error:
            raise SourceError(
                f"{source}: lifecyclePolicyText is not JSON: {error}"
            ) from None
        if not isinstance(document, dict) or not isinstance(
            document.get("rules"), list
        ):
            raise SourceError(f"{source}: lifecyclePolicyText has no 'rules' list")
    if not repositories:
        raise SourceError(
            f"{source}: an ECR lifecycle policy does not name its repository; give "
            "--repository NAME (repeat it for several)"
        )
    for name in repositories:
        if name != name.lower() or not name:
            raise SourceError(
                f"--repository '{name}': ACR repository names are lowercase; give the "
                "name the images have in the Azure registry"
            )
    names = [patterns.escape_literal(name) for name in repositories]

    rules = _validated_rules(document["rules"], source)
    policy = PolicyDraft(name=_policy_name(repositories))
    policy.notes.append(
        "imported from an ECR lifecycle policy: rules in rulePriority order; a tag an "
        "earlier rule selects is left alone by later ones, as ECR does for images"
    )
    refusals: list[Refusal] = []
    tag_rules: list[RuleDraft] = []
    untagged_rules: list[RuleDraft] = []
    untagged_claimed = False
    for index, rule in rules:
        where = f"{source}: rules[{index}] (rulePriority {rule['rulePriority']})"
        made = _convert(rule, where, names, untagged_claimed, refusals, policy)
        for draft in made:
            (untagged_rules if draft.kind == "untagged" else tag_rules).append(draft)
        if rule["selection"]["tagStatus"] in ("untagged", "any"):
            untagged_claimed = True
    if refusals:
        raise ImportRefused(refusals)
    policy.rules = tag_rules + untagged_rules
    if not policy.rules:
        raise SourceError(f"{source}: no rule of the policy expires anything in ACR")

    registry = registry_from_options(options, None)
    assignment = AssignmentDraft(
        name=ASSIGNMENT,
        registries=[registry.name],
        policies=[policy.name],
        mode=options.mode or "dry-run",
    )
    if options.mode is None:
        assignment.notes.append(
            "starts in dry-run mode, so the first runs only list what they would "
            "delete; set mode: enforce once the list is right"
        )
    assignment.schedules = option_schedules(options, assignment)
    assignment.notes.append("ECR evaluates lifecycle policies about once a day")
    assignment.task = task_settings(
        step_timeout=None,
        task_timeout=None,
        steps=len(policy.rules),
        acr_cli_image=None,
        concurrency=None,
        notes=assignment.notes,
    )
    return CatalogueDraft(
        source_kind="ECR lifecycle policy",
        policies=[policy],
        assignments=[assignment],
        stack_name=options.stack,
        registries=[registry],
        write_stack=options.known_registries is None,
    )


def _policy_name(repositories: list[str]) -> str:
    if len(repositories) == 1:
        return derived_name(
            repositories[0].rsplit("/", 1)[-1] + "-lifecycle", "ecr-lifecycle"
        )
    return "ecr-lifecycle"


def _validated_rules(rules: list, source: str) -> list[tuple[int, dict]]:
    """ECR's own checks on the document, each failing one named with its fix."""
    problems: list[Refusal] = []
    checked: list[tuple[int, dict]] = []
    seen: dict[int, int] = {}
    for index, rule in enumerate(rules):
        where = f"{source}: rules[{index}]"
        if not isinstance(rule, dict):
            problems.append(Refusal(where, "a rule must be an object"))
            continue
        priority = rule.get("rulePriority")
        if isinstance(priority, bool) or not isinstance(priority, int) or priority < 1:
            problems.append(
                Refusal(
                    where, "rulePriority must be a positive integer", repr(priority)
                )
            )
            continue
        if priority in seen:
            problems.append(
                Refusal(
                    where,
                    f"rulePriority {priority} is also used by rules[{seen[priority]}]",
                    fix="give every rule its own priority",
                )
            )
            continue
        seen[priority] = index
        selection = rule.get("selection")
        action = rule.get("action")
        if not isinstance(selection, dict) or not isinstance(action, dict):
            problems.append(
                Refusal(where, "a rule needs 'selection' and 'action' objects")
            )
            continue
        status = selection.get("tagStatus")
        if status not in TAG_STATUSES:
            problems.append(
                Refusal(
                    where,
                    "selection.tagStatus must be tagged, untagged or any",
                    repr(status),
                )
            )
            continue
        prefixes = selection.get("tagPrefixList")
        wildcards = selection.get("tagPatternList")
        if status == "tagged" and not (prefixes or wildcards):
            problems.append(
                Refusal(
                    where,
                    "a tagged rule needs tagPrefixList or tagPatternList",
                    fix="add one, or use tagStatus any",
                )
            )
            continue
        if status != "tagged" and (prefixes or wildcards):
            problems.append(
                Refusal(where, f"a rule with tagStatus {status} cannot have a tag list")
            )
            continue
        if prefixes and wildcards:
            problems.append(
                Refusal(where, "tagPrefixList and tagPatternList exclude each other")
            )
            continue
        for key, value in (("tagPrefixList", prefixes), ("tagPatternList", wildcards)):
            if value is not None and (
                not isinstance(value, list)
                or not value
                or not all(isinstance(v, str) and v for v in value)
            ):
                problems.append(
                    Refusal(where, f"{key} must be a list of non-empty strings")
                )
        count_type = selection.get("countType")
        number = selection.get("countNumber")
        if count_type not in COUNT_TYPES:
            problems.append(
                Refusal(
                    where,
                    "selection.countType is not one ECR knows",
                    repr(count_type),
                    "use " + ", ".join(COUNT_TYPES),
                )
            )
            continue
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            problems.append(
                Refusal(where, "countNumber must be a positive integer", repr(number))
            )
            continue
        if count_type != "imageCountMoreThan" and selection.get("countUnit") != "days":
            problems.append(
                Refusal(
                    where,
                    f"{count_type} needs countUnit days",
                    repr(selection.get("countUnit")),
                )
            )
            continue
        if action.get("type") not in ("expire", "transition"):
            problems.append(
                Refusal(
                    where,
                    "action.type must be expire or transition",
                    repr(action.get("type")),
                )
            )
            continue
        checked.append((index, rule))
    if problems:
        raise ImportRefused(problems)
    checked.sort(key=lambda item: item[1]["rulePriority"])
    # ECR's ordering rules for 'any' and 'untagged' concern the standard storage
    # class; rules on archived images are ordered separately.
    standard = [
        (i, r)
        for i, r in checked
        if r["selection"].get("storageClass", "standard") != "archive"
    ]
    any_rules = [i for i, r in standard if r["selection"]["tagStatus"] == "any"]
    if any_rules and standard[-1][0] != any_rules[-1] or len(any_rules) > 1:
        raise ImportRefused(
            [
                Refusal(
                    f"{source}: rules[{any_rules[0]}]",
                    "a rule with tagStatus any must have the highest rulePriority, and "
                    "there can be only one",
                    fix="give it the highest number",
                )
            ]
        )
    untagged = [i for i, r in standard if r["selection"]["tagStatus"] == "untagged"]
    if len(untagged) > 1:
        raise ImportRefused(
            [
                Refusal(
                    f"{source}: rules[{untagged[1]}]",
                    "only one rule may select untagged images",
                )
            ]
        )
    return checked


def _convert(
    rule: dict,
    where: str,
    repositories: list[str],
    untagged_claimed: bool,
    refusals: list[Refusal],
    policy: PolicyDraft,
) -> list[RuleDraft]:
    selection = rule["selection"]
    status = selection["tagStatus"]
    count_type = selection["countType"]
    number = selection["countNumber"]
    rule_id = f"priority-{rule['rulePriority']}"
    description = (
        rule.get("description") if isinstance(rule.get("description"), str) else None
    )
    approximations: list[str] = []

    if (
        selection.get("storageClass") == "archive"
        or count_type == "sinceImageTransitioned"
    ):
        policy.notes.append(
            f"rulePriority {rule['rulePriority']} acts on archived images; ACR has no "
            "archive storage class, so no image ever matches it and it becomes no rule"
        )
        return []

    transition = rule["action"]["type"] == "transition"
    if transition:
        approximations.append(
            "ACR has no archive storage class to transition to; this rule only claims "
            "the tags, so later rules leave them alone as they did in ECR, and deletes "
            f"only tags older than {MAX_DAYS}d"
        )
        if status == "untagged":
            policy.approximations.append(
                f"rulePriority {rule['rulePriority']} transitions untagged images to the "
                "archive, which ACR does not have; it becomes no rule, and untagged "
                "manifests stay"
            )
            return []
    elif count_type == "sinceImagePulled":
        approximations.append(
            "sinceImagePulled has no ACR equivalent: ACR records no pull time. The "
            "nearest rule counts the age from the last update, so it also deletes "
            "images that are still pulled every day"
        )
    if count_type != "imageCountMoreThan" and number > MAX_DAYS:
        refusals.append(
            Refusal(
                where,
                f"countNumber {number} days is longer than {MAX_DAYS} days, the "
                "catalogue's longest age",
                str(number),
                "leave such images out of the policy instead; a rule that old deletes "
                "practically nothing",
            )
        )
        return []

    age: dict = {}
    if transition:
        age = {"older_than": f"{MAX_DAYS}d"}
    elif count_type == "imageCountMoreThan":
        age = {"keep_newest": number}
    else:
        age = {"older_than": f"{number}d"}

    drafts: list[RuleDraft] = []
    if status in ("tagged", "any"):
        tags = _tag_selection(selection, where, refusals, approximations)
        if tags is None:
            return []
        tag_approximations = list(approximations)
        if not transition:
            if count_type == "imageCountMoreThan":
                tag_approximations.append(
                    f"ECR keeps the {number} newest images by push time; keep_newest "
                    f"keeps the {number} newest selected tags by last update, so an "
                    "image with several selected tags counts more than once, and ECR "
                    "still counted images an earlier rule claimed"
                    + (
                        "; and tagStatus any counted tagged and untagged images together"
                        if status == "any"
                        else ""
                    )
                )
            else:
                tag_approximations.append(
                    _IMAGE_NOT_TAG + "; the age is the tag's last update, which a "
                    "re-tag resets, where ECR counts from the image's push"
                )
        fields = {
            "id": f"{rule_id}-tags" if status == "any" else rule_id,
            "kind": "tags",
            "repositories": list(repositories),
            "tags": tags,
            **age,
        }
        if description:
            fields["description"] = description
        draft = RuleDraft(
            fields=fields, origin=where, command=json.dumps(rule, sort_keys=True)
        )
        draft.approximations += tag_approximations
        drafts.append(draft)

    if status in ("untagged", "any") and not transition:
        if untagged_claimed:
            if drafts:
                drafts[0].notes.append(
                    "untagged images belong to the earlier untagged rule, as in ECR, so "
                    "this rule adds no untagged rule"
                )
        else:
            untagged_age = {"older_than": age.get("older_than", "0d")}
            if "keep_newest" in age:
                untagged_age["keep_newest"] = age["keep_newest"]
            fields = {
                "id": f"{rule_id}-untagged" if status == "any" else rule_id,
                "kind": "untagged",
                "repositories": list(repositories),
                **untagged_age,
            }
            if description:
                fields["description"] = description
            draft = RuleDraft(
                fields=fields, origin=where, command=json.dumps(rule, sort_keys=True)
            )
            draft.notes.append(
                "an untagged ECR image is one untagged manifest, so the count and the age "
                "(push time read as the manifest's last update) mean the same here"
            )
            draft.approximations += approximations
            if status == "any" and count_type == "imageCountMoreThan":
                draft.approximations.append(
                    f"ECR keeps {number} images counting tagged and untagged ones together; "
                    f"here {number} untagged manifests are kept besides the tags"
                )
            drafts.append(draft)
    return drafts


def _tag_selection(
    selection: dict, where: str, refusals: list[Refusal], approximations: list[str]
):
    if selection["tagStatus"] == "any":
        return "any"
    prefixes = selection.get("tagPrefixList")
    wildcards = selection.get("tagPatternList")
    for wildcard in wildcards or []:
        if wildcard.count("*") > 4:
            refusals.append(
                Refusal(where, "ECR allows at most 4 '*' in a tag pattern", wildcard)
            )
            return None
    entries = prefixes or wildcards
    if len(entries) == 1:
        return {"prefixes": list(entries)} if prefixes else {"wildcards": list(entries)}

    approximations.append(
        "ECR selects an image when every entry of the list matches one of its tags "
        "(possibly different tags); this rule selects the tags that match every entry"
    )
    if prefixes:
        longest = max(prefixes, key=len)
        if all(longest.startswith(p) for p in prefixes):
            return {"prefixes": [longest]}
        parts = [patterns.escape_literal(p) for p in prefixes]
        body = "".join(f"(?={p})" for p in parts) + ".*"
    else:
        parts = [patterns.wildcard_to_regex(w) for w in wildcards]
        body = "".join(f"(?=(?:{p})$)" for p in parts[1:]) + patterns.group(parts[0])
    if can_match(body, *patterns.TAG_NAMES) is False:
        refusals.append(
            Refusal(
                where,
                "no single tag can match every entry of the list, and acr purge matches "
                "one tag at a time",
                ", ".join(entries),
            )
        )
        return None
    return {"regex": body}
