"""``acr-lifecycle inventory``: from az outputs, and live against a local registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from acr_lifecycle.cli import main

ROOT = Path(__file__).parents[1]
AZ_FIXTURE = Path(__file__).parent / "fixtures" / "azcli"
CATALOGUE = str(ROOT / "policies")


def invoke(*arguments: str):
    return CliRunner().invoke(main, ["inventory", *arguments])


def test_from_az_writes_an_inventory_marked_as_converted(tmp_path):
    output = tmp_path / "inventory.json"

    result = invoke(
        "--from-az", str(AZ_FIXTURE), "--registry", "example", "-o", str(output)
    )

    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text())
    assert document["source"] == "az-cli" and "capturedAt" not in document
    assert [r["name"] for r in document["registries"][0]["repositories"]] == [
        "apps/web",
        "hello-world",
    ]
    assert "warning: az outputs do not include manifest bodies" in result.stderr


def test_from_az_records_the_time_given_with_captured_at(tmp_path):
    output = tmp_path / "inventory.json"

    result = invoke(
        "--from-az", str(AZ_FIXTURE), "--registry", "example", "-o", str(output),
        "--captured-at", "2026-07-01T02:00:00Z",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text())["capturedAt"] == "2026-07-01T02:00:00Z"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        pytest.param(
            ["--from-az", str(AZ_FIXTURE)],
            "--registry: missing; give the registry name",
            id="no-registry",
        ),
        pytest.param(
            ["--from-az", "nowhere", "--registry", "r"],
            "nowhere: no such file or folder; pass a folder with repositories.json",
            id="no-folder",
        ),
        pytest.param(
            ["--from-az", str(AZ_FIXTURE), "--registry", "r", "--captured-at", "now"],
            "--captured-at: 'now' is not an RFC 3339 time",
            id="bad-time",
        ),
        pytest.param(
            ["--registry", "r", "--captured-at", "2026-07-01T00:00:00Z"],
            "--captured-at: only with --from-az",
            id="time-on-a-live-read",
        ),
    ],
)
def test_bad_input_exits_2_with_the_fix_and_writes_nothing(
    tmp_path, arguments, expected
):
    output = tmp_path / "inventory.json"

    result = invoke(*arguments, "-o", str(output))

    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert not output.exists()


def test_an_az_output_that_breaks_an_inventory_rule_exits_2_without_a_file(tmp_path):
    folder = tmp_path / "az-out"
    folder.mkdir()
    (folder / "repositories.json").write_text('["app"]')
    (folder / "tags").mkdir()
    (folder / "manifests").mkdir()
    tag = {"name": "v1", "digest": "sha256:a", "lastUpdateTime": "2026-01-01T00:00:00Z"}
    (folder / "tags/app.json").write_text(json.dumps([tag]))
    (folder / "manifests/app.json").write_text("[]")
    output = tmp_path / "inventory.json"

    result = invoke("--from-az", str(folder), "--registry", "r", "-o", str(output))

    assert result.exit_code == 2
    assert "repository app, tag v1: points at sha256:a" in result.stderr
    assert not output.exists()


def test_preview_of_a_converted_inventory_warns_about_unknown_children(tmp_path):
    output = tmp_path / "inventory.json"
    invoke(
        "--from-az", str(AZ_FIXTURE), "--registry", "acrlifecycledev",
        "-o", str(output), "--captured-at", "2026-07-01T02:00:00Z",
    )  # fmt: skip

    result = CliRunner().invoke(
        main,
        ["preview", "--catalogue", CATALOGUE, "--inventory", str(output)]
        + ["--format", "json"],
    )

    assert result.exit_code in (0, 1), result.output
    warnings = json.loads(result.stdout)["warnings"]
    assert any(
        w.startswith("registry acrlifecycledev: az outputs do not include manifest")
        for w in warnings
    )


class TestLive:
    """The live path of the command, with the client pointed at a local registry."""

    @pytest.fixture
    def stub(self, monkeypatch):
        pytest.importorskip("azure.containerregistry")
        from azure.containerregistry import ContainerRegistryClient

        from tests.acr_stub import StubCredential, StubRegistry
        from tests.test_preview_live import RecordingClient, build_registry

        repositories, _ = build_registry()
        with StubRegistry(repositories) as registry:

            class Connected(RecordingClient):
                def __enter__(self):
                    return self

                def __exit__(self, *exc):
                    self._client.close()

            def connect(login_server, credential=None):
                registry.login_server = login_server
                real = ContainerRegistryClient(registry.endpoint, StubCredential())
                return Connected(real)

            monkeypatch.setattr("acr_lifecycle.preview.live.connect", connect)
            yield registry

    def test_the_ci_templates_command_line_saves_a_live_read(self, stub, tmp_path):
        output = tmp_path / "inventory-myregistry.json"

        result = invoke("--registry", "MyRegistry", "-o", str(output))

        assert result.exit_code == 0, result.output
        document = json.loads(output.read_text())
        assert document["source"] == "acr-api" and document["capturedAt"]
        registry = document["registries"][0]
        assert registry["name"] == "MyRegistry"
        assert registry["loginServer"] == stub.login_server == "myregistry.azurecr.io"
        assert len(registry["repositories"]) == 3
        assert "3 repositories of registry MyRegistry" in result.stderr

    def test_login_server_overrides_the_default(self, stub, tmp_path):
        output = tmp_path / "inventory.json"

        result = invoke(
            "--registry", "r", "--login-server", "r.azurecr.cn", "-o", str(output)
        )

        assert result.exit_code == 0, result.output
        assert stub.login_server == "r.azurecr.cn"

    def test_progress_bar_goes_to_stderr(self, stub, tmp_path):
        output = tmp_path / "inventory.json"

        result = invoke("--registry", "r", "-o", str(output), "--progress")

        assert result.exit_code == 0, result.output
        assert result.stdout == ""

    def test_a_denied_read_exits_1_and_leaves_no_file(self, stub, tmp_path):
        stub.fail_with = 403
        output = tmp_path / "inventory.json"

        result = invoke("--registry", "r", "-o", str(output))

        assert result.exit_code == 1
        assert result.stderr.startswith("error: registry r (r.azurecr.io): ")
        assert "Traceback" not in result.output
        assert not output.exists()
        assert not list(tmp_path.iterdir())
