"""bm25s's English stopwords (NLTK's list), without importing bm25s.

``from bm25s.stopwords import ...`` runs bm25s's package first, which imports numpy and scipy
(about 0.3 s and 13 MB): the words /ask and the pack tools compare are needed at start, the
ranking only on the first /ask (issue 19, docs/benchmarks.md "Start"). The module holds only
tuples of words, so it is loaded from its file on its own; a bm25s already imported is reused.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def _bm25s_stopwords() -> ModuleType:
    if "bm25s.stopwords" in sys.modules:
        return sys.modules["bm25s.stopwords"]
    package = importlib.util.find_spec("bm25s")  # finds the package without running it
    if package is None or not package.submodule_search_locations:
        raise ImportError("bm25s is not installed")
    path = f"{next(iter(package.submodule_search_locations))}/stopwords.py"
    spec = importlib.util.spec_from_file_location("_roundtable_bm25s_stopwords", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STOPWORDS_EN_PLUS: tuple[str, ...] = tuple(_bm25s_stopwords().STOPWORDS_EN_PLUS)
