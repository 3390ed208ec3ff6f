"""The catalogue's JSON Schema, for YAML editors: completion and checks as you type.

The schema is generated from the models, so it cannot drift from what the loader
accepts; it checks shape only. Checks that need the regex engine, cron rules or more
than one entry run in ``acr-lifecycle lint``.
"""

from __future__ import annotations

import json

from .models import CatalogueFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Where the committed copy lives, relative to the repository root; the bundled
# catalogue files point at it from their first line.
SCHEMA_PATH = "schema/catalogue.schema.json"


def catalogue_schema() -> dict:
    """The JSON Schema of one catalogue YAML document."""
    schema = CatalogueFile.model_json_schema()
    definitions = schema["$defs"]

    # Shorthands the models accept before validation: `tags: any` and a schedule
    # written as a bare cron string.
    definitions["TagSelectionMapping"] = definitions.pop("TagSelection")
    definitions["TagSelection"] = {
        "anyOf": [
            {"const": "any", "description": "Every tag."},
            {"$ref": "#/$defs/TagSelectionMapping"},
        ]
    }
    definitions["ScheduleMapping"] = definitions.pop("Schedule")
    definitions["Schedule"] = {
        "anyOf": [
            {
                "type": "string",
                "description": (
                    "Five-field NCrontab expression in UTC, e.g. '0 1 * * *'."
                ),
            },
            {"$ref": "#/$defs/ScheduleMapping"},
        ]
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "acr-lifecycle catalogue",
        "description": (
            "Purge policies, stacks of registries and assignments; run "
            "`acr-lifecycle lint` for the checks a schema cannot express."
        ),
        **{key: value for key, value in schema.items() if key != "title"},
        "$defs": dict(sorted(definitions.items())),
    }


def render_schema() -> str:
    """The schema as the committed file holds it: two-space JSON and a final newline."""
    return json.dumps(catalogue_schema(), indent=2, ensure_ascii=False) + "\n"
