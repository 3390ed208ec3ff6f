"""A flattened snapshot (one row per tag) turned into an inventory.

Hand-written examples and reported failures often describe a registry as rows::

    {"repo": "app", "tag": "v1", "digest": "sha256:a",
     "lastUpdateTime": "2026-01-01T00:00:00Z", "locked": false,
     "mediaType": "...", "references": ["sha256:c1"], "subject": "sha256:x",
     "lock": "writeEnabled=false"}

A row whose ``tag`` is null is an untagged manifest. Conventions, where rows say less
than an inventory: a manifest's time is the latest time among its rows; a row without
``mediaType`` is a Docker v2 image manifest; ``locked`` locks the tag of a tagged row
and the manifest of an untagged row, both attributes unless ``lock`` names one.
"""

from __future__ import annotations

from .inventory import (
    DOCKER_MANIFEST,
    Inventory,
    Manifest,
    Reference,
    Registry,
    Repository,
    Tag,
)
from .timestamps import TimestampError, parse_timestamp


def _attributes(row: dict) -> tuple[bool, bool]:
    if not row.get("locked"):
        return True, True
    lock = row.get("lock", "")
    if lock == "writeEnabled=false":
        return True, False
    if lock == "deleteEnabled=false":
        return False, True
    return False, False


def _sortable_time(row: dict) -> int:
    try:
        return parse_timestamp(row["lastUpdateTime"])
    except TimestampError:
        return -(1 << 80)


def registry_from_rows(rows: list[dict], name: str = "example") -> Registry:
    registry = Registry(name)
    by_repository: dict[str, list[dict]] = {}
    for row in rows:
        by_repository.setdefault(row["repo"], []).append(row)
    for repo_name, repo_rows in by_repository.items():
        repository = Repository(repo_name)
        grouped: dict[str, list[dict]] = {}
        for row in repo_rows:
            grouped.setdefault(row["digest"], []).append(row)
            if row.get("tag") is not None:
                repository.tags.append(
                    Tag(
                        row["tag"],
                        row["digest"],
                        row["lastUpdateTime"],
                        *_attributes(row),
                    )
                )
        for digest, digest_rows in grouped.items():
            latest = max(digest_rows, key=_sortable_time)
            untagged = [r for r in digest_rows if r.get("tag") is None]
            delete_enabled, write_enabled = (
                _attributes(untagged[0]) if untagged else (True, True)
            )
            first = digest_rows[0]
            subject = first.get("subject")
            repository.manifests[digest] = Manifest(
                digest,
                first.get("mediaType", DOCKER_MANIFEST),
                latest["lastUpdateTime"],
                tags=tuple(r["tag"] for r in digest_rows if r.get("tag") is not None),
                delete_enabled=delete_enabled,
                write_enabled=write_enabled,
                references=tuple(Reference(d) for d in first.get("references", ())),
                subject=subject["digest"] if isinstance(subject, dict) else subject,
            )
        registry.repositories[repo_name] = repository
    return registry


def inventory_from_rows(rows: list[dict], name: str = "example") -> Inventory:
    registry = registry_from_rows(rows, name)
    return Inventory({name.lower(): registry})
