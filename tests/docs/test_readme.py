"""The README's Python blocks run as a reader would paste them: each alone,
in a fresh interpreter, with every warning an error (``python -W error``),
so a missing import or a ConvergenceWarning fails; and its links work on a
package index page, where a relative link has nothing to point to."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```python\n(.*?)^```", README, flags=re.S | re.M)


def test_readme_has_python_blocks():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block_runs_alone_without_warnings(index, tmp_path):
    script = tmp_path / ("readme_block_%d.py" % index)
    script.write_text(BLOCKS[index], encoding="utf-8")
    # Run from the checkout (its sknumpynet, not an installed one), with one
    # BLAS thread: the blocks are small, the test machine may be busy.
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1")
    env.pop("PYTHONWARNINGS", None)
    result = subprocess.run(
        [sys.executable, "-W", "error", str(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip()


def test_readme_links_are_absolute():
    targets = re.findall(r"\]\(([^)]+)\)", README)
    relative = [t for t in targets if not re.match(r"https?://|#", t)]
    assert relative == []
