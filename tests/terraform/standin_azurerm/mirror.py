"""Register the stand-in with Terraform offline: a filesystem mirror and a CLI config.

Terraform installs ``hashicorp/azurerm`` from an unpacked mirror laid out as
``<mirror>/registry.terraform.io/hashicorp/azurerm/<version>/<os>_<arch>/`` holding an
executable ``terraform-provider-azurerm_v<version>``. Here that executable is a small
shell script that runs this package with the current Python. The CLI config points
``filesystem_mirror`` at the folder and excludes azurerm from ``direct``, so Terraform
never asks the registry for it; other providers still install as usual.
"""

from __future__ import annotations

import json
import platform
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from .provider import PROVIDER_ADDRESS, PROVIDER_VERSION

_PACKAGE = Path(__file__).resolve().parent
_ARCHITECTURES = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
}


@dataclass(frozen=True)
class Installation:
    mirror: Path
    cli_config: Path
    launcher: Path


def terraform_platform() -> str:
    """Terraform's name for this machine's platform, such as ``linux_amd64``."""
    machine = platform.machine().lower()
    return f"{sys.platform.removesuffix('2')}_{_ARCHITECTURES.get(machine, machine)}"


def install(root: Path, python: str | None = None) -> Installation:
    """Write the mirror and the CLI config under ``root`` (created if needed)."""
    root = Path(root)
    mirror = root / "mirror"
    plugin_dir = mirror / PROVIDER_ADDRESS / PROVIDER_VERSION / terraform_platform()
    plugin_dir.mkdir(parents=True, exist_ok=True)

    launcher = plugin_dir / f"terraform-provider-azurerm_v{PROVIDER_VERSION}"
    launcher.write_text(
        "#!/bin/sh\n"
        f"PYTHONPATH={shlex.quote(str(_PACKAGE.parent))}${{PYTHONPATH:+:$PYTHONPATH}} "
        f'exec {shlex.quote(python or sys.executable)} -m {_PACKAGE.name} "$@"\n'
    )
    launcher.chmod(0o755)

    cli_config = root / "terraform.rc"
    cli_config.write_text(
        "provider_installation {\n"
        "  filesystem_mirror {\n"
        f"    path    = {_hcl_string(str(mirror))}\n"
        f'    include = ["{PROVIDER_ADDRESS}"]\n'
        "  }\n"
        "  direct {\n"
        f'    exclude = ["{PROVIDER_ADDRESS}"]\n'
        "  }\n"
        "}\n"
        "disable_checkpoint = true\n"
    )
    return Installation(mirror=mirror, cli_config=cli_config, launcher=launcher)


def _hcl_string(text: str) -> str:
    return json.dumps(text).replace("${", "$${").replace("%{", "%%{")
