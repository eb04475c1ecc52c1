"""Every botcopier command parses its options with getopt_long: --opt=value
and --opt value, unambiguous abbreviations, "--" ending the options, --help
on stdout with exit 0, and a usage error (exit 2) naming the bad option."""
import os
import pathlib
import re
import subprocess

import pytest

import botcopier as bc

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
COMMANDS = ["version", "gemm-smoke", "clone", "run", "replay", "hwinfo", "features", "export",
            "risk", "graph", "serve", "explain", "monitor", "daemon", "train-job", "status",
            "metrics", "retrain", "rl-train", "rl-eval"]
# rl-train's help sets short options side by side on purpose; models takes its
# subcommand first and report is argparse's (both exit 2 with their usage)
SIDE_BY_SIDE = {"rl-train"}


def cli(*args, timeout=60):
    path = pathlib.Path(os.environ.get("BC_CLI") or
                        pathlib.Path(bc.library_path()).resolve().parent / "botcopier")
    if not path.exists():
        pytest.skip("no botcopier CLI next to the library")
    return subprocess.run([str(path), *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_and_unknown_options(command):
    ok = cli(command, "--help")
    assert ok.returncode == 0 and "usage: botcopier %s" % command in ok.stdout
    # each option starts its own line (a missing "\n" in the help text once
    # ran --set onto the end of --compress's description)
    for line in ok.stdout.splitlines() if command not in SIDE_BY_SIDE else []:
        assert not re.search(r"\S {2,}--[a-z]", line), line
    bad = cli(command, "--no-such-option")
    assert bad.returncode == 2
    assert "botcopier %s: unknown or ambiguous option '--no-such-option'" % command in bad.stderr


def test_equals_abbreviations_and_double_dash(tmp_path):
    out = tmp_path / "f.csv"
    done = cli("features", "--bars=%s" % (DATA / "aapl_daily.csv"), "--sp", "rsi(14)",
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("time,rsi(14)\n")
    ambiguous = cli("clone", "--s", "x")        # search, symbol, symbol-graph, set
    assert ambiguous.returncode == 2 and "'--s'" in ambiguous.stderr
    missing = cli("run", "--model")
    assert missing.returncode == 2 and "missing value for option '--model'" in missing.stderr
    stray = cli("version", "--", "extra")
    assert stray.returncode == 2 and "unexpected argument 'extra'" in stray.stderr
