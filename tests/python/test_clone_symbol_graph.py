"""`clone --symbol-graph`: each symbol's node2vec vector joins its features
as sym_emb_<j>, the model records them, and a predictor running live gets
its own symbol's values (checked in its decision log)."""
import csv
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

import botcopier as bc
from conftest import cli_executable

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


cli = cli_executable


@pytest.fixture(scope="module")
def cloned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("graph_clone")
    graph = tmp / "graph.json"
    subprocess.run([cli(), "graph", "--prices", str(DATA / "portfolio" / "three_assets_daily.csv"),
                    "--window", "20", "--dimensions", "4", "--quiet", "--out", str(graph)],
                   check=True, timeout=60)
    out = tmp / "clone"
    proc = subprocess.run([cli(), "clone", "--quiet", "--trades",
                           str(DATA / "bots" / "macd_two_symbols_trades_raw.csv"),
                           "--bars", "AAPL=%s" % (DATA / "aapl_daily.csv"),
                           "--bars", "GOOGL=%s" % (DATA / "bots" / "googl_daily.csv"),
                           "--symbol-graph", str(graph), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(graph.read_text()), out


def test_model_records_each_symbols_embedding(cloned):
    graph, out = cloned
    doc = json.loads((out / "model.json").read_text())
    names = [n for n in doc["feature_names"] if n.startswith("sym_emb_")]
    assert names == ["sym_emb_0", "sym_emb_1", "sym_emb_2", "sym_emb_3"]
    assert set(doc["symbol_embeddings"]) == {"AAPL", "GOOGL"}
    for s in ("AAPL", "GOOGL"):
        np.testing.assert_array_equal(doc["symbol_embeddings"][s], graph["symbol_embeddings"][s])


@pytest.mark.parametrize("symbol", ["AAPL", "GOOGL"])
def test_predictor_feeds_its_symbols_vector(cloned, tmp_path, symbol):
    graph, out = cloned
    log = tmp_path / "decisions.csv"
    bars = bc.read_bars(str(DATA / ("aapl_daily.csv" if symbol == "AAPL"
                                    else "bots/googl_daily.csv")))
    with bc.Model.load(str(out / "model.bcm")) as m:
        names = json.loads((out / "model.json").read_text())["feature_names"]
        with bc.Predictor(m, symbol=symbol, decision_log=str(log)) as p:
            p.run(bars)
    cols = [names.index("sym_emb_%d" % j) for j in range(4)]
    with open(log) as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) > 100
    for row in rows[:: max(1, len(rows) // 20)]:
        x = [float(v) for v in row["features"].split(",")]
        np.testing.assert_array_equal([x[c] for c in cols], graph["symbol_embeddings"][symbol])


def test_unknown_symbol_and_missing_graph_entries_are_named(cloned, tmp_path):
    graph, out = cloned
    with bc.Model.load(str(out / "model.bcm")) as m:
        with bc.Predictor(m) as p:
            with pytest.raises(bc.NotFoundError, match="'MSFT' has no embedding"):
                p.set(symbol="MSFT")
            p.set_symbol_embedding([1.0, 2.0])  # a host that reads model.json itself
    small = dict(graph)
    small["symbol_embeddings"] = {"AAPL": graph["symbol_embeddings"]["AAPL"]}
    g2 = tmp_path / "g2.json"
    g2.write_text(json.dumps(small))
    proc = subprocess.run([cli(), "clone", "--quiet", "--trades",
                           str(DATA / "bots" / "macd_two_symbols_trades_raw.csv"),
                           "--bars", "AAPL=%s" % (DATA / "aapl_daily.csv"),
                           "--bars", "GOOGL=%s" % (DATA / "bots" / "googl_daily.csv"),
                           "--symbol-graph", str(g2), "--out", str(tmp_path / "c")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "symbol 'GOOGL' has no embedding in the symbol graph" in proc.stderr


def test_features_engine_setter_from_python():
    f = bc.Features("close,sym_emb(1)")
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    assert np.isnan(f.compute(bars)[:, 1]).all()
    f.set_symbol_embedding([0.5, -2.0])
    assert (f.compute(bars)[:, 1] == -2.0).all()


def test_mql5_export_sets_the_symbols_embedding(cloned, tmp_path):
    import re
    graph, out = cloned
    mqh = tmp_path / "clone.mqh"
    subprocess.run([cli(), "export", "--model", str(out / "model.bcm"), "--format", "mql5",
                    "--prefix", "clone", "--out", str(mqh)], check=True, capture_output=True,
                   timeout=60)
    text = mqh.read_text()
    assert "void clone_set_symbol_embedding(int j, double value)" in text
    body = text[text.index("bool clone_use_symbol(string symbol)"):]
    for sym in ("AAPL", "GOOGL"):
        block = body[body.index('if (symbol == "%s")' % sym):]
        block = block[:block.index("return true;")]
        values = [float(v) for _, v in re.findall(r"clone_set_symbol_embedding\((\d), ([-\d.e]+)\)",
                                                  block)]
        assert values == graph["symbol_embeddings"][sym]
