"""Writing an inventory file while its repositories are still being read.

The file has the layout ``inventory.py`` documents, with one repository per line, so a
registry of any size is written without holding it in memory and the loader can read
it back one repository at a time. It is written beside its final path and renamed
into place only when complete: a read that fails leaves no half inventory behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

SOURCE_AZ_CLI = "az-cli"
SOURCE_ACR_API = "acr-api"
_TAG_FIELDS = ("name", "digest", "lastUpdateTime", "changeableAttributes")
_MANIFEST_FIELDS = (
    "digest",
    "mediaType",
    "tags",
    "lastUpdateTime",
    "changeableAttributes",
)
_LOCK_FIELDS = ("deleteEnabled", "writeEnabled")


def tag_fields(item: dict) -> dict:
    """A tag as the service lists it, without the fields purge does not read."""
    return pick_fields(item, _TAG_FIELDS)


def manifest_fields(item: dict) -> dict:
    """A manifest as the service lists it, without the fields purge does not read."""
    return pick_fields(item, _MANIFEST_FIELDS)


def pick_fields(item: dict, fields: tuple[str, ...]) -> dict:
    result = {key: item[key] for key in fields if key in item}
    attributes = result.get("changeableAttributes")
    if isinstance(attributes, dict):
        result["changeableAttributes"] = {
            key: attributes[key] for key in _LOCK_FIELDS if key in attributes
        }
    return result


def write_inventory(
    path: str | os.PathLike,
    repositories: Iterable[dict],
    *,
    registry: str,
    login_server: str | None = None,
    captured_at: str | None = None,
    source: str | None = None,
) -> int:
    """Write one registry's repositories (inventory-shaped dicts) to ``path``;
    return how many were written. Nothing is left at ``path`` if reading fails."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    head: dict[str, object] = {}
    if captured_at is not None:
        head["capturedAt"] = captured_at
    if source is not None:
        head["source"] = source
    registry_head: dict[str, object] = {"name": registry}
    if login_server is not None:
        registry_head["loginServer"] = login_server

    count = 0
    try:
        with open(partial, "w", encoding="utf-8") as out:
            out.write(json.dumps(head)[:-1] + (", " if head else ""))
            out.write('"registries": [')
            out.write(json.dumps(registry_head)[:-1] + ', "repositories": [\n')
            for repository in repositories:
                out.write((",\n" if count else "") + json.dumps(repository))
                count += 1
            out.write("\n]}]}\n")
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return count
