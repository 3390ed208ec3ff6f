"""How fast and how large a preview gets: 10k, 100k and 1M tags over 1,000 repositories.

    .venv/bin/python benchmarks/preview_scale.py [--sizes 10000,100000,1000000]

For each size a generated inventory file (one manifest per tag, one untagged manifest
per ten tags) is written to a temporary folder; a fresh process then loads it and
previews a five-rule policy, so each peak memory figure (max RSS) is that size's own.
Printed per size: file size, load time, simulation time, peak memory, deletions.
Targets: 1M tags in under 10 s and under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORIES = 1000
NOW = "2026-07-01T00:00:00Z"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
NOW_SECONDS = 1782864000  # NOW as seconds since the epoch
POLICY = {
    "name": "scale",
    "rules": [
        {
            "id": "releases",
            "kind": "tags",
            "repositories": ["team-[0-9]+/.*"],
            "tags": {"wildcards": ["v*"]},
            "keep_newest": 10,
        },
        {
            "id": "pull-requests",
            "kind": "tags",
            "repositories": [".*"],
            "tags": {"prefixes": ["pr-"]},
            "older_than": "7d",
        },
        {
            "id": "main-builds",
            "kind": "tags",
            "repositories": [".*"],
            "tags": {"regex": "main-[0-9a-f]{7}"},
            "older_than": "30d",
            "keep_newest": 5,
        },
        {
            "id": "the-rest",
            "kind": "tags",
            "repositories": [".*"],
            "tags": "any",
            "older_than": "90d",
        },
        {
            "id": "untagged",
            "kind": "untagged",
            "repositories": [".*"],
            "older_than": "7d",
        },
    ],
}


def generate(path: Path, tags: int) -> None:
    """Write an inventory with ``tags`` tags spread over REPOSITORIES repositories."""
    per_repository = tags // REPOSITORIES
    kinds = ("v1.{n}.0", "pr-{n}", "main-{n:07x}", "feature-{n}")
    with open(path, "w") as out:
        out.write(
            '{"capturedAt": "%s", "registries": [{"name": "scale", '
            '"repositories": [' % NOW
        )
        for r in range(REPOSITORIES):
            name = f"team-{r % 40}/service-{r}"
            tag_items, manifest_items = [], []
            for n in range(per_repository):
                digest = f"sha256:{r:08x}{n:056x}"
                age = n * 200 * 86400 // per_repository + r * 13 % 3600
                stamp = _stamp(NOW_SECONDS - age)
                tag_name = kinds[n % 4].format(n=n)
                attributes = {"deleteEnabled": n % 97 != 0, "writeEnabled": True}
                tag_items.append(
                    {
                        "name": tag_name,
                        "digest": digest,
                        "lastUpdateTime": stamp,
                        "changeableAttributes": attributes,
                    }
                )
                manifest_items.append(
                    {
                        "digest": digest,
                        "mediaType": DOCKER_MANIFEST,
                        "tags": [tag_name],
                        "lastUpdateTime": stamp,
                        "changeableAttributes": {
                            "deleteEnabled": True,
                            "writeEnabled": True,
                        },
                    }
                )
                if n % 10 == 0:
                    manifest_items.append(
                        {
                            "digest": f"sha256:{r:08x}ff{n:054x}",
                            "mediaType": "application/vnd.oci.image.manifest.v1+json",
                            "tags": [],
                            "lastUpdateTime": stamp,
                        }
                    )
            tag_items.sort(key=lambda t: t["lastUpdateTime"], reverse=True)
            out.write(
                ("," if r else "")
                + json.dumps(
                    {"name": name, "tags": tag_items, "manifests": manifest_items}
                )
            )
        out.write("]}]}\n")


def _stamp(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".1234567Z"


def measure(path: Path) -> dict:
    """Load and preview in this process; report times and peak memory."""
    from acr_lifecycle.catalogue.image import resolve_image
    from acr_lifecycle.catalogue.models import Policy, TagRule
    from acr_lifecycle.compile import compile_rule
    from acr_lifecycle.preview.inventory import load_inventory, without_cyclic_gc
    from acr_lifecycle.preview.profiles import profile_for
    from acr_lifecycle.preview.simulator import simulate_task
    from acr_lifecycle.preview.timestamps import parse_timestamp

    started = time.perf_counter()
    inventory = load_inventory(path)
    loaded = time.perf_counter()
    policy = Policy.model_validate(POLICY)
    image = resolve_image(None, None)
    steps, earlier = [], []
    for rule in policy.rules:
        steps.append(
            (
                compile_rule(rule, list(earlier), image=image, mode="enforce").argv(),
                rule.id,
            )
        )
        if isinstance(rule, TagRule):
            earlier.append(rule)
    with without_cyclic_gc():
        result = simulate_task(
            steps,
            inventory.registry("scale"),
            now=parse_timestamp(NOW),
            profile=profile_for("0.19"),
        )
    simulated = time.perf_counter()
    return {
        "load_seconds": round(loaded - started, 2),
        "simulate_seconds": round(simulated - loaded, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "deleted_tags": sum(len(s.deleted_tags) for s in result.steps),
        "deleted_manifests": sum(len(s.deleted_manifests) for s in result.steps),
        "exit_code": result.exit_code,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return
    print(
        f"{'tags':>9} {'file MB':>8} {'load s':>7} {'simulate s':>10} "
        f"{'total s':>8} {'peak MB':>8} {'deleted tags':>13} {'deleted manifests':>18}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"inventory-{size}.json"
            generate(path, size)
            output = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            m = json.loads(output)
            total = m["load_seconds"] + m["simulate_seconds"]
            print(
                f"{size:>9} {path.stat().st_size / 1e6:>8.0f} {m['load_seconds']:>7} "
                f"{m['simulate_seconds']:>10} {total:>8.2f} {m['peak_mb']:>8} "
                f"{m['deleted_tags']:>13} {m['deleted_manifests']:>18}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
