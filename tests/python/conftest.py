"""
conftest.py - makes the binding importable from the source tree and gives
tests `requires(...)`: a test whose library functions are not exported, or
whose binding declarations disagree with the header, fails before it runs.
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
    """Marks tests that call these library functions. A function the loaded
    library does not export is a failure (a public function disappeared),
    never a skip; so is a binding declaration that disagrees with the
    header (test_signatures.py says which), checked before the test runs so
    a wrong signature is never called."""
    return pytest.mark.bc_requires(*symbols)


def pytest_configure(config):
    config.addinivalue_line("markers", "bc_requires(*symbols): library functions a test calls")


def pytest_runtest_setup(item):
    for mark in item.iter_markers("bc_requires"):
        missing = [s for s in mark.args if not botcopier.has(s)]
        if missing:
            pytest.fail("libbotcopier at %s does not export %s, which include/botcopier.h "
                        "declares" % (botcopier.library_path(), ", ".join(missing)),
                        pytrace=False)
        wrong = _disagreements(mark.args)
        if wrong:
            pytest.fail("binding declarations disagree with include/botcopier.h: " +
                        "; ".join(wrong), pytrace=False)


def cli_executable():
    """Path of the botcopier CLI built with the library under test ($BC_CLI,
    else beside the library); the test is skipped when there is none."""
    path = pathlib.Path(os.environ.get("BC_CLI") or
                        pathlib.Path(botcopier.library_path()).resolve().parent / "botcopier")
    if not path.exists():
        pytest.skip("no botcopier CLI next to %s (set BC_CLI)" % botcopier.library_path())
    return str(path)


@pytest.fixture(scope="session")
def repo_root():
    return ROOT
