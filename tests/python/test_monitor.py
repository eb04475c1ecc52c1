"""lib/monitor against independent references: PSI against a numpy formula,
the KS statistic against scipy.stats.ks_2samp and its p-value against
scipy.stats.kstwobign, the training profile's KS against a numpy
evaluation of its CDF, Page-Hinkley and CUSUM against straightforward
float64 Python on streams with a known change point (with detection delay
bounds), the data-quality flags against a numpy reimplementation, and
`botcopier monitor` end to end (JSON, exit codes, Prometheus file)."""
import json
import math
import subprocess

import numpy as np
import pytest
import scipy.stats as st

import botcopier
from botcopier import monitor
from conftest import cli_executable, requires

FLOOR = 1e-4


def psi_numpy(ref, live, bins):
    ref, live = ref[np.isfinite(ref)], live[np.isfinite(live)]
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    r = np.bincount(np.searchsorted(edges, ref, "right"), minlength=bins) / ref.size
    a = np.bincount(np.searchsorted(edges, live, "right"), minlength=bins) / live.size
    r, a = np.maximum(r, FLOOR), np.maximum(a, FLOOR)
    return float(np.sum((a - r) * np.log(a / r)))


SAMPLES = [
    ("normal_shift", lambda g: (g.normal(0, 1, 20000), g.normal(0.3, 1.2, 15000))),
    ("lognormal_same", lambda g: (g.lognormal(0, 1, 8000), g.lognormal(0, 1, 9000))),
    ("integers_with_ties", lambda g: (g.integers(0, 7, 5000).astype(float),
                                      g.integers(1, 9, 4000).astype(float))),
    ("with_nan", lambda g: (np.where(g.random(6000) < 0.1, np.nan, g.normal(size=6000)),
                            np.where(g.random(3000) < 0.3, np.nan, g.standard_t(3, 3000)))),
]


