"""The live reader, through the real ACR client, against a registry on 127.0.0.1."""

from __future__ import annotations

import pytest

pytest.importorskip("azure.containerregistry")

from azure.containerregistry import ContainerRegistryClient

from acr_lifecycle.preview.capture import write_inventory
from acr_lifecycle.preview.inventory import (
    DOCKER_MANIFEST,
    OCI_INDEX,
    OCI_MANIFEST,
    load_inventory,
)
from acr_lifecycle.preview.live import (
    READ_METHODS,
    LiveReadError,
    _ReadOnly,
    read_registry,
)
from tests.acr_stub import (
    StubCredential,
    StubRegistry,
    StubRepository,
    manifest_body,
)

LOCKS = {"deleteEnabled": True, "writeEnabled": True}
ALL_LOCKS = LOCKS | {"readEnabled": True, "listEnabled": True}


def _tag(name: str, digest: str, time: str, **locks: bool) -> dict:
    return {
        "name": name,
        "digest": digest,
        "createdTime": time,
        "lastUpdateTime": time,
        "signed": False,
        "changeableAttributes": ALL_LOCKS | locks,
    }


def _manifest(digest: str, media_type: str, time: str, tags=None) -> dict:
    item = {
        "digest": digest,
        "imageSize": 100,
        "createdTime": time,
        "lastUpdateTime": time,
        "architecture": "amd64",
        "os": "linux",
        "mediaType": media_type,
        "changeableAttributes": ALL_LOCKS,
    }
    if tags:
        item["tags"] = tags
    return item


def build_registry() -> tuple[dict[str, StubRepository], dict[str, str]]:
    """apps/web: a tagged index with two children and a signature referring to the
    index, plus three Docker images (paged, two a page); hello-world: one image."""
    digests = {}
    child_amd, _ = manifest_body({"mediaType": OCI_MANIFEST, "layers": ["amd64"]})
    child_arm, _ = manifest_body({"mediaType": OCI_MANIFEST, "layers": ["arm64"]})
    index = {
        "mediaType": OCI_INDEX,
        "manifests": [
            {"digest": child_amd, "mediaType": OCI_MANIFEST, "size": 1},
            {"digest": child_arm, "mediaType": OCI_MANIFEST, "size": 1},
        ],
    }
    digests["index"], index_body = manifest_body(index)
    signature = {
        "mediaType": OCI_MANIFEST,
        "artifactType": "application/vnd.cncf.notary.signature",
        "subject": {"digest": digests["index"], "mediaType": OCI_INDEX, "size": 1},
    }
    digests["signature"], signature_body = manifest_body(signature)
    amd_body = manifest_body({"mediaType": OCI_MANIFEST, "layers": ["amd64"]})[1]
    arm_body = manifest_body({"mediaType": OCI_MANIFEST, "layers": ["arm64"]})[1]
    digests["amd"], digests["arm"] = child_amd, child_arm
    for n in (1, 2, 3):
        digests[f"v{n}"] = f"sha256:{n:064x}"
    web = StubRepository(
        tags=[
            _tag("v4", digests["index"], "2026-06-20T10:00:00.1234567Z"),
            _tag("v3", digests["v3"], "2026-05-03T10:00:00.1234567Z"),
            _tag("v2", digests["v2"], "2026-05-02T10:00:00.1234567Z"),
            _tag(
                "v1", digests["v1"], "2026-05-01T10:00:00.1234568Z", writeEnabled=False
            ),
        ],
        manifests=[
            _manifest(
                digests["index"], OCI_INDEX, "2026-06-20T10:00:00.1234567Z", ["v4"]
            ),
            _manifest(child_amd, OCI_MANIFEST, "2026-06-20T09:00:00.1234567Z"),
            _manifest(child_arm, OCI_MANIFEST, "2026-06-20T09:00:00.1234567Z"),
            _manifest(digests["signature"], OCI_MANIFEST, "2026-06-21T00:00:00Z"),
            _manifest(
                digests["v3"], DOCKER_MANIFEST, "2026-05-03T10:00:00.1234567Z", ["v3"]
            ),
            _manifest(
                digests["v2"], DOCKER_MANIFEST, "2026-05-02T10:00:00.1234567Z", ["v2"]
            ),
            _manifest(
                digests["v1"], DOCKER_MANIFEST, "2026-05-01T10:00:00.1234568Z", ["v1"]
            ),
        ],
        bodies={
            digests["index"]: (OCI_INDEX, index_body),
            digests["signature"]: (OCI_MANIFEST, signature_body),
            child_amd: (OCI_MANIFEST, amd_body),
            child_arm: (OCI_MANIFEST, arm_body),
        },
    )
    digests["hello"] = f"sha256:{9:064x}"
    hello = StubRepository(
        tags=[_tag("latest", digests["hello"], "2026-06-30T00:00:00.0000001Z")],
        manifests=[
            _manifest(
                digests["hello"],
                DOCKER_MANIFEST,
                "2026-06-30T00:00:00.0000001Z",
                ["latest"],
            )
        ],
    )
    return {"apps/web": web, "hello-world": hello, "z/empty": StubRepository()}, digests


class RecordingClient:
    """The real client, reached through a recorder: every attribute the reader asks
    for is noted. Plain HTTP is allowed for the local server only."""

    def __init__(self, client: ContainerRegistryClient) -> None:
        self._client = client
        self.asked: list[str] = []

    def __getattr__(self, name: str):
        self.asked.append(name)
        method = getattr(self._client, name)

        def call(*args, **kwargs):
            return method(*args, enforce_https=False, **kwargs)

        return call


