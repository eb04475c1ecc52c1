"""The loader: where the library comes from, and refusing the wrong one."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import botcopier

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run_python(code, env_library):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "bindings" / "python"))
    if env_library is None:
        env.pop("BC_LIBRARY", None)
    else:
        env["BC_LIBRARY"] = env_library
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60)


def header_define(name):
    text = (ROOT / "include" / "botcopier.h").read_text()
    return re.search(r"#define %s (\S+)" % name, text).group(1)


def test_loaded_library_is_the_one_named_by_BC_LIBRARY():
    assert os.path.samefile(botcopier.library_path(), os.environ["BC_LIBRARY"])


def test_versions_match_the_header():
    assert botcopier.version() == header_define("BC_VERSION_STRING").strip('"')
    assert botcopier.abi_version() == int(header_define("BC_ABI_VERSION")) == botcopier.ABI_VERSION
    major, minor, patch = (int(p) for p in botcopier.version().split("."))
    assert botcopier.version_number() == major * 10000 + minor * 100 + patch


def test_package_version_is_the_library_version():
    pyproject = (ROOT / "bindings" / "python" / "pyproject.toml").read_text()
    assert re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1) == botcopier.version()
    assert botcopier.__version__ == botcopier.version()


def test_build_info_is_parsed_json_naming_the_cpu_backend():
    info = botcopier.build_info()
    assert info["version"] == botcopier.version()
    assert info["abi"] == botcopier.ABI_VERSION
    assert "cpu" in info["backends"]


def test_importing_does_not_need_the_library():
    r = run_python("import botcopier; print('imported')", "/nonexistent/libbotcopier.so.1")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "imported"


def test_BC_LIBRARY_pointing_nowhere_gives_a_clear_error_naming_it():
    r = run_python("import botcopier\n"
                   "try:\n    botcopier.version()\n"
                   "except botcopier.LibraryError as e:\n    print('LibraryError:', e)\n",
                   "/nonexistent/libbotcopier.so.1")
    assert r.returncode == 0, r.stderr
    assert "LibraryError: cannot load libbotcopier from BC_LIBRARY=/nonexistent/libbotcopier.so.1" \
        in r.stdout


def test_a_library_that_is_not_libbotcopier_is_refused(tmp_path):
    fake = tmp_path / "libother.so"
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build a stand-in library")
    src = tmp_path / "other.c"
    src.write_text("int other_function(void) { return 1; }\n")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(fake), str(src)], check=True)
    r = run_python("import botcopier\ntry:\n    botcopier.version()\n"
                   "except botcopier.LibraryError as e:\n    print(e)\n", str(fake))
    assert "is not libbotcopier: it does not export bc_abi_version" in r.stdout, r.stdout + r.stderr


def test_a_library_with_another_abi_is_refused_with_both_numbers(tmp_path):
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build a stand-in library")
    src = tmp_path / "abi.c"
    src.write_text("unsigned bc_abi_version(void) { return 99; }\n")
    fake = tmp_path / "libbotcopier.so.99"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(fake), str(src)], check=True)
    r = run_python("import botcopier\ntry:\n    botcopier.version()\n"
                   "except botcopier.LibraryError as e:\n    print(e)\n", str(fake))
    assert "has ABI 99, but this botcopier package was written for ABI %d" % botcopier.ABI_VERSION \
        in r.stdout, r.stdout + r.stderr


def test_without_BC_LIBRARY_the_error_lists_what_was_tried_and_how_to_fix_it(tmp_path):
    # An empty LD_LIBRARY_PATH and no installed copy: nothing is found.
    code = ("import botcopier, botcopier._lib as L\n"
            "L.candidates = lambda: [('the dynamic loader', 'libbotcopier-missing.so.1')]\n"
            "try:\n    botcopier.version()\n"
            "except botcopier.LibraryError as e:\n    print(e)\n")
    r = run_python(code, None)
    assert "libbotcopier not found; tried:" in r.stdout
    assert "libbotcopier-missing.so.1" in r.stdout
    assert "set BC_LIBRARY to its path" in r.stdout


def test_a_copy_next_to_the_package_is_found_without_BC_LIBRARY(tmp_path):
    package = tmp_path / "botcopier"
    shutil.copytree(ROOT / "bindings" / "python" / "botcopier", package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.environ["BC_LIBRARY"], package / ("libbotcopier.so.%d" % botcopier.ABI_VERSION))
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    env.pop("BC_LIBRARY")
    r = subprocess.run([sys.executable, "-c",
                        "import botcopier; print(botcopier.library_path()); print(botcopier.version())"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    path, version = r.stdout.split()
    assert path == str(package / ("libbotcopier.so.%d" % botcopier.ABI_VERSION))
    assert version == botcopier.version()


def test_loading_a_second_different_library_is_refused():
    with pytest.raises(botcopier.LibraryError, match="already loaded from"):
        botcopier.load_library("/some/other/libbotcopier.so.1")
    assert botcopier.load_library(botcopier.library_path()) is botcopier.load_library()
