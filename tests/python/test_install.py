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
                       capture_output=True, text=True, timeout=300)
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
