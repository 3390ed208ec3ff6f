"""The inventory file: ACR's field names in, full-precision times, clear errors out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from acr_lifecycle.preview.inventory import (
    InventoryError,
    inventory_from_json,
    load_inventory,
)
from acr_lifecycle.preview.timestamps import (
    TimestampError,
    format_timestamp,
    parse_timestamp,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "inventory.json"
DIGEST = "sha256:" + "a" * 64


def minimal(**repository) -> dict:
    repo = {"name": "app", "tags": [], "manifests": []} | repository
    return {"registries": [{"name": "myregistry", "repositories": [repo]}]}


def tag(name="v1", digest=DIGEST, time="2026-01-01T00:00:00.1234567Z", **extra) -> dict:
    return {"name": name, "digest": digest, "lastUpdateTime": time} | extra


def manifest(digest=DIGEST, **extra) -> dict:
    return {
        "digest": digest,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "lastUpdateTime": "2026-01-01T00:00:00Z",
    } | extra


def test_the_shipped_example_inventory_loads_with_both_registries():
    inventory = load_inventory(EXAMPLE)
    assert sorted(inventory.registries) == ["acrlifecycledev", "acrlifecycleprod"]
    dev = inventory.registry("AcrLifecycleDev")
    assert {"hello-world", "apps/web", "apps/api"} <= set(dev.repositories)
    assert inventory.captured_at == parse_timestamp("2026-07-01T02:00:00Z")


def test_a_manifest_lists_the_tags_that_point_at_it_when_its_tags_are_left_out():
    inventory = inventory_from_json(
        minimal(tags=[tag("v1"), tag("v2")], manifests=[manifest()])
    )
    app = inventory.registry("myregistry").repositories["app"]
    assert app.manifests[DIGEST].tags == ("v1", "v2")


def test_changeable_attributes_left_out_mean_unlocked():
    inventory = inventory_from_json(
        minimal(
            tags=[tag("v1", changeableAttributes={"writeEnabled": False})],
            manifests=[manifest(changeableAttributes={})],
        )
    )
    app = inventory.registry("myregistry").repositories["app"]
    assert app.tags[0].locked and not app.manifests[DIGEST].locked


@pytest.mark.parametrize(
    ("text", "nanoseconds"),
    [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.0000001Z", 100),
        ("1970-01-01T00:00:01.123456789Z", 1_123_456_789),
        ("1970-01-01T01:00:00+01:00", 0),
        ("1969-12-31T23:59:59.9999999Z", -100),
    ],
)
def test_timestamps_keep_every_fractional_digit(text, nanoseconds):
    assert parse_timestamp(text) == nanoseconds


def test_timestamps_format_back_to_the_same_instant():
    text = "2026-02-28T23:59:59.1234567Z"
    assert format_timestamp(parse_timestamp(text)) == text


@pytest.mark.parametrize(
    "text", ["2026-02-30T00:00:00Z", "2026-01-01 00:00:00Z", "yesterday"]
)
def test_text_that_is_not_rfc_3339_is_not_a_time(text):
    with pytest.raises(TimestampError):
        parse_timestamp(text)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([], 'expected an object with a "registries" list'),
        ({"registries": [], "extra": 1}, "unknown field(s) extra"),
        (
            {"registries": [], "capturedAt": "soon"},
            "capturedAt: 'soon' is not an RFC 3339",
        ),
        ({"registries": [{"repositories": []}]}, "registries[0].name: missing"),
        (minimal(tags=[tag()]), "is not among the repository's manifests"),
        (
            minimal(tags=[tag("v1")], manifests=[manifest(tags=["v2"])]),
            "lists tags ['v2'] but the repository's tag list points ['v1'] at it",
        ),
        (
            minimal(tags=[tag("v1"), tag("v1")], manifests=[manifest()]),
            "repository app, tag v1: appears twice",
        ),
        (minimal(tags=[{"name": "v1"}]), "missing or not text: digest, lastUpdateTime"),
        (
            minimal(manifests=[manifest(subject="sha256:x")]),
            '"subject" must be an object',
        ),
        (
            minimal(manifests=[manifest(changeableAttributes={"deleteEnabled": "no"})]),
            "changeableAttributes.deleteEnabled must be true or false",
        ),
    ],
)
def test_inventory_problems_name_the_place_and_the_fix(data, expected):
    with pytest.raises(InventoryError) as raised:
        inventory_from_json(data)
    assert any(expected in problem for problem in raised.value.problems), raised.value


def test_a_file_that_is_not_json_reports_line_and_column(tmp_path):
    path = tmp_path / "inventory.json"
    path.write_text('{"registries": [\n  oops ]}')
    with pytest.raises(InventoryError) as raised:
        load_inventory(path)
    assert f"{path}:2:3: not valid JSON" in str(raised.value)


def test_a_missing_file_is_an_inventory_error(tmp_path):
    with pytest.raises(InventoryError, match="no such file"):
        load_inventory(tmp_path / "absent.json")


def test_an_unreadable_tag_time_loads_and_is_left_to_the_purge_run(tmp_path):
    path = tmp_path / "inventory.json"
    path.write_text(
        json.dumps(minimal(tags=[tag(time="soon")], manifests=[manifest()]))
    )
    app = load_inventory(path).registry("myregistry").repositories["app"]
    assert app.tags[0].time is None and app.tags[0].time_text == "soon"
