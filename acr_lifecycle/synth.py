"""Synthesis: a compiled plan to ``cdk.tf.json`` files, through cdktf.

Everything that can fail on the catalogue has failed before this module runs, so the
only writes here are whole files, swapped in after cdktf has produced all of them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ._output_folder import require_folder, retired_stack_files
from .compile.plan import DeploymentPlan

# jsii prints an end-of-life banner for Node.js 20 on every run; the README states the
# Node.js requirement once instead.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
os.environ.setdefault("CHECKPOINT_DISABLE", "1")

from cdktf import App  # noqa: E402

from .constructs import LifecycleStack, LifecycleStackProps  # noqa: E402

GENERATED = ("manifest.json",)


def build_app(plan: DeploymentPlan, outdir: str | os.PathLike) -> App:
    """A cdktf App with one ``LifecycleStack`` per catalogue stack."""
    app = App(outdir=str(outdir))
    for stack in plan.stacks:
        LifecycleStack(app, stack.name, props=LifecycleStackProps(plan=stack))
    return app


def stale_stack_files(plan: DeploymentPlan, outdir: str | os.PathLike) -> list[Path]:
    """The ``cdk.tf.json`` files in ``outdir`` of stacks the plan no longer has."""
    return retired_stack_files(plan, Path(outdir) / "stacks", ("cdk.tf.json",))


def synthesize(plan: DeploymentPlan, outdir: str | os.PathLike) -> dict[str, Path]:
    """Write ``<outdir>/stacks/<stack>/cdk.tf.json`` for every stack.

    cdktf writes into a fresh folder beside ``outdir``; only when it has finished are
    the new files moved in, one by one, over the old ones. The ``cdk.tf.json`` of a
    stack the catalogue no longer has is removed (``stale_stack_files``), so that
    nothing left over can be planned or deployed by mistake. Other files in
    ``outdir`` (a ``.terraform`` folder, a plan) are left alone.
    """
    target = Path(outdir)
    require_folder(target, "output folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    stale = stale_stack_files(plan, target)
    with tempfile.TemporaryDirectory(prefix=".synth-", dir=target.parent) as scratch:
        build_app(plan, scratch).synth()
        produced = sorted(
            p.relative_to(scratch) for p in Path(scratch).rglob("*") if p.is_file()
        )
        for relative in produced:
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(Path(scratch) / relative), destination)
    for path in stale:
        path.unlink()
    return {
        stack.name: target / "stacks" / stack.name / "cdk.tf.json"
        for stack in plan.stacks
    }
