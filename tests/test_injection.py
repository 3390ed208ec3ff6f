"""No catalogue value can reach the task runner, the shell or Terraform as anything
but the literal text it was meant to be.

For any value hypothesis can think of in a pattern field, lint either refuses it or
compiles it into a task whose decoded YAML, parsed and shell-split, gives exactly the
intended acr purge arguments.
"""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

import pytest
import regex
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acr_lifecycle.catalogue import patterns
from acr_lifecycle.compile.task_yaml import decode_task_content, parse_task_yaml
from acr_lifecycle.lint import lint_catalogue

from .conftest import catalogue_document

IMAGE = "mcr.microsoft.com/acr/acr-cli:0.19"
# Characters that mean something to YAML, the shell, the task runner or Terraform.
HOSTILE = "ab01.*+?()[]{}|^$\\'\"`%:;&<>#!~=,-_/ \t\nZ\u00e9\u202e"

hostile_text = st.text(alphabet=HOSTILE, min_size=1, max_size=16)
plausible_repository = st.from_regex(
    r"[a-z0-9]{1,6}(?:[/._-][a-z0-9]{1,6}){0,2}(\.\*)?", fullmatch=True
)
plausible_tag_regex = st.from_regex(
    r"\^?[a-z0-9]{1,4}(\[0-9\]\+|\.\*|\\\.)?\$?", fullmatch=True
)
repositories = st.one_of(hostile_text, plausible_repository)
tag_selections = st.one_of(
    st.builds(lambda r: {"regex": r}, st.one_of(hostile_text, plausible_tag_regex)),
    st.builds(
        lambda p: {"prefixes": [p]},
        st.one_of(
            hostile_text, st.from_regex(r"[a-z0-9_][a-z0-9._-]{0,5}", fullmatch=True)
        ),
    ),
    st.builds(
        lambda w: {"wildcards": [w]},
        st.one_of(hostile_text, st.from_regex(r"[a-z0-9*._-]{1,6}", fullmatch=True)),
    ),
)


def _lint(document: dict):
    folder = Path(tempfile.mkdtemp())
    (folder / "catalogue.yaml").write_text(yaml.safe_dump(document, allow_unicode=True))
    return lint_catalogue(folder)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(repository=repositories, tags=tag_selections)
def test_an_accepted_pattern_arrives_in_the_command_exactly_as_meant(repository, tags):
    document = catalogue_document(
        [
            {
                "id": "r",
                "kind": "tags",
                "repositories": [repository],
                "tags": tags,
                "older_than": "7d",
            }
        ]
    )

    report = _lint(document)

    if report.plan is None:
        assert report.errors, "a refused catalogue always says why"
        return
    (task,) = report.plan.tasks
    steps = parse_task_yaml(decode_task_content(task.task_content))["steps"]
    argv = shlex.split(steps[0]["cmd"], posix=True)
    assert argv[:5] == [IMAGE, "purge", "--registry", "{{.Run.Registry}}", "--filter"]
    assert argv[6:] == ["--ago", "7d"]
    repository_part, tag_part = patterns.split_filter(argv[5])
    assert repository_part in (repository, f"(?:{repository})")
    assert tag_part.startswith("^") and tag_part.endswith("$")
    assert _selects_like_the_catalogue(tag_part, tags)
    text = steps[0]["cmd"]
    assert text.count("{{") == 1 and text.count("}}") == 1
    assert "${" not in text and "%{" not in text and "`" not in text
    assert not regex.search(r"\$[A-Za-z0-9_{]", text)


def _selects_like_the_catalogue(tag_regex: str, tags: dict) -> bool:
    compiled = regex.compile(tag_regex, regex.ASCII | regex.VERSION0)
    if "prefixes" in tags:
        prefix = tags["prefixes"][0]
        return bool(compiled.search(prefix + "x")) and not compiled.search("~" + prefix)
    if "wildcards" in tags:
        wildcard = tags["wildcards"][0]
        return bool(compiled.search(wildcard.replace("*", "x")))
    user = regex.compile(tags["regex"], regex.ASCII | regex.VERSION0)
    samples = ["v1", "latest", "a", "ab", "0", "v1.2.3", "dev-1", "x_y", "a.b"]
    return all(bool(compiled.search(s)) == bool(user.fullmatch(s)) for s in samples)


TEXT_FIELDS = [
    ("policies", 0, "description"),
    ("assignments", 0, "description"),
    ("stacks", 0, "description"),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.text(alphabet=HOSTILE, max_size=24), field=st.sampled_from(TEXT_FIELDS))
def test_free_text_that_could_open_an_expression_is_refused(value, field):
    document = catalogue_document(
        [
            {
                "id": "r",
                "kind": "tags",
                "repositories": ["app"],
                "tags": "any",
                "older_than": "7d",
            }
        ]
    )
    section, index, key = field
    document[section][index][key] = value

    report = _lint(document)

    opens = any(token in value for token in ("${", "%{", "{{", "}}"))
    assert bool(report.errors) == opens
    if opens:
        assert [p.code for p in report.errors] == ["interpolation"]


@pytest.mark.parametrize(
    ("registry", "code"),
    [
        (
            {"name": "exampleregistry", "resource_group": "rg-${var.x}"},
            "resource-group",
        ),
        (
            {"name": "exampleregistry", "resource_group": "rg'; rm -rf /"},
            "resource-group",
        ),
        ({"name": "example${x}", "resource_group": "rg"}, "registry-name"),
    ],
    ids=["interpolation", "quote", "name"],
)
def test_registry_values_that_reach_terraform_are_plain_names(registry, code):
    document = catalogue_document(
        [
            {
                "id": "r",
                "kind": "tags",
                "repositories": ["app"],
                "tags": "any",
                "older_than": "7d",
            }
        ],
        registry=registry,
    )

    report = _lint(document)

    assert code in [p.code for p in report.errors]
