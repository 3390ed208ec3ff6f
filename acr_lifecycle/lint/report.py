"""Run every check on a catalogue and collect the problems, sorted, in one report."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..catalogue import Catalogue
from ..catalogue.load import collect_catalogue
from ..compile import DeploymentPlan, compile_catalogue
from ..errors import AcrLifecycleError, CatalogueError, Location, Problem
from .acknowledgements import check_acknowledgements
from .priority import check_priority
from .policy_overlap import check_policy_overlap
from .schedules import check_schedule_frequency


@dataclass(frozen=True)
class LintReport:
    """The problems found, the valid part of the catalogue, and the plan when the
    catalogue compiles without errors."""

    problems: tuple[Problem, ...]
    catalogue: Catalogue
    plan: DeploymentPlan | None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def failed(self, *, strict: bool = False) -> bool:
        """Errors fail; with ``strict``, warnings fail too."""
        return bool(self.errors) or (strict and bool(self.problems))


def lint_catalogue(path: str | os.PathLike = "policies") -> LintReport:
    """Load, check and compile the catalogue at ``path``; never raises for bad input."""
    catalogue, problems = collect_catalogue(path)
    problems += check_priority(catalogue)
    problems += check_acknowledgements(catalogue)
    problems += check_schedule_frequency(catalogue)
    problems += check_policy_overlap(catalogue)

    plan = None
    try:
        plan = compile_catalogue(catalogue)
    except CatalogueError as error:
        problems += error.problems
    except Exception as error:  # noqa: BLE001 - whatever it is, never a traceback
        # The compiler checks its own output (shell split, YAML round trip); a
        # failure there is a bug, reported like a problem so that nothing is built.
        problems.append(
            Problem(
                Location(str(path)),
                "internal-error",
                f"the catalogue passed every check but could not be compiled: {error}",
                fix="this is a bug in acr-lifecycle; report it with the catalogue",
            )
        )

    unique = sorted(_dedupe(problems), key=Problem.sort_key)
    if any(p.severity == "error" for p in unique):
        plan = None
    return LintReport(tuple(unique), catalogue, plan)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Compilation repeats the loader's warnings; keep each problem once."""
    seen: set[tuple] = set()
    unique = []
    for problem in problems:
        key = (problem.location, problem.severity, problem.code, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique
