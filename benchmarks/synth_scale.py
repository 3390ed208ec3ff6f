"""Synthesize a generated catalogue of 100 registries x 5 tasks and print the cost.

Prints wall time and peak memory of the whole process tree (Python and the jsii node
process) for: importing cdktf, importing the provider bindings, compiling alone
(`lint`), and the full `synth`. Run: `pipenv run python benchmarks/synth_scale.py`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _process_tree import measure  # noqa: E402

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"


def catalogue(registries: int, stacks: int) -> dict:
    policies = [
        {
            "name": f"policy-{i}",
            "rules": [
                {"id": "keep-releases", "kind": "tags", "repositories": [f"team{i}/.*"],
                 "tags": {"wildcards": ["v*"]}, "keep_newest": 5},
                {"id": "expire-other", "kind": "tags", "repositories": [f"team{i}/.*"],
                 "tags": "any", "older_than": "30d"},
                {"id": "untagged", "kind": "untagged", "repositories": [f"team{i}/.*"],
                 "older_than": "7d"},
            ],
        }
        for i in range(5)
    ]
    names = [f"registry{n:04d}" for n in range(registries)]
    per_stack = -(-registries // stacks)
    stack_entries = [
        {
            "name": f"stack-{s}",
            "registries": [
                {"id": f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-{name}/providers/"
                       f"Microsoft.ContainerRegistry/registries/{name}"}
                for name in names[s * per_stack:(s + 1) * per_stack]
            ],
        }
        for s in range(stacks)
    ]
    assignments = [
        {"name": "nightly", "registries": names, "policies": [p["name"] for p in policies],
         "schedules": ["0 1 * * *"], "mode": "enforce"}
    ]
    return {"policies": policies, "stacks": stack_entries, "assignments": assignments}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registries", type=int, default=100)
    parser.add_argument("--stacks", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    python = sys.executable
    cli = [python, "-m", "acr_lifecycle.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "catalogue.yaml"
        path.write_text(yaml.safe_dump(catalogue(args.registries, args.stacks)))
        cases = {
            "import cdktf": [python, "-c", "import cdktf"],
            "import provider bindings (task submodule)": [
                python, "-c", "import cdktf_cdktf_provider_azurerm.container_registry_task"],
            f"compile only (lint), {args.registries * 5} tasks": [*cli, "lint", str(path)],
            f"synth, {args.registries} registries x 5 tasks": [
                *cli, "synth", "--catalogue", str(path), "--out", str(Path(scratch) / "out")],
        }
        print(f"{'case':<48} {'median':>9}  {'peak tree RSS':>12}   (of {args.runs} runs)")
        for label, command in cases.items():
            runs = [measure(command) for _ in range(args.runs)]
            failed = [r for r in runs if r.returncode]
            if failed:
                print(f"{label}: failed with exit {failed[0].returncode}")
                continue
            seconds = statistics.median(r.seconds for r in runs)
            peak = max(r.peak_rss_bytes for r in runs)
            print(
                f"{label:<48} {seconds:7.2f} s  {peak / 2**20:8.0f} MiB"
                f"   (min {min(r.seconds for r in runs):.2f} s)"
            )


if __name__ == "__main__":
    main()
