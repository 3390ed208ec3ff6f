"""What synth and export-module share about the folder they write: one subfolder per
stack, and the files of stacks the catalogue no longer has."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .compile.plan import DeploymentPlan


def require_folder(path: Path, what: str) -> None:
    """Raise NotADirectoryError (shown by the CLI as one line) if ``path`` is a file."""
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(20, f"the {what} is a file", str(path))


def retired_stack_files(
    plan: DeploymentPlan, folder: Path, names: Iterable[str]
) -> list[Path]:
    """The files ``<folder>/<stack>/<name>`` of stacks the plan no longer has, sorted;
    left in place they could still be planned or deployed."""
    current = {stack.name for stack in plan.stacks}
    return sorted(
        path
        for name in names
        for path in folder.glob(f"*/{name}")
        if path.parent.name not in current
    )
