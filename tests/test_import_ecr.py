"""ECR lifecycle policies (AWS's documented examples): priority order, exact or said."""

from __future__ import annotations

import json

import pytest

from acr_lifecycle.importers import ImportOptions, ImportRefused, import_text

from .import_support import (
    IMAGE,
    IMPORT_FIXTURES,
    commands_of,
    comments_text,
    compile_text,
    import_fixture,
)

TEAM = {
    "repositories": ("team/app",),
    "registry": "teamregistry",
    "resource_group": "rg-team",
}


@pytest.mark.parametrize(
    ("example", "commands"),
    [
        pytest.param(
            "image-age.json",
            [f"{IMAGE} --filter 'team/app:^$' --untagged-only --ago 14d --dry-run"],
            id="untagged-since-pushed",
        ),
        pytest.param(
            "image-count.json",
            [
                f"{IMAGE} --filter 'team/app:^$' --untagged-only --ago 0d --keep 1 --dry-run"
            ],
            id="untagged-count",
        ),
    ],
)
def test_untagged_ecr_rules_import_exactly(example, commands, tmp_path):
    result = import_fixture(f"ecr/{example}", **TEAM)

    assert result.problems == ()
    assert commands_of(compile_text(result.text, tmp_path)) == {
        "ecr-mirror-app-lifecycle": commands
    }


@pytest.mark.parametrize(
    ("example", "commands"),
    [
        pytest.param(
            "multiple-rules.json",
            [
                f"{IMAGE} --filter 'team/app:^prod.*$' --ago 0d --keep 1 --dry-run",
                f"{IMAGE} --filter 'team/app:^(?!prod.*$)beta.*$' --ago 0d --keep 1 --dry-run",
            ],
            id="priority-order-becomes-rule-order",
        ),
        pytest.param(
            "multiple-tags-single-rule.json",
            [
                f"{IMAGE} --filter 'team/app:^(?=(?:beta.*)$)alpha.*$' --ago 5d --dry-run"
            ],
            id="anded-patterns-select-tags-matching-all",
        ),
        pytest.param(
            "all-images.json",
            [
                f"{IMAGE} --filter 'team/app:^alpha.*$' --ago 0d --keep 5 --dry-run",
                f"{IMAGE} --filter 'team/app:^(?!alpha.*$).*$' --ago 0d --keep 1000 --dry-run",
                f"{IMAGE} --filter 'team/app:^$' --untagged-only --ago 1d --dry-run",
            ],
            id="any-last-and-untagged-claimed-by-its-rule",
        ),
        pytest.param(
            "archive-since-pulled.json",
            [f"{IMAGE} --filter 'team/app:^.*$' --ago 3650d --dry-run"],
            id="transition-only-claims-archive-rules-vanish",
        ),
    ],
)
def test_tagged_ecr_rules_import_as_nearest_rules(example, commands, tmp_path):
    result = import_fixture(f"ecr/{example}", allow_approximate=True, **TEAM)

    assert result.problems == ()
    assert commands_of(compile_text(result.text, tmp_path)) == {
        "ecr-mirror-app-lifecycle": commands
    }
    assert "# approximate: " in result.text


@pytest.mark.parametrize(
    ("example", "first_reason"),
    [
        (
            "multiple-rules.json",
            "ECR keeps the 1 newest images by push time; keep_newest keeps the 1 newest selected tags",
        ),
        (
            "multiple-tags-single-rule.json",
            "ECR selects an image when every entry of the list matches one of its tags",
        ),
        (
            "archive-since-pulled.json",
            "ACR has no archive storage class to transition to",
        ),
    ],
)
def test_tagged_ecr_rules_are_refused_without_allow_approximate(example, first_reason):
    with pytest.raises(ImportRefused) as refused:
        import_fixture(f"ecr/{example}", **TEAM)

    assert refused.value.refusals[0].message.startswith(first_reason)
    assert refused.value.refusals[0].where.startswith(
        f"ecr/{example}: rules[0] (rulePriority 1)"
    )


def test_get_lifecycle_policy_output_names_the_repository(tmp_path):
    result = import_fixture(
        "ecr/get-lifecycle-policy.json",
        registry="teamregistry",
        resource_group="rg-team",
    )

    assert commands_of(compile_text(result.text, tmp_path)) == {
        "ecr-mirror-web-lifecycle": [
            f"{IMAGE} --filter 'team/web:^$' --untagged-only --ago 7d --dry-run"
        ]
    }


def test_an_ecr_policy_without_a_repository_asks_for_one():
    text = (IMPORT_FIXTURES / "ecr" / "image-age.json").read_text()

    with pytest.raises(Exception, match="give --repository NAME"):
        import_text(text, source="p.json", options=ImportOptions())


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"rulePriority": 0}, "rulePriority must be a positive integer"),
        (
            {
                "selection": {
                    "tagStatus": "tagged",
                    "countType": "imageCountMoreThan",
                    "countNumber": 1,
                }
            },
            "a tagged rule needs tagPrefixList or tagPatternList",
        ),
        (
            {
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "sinceImagePushed",
                    "countNumber": 3,
                }
            },
            "sinceImagePushed needs countUnit days",
        ),
        (
            {
                "selection": {
                    "tagStatus": "untagged",
                    "countType": "imageCountMoreThan",
                    "countNumber": 0,
                }
            },
            "countNumber must be a positive integer",
        ),
    ],
)
def test_an_invalid_ecr_rule_is_named_with_the_reason(rule, message):
    base = {
        "rulePriority": 1,
        "selection": {
            "tagStatus": "untagged",
            "countType": "imageCountMoreThan",
            "countNumber": 1,
        },
        "action": {"type": "expire"},
    }
    document = {"rules": [{**base, **rule}]}

    with pytest.raises(ImportRefused) as refused:
        import_text(
            json.dumps(document),
            source="p.json",
            options=ImportOptions(repositories=("app",)),
        )

    assert refused.value.refusals[0].where == "p.json: rules[0]"
    assert refused.value.refusals[0].message == message


def test_the_import_says_how_ecr_and_acr_differ(tmp_path):
    result = import_fixture("ecr/all-images.json", allow_approximate=True, **TEAM)

    text = comments_text(result)
    assert "untagged images belong to the earlier untagged rule, as in ECR" in text
    assert "starts in dry-run mode" in text
