"""bm25s, imported without scipy (issue 19: idle memory).

bm25s imports ``scipy.sparse`` when it can, only to offer a second way of building its score
matrix (``csc_backend="scipy"``); its own NumPy way gives the same arrays (the same scores to the
last bit: docs/benchmarks.md, "Fixes made"). scipy with what it pulls in (``numpy.testing``,
``unittest``, ``pydoc``) holds about 10 MB of a bot that answers /ask and never draws a map, so
bm25s is imported here with scipy marked as absent, and the mark removed at once: the opinion
map's scikit-learn imports scipy as usual later. The import lock is held meanwhile, so no other
thread's import can see the mark. When scipy is already loaded, bm25s simply uses it.
"""

from __future__ import annotations

import _imp
import importlib
import sys
from types import ModuleType


def bm25s() -> ModuleType:
    if "bm25s" in sys.modules:
        return sys.modules["bm25s"]
    _imp.acquire_lock()
    try:
        blocked = "scipy" not in sys.modules
        if blocked:
            sys.modules["scipy"] = None  # type: ignore[assignment]  # "import scipy" now fails
        try:
            return importlib.import_module("bm25s")
        finally:
            if blocked and sys.modules.get("scipy", False) is None:
                del sys.modules["scipy"]
    finally:
        _imp.release_lock()
