"""Catalogue lint: every problem of a catalogue in one pass, before anything is built.

Imports nothing from cdktf, so ``acr-lifecycle lint`` starts fast; ``synth`` runs the
same checks before it loads the bindings.
"""

from .explain import AssignmentRuns, ScheduleRuns, explain_schedules
from .report import LintReport, lint_catalogue

__all__ = [
    "AssignmentRuns",
    "LintReport",
    "ScheduleRuns",
    "explain_schedules",
    "lint_catalogue",
]
