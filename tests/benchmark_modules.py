"""Import a module of ``benchmarks/`` as its scripts see it.

A benchmark script run as ``python benchmarks/<name>.py`` has ``benchmarks/``
first on ``sys.path`` and imports its helpers as ``from common import ...``;
``load`` gives the tests the same view.
"""

import importlib
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def load(name):
    """The module ``name`` of ``benchmarks/`` (``"accuracy"``, ``"common.tables"``)."""
    if str(BENCHMARKS) not in sys.path:
        sys.path.append(str(BENCHMARKS))
    return importlib.import_module(name)
