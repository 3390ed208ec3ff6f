"""The stand-in's "Azure": one JSON file per remote object, as the API returns it.

An object with resource ID ``/subscriptions/.../tasks/purge`` lives in
``<root>/subscriptions/.../tasks/purge.json``. Tests change the world behind
Terraform's back (drift) by editing or deleting these files. One file per object keeps
an apply of hundreds of tasks fast; every write replaces its file atomically, so
concurrent provider calls never see half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

STORE_ENV = "AZURERM_STANDIN_STORE"


class StoreNotConfigured(Exception):
    """The folder of remote objects was not given."""


def store_root() -> Path:
    """The folder named by ``AZURERM_STANDIN_STORE``, created if needed."""
    value = os.environ.get(STORE_ENV)
    if not value:
        raise StoreNotConfigured(
            f"{STORE_ENV} is not set: the stand-in azurerm provider keeps its remote "
            "objects in that folder; set it to an empty folder for a fresh world"
        )
    root = Path(value)
    root.mkdir(parents=True, exist_ok=True)
    return root


def object_path(root: Path, resource_id: str) -> Path:
    """Where the remote object with ``resource_id`` is kept under ``root``."""
    relative = resource_id.strip("/")
    if not relative or ".." in relative.split("/"):
        raise ValueError(f"not a resource ID: {resource_id!r}")
    return root / f"{relative}.json"


def get(root: Path, resource_id: str) -> dict | None:
    path = object_path(root, resource_id)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def put(root: Path, resource_id: str, obj: dict) -> None:
    path = object_path(root, resource_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(obj, out, indent=2, sort_keys=True)
        out.write("\n")
    os.replace(scratch, path)


def delete(root: Path, resource_id: str) -> bool:
    """Remove the object; False when it did not exist."""
    try:
        object_path(root, resource_id).unlink()
    except FileNotFoundError:
        return False
    return True
