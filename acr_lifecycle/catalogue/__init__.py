"""The policy catalogue: YAML in, validated models out. Imports nothing from cdktf."""

from .duration import Duration, parse_duration
from .load import Catalogue, Origin, catalogue_files, load_catalogue
from .models import (
    Assignment,
    CatalogueFile,
    CloudBackend,
    LocalBackend,
    Policy,
    Registry,
    Schedule,
    Stack,
    TagRule,
    TagSelection,
    TaskSettings,
    UntaggedRule,
)

__all__ = [
    "Assignment",
    "Catalogue",
    "CatalogueFile",
    "CloudBackend",
    "Duration",
    "LocalBackend",
    "Origin",
    "Policy",
    "Registry",
    "Schedule",
    "Stack",
    "TagRule",
    "TagSelection",
    "TaskSettings",
    "UntaggedRule",
    "catalogue_files",
    "load_catalogue",
    "parse_duration",
]
