"""One import from text to checked catalogue YAML."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Problem
from .assemble import check_approximations
from .detect import detect, import_detected
from .draft import CatalogueDraft
from .options import ImportOptions
from .render import render_catalogue
from .validate import lint_imported


@dataclass(frozen=True)
class ImportResult:
    kind: str
    draft: CatalogueDraft
    text: str
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def import_text(
    text: str,
    *,
    source: str,
    options: ImportOptions,
    shown: str = "<stdout>",
    stacks: list | None = None,
) -> ImportResult:
    """Detect, convert, refuse or comment differences, render, then lint the result.

    Raises ImportRefused (what cannot be kept, per rule) or SourceError (the input is
    not a source the import reads); lint problems of the result are returned."""
    detected = detect(text, source)
    draft = import_detected(detected, source, options)
    check_approximations(draft, options)
    rendered = render_catalogue(draft, source=source)
    problems = lint_imported(rendered, shown=shown, stacks=stacks)
    return ImportResult(detected.kind, draft, rendered, tuple(problems))
