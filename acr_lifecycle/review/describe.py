"""Rules in plain language, for people who do not read acr purge flags."""

from __future__ import annotations

from ..catalogue.models import TagRule, UntaggedRule


def _repositories(patterns: list[str]) -> str:
    shown = " or ".join(f"`{p}`" for p in patterns)
    return f"repositories whose whole name matches {shown}"


def describe_rule(rule: TagRule | UntaggedRule, earlier: list[TagRule]) -> str:
    if isinstance(rule, UntaggedRule):
        return _describe_untagged(rule)
    return _describe_tags(rule, earlier)


def _describe_tags(rule: TagRule, earlier: list[TagRule]) -> str:
    sentences = [
        f"Selects {rule.tags.describe()} in {_repositories(rule.repositories)}"
    ]
    if earlier:
        names = ", ".join(r.id for r in earlier)
        sentences[0] += f", except tags already selected by earlier rules ({names})"
    sentences[0] += "."
    age = rule.older_than
    keep = rule.keep_newest
    if keep is not None and (age is None or age.is_zero):
        sentences.append(
            f"Keeps the {keep} newest selected tag{'s' if keep != 1 else ''} per repository "
            "and deletes the others, whatever their age."
        )
    elif keep is not None:
        sentences.append(
            f"Deletes selected tags last updated more than {age.describe()} ago, except the "
            f"{keep} newest of those per repository."
        )
    elif age is not None and not age.is_zero:
        sentences.append(
            f"Deletes selected tags last updated more than {age.describe()} ago."
        )
    else:
        acknowledged = ", ".join(rule.acknowledge)
        sentences.append(
            "Deletes every selected tag, whatever its age"
            + (f" (acknowledged: {acknowledged})." if acknowledged else ".")
        )
    sentences.append(
        "Locked tags are deleted too."
        if rule.include_locked
        else "Locked tags are left alone."
    )
    sentences.append("A deleted tag leaves its image behind as an untagged manifest.")
    return " ".join(sentences)


def _describe_untagged(rule: UntaggedRule) -> str:
    age = rule.older_than
    what = (
        "every untagged manifest"
        if age.is_zero
        else f"untagged manifests last updated more than {age.describe()} ago"
    )
    text = f"Deletes {what} in {_repositories(rule.repositories)}"
    if rule.keep_newest is not None:
        text += f", except the {rule.keep_newest} newest per repository"
    text += (
        ". Platform manifests of a tagged or recent multi-arch index, and referrers such "
        "as signatures and SBOMs, are kept."
    )
    text += (
        " Locked manifests are deleted too."
        if rule.include_locked
        else " Locked manifests are left alone."
    )
    return text
