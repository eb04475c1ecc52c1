"""`export --format botcopier-json` read the way BotCopier's own scripts read
a model: one coefficient vector and an intercept over the clipped,
standardized features; prob = P(buy); buy when prob > threshold, sell when
1 - prob > threshold. The reader below mirrors those keys and that rule,
and its direction must be the clone's on every bar where the clone opens."""
import json
import math
import os
import pathlib
import subprocess

import numpy as np
import pytest

import botcopier as bc
from conftest import cli_executable

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


class BotCopierModel:
    """The consumer side: what BotCopier's scripts do with model.json."""

    def __init__(self, path):
        doc = json.loads(pathlib.Path(path).read_text())
        self.coef = np.array(doc["coefficients"], dtype=float)
        self.intercept = float(doc["intercept"])
        self.threshold = float(doc["threshold"])
        self.mean = np.array(doc["feature_mean"], dtype=float)
        self.std = np.array(doc["feature_std"], dtype=float)
        self.low = np.array(doc["clip_low"], dtype=float)
        self.high = np.array(doc["clip_high"], dtype=float)
        assert self.coef.ndim == 1 and not isinstance(doc["intercept"], list)

    def prob(self, x):
        z = (np.clip(x, self.low, self.high) - self.mean) / self.std
        return 1.0 / (1.0 + math.exp(-(float(self.coef @ z) + self.intercept)))

    def decide(self, x):
        p = self.prob(x)
        return "buy" if p > self.threshold else "sell" if 1 - p > self.threshold else "none"


cli = cli_executable


def test_direction_view_matches_the_clone(tmp_path):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    trades = bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv"))
    model = bc.Cloner(holdout=0.3).fit(bars, trades)
    model.save(str(tmp_path / "m.bcm"))
    out = tmp_path / "botcopier_model.json"
    subprocess.run([cli(), "export", "--model", str(tmp_path / "m.bcm"), "--format",
                    "botcopier-json", "--out", str(out)], check=True, capture_output=True,
                   timeout=60)
    reader = BotCopierModel(out)
    assert "direction only" in json.loads(out.read_text())["botcopier_view"]
    log = tmp_path / "d.csv"
    with bc.Predictor(model, decision_log=str(log)) as p:
        p.run(bars)
    names = model.feature_names
    classes = ["none", "open_long", "open_short", "close"]
    checked = 0
    decisions = bc.read_decisions(str(log))
    for i, row in enumerate(decisions):
        if row.action not in ("buy", "sell"):
            continue
        x = decisions.features(i)
        if np.isnan(x).any():
            continue
        probs = model.predict(x[None, :])[0]
        p_long = probs[classes.index("open_long")]
        p_short = probs[classes.index("open_short")]
        assert reader.prob(x) == pytest.approx(p_long / (p_long + p_short), rel=1e-9, abs=1e-12)
        assert reader.decide(x) == row.action
        checked += 1
    assert checked >= 20, "only %d opening bars checked" % checked
    assert len(reader.coef) == len(names)


def test_mlp_has_no_botcopier_view(tmp_path):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    trades = bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv"))
    model = bc.Cloner(holdout=0.3, model="mlp", epochs=2).fit(bars, trades)
    with pytest.raises(bc.UnsupportedError, match="is mlp"):
        model.write_botcopier_json(str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


def test_in_memory_model_json_and_mql5_equal_the_files(tmp_path):
    bars = bc.read_bars(str(DATA / "aapl_daily.csv"))
    trades = bc.read_trades(str(DATA / "sample_bot_aapl_trades_raw.csv"))
    model = bc.Cloner(holdout=0.3).fit(bars, trades)
    model.write_json(str(tmp_path / "model.json"))
    bc.export_mql5(model, str(tmp_path / "m.mqh"), prefix="clone")
    text = model.json_text()
    # trained_at is written at export time in seconds; compare everything
    assert text == (tmp_path / "model.json").read_text()
    assert bc.mql5_text(model, prefix="clone") == (tmp_path / "m.mqh").read_text()
    with pytest.raises(bc.InvalidArgumentError, match="prefix"):
        bc.mql5_text(model, prefix="1bad")
