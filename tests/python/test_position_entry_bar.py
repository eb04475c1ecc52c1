"""The entry-bar position columns (cloner option position_entry_bar=1) through the
Python binding, against a numpy float64 reference of their own.

close_ebar_fav_atr = d * (close - F) / u and close_ebar_adv_atr = d * (close - A) / u,
d the position's direction, u the atr(14) of its entry bar, F the entry bar's
high for a long (low for a short) and A the other extreme; 0 when flat. The
reference follows the predictor's own positions (entered at the close of the bar
that decided BUY/SELL, a BUY while long entering again) and reads the entry bar's
high, low and TA-Lib's ATR directly; the columns the predictor used are read back
from its decision log. A host that reports the fills itself (auto_position=0,
set_position one bar late) gives the same columns: the last bar fed is the entry
bar."""
import csv
import pathlib

import numpy as np
import pytest

import botcopier
import botcopier.clone as clone_mod

talib = pytest.importorskip("talib")

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
BARS = DATA / "bots" / "heldout" / "eurusd_1h_2017.csv"
TRADES = DATA / "bots" / "heldout19" / "heldout19_doji_dip_eurusd_trades_raw.csv"
NAMES = ("close_ebar_fav_atr", "close_ebar_adv_atr")


@pytest.fixture(scope="module")
def clone():
    bars = botcopier.read_bars(BARS)
    trades = botcopier.read_trades(TRADES)
    model = botcopier.Cloner(model="trees", position_entry_bar=1).fit(bars, trades)
    return bars, model


def _logged_rows(path, names):
    """{bar time: {name: value}} of the decision log's feature column."""
    rows = {}
    with open(path, newline="") as f:
        for rec in csv.DictReader(f, delimiter=";"):
            values = [float(v) for v in rec["features"].split(",")]
            rows[int(rec["event_id"])] = dict(zip(names, values))
    return rows


def _run(model, bars, log, automatic):
    """Feeds every bar; returns the decisions. automatic 0: the host tells the
    predictor each fill one bar late with set_position."""
    p = botcopier.Predictor(model, decision_log=str(log), auto_position=automatic)
    t, o, h, l, c, v = bars.time, bars.open, bars.high, bars.low, bars.close, bars.volume
    decisions, held, entry, pending = [], 0, 0, False
    for b in range(len(t)):
        if not automatic and pending:
            p.set_position(held, b - entry if held else 0, float(c[entry]) if held else 0.0)
            pending = False
        d, _ = p.update(int(t[b]), o[b], h[b], l[b], c[b], v[b])
        decisions.append(d)
        target = {clone_mod.DECISION_BUY: 1, clone_mod.DECISION_SELL: -1,
                  clone_mod.DECISION_CLOSE: 0}.get(d, held)
        if d != clone_mod.DECISION_HOLD and (target != held or target != 0):
            held, entry, pending = target, b, True
    del p  # closes the log
    return decisions


def test_the_clone_takes_the_entry_bar_columns_after_giveback(clone):
    _, model = clone
    names = model.feature_names
    at = names.index("giveback_atr")
    assert tuple(names[at + 1:at + 3]) == NAMES


@pytest.mark.parametrize("automatic", [1, 0])
def test_entry_bar_columns_equal_a_numpy_reference_on_every_logged_bar(clone, tmp_path,
                                                                       automatic):
    bars, model = clone
    log = tmp_path / "decisions.csv"
    decisions = _run(model, bars, log, automatic)
    rows = _logged_rows(log, model.feature_names)
    t, h, l, c = bars.time, bars.high, bars.low, bars.close
    atr = talib.ATR(h, l, c, 14)
    held, entry, checked, past, back = 0, 0, 0, 0, 0
    for b, d in enumerate(decisions):
        row = rows.get(int(t[b]))
        if row is not None:
            assert row["pos_long"] == (1.0 if held > 0 else 0.0)
            want = (0.0, 0.0)
            if held:
                u = atr[entry]
                fav, adv = (h[entry], l[entry]) if held > 0 else (l[entry], h[entry])
                want = (held * (c[b] - fav) / u, held * (c[b] - adv) / u)
            for name, w in zip(NAMES, want):
                assert row[name] == pytest.approx(w, rel=1e-9, abs=1e-12), (b, name)
            checked += held != 0
            past += held != 0 and want[0] > 0
            back += held != 0 and want[1] < 0
        target = {clone_mod.DECISION_BUY: 1, clone_mod.DECISION_SELL: -1,
                  clone_mod.DECISION_CLOSE: 0}.get(d, held)
        if d != clone_mod.DECISION_HOLD and (target != held or target != 0):
            held, entry = target, b
    assert checked > 200 and past > 50 and back > 20, (checked, past, back)
