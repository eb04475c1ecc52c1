"""`pip install` of bindings/python gives a working package (into a
temporary directory, never the running interpreter's site-packages)."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def test_pip_installs_the_package_and_it_runs(tmp_path):
    try:
        import setuptools  # noqa: F401  (the build backend, used without network)
    except ImportError:
        pytest.skip("setuptools is not installed")
    source = tmp_path / "src"
    shutil.copytree(ROOT / "bindings" / "python", source,
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    target = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                        "--no-build-isolation", "--disable-pip-version-check", "--no-cache-dir",
                        "--target", str(target), str(source)],
                       capture_output=True, text=True, timeout=300,
                       env=dict(os.environ, BC_SOURCE_DIR=str(ROOT)))
    assert r.returncode == 0, r.stdout + r.stderr
    assert (target / "botcopier" / "_lib.py").exists()
    assert any(p.name.startswith("botcopier-0.1.0") and p.name.endswith(".dist-info")
               for p in target.iterdir())
    code = ("import numpy as np, botcopier\n"
            "print(botcopier.__file__)\n"
            "b = botcopier.Backend('cpu')\n"
            "print(b.sgemm(np.eye(2, dtype=np.float32), np.full((2, 2), 3, np.float32)).sum())\n")
    env = dict(os.environ, PYTHONPATH=str(target))
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                       cwd=str(tmp_path), timeout=60)
    assert r.returncode == 0, r.stderr
    path, total = r.stdout.split()
    assert path == str(target / "botcopier" / "__init__.py")
    assert float(total) == 12.0


def test_pip_install_bundles_the_library_and_cli_and_needs_no_BC_LIBRARY(tmp_path):
    """`pip install ./bindings/python` into a fresh venv: setup.py runs the
    Makefile, the .so and the CLI land inside the package, the binding loads
    the bundled copy with BC_LIBRARY unset, and `botcopier` runs the CLI."""
    try:
        import setuptools  # noqa: F401
    except ImportError:
        pytest.skip("setuptools is not installed")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=120)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("BC_LIBRARY", "PYTHONPATH")}
    r = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps",
                        "--no-build-isolation", "--disable-pip-version-check", "--no-cache-dir",
                        str(ROOT / "bindings" / "python")],
                       capture_output=True, text=True, timeout=600, env=env, cwd=str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    code = ("import os, botcopier\n"
            "bars = botcopier.read_bars(%r)\n"
            "print(os.path.realpath(botcopier.library_path()))\n"
            "print(len(bars.close))\n" % str(ROOT / "tests" / "data" / "aapl_daily.csv"))
    r = subprocess.run([str(py), "-c", code], capture_output=True, text=True, timeout=60,
                       env=env, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    path, rows = r.stdout.split()
    site = subprocess.run([str(py), "-c", "import botcopier, os; "
                           "print(os.path.dirname(botcopier.__file__))"],
                          capture_output=True, text=True, env=env, cwd=str(tmp_path)).stdout.strip()
    assert path == os.path.join(site, "libbotcopier.so.1")
    assert site.startswith(str(venv))
    with open(ROOT / "tests" / "data" / "aapl_daily.csv") as f:
        assert int(rows) == sum(1 for _ in f) - 1  # every data row, header excluded
    cli = subprocess.run([str(venv / "bin" / "botcopier"), "--help"], capture_output=True,
                         text=True, timeout=60, env=env)
    assert cli.returncode == 0, cli.stderr
    assert "usage: botcopier <command>" in cli.stdout + cli.stderr
    bogus = subprocess.run([str(venv / "bin" / "botcopier"), "no-such-command"],
                           capture_output=True, text=True, timeout=60, env=env)
    assert bogus.returncode != 0  # the native CLI's own status comes through
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return
    # `botcopier report` of the installed CLI finds the installed package and
    # runs it with the venv's interpreter (no PYTHONPATH, no BC_LIBRARY).
    clone = subprocess.run([str(venv / "bin" / "botcopier"), "clone", "--quiet", "--trades",
                            str(ROOT / "tests" / "data" / "sample_bot_aapl_trades_raw.csv"),
                            "--bars", str(ROOT / "tests" / "data" / "aapl_daily.csv"), "--out",
                            str(tmp_path / "clone")], capture_output=True, text=True, timeout=300,
                           env=env)
    assert clone.returncode == 0, clone.stderr
    report = subprocess.run([str(venv / "bin" / "botcopier"), "report", str(tmp_path / "clone")],
                            capture_output=True, text=True, timeout=300, env=env)
    assert report.returncode == 0, report.stderr
    assert "2 figures" in report.stdout and (tmp_path / "clone" / "report.html").exists()
