"""Run the real ``terraform`` binary on synthesized JSON, against the offline stand-in.

``terraform(workdir, *args)`` runs one command the way a test wants it: the stand-in
azurerm provider registered through a filesystem mirror and a generated CLI config
(set up once per session), every cache, home and temporary folder inside the test's
own folder, no colours, no prompts, no checkpoint calls, and nothing inherited from the
caller's ``TF_*`` or ``ARM_*`` settings except logging.

In tests, prefer the ``terraform_runner`` fixture (import it into the test module); it
skips the test, with the reason shown, when ``terraform`` is not on PATH.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from .standin_azurerm import STORE_ENV, Installation, install, object_path

TERRAFORM = shutil.which("terraform")
SKIP_REASON = (
    "terraform is not on PATH: the tests that run init, validate, plan and apply on "
    "the synthesized JSON need the terraform binary (1.5 or later)"
)
requires_terraform = pytest.mark.skipif(TERRAFORM is None, reason=SKIP_REASON)

# Commands that accept -no-color; the harness adds it so output can be matched.
_NO_COLOR = {
    "apply",
    "console",
    "destroy",
    "import",
    "init",
    "output",
    "plan",
    "refresh",
    "show",
    "taint",
    "untaint",
    "validate",
}
_KEPT = {"TF_LOG", "TF_LOG_PATH", "TF_LOG_CORE", "TF_LOG_PROVIDER"}
# A Unix socket path holds at most 107 bytes; the provider puts its socket at
# $TMPDIR/tmpXXXXXXXX/py-tf-plugin.sock.
_MAX_TMPDIR = 75


@dataclass(frozen=True)
class TerraformRunner:
    """Runs terraform with one home, temporary folder and remote-object store."""

    installation: Installation
    home: Path
    tmp: Path
    store: Path

    @classmethod
    def in_folder(cls, installation: Installation, folder: Path) -> TerraformRunner:
        """A runner keeping its home, temporary files and store under ``folder``."""
        folder = Path(folder)
        return cls(
            installation=installation,
            home=folder / "home",
            tmp=_socket_safe(folder / "t"),
            store=folder / "remote",
        )

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        for folder in (self.home, self.tmp, self.store):
            folder.mkdir(parents=True, exist_ok=True)
        env = {
            k: v
            for k, v in os.environ.items()
            if k in _KEPT or not k.startswith(("TF_", "ARM_"))
        }
        env.update(
            TF_CLI_CONFIG_FILE=str(self.installation.cli_config),
            TF_IN_AUTOMATION="1",
            TF_INPUT="0",
            CHECKPOINT_DISABLE="1",
            HOME=str(self.home),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            TMPDIR=str(self.tmp),
            **{STORE_ENV: str(self.store)},
        )
        env.update(extra or {})
        return env

    def __call__(
        self,
        workdir: Path,
        *args: str,
        env: dict[str, str] | None = None,
        timeout: float = 300,
    ) -> subprocess.CompletedProcess[str]:
        if TERRAFORM is None:
            raise RuntimeError(SKIP_REASON)
        arguments = list(args)
        if arguments and arguments[0] in _NO_COLOR and "-no-color" not in arguments:
            arguments.insert(1, "-no-color")
        return subprocess.run(
            [TERRAFORM, *arguments],
            cwd=workdir,
            env=self.environment(env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def check(
        self, workdir: Path, *args: str, **kwargs
    ) -> subprocess.CompletedProcess[str]:
        """Run and fail the test, with terraform's output, unless it exits 0."""
        result = self(workdir, *args, **kwargs)
        if result.returncode != 0:
            pytest.fail(_describe(result), pytrace=False)
        return result

    def json(self, workdir: Path, *args: str) -> dict:
        """Run a command that prints JSON (``show -json``, ``validate -json``)."""
        result = self(workdir, *args)
        try:
            return json.loads(result.stdout)
        except json.JSONDecodeError:
            pytest.fail(_describe(result), pytrace=False)

    def remote_object_path(self, resource_id: str) -> Path:
        """The file holding the remote object ``resource_id``; drift tests edit it."""
        return object_path(self.store, resource_id)

    def read_remote(self, resource_id: str) -> dict:
        return json.loads(self.remote_object_path(resource_id).read_text())

    def write_remote(self, resource_id: str, obj: dict) -> None:
        self.remote_object_path(resource_id).write_text(json.dumps(obj, indent=2))


def terraform(
    workdir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``terraform *args`` in ``workdir`` against the stand-in.

    Home, temporary files and the remote-object store live in ``workdir/.tf-test``;
    the mirror is shared by the whole session.
    """
    folder = Path(workdir) / ".tf-test"
    runner = TerraformRunner.in_folder(_session_installation(), folder)
    return runner(workdir, *args, env=env)


@cache
def _session_installation() -> Installation:
    root = Path(tempfile.mkdtemp(prefix="azurerm-standin-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return install(root)


@cache
def _short_tmp() -> Path:
    root = Path(tempfile.mkdtemp(prefix="tf-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def _socket_safe(preferred: Path) -> Path:
    if len(str(preferred.resolve())) <= _MAX_TMPDIR:
        return preferred
    return Path(tempfile.mkdtemp(dir=_short_tmp()))


def _describe(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"terraform {' '.join(result.args[1:])} exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )


@pytest.fixture(scope="session")
def terraform_installation(tmp_path_factory) -> Installation:
    """The stand-in's mirror and CLI config, once per session."""
    if TERRAFORM is None:
        pytest.skip(SKIP_REASON)
    return install(tmp_path_factory.mktemp("azurerm-standin"))


@pytest.fixture
def terraform_runner(terraform_installation, tmp_path) -> TerraformRunner:
    """A runner with home, temporary files and store inside this test's tmp_path."""
    return TerraformRunner.in_folder(terraform_installation, tmp_path / "tf")
