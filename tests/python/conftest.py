"""
conftest.py - makes the binding importable from the source tree and gives
tests `requires(...)`: skip (with the reason) when the loaded library does
not export a layer's symbols yet, so the suite runs on every stage of the
library and lights up as layers are merged.
"""
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT / "bindings" / "python") not in sys.path:
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
if "BC_LIBRARY" not in os.environ and (ROOT / "build" / "libbotcopier.so.1").exists():
    os.environ["BC_LIBRARY"] = str(ROOT / "build" / "libbotcopier.so.1")

import botcopier  # noqa: E402


def requires(*symbols):
    """Skip marker for tests of a layer the loaded library may not have yet."""
    missing = [s for s in symbols if not botcopier.has(s)]
    return pytest.mark.skipif(
        bool(missing),
        reason="libbotcopier at %s does not export %s yet (layer not merged)"
               % (botcopier.library_path(), ", ".join(missing)))


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
