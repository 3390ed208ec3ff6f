"""Time real terraform against the offline azurerm stand-in, for 1 and for 100 tasks.

For each task count, in a fresh folder and a fresh "Azure": ``init``, ``validate``,
``plan -out`` (create), ``apply`` of that plan, then ``plan`` again (refresh, no
change). Prints the median of the repeats per command.
Run: ``pipenv run python benchmarks/terraform_standin.py [--tasks 1 100] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.terraform.example import many_tasks  # noqa: E402
from tests.terraform.harness import TERRAFORM, TerraformRunner  # noqa: E402
from tests.terraform.standin_azurerm import install  # noqa: E402

COMMANDS = [
    ("init", ["init"]),
    ("validate", ["validate"]),
    ("plan (create)", ["plan", "-out=tfplan"]),
    ("apply (create)", ["apply", "tfplan"]),
    ("plan (refresh, no change)", ["plan", "-detailed-exitcode"]),
]


def run_once(task_count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="tf-bench-") as scratch:
        root = Path(scratch)
        runner = TerraformRunner.in_folder(install(root / "install"), root / "tf")
        workdir = root / "work"
        workdir.mkdir()
        (workdir / "main.tf.json").write_text(json.dumps(many_tasks(task_count)))

        seconds = {}
        for label, args in COMMANDS:
            start = time.perf_counter()
            result = runner(workdir, *args)
            seconds[label] = time.perf_counter() - start
            if result.returncode != 0:
                sys.exit(f"terraform {' '.join(args)} failed:\n{result.stderr}")
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    if TERRAFORM is None:
        sys.exit("terraform is not on PATH")

    runs = {n: [run_once(n) for _ in range(options.repeat)] for n in options.tasks}

    header = "".join(
        f"{f'{n} task' + ('s' if n != 1 else ''):>12}" for n in options.tasks
    )
    print(f"{'command (median of ' + str(options.repeat) + ')':<30}{header}")
    for label, _ in COMMANDS:
        cells = "".join(
            f"{statistics.median(r[label] for r in runs[n]):>10.2f} s"
            for n in options.tasks
        )
        print(f"{label:<30}{cells}")


if __name__ == "__main__":
    main()
