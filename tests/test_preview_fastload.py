"""The fast path of load_inventory builds what the careful path builds, and hands
every file it cannot vouch for to the careful path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from acr_lifecycle.preview import _fastload
from acr_lifecycle.preview.inventory import (
    Inventory,
    InventoryError,
    _Reader,
    inventory_from_json,
    load_inventory,
)

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "inventory.json"
DIGEST = "sha256:" + "a" * 64
OTHER = "sha256:" + "b" * 64


def snapshot(inventory: Inventory) -> dict:
    """Everything an inventory holds, as plain values."""
    return {
        "capturedAt": inventory.captured_at,
        "source": inventory.source,
        "registries": {
            key: {
                "name": registry.name,
                "loginServer": registry.login_server,
                "repositories": {
                    name: {
                        "tags": [
                            (
                                t.name,
                                t.digest,
                                t.time,
                                t.time_text,
                                t.delete_enabled,
                                t.write_enabled,
                            )
                            for t in repository.tags
                        ],
                        "manifests": [
                            (
                                m.digest,
                                m.media_type,
                                m.tags,
                                m.time,
                                m.time_text,
                                m.delete_enabled,
                                m.write_enabled,
                                m.references,
                                m.subject,
                            )
                            for m in repository.manifests.values()
                        ],
                    }
                    for name, repository in registry.repositories.items()
                },
            }
            for key, registry in inventory.registries.items()
        },
    }


def careful(path: Path) -> Inventory:
    return inventory_from_json(json.loads(path.read_text()), source=str(path))


def fast(path: Path) -> Inventory:
    with open(path, "rb") as handle:
        return _fastload.load_fast(handle, _Reader(str(path)))


def document(repositories: list, **top) -> dict:
    return {"registries": [{"name": "r", "repositories": repositories}], **top}


def repository(tags=(), manifests=(), name="app") -> dict:
    return {"name": name, "tags": list(tags), "manifests": list(manifests)}


def tag(name="v1", digest=DIGEST, time="2026-01-01T00:00:00.1234567Z", **extra):
    return {"name": name, "digest": digest, "lastUpdateTime": time} | extra


def manifest(digest=DIGEST, **extra) -> dict:
    return {
        "digest": digest,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "lastUpdateTime": "2026-01-01T00:00:00.1234567Z",
    } | extra


VALID = {
    "example": None,
    "locks": document(
        [
            repository(
                [
                    tag(changeableAttributes={"deleteEnabled": False}),
                    tag("v2", OTHER, changeableAttributes={"writeEnabled": False}),
                ],
                [
                    manifest(tags=["v1"]),
                    manifest(OTHER, changeableAttributes={"deleteEnabled": False}),
                ],
            )
        ],
        capturedAt="2026-07-01T00:00:00Z",
        source="acr-api",
    ),
    "unreadable-times": document(
        [
            repository(
                [tag(time="soon")],
                [
                    manifest(lastUpdateTime="later"),
                    manifest(OTHER, lastUpdateTime=None),
                ],
            )
        ]
    ),
    "references-and-subject": document(
        [
            repository(
                [tag()],
                [
                    manifest(references=[{"digest": OTHER}]),
                    manifest(OTHER, subject={"digest": DIGEST}),
                ],
            )
        ]
    ),
    "name-after-repositories": {
        "registries": [
            {"repositories": [repository([tag()], [manifest()])], "name": "R"}
        ]
    },
    "extra-lock-fields": document(
        [
            repository(
                [
                    tag(
                        changeableAttributes={
                            "deleteEnabled": True,
                            "readEnabled": True,
                        }
                    )
                ],
                [manifest(tags=["v1"], mediaType=None)],
            )
        ]
    ),
    "empty": {"registries": []},
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_load_inventory_builds_what_the_careful_path_builds(tmp_path, case):
    path = EXAMPLE if VALID[case] is None else tmp_path / "inventory.json"
    if VALID[case] is not None:
        path.write_text(json.dumps(VALID[case], indent=1))

    assert snapshot(load_inventory(path)) == snapshot(careful(path))


def test_fast_path_converts_plain_repositories_itself(tmp_path, monkeypatch):
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(VALID["locks"]))
    expected = snapshot(careful(path))
    monkeypatch.setattr(
        _Reader, "repository", lambda *a: pytest.fail("careful conversion used")
    )

    assert snapshot(fast(path)) == expected


def test_fast_path_reads_values_that_straddle_its_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(_fastload, "CHUNK_CHARACTERS", 7)
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(VALID["locks"] | {"format": 12345678901234}))

    assert snapshot(fast(path)) == snapshot(careful(path))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('{"registries": [], "registries": []}', id="duplicate-key"),
        pytest.param('{"registries": []} trailing', id="extra-data"),
        pytest.param('{"registries": [{"name": "r"}]}', id="no-repositories"),
        pytest.param('{"registries": {}}', id="registries-not-a-list"),
        pytest.param('{"registries": [], "other": 1}', id="unknown-field"),
        pytest.param('{"registries": [', id="truncated"),
        pytest.param(
            json.dumps(document([repository([tag()], [])])), id="tag-without-manifest"
        ),
    ],
)
def test_fast_path_hands_unexpected_files_to_the_careful_path(tmp_path, text):
    path = tmp_path / "inventory.json"
    path.write_text(text)

    with pytest.raises(_fastload.Fallback):
        fast(path)


def test_a_problem_is_worded_as_the_careful_path_words_it(tmp_path):
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps(document([repository([tag()], [])])))

    with pytest.raises(InventoryError) as raised:
        load_inventory(path)

    assert "repository app, tag v1: points at sha256:" in raised.value.problems[0]


@pytest.mark.parametrize("value", [1, 1.0])
def test_a_lock_that_only_equals_true_is_refused_as_the_careful_path_refuses_it(
    tmp_path, value
):
    # 1 == True in Python: the fast path must not take {"deleteEnabled": 1} for
    # an unlocked tag.
    locks = {"deleteEnabled": value, "writeEnabled": True}
    path = tmp_path / "inventory.json"
    path.write_text(
        json.dumps(
            document([repository([tag(changeableAttributes=locks)], [manifest()])])
        )
    )

    with pytest.raises(_fastload.Fallback):
        fast(path)
    with pytest.raises(InventoryError) as raised:
        load_inventory(path)
    assert "changeableAttributes.deleteEnabled must be true or false" in str(
        raised.value
    )