@requires("bc_drift_psi")
@pytest.mark.parametrize("bins", [2, 10, 20])
@pytest.mark.parametrize("name,make", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_psi_matches_the_numpy_formula(name, make, bins):
    ref, live = make(np.random.default_rng(7))
    assert monitor.psi(ref, live, bins) == pytest.approx(psi_numpy(ref, live, bins),
                                                         rel=1e-10, abs=1e-14)


@requires("bc_drift_ks", "bc_drift_ks_p_value")
@pytest.mark.parametrize("name,make", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_ks_statistic_matches_scipy_ks_2samp(name, make):
    ref, live = make(np.random.default_rng(11))
    d, p = monitor.ks(ref, live)
    r, a = ref[np.isfinite(ref)], live[np.isfinite(live)]
    expect = st.ks_2samp(r, a)
    assert d == pytest.approx(expect.statistic, abs=1e-14)
    m = r.size * a.size / (r.size + a.size)
    assert p == pytest.approx(st.kstwobign.sf(math.sqrt(m) * d), rel=1e-9, abs=1e-300)
    # scipy's own asymptotic p-value (kstwo at the effective n) is close.
    asymp = st.ks_2samp(r, a, method="asymp").pvalue
    assert p == pytest.approx(asymp, rel=0.2, abs=1e-3)


@requires("bc_drift_ks_p_value")
@pytest.mark.parametrize("t", [0.05, 0.3, 0.6, 1.0, 1.17, 1.19, 1.5, 2.5, 5.0])
def test_ks_p_value_is_kolmogorovs_distribution(t):
    # n1 = n2 = 200: m = 100, sqrt(m) d = t for d = t / 10.
    assert monitor.ks_p_value(t / 10, 200, 200) == pytest.approx(st.kstwobign.sf(t), rel=1e-9,
                                                                 abs=1e-300)


def ks_profile_numpy(live, q):
    x = np.sort(live[np.isfinite(live)])
    n, big_q = x.size, q.size
    pts = np.unique(np.concatenate([x, q]))

    def cdf(k, v):
        out = np.zeros_like(v)
        out[k >= big_q] = 1.0
        mid = (k > 0) & (k < big_q)
        idx = k[mid] - 1
        width = q[idx + 1] - q[idx]
        frac = np.where(width > 0, (v[mid] - q[idx]) / np.where(width > 0, width, 1.0), 0.0)
        out[mid] = (idx + np.minimum(frac, 1.0)) / (big_q - 1)
        return out

    at = np.abs(np.searchsorted(x, pts, "right") / n - cdf(np.searchsorted(q, pts, "right"), pts))
    left = np.abs(np.searchsorted(x, pts, "left") / n - cdf(np.searchsorted(q, pts, "left"), pts))
    return float(max(at.max(), left.max()))


@requires("bc_profile_create", "bc_profile_compare", "bc_profile_to_json")
@pytest.mark.parametrize("quantiles", [11, 101, 1001])
@pytest.mark.parametrize("name,make", SAMPLES, ids=[s[0] for s in SAMPLES])
def test_profile_matches_numpy_and_the_raw_sample(name, make, quantiles):
    ref, live = make(np.random.default_rng(3))
    prof = monitor.Profile(ref, bins=10, quantiles=quantiles, names=["x"])
    stored = prof.to_json()["features"][0]
    finite = ref[np.isfinite(ref)]
    np.testing.assert_allclose(stored["quantiles"],
                               np.quantile(finite, np.linspace(0, 1, quantiles)), rtol=1e-12)
    np.testing.assert_allclose(stored["edges"], np.quantile(finite, np.arange(1, 10) / 10),
                               rtol=1e-12)
    r = prof.compare("x", live)
    # PSI against the profile is PSI against the sample, exactly.
    assert r["psi"] == pytest.approx(psi_numpy(ref, live, 10), rel=1e-10, abs=1e-14)
    q = np.array(stored["quantiles"])
    assert r["ks"] == pytest.approx(ks_profile_numpy(live, q), abs=1e-12)
    # Within 1/(Q-1) of the two-sample statistic (continuous samples).
    if name != "integers_with_ties":
        d = st.ks_2samp(finite, live[np.isfinite(live)]).statistic
        assert abs(r["ks"] - d) <= 1.0 / (quantiles - 1) + 1e-12
    assert r["missing_training"] == pytest.approx(np.mean(~np.isfinite(ref)))
    assert r["missing_live"] == pytest.approx(np.mean(~np.isfinite(live)))
    assert r["n_live"] == np.isfinite(live).sum()


@requires("bc_profile_save", "bc_profile_load")
def test_profile_file_round_trips(tmp_path):
    g = np.random.default_rng(5)
    x = g.normal(size=(3000, 3))
    prof = monitor.Profile(x, names=["a", "b", "c"])
    prof.save(tmp_path / "p.json")
    back = monitor.Profile.load(tmp_path / "p.json")
    assert [back.name(i) for i in range(3)] == ["a", "b", "c"]
    live = g.normal(0.2, 1, 500)
    assert back.compare("b", live) == prof.compare("b", live)
    (tmp_path / "bad.json").write_text('{"format": "botcopier-profile", "version": 1}')
    with pytest.raises(botcopier.BotCopierError, match="bins"):
        monitor.Profile.load(tmp_path / "bad.json")


def page_hinkley_python(xs, delta, threshold, alpha=1.0, min_samples=30, direction=0):
    alarms, restart = [], True
    for t, x in enumerate(xs, 1):
        if restart:
            n, mean, up, down = 0, 0.0, 0.0, 0.0
            min_up, max_down, restart = math.inf, -math.inf, False
        n += 1
        mean += (x - mean) / n
        dev = x - mean
        up = alpha * up + (dev - delta)
        down = alpha * down + (dev + delta)
        min_up, max_down = min(min_up, up), max(max_down, down)
        a = 0
        if n >= min_samples:
            if direction >= 0 and up - min_up > threshold:
                a |= 1
            if direction <= 0 and max_down - down > threshold:
                a |= 2
        if a:
            alarms.append((t, a))
            restart = True
    return alarms, (up - min_up, max_down - down, mean)


def cusum_python(xs, k=0.5, h=5.0, warmup=30, target=None, sigma=None, direction=0):
    alarms, restart = [], True
    for t, x in enumerate(xs, 1):
        if restart:
            seen, mu, sd, hi, lo, restart = [], target, sigma, 0.0, 0.0, False
        if mu is None or sd is None or seen is not None and (target is None or sigma is None) \
                and len(seen) < warmup:
            seen.append(x)
            if len(seen) == warmup:
                w = np.array(seen)
                m = target if target is not None else float(np.mean(w))
                s = sigma if sigma is not None else float(np.std(w, ddof=1))
                if s > 0:
                    mu, sd, seen = m, s, None
                else:
                    seen = []
            continue
        z = (x - mu) / sd
        hi, lo = max(0.0, hi + z - k), max(0.0, lo - z - k)
        a = (1 if direction >= 0 and hi > h else 0) | (2 if direction <= 0 and lo > h else 0)
        if a:
            alarms.append((t, a))
            restart = True
    return alarms, (hi, lo, mu, sd)


def stream(seed, n_before=1000, n_after=300, shift=1.0):
    g = np.random.default_rng(seed)
    return np.concatenate([g.normal(0, 1, n_before), g.normal(shift, 1, n_after)])


def alarms_of(detector, xs):
    codes = detector.run(xs)
    return [(int(i) + 1, int(c)) for i, c in enumerate(codes) if c]


@requires("bc_detector_create", "bc_detector_update", "bc_detector_state")
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_page_hinkley_matches_python_and_finds_the_change(seed):
    xs = stream(seed)
    det = monitor.Detector("page_hinkley", delta=0.05, threshold=50, direction=1)
    got = alarms_of(det, xs)
    want, (up, down, mean) = page_hinkley_python(xs, 0.05, 50, direction=1)
    assert got == want
    assert got and got[0][0] > 1000, "no false alarm before the change"
    assert got[0][0] - 1000 <= 150, "detected within 150 values of a 1-sigma shift"
    state = det.state()
    assert state["up"] == pytest.approx(up, rel=1e-12, abs=1e-12)
    assert state["mean"] == pytest.approx(mean, rel=1e-12, abs=1e-12)
    assert state["alarms"] == len(want) and state["total"] == xs.size


@requires("bc_detector_create", "bc_detector_update")
@pytest.mark.parametrize("alpha,direction", [(1.0, 0), (0.999, 0), (0.99, -1)])
def test_page_hinkley_settings_match_python(alpha, direction):
    xs = np.concatenate([stream(9), -stream(10)])
    det = monitor.Detector("page_hinkley", delta=0.01, threshold=20, alpha=alpha,
                           min_samples=10, direction=direction)
    assert alarms_of(det, xs) == page_hinkley_python(xs, 0.01, 20, alpha, 10, direction)[0]


@requires("bc_detector_create", "bc_detector_update", "bc_detector_state")
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_cusum_matches_python_and_finds_the_change(seed):
    xs = stream(seed)
    det = monitor.Detector("cusum", k=0.5, h=10, target=0, sigma=1, direction=1)
    got = alarms_of(det, xs)
    want, (hi, lo, _, _) = cusum_python(xs, 0.5, 10, target=0.0, sigma=1.0, direction=1)
    assert got == want
    # ARL0 ~ 1e5 for h = 10: no false alarm; ARL1 ~ 20 for a 1-sigma shift.
    assert got and got[0][0] > 1000
    assert got[0][0] - 1000 <= 60
    assert det.state()["up"] == pytest.approx(hi, abs=1e-12)


@requires("bc_detector_create", "bc_detector_update", "bc_detector_state")
@pytest.mark.parametrize("seed", [21, 22, 23])
def test_cusum_with_estimated_parameters_matches_python(seed):
    g = np.random.default_rng(seed)
    xs = np.concatenate([g.normal(5, 2, 600), g.normal(3, 2, 200), g.normal(5, 2, 200)])
    det = monitor.Detector("cusum", warmup=50, h=6)
    want, (hi, lo, mu, sd) = cusum_python(xs, 0.5, 6, warmup=50)
    got = alarms_of(det, xs)
    assert got == want
    assert any(600 < t <= 650 and a == 2 for t, a in got), "the drop at 600 is found"
    state = det.state()
    assert state["sigma"] == pytest.approx(sd, rel=1e-12)
    assert state["mean"] == pytest.approx(mu, rel=1e-12)


def quality_python(t, o, h, l, c, v, bar_seconds, window=100, mad_min=20, thr=5.0, stale=5):
    flags, returns, last_t, last_c, run = [], [], None, None, 0
    for i in range(len(t)):
        f = 0
        if last_t is not None and t[i] <= last_t:
            flags.append(16)
            continue
        vals = (o[i], h[i], l[i], c[i])
        if not all(math.isfinite(x) and x > 0 for x in vals) or not (math.isfinite(v[i]) and v[i] >= 0):
            flags.append(1)
            if last_t is not None:
                last_t = t[i]  # the clock moves on, the price does not
            continue
        if h[i] < l[i] or not (l[i] <= o[i] <= h[i]) or not (l[i] <= c[i] <= h[i]):
            f |= 32
        if last_t is not None:
            if bar_seconds and t[i] - last_t > bar_seconds:
                f |= 2  # the streams below have no weekends
            r = math.log(c[i] / last_c)
            if len(returns) >= mad_min:
                w = np.array(returns)
                med = float(np.median(w))
                mad = float(np.median(np.abs(w - med)))
                if mad > 0 and abs(r - med) > thr * 1.4826 * mad:
                    f |= 4
            returns = (returns + [r])[-window:]
            run = run + 1 if c[i] == last_c else 1
        else:
            run = 1
        if run >= stale:
            f |= 8
        last_t, last_c = t[i], c[i]
        flags.append(f)
    return flags


@requires("bc_quality_create", "bc_quality_update", "bc_quality_counts")
@pytest.mark.parametrize("seed", [1, 2])
def test_quality_flags_match_a_numpy_reimplementation(seed):
    g = np.random.default_rng(seed)
    n = 3000
    t = 1704240000 + 60 * np.arange(n, dtype=np.int64)  # minute bars from a Wednesday
    c = 100 * np.exp(np.cumsum(g.standard_t(4, n) * 1e-4))
    o, h, l, v = c.copy(), c * 1.0001, c * 0.9999, g.integers(0, 100, n).astype(float)
    for i in g.choice(np.arange(50, n - 10), 40, replace=False):
        kind = i % 5
        if kind == 0:
            c[i] = np.nan
        elif kind == 1:
            t[i:] += 60 * int(g.integers(1, 5))  # a gap
        elif kind == 2:
            c[i] *= 1.01  # an outlier (o, h, l left: inconsistent too)
        elif kind == 3:
            c[i:i + 7] = c[i]  # stale
        else:
            t[i] = t[i - 1]  # out of order
    q = monitor.Quality(60)
    got = q.run(t, o, h, l, c, v)
    want = quality_python(t, o, h, l, c, v, 60)
    assert got.tolist() == want
    counts = q.counts()
    assert counts["bars"] == n
    assert counts["outliers"] == sum(1 for f in want if f & 4) > 0
    assert counts["stale_bars"] == sum(1 for f in want if f & 8) > 0
    assert counts["gaps"] == sum(1 for f in want if f & 2) > 0
    assert counts["missing"] == sum(1 for f in want if f & 1) > 0


@pytest.fixture(scope="module")
def monitored_model(tmp_path_factory, repo_root):
    """The golden logistic model with a training profile of AAPL's bars."""
    bars = botcopier.read_bars(repo_root / "tests/data/aapl_daily.csv")
    model = botcopier.Model.load(repo_root / "tests/data/golden/logistic_v0.1.0_uncompressed.bcm")
    feats = botcopier.Features(model.feature_spec)
    x = feats.compute(bars)[feats.lookback:]
    monitor.Profile(x, names=feats.names).attach_to(model)
    path = tmp_path_factory.mktemp("monitor") / "model.bcm"
    model.save(path)
    return path, bars


def write_bars(path, bars, power=1.0):
    """bars as CSV, every price p written as p0 (p / p0) ** power (the
    order of open, high, low and close kept)."""
    p0 = float(bars.close[0])
    cols = [p0 * (np.asarray(bars.column(k)) / p0) ** power for k in ("open", "high", "low", "close")]
    lines = ["time,open,high,low,close,volume"]
    for i, t in enumerate(bars.time):
        prices = ",".join("%.17g" % float(col[i]) for col in cols)
        lines.append("%s,%s,0" % (botcopier.data.time_format(int(t), "iso"), prices))
    path.write_text("\n".join(lines) + "\n")


@requires("bc_monitor_check", "bc_monitor_report_json")
def test_monitor_report_drift_equals_the_profile_calls(monitored_model):
    path, bars = monitored_model
    model = botcopier.Model.load(path)
    report = monitor.Monitor().check(model, bars)
    feats = botcopier.Features(model.feature_spec)
    x = feats.compute(bars)[feats.lookback:]
    prof = monitor.Profile.of_model(model)
    for j, f in enumerate(report["drift"]["features"]):
        direct = prof.compare(f["name"], x[:, j])
        assert f["psi"] == pytest.approx(direct["psi"], rel=1e-9, abs=1e-15)
        assert f["ks"] == pytest.approx(direct["ks"], rel=1e-9, abs=1e-15)
    assert report["retrain"] is False


def run_cli(*args):
    return subprocess.run([cli_executable(), "monitor", *map(str, args)], capture_output=True,
                          text=True, timeout=120)


def test_cli_monitor_json_exit_codes_and_prometheus(monitored_model, tmp_path):
    path, bars = monitored_model
    same = tmp_path / "same.csv"
    write_bars(same, bars)
    r = run_cli("--model", path, "--bars", same, "--json", "--fail-on-retrain")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["retrain"] is False
    wild = tmp_path / "wild.csv"
    write_bars(wild, bars, power=10)
    prom = tmp_path / "monitor.prom"
    r = run_cli("--model", path, "--bars", wild, "--json", "--fail-on-retrain", "--prom-file", prom)
    assert r.returncode == 3, r.stderr
    report = json.loads(r.stdout)
    assert report["retrain"] is True and any("PSI" in x for x in report["reasons"])
    text = prom.read_text()
    assert "botcopier_monitor_retrain 1\n" in text
    assert 'botcopier_monitor_check_status{check="drift"} 2' in text
    assert text.count("# TYPE botcopier_monitor_feature_psi gauge") == 1
    assert 'botcopier_monitor_feature_psi{feature="macd(12,26,9).line"}' in text
    # The human table names the verdict and its reasons.
    r = run_cli("--model", path, "--bars", wild)
    assert r.returncode == 0 and "verdict: RETRAIN" in r.stdout and "PSI" in r.stdout
    # A sidecar profile gives the same drift as the stored one.
    side = tmp_path / "profile.json"
    r1 = run_cli("--model", path, "--bars", wild, "--json", "--write-profile", side)
    r2 = run_cli("--model", path, "--bars", wild, "--json", "--profile", side)
    assert json.loads(r1.stdout)["drift"] == json.loads(r2.stdout)["drift"]


def test_cli_monitor_refuses_bad_options(monitored_model, tmp_path):
    path, _ = monitored_model
    r = run_cli("--model", path)
    assert r.returncode == 2 and "--bars are required" in r.stderr
    r = run_cli("--model", path, "--bars", "x.csv", "--set", "psi_retrain=lots")
    assert r.returncode == 2 and "psi_retrain is 'lots'" in r.stderr
    r = run_cli("--model", path, "--bars", "x.csv", "--set", "nonsense=1")
    assert r.returncode == 2 and "unknown key 'nonsense'" in r.stderr
    golden = path.parent / "nope.bcm"
    r = run_cli("--model", golden, "--bars", "x.csv")
    assert r.returncode == 1 and "nope.bcm" in r.stderr
