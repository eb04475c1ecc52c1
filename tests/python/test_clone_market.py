"""What `botcopier clone` records about its bars, checked against pandas
reading the same CSV files: the symbol, the bar period (the commonest gap
between bar times), the time zone as stated, and the target's median
stop-loss / take-profit distance from its OPEN price (the first level each
position set, on its OPEN row or a later MODIFY). Also: model.bcm is
uncompressed unless asked, and both forms load to the same model."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pandas as pd
import pytest

import botcopier as bc

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
BOTS = DATA / "bots"


def cli(*args, timeout=120):
    path = pathlib.Path(os.environ.get("BC_CLI") or
                        pathlib.Path(bc.library_path()).resolve().parent / "botcopier")
    if not path.exists():
        pytest.skip("no botcopier CLI next to the library")
    return subprocess.run([str(path), *args], capture_output=True, text=True, timeout=timeout)


def reference_stops(trades_csv, symbol):
    log = pd.read_csv(trades_csv, sep=";")
    log = log[log.symbol == symbol]
    opens = log[log.action == "OPEN"].drop_duplicates("ticket", keep="first")
    distances = {"sl": [], "tp": []}
    for _, o in opens.iterrows():
        later = log[(log.ticket == o.ticket) & log.action.isin(["OPEN", "MODIFY"]) &
                    (log.index >= o.name)]
        for level in ("sl", "tp"):
            set_ = later[later[level].fillna(0) > 0][level]
            if len(set_):
                distances[level].append(abs(o.price - set_.iloc[0]))
    return tuple(float(np.median(distances[k])) if distances[k] else 0.0 for k in ("sl", "tp"))


def bar_period(bars_csv):
    frame = pd.read_csv(bars_csv)
    t = pd.to_datetime(frame[next(c for c in frame.columns if c.lower() in ("time", "date"))])
    gaps = t.diff().dt.total_seconds().dropna()
    gaps = gaps[gaps > 0]
    counts = gaps.value_counts()
    return int(counts[counts == counts.max()].index.min())


@pytest.mark.parametrize("bot,bars,symbol,zone,canonical", [
    ("donchian_atr_eurusd", "eurusd_1h.csv", "EURUSD", "UTC+2", "UTC+02:00"),
    ("ema_cross_time_exit_aapl", "../aapl_daily.csv", "AAPL", "server", "server"),
])
def test_clone_records_its_bars_as_pandas_reads_them(tmp_path, bot, bars, symbol, zone, canonical):
    trades, bars_csv = BOTS / (bot + "_trades_raw.csv"), BOTS / bars
    done = cli("clone", "--trades", str(trades), "--bars", str(bars_csv), "--time-zone", zone,
               "--features", "ema(12),rsi(14),ret(1)", "--model", "logistic", "--quiet", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    model = json.loads((tmp_path / "model.json").read_text())
    assert model["symbol"] == symbol
    assert model["time_zone"] == canonical
    assert model["bar_seconds"] == bar_period(bars_csv)
    assert model["timeframe"] == {3600: "H1", 86400: "D1"}[model["bar_seconds"]]
    sl, tp = reference_stops(trades, symbol)
    assert model.get("sl_distance", 0.0) == pytest.approx(sl, rel=0, abs=1e-12)
    assert model.get("tp_distance", 0.0) == pytest.approx(tp, rel=0, abs=1e-12)
    if bot.startswith("donchian"):
        assert sl > 0 and tp > 0  # the one test bot that sets stops
    else:
        assert "sl_distance" not in model and "tp_distance" not in model
    header = (tmp_path / "model.bcm").read_bytes()[:16]
    assert int.from_bytes(header[12:16], "little") == 0, "model.bcm must be uncompressed"
    assert ("model.bcm: uncompressed (loads in botcopier.dll); bars of %s, %d s apart, clock %s"
            % (symbol, model["bar_seconds"], canonical)) in done.stdout


def test_compress_yes_gives_the_same_model_zstd_compressed(tmp_path):
    trades, bars_csv = BOTS / "donchian_atr_eurusd_trades_raw.csv", BOTS / "eurusd_1h.csv"
    outs = []
    for k, flag in enumerate(["no", "yes"]):
        out = tmp_path / str(k)
        done = cli("clone", "--trades", str(trades), "--bars", str(bars_csv), "--features",
                   "ema(12),rsi(14),ret(1)", "--model", "logistic", "--quiet", "--compress", flag,
                   "--out", str(out))
        assert done.returncode == 0, done.stderr
        outs.append(out)
    assert "clock unknown" in done.stdout and "pass --time-zone" in done.stdout
    assert "model.bcm: zstd-compressed (the Windows DLL cannot load it)" in done.stdout
    flags = [int.from_bytes((o / "model.bcm").read_bytes()[12:16], "little") for o in outs]
    assert flags == [0, 1]
    plain, packed = (bc.models.Model.load(o / "model.bcm") for o in outs)
    x = np.linspace(-1, 1, 4 * plain.num_features).reshape(4, plain.num_features)
    np.testing.assert_array_equal(plain.predict(x), packed.predict(x))
    bad = cli("clone", "--trades", str(trades), "--bars", str(bars_csv), "--compress", "maybe",
              "--out", str(tmp_path / "x"))
    assert bad.returncode == 2 and "--compress 'maybe' must be auto, yes or no" in bad.stderr
    bad = cli("clone", "--trades", str(trades), "--bars", str(bars_csv), "--time-zone", "CET",
              "--out", str(tmp_path / "y"))
    assert bad.returncode == 2 and "time zone 'CET'" in bad.stderr


def test_the_binding_reads_and_sets_the_market(tmp_path):
    trades, bars_csv = BOTS / "donchian_atr_eurusd_trades_raw.csv", BOTS / "eurusd_1h.csv"
    done = cli("clone", "--trades", str(trades), "--bars", str(bars_csv), "--time-zone", "UTC-5",
               "--features", "ema(12),rsi(14),ret(1)", "--model", "logistic", "--quiet", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    m = bc.models.Model.load(tmp_path / "model.bcm")
    assert (m.symbol, m.bar_seconds, m.time_zone) == ("EURUSD", 3600, "UTC-05:00")
    assert m.stops == reference_stops(trades, "EURUSD")
    m.set_market("GBPUSD", 900, "server")
    m.set_stops(0.001, 0)
    again = bc.models.Model.from_bytes(m.to_bytes(compress=False))
    assert (again.symbol, again.bar_seconds, again.time_zone, again.stops) == \
        ("GBPUSD", 900, "server", (0.001, 0.0))
    with pytest.raises(bc.errors.InvalidArgumentError, match="-60"):
        m.set_market("GBPUSD", -60, "")
    assert bc.models.parse_time_zone("utc+0530") == ("UTC+05:30", 330, False)
    assert bc.models.parse_time_zone("server") == ("server", 0, True)
    with pytest.raises(bc.errors.InvalidArgumentError, match="EET"):
        bc.models.parse_time_zone("EET")
