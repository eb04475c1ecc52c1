"""Notebook habits of the package: every public module, class, function,
method and property has a docstring; the package passes mypy --strict; the
tutorial in examples/python runs start to finish."""
import importlib
import importlib.util
import inspect
import os
import pkgutil
import subprocess
import sys

import pytest

import botcopier
from conftest import ROOT

PACKAGE = ROOT / "bindings" / "python" / "botcopier"


# modules that need an optional package the test interpreter may lack
# (sb3_env: stable-baselines3, which make check-sb3 tests in its own venv)
OPTIONAL = {"sb3_env": "stable_baselines3"}


def public_modules():
    for info in pkgutil.iter_modules([str(PACKAGE)]):
        if info.name.startswith("_") or info.name in ("setup",):
            continue
        if info.name in OPTIONAL and importlib.util.find_spec(OPTIONAL[info.name]) is None:
            continue
        yield importlib.import_module("botcopier." + info.name)


def undocumented():
    missing = []
    for module in [botcopier] + list(public_modules()):
        if not (module.__doc__ or "").strip():
            missing.append(module.__name__)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                if not (obj.__doc__ or "").strip():
                    missing.append("%s.%s" % (module.__name__, name))
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, property):  # its doc, or its getter's
                        documented = bool((member.__doc__ or "").strip())
                    else:
                        fn = member.__func__ if isinstance(member, (classmethod, staticmethod)) \
                            else member
                        documented = not inspect.isfunction(fn) or bool((fn.__doc__ or "").strip())
                    if not documented:
                        missing.append("%s.%s.%s" % (module.__name__, name, attr))
    return missing


def test_every_public_function_class_method_and_property_has_a_docstring():
    assert undocumented() == []


def test_the_docstring_check_finds_a_missing_docstring(monkeypatch):
    def bare(x):
        return x
    bare.__module__ = "botcopier.tradepath"
    monkeypatch.setattr(botcopier.tradepath, "bare_for_test", bare, raising=False)
    assert undocumented() == ["botcopier.tradepath.bare_for_test"]


def test_the_package_passes_mypy_strict():
    pytest.importorskip("mypy")
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                          "--cache-dir", os.devnull, str(PACKAGE)],
                         capture_output=True, text=True, cwd=str(ROOT), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found" in run.stdout


def test_the_tutorial_runs_and_writes_its_report(tmp_path):
    pytest.importorskip("matplotlib")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT / "bindings" / "python"), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "python" / "tutorial.py"),
                          str(tmp_path)], capture_output=True, text=True, env=env, timeout=600,
                         cwd=str(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "clone" / "report.html").stat().st_size > 50000
    assert "held-out fidelity F1" in run.stdout
