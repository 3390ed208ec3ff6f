"""decode: every shape Azure and Terraform show a task in, back to YAML and commands."""

import base64
import json

import pytest
from click.testing import CliRunner

from acr_lifecycle.cli import main
from acr_lifecycle.review.decode import DecodeError, decode_text

from .conftest import load_case


@pytest.fixture
def task(bundled_plan):
    return bundled_plan.task("dev-nightly-releases")


def shapes(task):
    attributes = {
        "name": task.name,
        "encoded_step": [{"task_content": task.task_content}],
        "timer_trigger": [{"name": "schedule-1", "schedule": "0 1 * * *", "enabled": True}],
    }
    return {
        "base64": task.task_content,
        "task yaml": task.task_yaml,
        "az acr task show": json.dumps(
            {
                "name": task.name,
                "step": {"type": "EncodedTask", "encodedTaskContent": task.task_content},
                "trigger": {"timerTriggers": [{"name": "schedule-1", "schedule": "0 1 * * *", "status": "Enabled"}]},
            }
        ),
        "cdk.tf.json": json.dumps(
            {
                "resource": {
                    "azurerm_container_registry_task": {
                        "purge_x": {"name": task.name, "encoded_step": {"task_content": task.task_content}}
                    }
                }
            }
        ),
        "state file": json.dumps(
            {
                "version": 4,
                "resources": [
                    {"type": "azurerm_container_registry_task", "name": "purge_x", "instances": [{"attributes": attributes}]}
                ],
            }
        ),
        "show -json": json.dumps(
            {
                "format_version": "1.0",
                "values": {
                    "root_module": {
                        "resources": [
                            {"address": "azurerm_container_registry_task.purge_x", "type": "azurerm_container_registry_task", "values": attributes}
                        ]
                    }
                },
            }
        ),
    }


@pytest.mark.parametrize(
    "shape", ["base64", "task yaml", "az acr task show", "cdk.tf.json", "state file", "show -json"]
)
def test_decode_reads_every_shape(task, shape):
    (decoded,) = decode_text(shapes(task)[shape])

    assert decoded.task_yaml == task.task_yaml
    assert [s.cmd for s in decoded.steps] == [c.text for c in task.commands]
    assert decoded.warnings == []
    assert decoded.steps[1].filters == ["apps/.*:^(?!v.*$).*$"]
    assert decoded.steps[1].options == {"registry": "{{.Run.Registry}}", "ago": "30d"}


def test_decode_reads_a_task_list_with_schedules(task):
    document = json.loads(shapes(task)["az acr task show"])

    decoded = decode_text(json.dumps([document, document]))

    assert len(decoded) == 2
    assert decoded[0].schedules == ["schedule-1: 0 1 * * *"]


def test_br10_a_base64_command_line_is_not_a_task():
    encoded = load_case("br-10")["input"]["generator_entries"][1]["task_content_b64"]

    with pytest.raises(DecodeError) as raised:
        decode_text(encoded)

    message = str(raised.value)
    for fragment in load_case("br-10")["expected"]["purge_image_preencoded"]["error_contains"]:
        assert fragment in message
    assert "acr purge --filter 'imagename:.*' --ago 1d --untagged --dry-run" in message


def test_br10_a_task_without_version_is_flagged():
    task_yaml = load_case("br-10")["input"]["generator_entries"][2]["task_yaml"]

    (decoded,) = decode_text(task_yaml)

    first = decoded.warnings[0]
    for fragment in load_case("br-10")["expected"]["purge_no_version"]["error_contains"]:
        assert fragment in first
    assert "acr:latest" in first


def test_decode_refuses_unpadded_base64(task):
    padded = base64.b64encode(b"version: v1.1.0\nsteps: []\n\n\n").decode()
    assert padded.endswith("==")

    with pytest.raises(DecodeError, match="padded base64"):
        decode_text(padded.rstrip("="))


def test_decode_command_exits_2_with_a_message_for_json_without_tasks(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text('{"resource": {}}')

    result = CliRunner().invoke(main, ["decode", str(path)])

    assert result.exit_code == 2
    assert "holds no azurerm_container_registry_task" in result.output
