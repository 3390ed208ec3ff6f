"""Helpers for the catalogue and lint tests: lint YAML text, read problems as rows."""

from __future__ import annotations

import textwrap
from pathlib import Path

from acr_lifecycle.errors import Problem
from acr_lifecycle.lint import LintReport, lint_catalogue

STACK = """\
stacks:
  - name: example
    registries:
      - name: exampleregistry
        resource_group: rg-example
"""

ASSIGNMENT = """\
assignments:
  - name: nightly
    registries: [exampleregistry]
    policies: [purge]
    schedules: ["0 1 * * *"]
    mode: enforce
"""


def write_files(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return folder


def lint_files(folder: Path, files: dict[str, str]) -> LintReport:
    return lint_catalogue(write_files(folder, files))


def lint_policy(folder: Path, policy_yaml: str) -> LintReport:
    """Lint ``policy_yaml`` (a policies: document) beside one stack and assignment."""
    return lint_files(
        folder,
        {
            "policies.yaml": policy_yaml,
            "stacks.yaml": STACK,
            "assignments.yaml": ASSIGNMENT,
        },
    )


def row(problem: Problem) -> tuple:
    """A problem as (file:line:col, severity, code, where, value, message, fix)."""
    location = problem.location
    place = f"{Path(location.file).name}:{location.line}:{location.column}"
    return (
        place,
        problem.severity,
        problem.code,
        problem.where,
        problem.value,
        problem.message,
        problem.fix,
    )


def rows(report: LintReport) -> list[tuple]:
    return [row(p) for p in report.problems]
