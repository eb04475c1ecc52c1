"""scripts/score_bots.py, the search-tuning scorer: its sets are the test
suite's own bot lists, and --compare reports what moved (no clone is run
here; the clones themselves are test_heldout_bots.py's)."""
import os
import subprocess
import sys

import test_heldout_bots as th

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "score_bots.py")


def run(*args):
    r = subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_the_sets_are_the_suites_bots_with_their_bars():
    held = run("--list", "held")
    assert len(held) == len(th.BOTS)
    for line, (name, bars, _) in zip(held, th.BOTS):
        assert line.split()[0] == os.path.basename(name)
        assert line.split()[2:] == list(bars)
        assert os.path.exists(os.path.join(ROOT, line.split()[1]))
    base, mt5 = run("--list", "base"), run("--list", "mt5")
    assert base and mt5 and all(line.startswith("mt5_") for line in mt5)
    assert len(run("--list", "tune")) == len(base) + len(mt5) + len(held)
    assert [line.split()[0] for line in run("--list", "h16")] == \
        [os.path.basename(n) for n, _, _ in th.BOTS if "heldout16_" in n]


def test_compare_names_what_moved_and_sums_the_common_bots(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x 0.500 trees\ny 1.000 logistic\nz 0.900 mlp\n")
    b.write_text("x 0.750 trees\ny 1.000 logistic\n")
    out = run("--compare", str(a), str(b))
    assert out[0].split()[:4] == ["x", "0.500", "->", "0.750"]
    assert out[1].split()[:4] == ["z", "0.900", "->", "nan"]
    assert out[-1] == "# common sum 1.500 -> 1.750"


def test_an_unknown_set_is_refused_with_the_known_ones():
    r = subprocess.run([sys.executable, SCRIPT, "--list", "nope"], capture_output=True, text=True)
    assert r.returncode == 2 and "tune" in r.stderr and "held" in r.stderr
