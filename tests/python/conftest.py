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
from botcopier import _lib  # noqa: E402

import c_header  # noqa: E402

_HEADER = c_header.declarations()


def _disagreements(symbols):
    declared = {f.name: f for f in _lib.declared()}
    reasons = []
    for s in symbols:
        if s in declared and s in _HEADER:
            reasons += c_header.mismatches(declared[s], _HEADER)
    return reasons


def requires(*symbols):
    """Skip marker for tests of a layer the loaded library may not have yet.

    Also skips (test_signatures.py fails loudly instead) when the binding's
    declaration of a symbol disagrees with the header: calling it could
    corrupt memory and take the whole run down.
    """
    missing = [s for s in symbols if not botcopier.has(s)]
    if missing:
        return pytest.mark.skipif(True, reason="libbotcopier at %s does not export %s yet "
                                  "(layer not merged)" % (botcopier.library_path(), ", ".join(missing)))
    wrong = _disagreements(symbols)
    return pytest.mark.skipif(bool(wrong), reason="binding declarations disagree with "
                              "include/botcopier.h (see test_signatures.py): " + "; ".join(wrong))


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
