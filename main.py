"""The CDKTF app: `cdktf synth` runs this file (see cdktf.json), as does `python main.py`.

It compiles the catalogue in policies/ and writes one cdk.tf.json per stack. A catalogue
with errors prints them and writes nothing.
"""

import os
import sys
from pathlib import Path

from acr_lifecycle.cli import main

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    # Paths relative to this file, so running it from another folder gives the same
    # output in the same place; `cdktf synth` passes its own folder in CDKTF_OUTDIR.
    outdir = os.environ.get("CDKTF_OUTDIR") or str(here / "cdktf.out")
    sys.exit(
        main(
            ["synth", "--catalogue", str(here / "policies"), "--out", outdir],
            standalone_mode=True,
        )
    )
