"""A multi-symbol clone carries risk-parity weights of its symbols: checked
against scikit-learn's Ledoit-Wolf and the equal-contribution property on
the same bars, and read back as lot scales."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

import botcopier as bc
from conftest import cli_executable

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE.parent / "data"


cli = cli_executable


def closes(path):
    raw = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding="utf-8")
    return dict(zip([str(d)[:10] for d in raw["Date"]], raw["Close"].astype(float)))


def test_two_symbol_clone_records_risk_parity_weights(tmp_path):
    sklearn_cov = pytest.importorskip("sklearn.covariance")
    out = tmp_path / "clone"
    proc = subprocess.run([cli(), "clone", "--quiet", "--trades",
                           str(DATA / "bots" / "macd_two_symbols_trades_raw.csv"),
                           "--bars", "AAPL=%s" % (DATA / "aapl_daily.csv"),
                           "--bars", "GOOGL=%s" % (DATA / "bots" / "googl_daily.csv"),
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((out / "model.json").read_text())
    assert sorted(doc["risk_parity_symbols"]) == ["AAPL", "GOOGL"]
    order = [doc["risk_parity_symbols"].index(s) for s in ("AAPL", "GOOGL")]
    w = np.array(doc["risk_parity_weights"])[order]
    cov = np.array(doc["risk_parity_covariance"])[np.ix_(order, order)]
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    rc = w * (cov @ w)
    assert abs(rc[0] - rc[1]) / rc.mean() < 1e-10
    # The same estimate from the bar files: common dates before the
    # held-out tail (the covariance's return count says how many).
    a, g = closes(DATA / "aapl_daily.csv"), closes(DATA / "bots" / "googl_daily.csv")
    days = sorted(set(a) & set(g))[:doc["risk_parity_returns"] + 1]
    prices = np.array([[a[d], g[d]] for d in days])
    rets = prices[1:] / prices[:-1] - 1
    ref = sklearn_cov.LedoitWolf().fit(rets)
    np.testing.assert_allclose(cov, ref.covariance_, rtol=1e-9)
    assert doc["risk_parity_shrinkage"] == pytest.approx(ref.shrinkage_, rel=1e-9)
    # The model file carries the same, and hosts read lot scales from it.
    with bc.Model.load(str(out / "model.bcm")) as m:
        assert m.lot_scale("AAPL") == pytest.approx(2 * w[0], rel=1e-15)
        assert m.lot_scale("GOOGL") == pytest.approx(2 * w[1], rel=1e-15)
        with pytest.raises(bc.NotFoundError, match="'MSFT' is not among"):
            m.lot_scale("MSFT")


def test_one_symbol_clone_has_lot_scale_one(tmp_path):
    out = tmp_path / "clone"
    proc = subprocess.run([cli(), "clone", "--quiet", "--trades",
                           str(DATA / "sample_bot_aapl_trades_raw.csv"), "--bars",
                           str(DATA / "aapl_daily.csv"), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "risk_parity_weights" not in json.loads((out / "model.json").read_text())
    with bc.Model.load(str(out / "model.bcm")) as m:
        assert m.lot_scale("AAPL") == 1.0


def test_mql5_export_carries_the_lot_scales(tmp_path):
    import re
    out = tmp_path / "clone"
    subprocess.run([cli(), "clone", "--quiet", "--trades",
                    str(DATA / "bots" / "macd_two_symbols_trades_raw.csv"),
                    "--bars", "AAPL=%s" % (DATA / "aapl_daily.csv"),
                    "--bars", "GOOGL=%s" % (DATA / "bots" / "googl_daily.csv"),
                    "--out", str(out)], check=True, capture_output=True, timeout=120)
    mqh = tmp_path / "clone.mqh"
    subprocess.run([cli(), "export", "--model", str(out / "model.bcm"), "--format", "mql5",
                    "--prefix", "clone", "--out", str(mqh)], check=True, capture_output=True,
                   timeout=60)
    text = mqh.read_text()
    assert "double clone_lot_scale(string symbol)" in text
    found = dict(re.findall(r'if \(symbol == "(\w+)"\)\n        return ([-\d.e]+);', text))
    with bc.Model.load(str(out / "model.bcm")) as m:
        assert set(found) == {"AAPL", "GOOGL"}
        for sym, value in found.items():
            assert float(value) == m.lot_scale(sym)