@pytest.fixture
def stub():
    repositories, digests = build_registry()
    with StubRegistry(repositories) as registry:
        registry.digests = digests
        yield registry


@pytest.fixture
def client(stub):
    with ContainerRegistryClient(stub.endpoint, StubCredential()) as real:
        yield RecordingClient(real)


def read_all(client, **kwargs) -> tuple[list[str], list[dict]]:
    names, repositories = read_registry(client, **kwargs)
    return names, list(repositories)


def test_reader_lists_every_repository_through_the_pages(client):
    names, repositories = read_all(client)

    assert names == ["apps/web", "hello-world", "z/empty"]
    assert [r["name"] for r in repositories] == names


def test_reader_keeps_tags_in_the_servers_newest_first_order_with_full_precision(
    client,
):
    _, repositories = read_all(client)

    tags = repositories[0]["tags"]
    assert [t["name"] for t in tags] == ["v4", "v3", "v2", "v1"]
    assert tags[3] == {
        "name": "v1",
        "digest": f"sha256:{1:064x}",
        "lastUpdateTime": "2026-05-01T10:00:00.1234568Z",
        "changeableAttributes": {"deleteEnabled": True, "writeEnabled": False},
    }


def test_reader_finds_an_indexs_children_and_a_referrers_subject_in_the_bodies(
    client, stub
):
    _, repositories = read_all(client)

    manifests = {m["digest"]: m for m in repositories[0]["manifests"]}
    index = manifests[stub.digests["index"]]
    assert index["mediaType"] == OCI_INDEX and index["tags"] == ["v4"]
    assert index["references"] == [
        {"digest": stub.digests["amd"], "mediaType": OCI_MANIFEST},
        {"digest": stub.digests["arm"], "mediaType": OCI_MANIFEST},
    ]
    signature = manifests[stub.digests["signature"]]
    assert signature["subject"] == {"digest": stub.digests["index"]}
    assert "references" not in manifests[stub.digests["amd"]]
    assert "subject" not in manifests[stub.digests["v1"]]


def test_reader_reads_no_body_of_a_docker_image_manifest(client, stub):
    read_all(client)

    bodies = [path for method, path in stub.requests if "/manifests/" in path]
    read = {path.rsplit("/", 1)[1].replace("%3A", ":") for path in bodies}
    assert stub.digests["v1"] not in read and stub.digests["hello"] not in read
    assert stub.digests["index"] in read


def test_reader_calls_only_read_methods_of_the_client(client):
    read_all(client)

    assert set(client.asked) <= set(READ_METHODS)
    assert {"list_tag_properties", "list_manifest_properties", "get_manifest"} <= set(
        client.asked
    )


def test_reader_sends_only_reads_and_the_sign_in_exchange(client, stub):
    read_all(client)

    posts = {path.split("?")[0] for method, path in stub.requests if method == "POST"}
    assert posts == {"/oauth2/exchange", "/oauth2/token"}
    assert {method for method, _ in stub.requests} == {"GET", "POST"}


def test_read_only_view_of_a_client_has_no_delete_or_update():
    class Everything:
        def __getattr__(self, name):
            return lambda *a, **k: name

    view = _ReadOnly(Everything())

    for name in (
        "delete_manifest",
        "delete_tag",
        "delete_repository",
        "update_tag_properties",
        "update_manifest_properties",
        "set_manifest",
    ):
        assert not hasattr(view, name)
    assert view.get_manifest() == "get_manifest"


def test_reader_reports_progress_after_each_repository(client):
    steps = []

    read_all(client, on_progress=steps.append)

    assert [(s.repository, s.done, s.total) for s in steps] == [
        ("apps/web", 1, 3),
        ("hello-world", 2, 3),
        ("z/empty", 3, 3),
    ]
    assert (steps[-1].tags, steps[-1].manifests, steps[-1].bodies) == (5, 8, 4)


def test_a_denied_read_names_the_repository_and_the_call(client, stub):
    _names, repositories = read_registry(client)
    stub.fail_with = 403

    with pytest.raises(LiveReadError, match=r"repository apps/web: list tags: "):
        next(repositories)


def test_what_the_reader_saves_loads_as_an_inventory_and_keeps_the_time(
    client, tmp_path
):
    _, repositories = read_registry(client)
    path = tmp_path / "inventory.json"

    write_inventory(path, repositories, registry="stubregistry", source="acr-api")

    inventory = load_inventory(path)
    web = inventory.registry("stubregistry").repositories["apps/web"]
    assert inventory.source == "acr-api"
    assert web.tags[3].time_text == "2026-05-01T10:00:00.1234568Z"
    signature = next(m for m in web.manifests.values() if m.subject)
    assert signature.subject == next(
        m.digest for m in web.manifests.values() if m.references
    )


def test_a_failed_sign_in_says_how_to_sign_in(stub):
    from azure.core.exceptions import ClientAuthenticationError

    class NoAccount(StubCredential):
        def get_token(self, *scopes, **kwargs):
            raise ClientAuthenticationError("no account is signed in")

    with (
        ContainerRegistryClient(stub.endpoint, NoAccount()) as real,
        pytest.raises(LiveReadError) as raised,
    ):
        read_registry(RecordingClient(real))

    assert str(raised.value).startswith(
        "list repositories: not signed in or not allowed (no account is signed in); "
        "sign in with `az login`"
    )
