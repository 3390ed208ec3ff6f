"""acr-lifecycle import: standard output or -o, exit status 2 with reasons, no traceback."""

from __future__ import annotations

from click.testing import CliRunner

from acr_lifecycle.cli import main

from .import_support import IMPORT_FIXTURES


def _run(*arguments, input=None):
    return CliRunner().invoke(main, ["import", *arguments], input=input)


def test_import_prints_the_catalogue_yaml_on_standard_output():
    result = _run(str(IMPORT_FIXTURES / "az-task-show-cmd.json"))

    assert result.exit_code == 0, result.output
    assert "policies:\n  # note:" in result.stdout
    assert "- id: step-1\n        kind: tags\n" in result.stdout


def test_import_writes_the_file_given_with_output(tmp_path):
    target = tmp_path / "imported.yaml"

    result = _run(str(IMPORT_FIXTURES / "az-task-show-cmd.json"), "-o", str(target))

    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text().startswith(
        "# Imported by acr-lifecycle from az acr task JSON"
    )


def test_import_reads_standard_input():
    result = _run(
        "-",
        "--registry",
        "myregistry",
        "--resource-group",
        "rg",
        input="acr purge --filter 'app:.*' --ago 7d\n",
    )

    assert result.exit_code == 0
    assert "Imported by acr-lifecycle from acr purge command <stdin>" in result.stdout


def test_a_refused_import_writes_nothing_and_exits_2(tmp_path):
    target = tmp_path / "out.yaml"

    result = _run(str(IMPORT_FIXTURES / "az-task-overlap.json"), "-o", str(target))

    assert result.exit_code == 2
    assert not target.exists()
    assert "error: task purge-overlap" in result.stderr
    assert "cannot be imported faithfully; nothing was written." in result.stderr


def test_lint_errors_are_reported_after_the_yaml_is_written(tmp_path):
    target = tmp_path / "out.yaml"

    result = _run(str(IMPORT_FIXTURES / "az-task-list.json"), "-o", str(target))

    assert result.exit_code == 2
    assert target.exists()
    assert f"{target}:" in result.stderr and "[delete-all]" in result.stderr
    assert "1 lint error in the imported catalogue" in result.stderr


def test_bad_input_is_a_clear_error_without_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": [')

    result = _run(str(bad))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}:1:")
    assert "Traceback" not in result.output


def test_a_missing_file_is_a_clear_error():
    result = _run("does-not-exist.json")

    assert result.exit_code == 2
    assert "does-not-exist.json: cannot read the file" in result.stderr


def test_stacks_from_refers_to_registries_declared_elsewhere(tmp_path):
    stacks = tmp_path / "stacks.yaml"
    stacks.write_text(
        "stacks:\n  - name: team\n    registries:\n      - name: teamregistry\n        resource_group: rg-team\n"
    )

    result = _run(
        str(IMPORT_FIXTURES / "az-task-show-cmd.json"), "--stacks-from", str(stacks)
    )

    assert result.exit_code == 0, result.stderr
    assert "stacks:" not in result.stdout
    assert "registries: [teamregistry]" in result.stdout


def test_a_command_joined_with_a_shell_operator_is_refused_with_exit_2(tmp_path):
    source = tmp_path / "and.txt"
    source.write_text(
        "acr purge --filter 'hello-world:.*' --ago 7d && "
        "acr purge --filter 'x:.*' --ago 1d\n"
    )
    target = tmp_path / "out.yaml"

    result = _run(
        str(source),
        *("--registry", "myregistry", "--resource-group", "rg"),
        *("-o", str(target)),
    )

    assert result.exit_code == 2
    assert not target.exists()
    assert result.stderr.startswith(
        f"error: {source}:1: unquoted shell operator '&&': the shell ends acr purge "
        "there"
    )
    assert "; split it into one acr purge command per line\n" in result.stderr
    assert "ignores the arguments" not in result.stderr
    assert result.stderr.endswith(
        f"1 part of {source} cannot be imported faithfully; nothing was written.\n"
    )
