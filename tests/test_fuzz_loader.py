"""Whatever the catalogue folder holds, lint gives a clean result or listed problems.

Generated YAML documents, generated values in every field of the bundled catalogue,
truncated files, binary garbage and folders without a catalogue: never a traceback.
The example count is bounded for the suite; set ACR_LIFECYCLE_FUZZ_EXAMPLES for a
long campaign.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acr_lifecycle.lint import LintReport, lint_catalogue

from .conftest import BUNDLED_CATALOGUE

EXAMPLES = int(os.environ.get("ACR_LIFECYCLE_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

BUNDLED = {p.name: p.read_text() for p in sorted(BUNDLED_CATALOGUE.glob("*.yaml"))}
VOCABULARY = [
    "policies",
    "stacks",
    "assignments",
    "name",
    "rules",
    "id",
    "kind",
    "tags",
    "untagged",
    "repositories",
    "older_than",
    "keep_newest",
    "acknowledge",
    "any",
    "prefixes",
    "wildcards",
    "regex",
    "registries",
    "resource_group",
    "backend",
    "type",
    "local",
    "cloud",
    "schedules",
    "cron",
    "mode",
    "enforce",
    "dry-run",
    "task",
    "step_timeout_seconds",
    "timeout_seconds",
    "acr_cli_image",
    "registry_credentials",
    "identity",
    "login_server",
    "delete-all-tags",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.sampled_from(VOCABULARY + ["0d", "7d", ".*", "*", "0 1 * * *", "apps/.*"]),
    st.text(max_size=30),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=8)),
            children,
            max_size=5,
        ),
    ),
    max_leaves=30,
)
documents = st.dictionaries(
    st.sampled_from(VOCABULARY[:3] + ["other"]), values, max_size=3
)


def lint_folder(files: dict[str, bytes]) -> LintReport:
    folder = Path(tempfile.mkdtemp())
    for name, content in files.items():
        (folder / name).write_bytes(content)
    report = lint_catalogue(folder)
    assert_clean(report)
    return report


def assert_clean(report: LintReport) -> None:
    """A result is clean: compiled with no errors, or every error located and said."""
    if report.plan is None:
        assert report.errors
    for problem in report.problems:
        assert problem.location.file
        assert problem.message
        problem.render()
        json.dumps(problem.as_dict())


@FUZZ
@given(document=documents)
def test_generated_yaml_documents_give_a_result_or_listed_problems(document):
    text = yaml.safe_dump(document, allow_unicode=True)

    lint_folder({"catalogue.yaml": text.encode("utf-8")})


def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, path + (index,))
    yield path


@FUZZ
@given(
    name=st.sampled_from(sorted(BUNDLED)),
    seed=st.integers(min_value=0, max_value=2**32),
    value=values,
)
def test_any_value_in_any_field_gives_a_result_or_listed_problems(name, seed, value):
    document = yaml.safe_load(BUNDLED[name])
    paths = list(_leaves(document))
    path = random.Random(seed).choice(paths)
    if path:
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    else:
        document = value
    files = {n: t.encode() for n, t in BUNDLED.items()}
    files[name] = yaml.safe_dump(document, allow_unicode=True).encode("utf-8")

    lint_folder(files)


@FUZZ
@given(name=st.sampled_from(sorted(BUNDLED)), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files_give_a_result_or_listed_problems(name, cut):
    files = {n: t.encode() for n, t in BUNDLED.items()}
    files[name] = files[name][: int(len(files[name]) * cut)]

    lint_folder(files)


@FUZZ
@given(garbage=st.binary(max_size=300), keep_others=st.booleans())
def test_binary_garbage_gives_listed_problems(garbage, keep_others):
    files = {n: t.encode() for n, t in BUNDLED.items()} if keep_others else {}
    files["garbage.yaml"] = garbage

    lint_folder(files)


@FUZZ
@given(text=st.text(max_size=200))
def test_arbitrary_text_gives_a_result_or_listed_problems(text):
    lint_folder({"catalogue.yml": text.encode("utf-8", "surrogatepass")})


def test_a_folder_without_a_catalogue_is_one_problem():
    folder = Path(tempfile.mkdtemp())
    (folder / "README.md").write_text("no catalogue here\n")

    report = lint_catalogue(folder)

    assert [p.code for p in report.problems] == ["no-catalogue"]
    assert_clean(report)
