"""Existing purge rules (az tasks, acr purge commands, ECR policies) to catalogue YAML.

Imports nothing from cdktf.
"""

from .detect import KINDS, Detected, detect, import_detected
from .draft import CatalogueDraft, ImportRefused, Refusal, SourceError
from .options import ImportOptions
from .render import render_catalogue
from .run import ImportResult, import_text
from .validate import lint_imported, stacks_of

__all__ = [
    "KINDS",
    "CatalogueDraft",
    "Detected",
    "ImportOptions",
    "ImportRefused",
    "ImportResult",
    "Refusal",
    "SourceError",
    "detect",
    "import_detected",
    "import_text",
    "lint_imported",
    "render_catalogue",
    "stacks_of",
]
