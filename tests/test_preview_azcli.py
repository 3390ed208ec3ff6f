"""Inventories converted from the JSON that az prints (tests/fixtures/azcli)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from acr_lifecycle.preview.azcli import AzOutputs
from acr_lifecycle.preview.capture import write_inventory
from acr_lifecycle.preview.inventory import OCI_INDEX, load_inventory

FIXTURE = Path(__file__).parent / "fixtures" / "azcli"


@pytest.fixture
def outputs_folder(tmp_path) -> Path:
    folder = tmp_path / "az-out"
    shutil.copytree(FIXTURE, folder)
    return folder


def convert(path: Path) -> tuple[AzOutputs, list[dict]]:
    outputs = AzOutputs(path)
    return outputs, list(outputs.repositories())


def test_folder_converts_to_one_repository_per_listed_name_in_name_order():
    outputs, repositories = convert(FIXTURE)

    assert outputs.problems == []
    assert [r["name"] for r in repositories] == ["apps/web", "hello-world"]


def test_tags_keep_the_order_az_printed_and_only_the_fields_purge_reads():
    _, repositories = convert(FIXTURE)

    web = repositories[0]
    assert [t["name"] for t in web["tags"]] == ["v3", "v2", "v1"]
    assert web["tags"][2] == {
        "name": "v1",
        "digest": json.loads((FIXTURE / "tags/apps/web.json").read_text())[2]["digest"],
        "lastUpdateTime": "2026-03-01T10:00:00.1234567Z",
        "changeableAttributes": {"deleteEnabled": False, "writeEnabled": True},
    }


def test_manifests_keep_media_type_tags_and_time_and_drop_size_and_platform():
    _, repositories = convert(FIXTURE)

    index = repositories[0]["manifests"][0]
    assert set(index) == {
        "digest",
        "mediaType",
        "tags",
        "lastUpdateTime",
        "changeableAttributes",
    }
    assert index["mediaType"] == OCI_INDEX and index["tags"] == ["v3"]


def test_conversion_warns_that_children_and_subjects_are_unknown():
    outputs, _ = convert(FIXTURE)

    assert outputs.indexes_without_children == 1
    assert outputs.manifests_without_subject == 4
    assert len(outputs.warnings) == 1
    assert "children of 1 index(es) and the subject of 4 OCI" in outputs.warnings[0]
    assert "acr-lifecycle inventory --registry NAME" in outputs.warnings[0]


def test_an_index_with_references_in_the_listing_keeps_them_as_its_children(
    outputs_folder,
):
    path = outputs_folder / "manifests/apps/web.json"
    items = json.loads(path.read_text())
    child = items[1]["digest"]
    items[0]["references"] = [{"digest": child, "architecture": "amd64", "os": "linux"}]
    path.write_text(json.dumps(items))

    outputs, repositories = convert(outputs_folder)

    assert repositories[0]["manifests"][0]["references"] == [{"digest": child}]
    assert outputs.indexes_without_children == 0


def test_one_file_mapping_repositories_to_their_lists_converts_like_the_folder(
    tmp_path,
):
    mapping = {
        name: {
            "tags": json.loads((FIXTURE / "tags" / f"{name}.json").read_text()),
            "manifests": json.loads(
                (FIXTURE / "manifests" / f"{name}.json").read_text()
            ),
        }
        for name in ("hello-world", "apps/web")
    }
    path = tmp_path / "az.json"
    path.write_text(json.dumps(mapping))

    _, from_file = convert(path)

    assert from_file == convert(FIXTURE)[1]


def test_converted_inventory_loads_and_records_that_it_came_from_az(tmp_path):
    outputs = AzOutputs(FIXTURE)
    path = tmp_path / "inventory.json"

    write_inventory(path, outputs.repositories(), registry="example", source="az-cli")

    inventory = load_inventory(path)
    web = inventory.registry("example").repositories["apps/web"]
    assert inventory.source == "az-cli"
    assert [t.name for t in web.tags] == ["v3", "v2", "v1"]
    assert len(web.manifests) == 7 and web.tags[2].locked


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            lambda f: (f / "tags/hello-world.json").unlink(),
            "tags/hello-world.json: no such file; write it with `az acr repository "
            "show-tags -n REGISTRY --repository hello-world --detail",
            id="missing-tags-file",
        ),
        pytest.param(
            lambda f: (f / "tags/hello-world.json").write_text('["latest"]'),
            "tags/hello-world.json: lists tag names only; run show-tags with --detail",
            id="tags-without-detail",
        ),
        pytest.param(
            lambda f: (f / "manifests/hello-world.json").write_text(
                '[{"digest": "sha256:a", "tags": [], "timestamp": "2026-01-01"}]'
            ),
            "manifests/hello-world.json: has the short form of `az acr repository "
            "show-manifests`",
            id="short-manifest-form",
        ),
        pytest.param(
            lambda f: (f / "manifests/hello-world.json").write_text("{not json"),
            "manifests/hello-world.json:1:2: not valid JSON",
            id="not-json",
        ),
        pytest.param(
            lambda f: (f / "repositories.json").write_text('{"apps/web": 1}'),
            "repositories.json: expected the list of repository names that `az acr "
            "repository list -n REGISTRY -o json` prints",
            id="repositories-not-a-list",
        ),
        pytest.param(
            lambda f: (f / "repositories.json").write_text('["../../etc/passwd"]'),
            "repository name '../../etc/passwd' is not a registry repository name",
            id="name-outside-the-folder",
        ),
        pytest.param(
            lambda f: (f / "tags/hello-world.json").write_text("[1]"),
            "tags/hello-world.json: item 0 is 1, not an object",
            id="item-not-an-object",
        ),
    ],
)
def test_a_broken_output_is_reported_with_its_file_and_the_fix(
    outputs_folder, change, expected
):
    change(outputs_folder)

    outputs, _ = convert(outputs_folder)

    assert len(outputs.problems) == 1
    assert expected in outputs.problems[0]
    assert str(outputs_folder) in outputs.problems[0]


def test_a_file_for_an_unlisted_repository_is_ignored_with_a_warning(outputs_folder):
    (outputs_folder / "tags/old.json").write_text("[]")

    outputs, repositories = convert(outputs_folder)

    assert [r["name"] for r in repositories] == ["apps/web", "hello-world"]
    assert any("tags/old.json: repository old is not in" in w for w in outputs.warnings)


def test_a_missing_folder_names_the_layout(tmp_path):
    outputs = AzOutputs(tmp_path / "nowhere")

    assert (
        "no such file or folder; pass a folder with repositories.json"
        in (outputs.problems[0])
    )
