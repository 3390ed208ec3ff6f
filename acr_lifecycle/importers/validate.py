"""Check an import's YAML the way every other command would: load, lint, compile."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML

from ..catalogue.load import catalogue_files
from ..errors import Location, Problem
from ..lint import lint_catalogue

IMPORTED_FILE = "imported.yaml"
STACKS_FILE = "stacks.yaml"


def stacks_of(path: str | Path) -> list:
    """The raw ``stacks`` entries of a catalogue folder or file."""
    yaml = YAML(typ="safe", pure=True)
    stacks: list = []
    for file in catalogue_files(path):
        for document in yaml.load_all(file.read_text(encoding="utf-8")):
            if isinstance(document, dict) and isinstance(document.get("stacks"), list):
                stacks += document["stacks"]
    return stacks


def lint_imported(
    text: str, *, shown: str, stacks: list | None = None
) -> list[Problem]:
    """Every lint problem of ``text`` (with ``stacks`` beside it), located in ``shown``."""
    with tempfile.TemporaryDirectory(prefix="acr-lifecycle-import-") as folder:
        (Path(folder) / IMPORTED_FILE).write_text(text, encoding="utf-8")
        if stacks is not None:
            out = StringIO()
            YAML(typ="safe", pure=True).dump({"stacks": stacks}, out)
            (Path(folder) / STACKS_FILE).write_text(out.getvalue(), encoding="utf-8")
        report = lint_catalogue(folder)
        problems = []
        for problem in report.problems:
            name = Path(problem.location.file).name
            if name == IMPORTED_FILE:
                location = replace(problem.location, file=shown)
            elif name == STACKS_FILE:
                location = Location("--stacks-from")
            else:
                location = Location(shown)
            problems.append(replace(problem, location=location))
        return problems
