"""Reports: `botcopier report DIR` and botcopier.report() turn a clone's
folder and an RL run's folder into one offline HTML page whose figures all
load in headless Chromium; the numbers drawn agree with independent
computations (the library's compare, a pandas position-lag equity)."""
import base64
import json
import os
import re
import shutil
import subprocess

import numpy as np
import pytest

import botcopier
from botcopier import tradepath
from conftest import ROOT, cli_executable

pytest.importorskip("matplotlib")
DATA = ROOT / "tests" / "data"
TRADES = DATA / "sample_bot_aapl_trades_raw.csv"
BARS = DATA / "aapl_daily.csv"
FIGURE = re.compile(r'<figure data-figure="([^"]+)"><img alt="[^"]*" '
                    r'src="data:image/png;base64,([A-Za-z0-9+/=]+)">')


@pytest.fixture(scope="module")
def clone_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("clone")
    run = subprocess.run([cli_executable(), "clone", "--trades", str(TRADES), "--bars", str(BARS),
                          "--out", str(out), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "report: botcopier report %s --out %s/report.html" % (out, out) in run.stdout
    return out


def figures(html):
    """{name: PNG bytes} of the page's embedded figures."""
    return {name: base64.b64decode(data) for name, data in FIGURE.findall(html)}


def png_pixels(data):
    from matplotlib import image
    import io
    return image.imread(io.BytesIO(data))


def assert_not_blank(pixels, what):
    rgb = pixels[..., :3].reshape(-1, 3)
    colours = np.unique((rgb * 255).astype(np.uint8), axis=0)
    assert rgb.std() > 0.05 and len(colours) > 50, "%s looks blank (%d colours)" % (
        what, len(colours))


def test_clone_manifest_records_the_inputs_as_absolute_paths(clone_dir):
    manifest = json.loads((clone_dir / "manifest.json").read_text())
    assert manifest["inputs"] == {"trades": str(TRADES.resolve()), "bars": [str(BARS.resolve())]}


def test_cli_report_writes_one_offline_page_with_every_clone_figure(clone_dir, tmp_path):
    out = tmp_path / "report.html"
    run = subprocess.run([cli_executable(), "report", str(clone_dir), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    html = out.read_text()
    figs = figures(html)
    assert sorted(figs) == ["equity_AAPL", "price_AAPL"]
    for name, data in figs.items():
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert_not_blank(png_pixels(data), name)
    # offline: nothing is fetched from anywhere
    assert not re.search(r'(src|href)="(https?:)?//', html)
    for heading in ("price and trades", "equity, clone vs target", "Decisions, bar by bar",
                    "Fidelity", "Trading results"):
        assert heading in html
    # the rules `botcopier clone` put in report.json (botcopier explain)
    assert "What the bot does: extracted rules" in html
    assert "macd(12,26,9).line crosses above macd(12,26,9).signal" in html


def bar_matrix(html):
    """The confusion table's counts as a 4x4 array."""
    table = html[html.index("<th>clone hold</th>"):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr><td>target \w+</td>(.*?)</tr>", table)
    return np.array([[int(c.replace(",", "")) for c in re.findall(r">([\d,]+)</td>", r)[:4]]
                     for r in rows])


def test_the_confusion_table_agrees_with_the_librarys_same_bar_compare(clone_dir):
    made = botcopier.report(clone_dir)
    matrix = bar_matrix(made.html)
    rep = json.loads((clone_dir / "report.json").read_text())
    bars = botcopier.read_bars(str(BARS))
    target = botcopier.read_trades(str(TRADES))
    clone = botcopier.run_clone(botcopier.Model.load(str(clone_dir / "model.bcm")), bars,
                                start=rep["holdout_start"])
    exact = botcopier.compare(target, clone, bars, start=rep["holdout_start"], tolerance_bars=0)
    start = int(np.searchsorted(bars.time, rep["holdout_start"]))
    assert matrix.sum() == len(bars) - start
    assert matrix[1, 1] + matrix[2, 2] == exact.matched
    assert matrix[1].sum() + matrix[2].sum() == exact.target_entries
    assert matrix[:, 1].sum() + matrix[:, 2].sum() == exact.clone_entries


def test_clone_equity_equals_a_pandas_position_lag_computation(clone_dir):
    pd = pytest.importorskip("pandas")
    rep = json.loads((clone_dir / "report.json").read_text())
    bars = botcopier.read_bars(str(BARS))
    clone = botcopier.run_clone(botcopier.Model.load(str(clone_dir / "model.bcm")), bars,
                                start=rep["holdout_start"])
    start = int(np.searchsorted(bars.time, rep["holdout_start"]))
    ours = tradepath.equity(tradepath.round_trips(clone, bars), bars.close, start)
    # The clone fills at the bar's close, so one unit's profit is the position
    # held after bar t-1 times the close-to-close change of bar t.
    events = botcopier.trades_to_frame(clone)
    change = events["action"].map({"OPEN": 1, "CLOSE": -1}) * \
        events["order_type"].map({0: 1, 1: -1})
    when = pd.Series(change.to_numpy(), index=events["time"].to_numpy())
    pos = when.groupby(level=0).sum().reindex(pd.DatetimeIndex(
        bars.time.astype("datetime64[s]")), fill_value=0).cumsum()
    close = pd.Series(np.asarray(bars.close))
    profit = (pos.shift(1).fillna(0).to_numpy() * close.diff().fillna(0).to_numpy())[start:]
    ref = np.cumsum(profit) / bars.close[start - 1] * 100
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=1e-9)
    assert abs(ours[-1]) > 1  # the clone traded: the comparison is not of two zero curves


def test_rules_in_report_json_get_their_own_section(clone_dir, tmp_path):
    folder = tmp_path / "with_rules"
    shutil.copytree(clone_dir, folder)
    rep = json.loads((folder / "report.json").read_text())
    rep["rules"] = {"open_long": [{"rule": "close < bbands(20,2).lower and rsi(14) < 35",
                                   "support": 142, "precision": 0.97}],
                    "open_short": [{"rule": "macd(12,26,9) crosses below its signal",
                                    "support": 40, "precision": 0.91}],
                    "coverage": 0.93, "unexplained": 0.07}
    (folder / "report.json").write_text(json.dumps(rep))
    html = botcopier.report(folder).html
    section = html[html.index("extracted rules"):]
    section = section[:section.index("</section>")]
    assert "close &lt; bbands(20,2).lower and rsi(14) &lt; 35" in section
    assert "macd(12,26,9) crosses below its signal" in section
    assert "<td>coverage</td><td>0.9300</td>" in section
    assert "142" in section and "0.970" in section


def test_a_folder_without_recorded_inputs_says_to_pass_them(clone_dir, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(clone_dir, folder)
    os.remove(folder / "manifest.json")
    with pytest.raises(botcopier.ReportError, match="--bars B.csv --trades T.csv"):
        botcopier.report(folder)
    made = botcopier.report(folder, bars=str(BARS), trades=str(TRADES))
    assert sorted(made.figures) == ["equity_AAPL", "price_AAPL"]


def test_report_takes_bars_as_a_dataframe(clone_dir):
    pytest.importorskip("pandas")
    frame = botcopier.bars_to_frame(botcopier.read_bars(str(BARS)))
    made = botcopier.report(clone_dir, bars={"AAPL": botcopier.read_bars(frame)})
    assert sorted(made.figures) == ["equity_AAPL", "price_AAPL"]


def write_rl_run(folder, iterations=40):
    rng = np.random.default_rng(7)
    with open(folder / "metrics.jsonl", "w") as f:
        for i in range(iterations):
            f.write(json.dumps({
                "iteration": i, "timesteps": (i + 1) * 2048, "steps_per_s": 9000 + rng.normal(0, 300),
                "mean_reward": 0.001 * i + rng.normal(0, 0.002),
                "explained_variance": 1 - np.exp(-i / 10), "approx_kl": abs(rng.normal(0.01, 0.003)),
                "clip_fraction": 0.1 + rng.normal(0, 0.01), "entropy": 2.4 - 0.02 * i,
                "composite_score": 0.3 + 0.01 * i, "grad_norm": 0.5}) + "\n")
    days = np.arange(250)
    with open(folder / "eval_equity.csv", "w") as f:
        f.write("time,policy_equity,equal_weight,buy_and_hold,weight_0\n")
        for d in days:
            f.write("%s,%.6f,%.6f,%.6f,0.5\n" % (
                botcopier.time_format(1577836800 + int(d) * 86400, "iso"),
                1 + 0.001 * d, 1 + 0.0006 * d, 1 + 0.0004 * d + 0.01 * np.sin(d / 9)))


def test_an_rl_run_folder_gets_training_curves_and_the_evaluation(tmp_path):
    write_rl_run(tmp_path)
    made = botcopier.report(tmp_path, tmp_path / "report.html")
    assert made.kind == "rl"
    html = (tmp_path / "report.html").read_text()
    assert sorted(figures(html)) == ["eval_eval_equity", "training"]
    for name, data in figures(html).items():
        assert_not_blank(png_pixels(data), name)
    # the evaluation table: policy 1.000 -> 1.249 is +24.9 %
    assert re.search(r"<td>policy_equity</td><td>1.00</td><td>1.25</td><td>24.90</td>", html)
    assert "weight_0" not in html[html.index("Evaluation"):html.index("Last iteration")]
    assert "grad_norm" in html  # metrics beyond the standard ones are drawn and listed


def test_the_cli_says_what_to_install_without_python_or_matplotlib(clone_dir, tmp_path):
    env = dict(os.environ, BOTCOPIER_PYTHON=str(tmp_path / "no-python"))
    run = subprocess.run([cli_executable(), "report", str(clone_dir)], capture_output=True,
                         text=True, env=env)
    assert run.returncode == 1 and "python3-matplotlib" in run.stderr
    fake = tmp_path / "fake"
    (fake / "matplotlib").mkdir(parents=True)
    (fake / "matplotlib" / "__init__.py").write_text("raise ImportError('no matplotlib here')\n")
    env = dict(os.environ, PYTHONPATH=str(fake) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    run = subprocess.run([cli_executable(), "report", str(clone_dir), "--out",
                          str(tmp_path / "r.html")], capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert "pip install matplotlib" in run.stderr and "python3-matplotlib" in run.stderr
    run = subprocess.run([cli_executable(), "report", str(tmp_path)], capture_output=True,
                         text=True)
    assert run.returncode == 1 and "neither report.json" in run.stderr


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no headless Chromium (Debian package chromium; scripts/install-deps.sh --python)")


def render(html_path, tmp_path):
    """(screenshot pixels, number of images Chromium loaded) of a page."""
    probe = tmp_path / ("probe_" + html_path.name)
    probe.write_text(html_path.read_text().replace(
        "</body>", "<script>window.addEventListener('load', function () {"
        "document.body.setAttribute('data-loaded', Array.prototype.filter.call(document.images,"
        " function (i) { return i.complete && i.naturalWidth > 0; }).length);});</script></body>"))
    args = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--virtual-time-budget=5000", "--user-data-dir=%s" % (tmp_path / "profile")]
    dom = subprocess.run(args + ["--dump-dom", probe.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    loaded = re.search(r'data-loaded="(\d+)"', dom)
    shot = tmp_path / (html_path.stem + ".png")
    subprocess.run(args + ["--window-size=1280,2400", "--screenshot=%s" % shot,
                           html_path.as_uri()], capture_output=True, timeout=120)
    assert shot.exists(), "Chromium wrote no screenshot"
    return png_pixels(shot.read_bytes()), int(loaded.group(1)) if loaded else -1


def test_both_pages_render_in_headless_chromium_with_every_figure_loaded(clone_dir, tmp_path):
    clone_page = tmp_path / "clone.html"
    botcopier.report(clone_dir, clone_page)
    rl = tmp_path / "rl"
    rl.mkdir()
    write_rl_run(rl)
    rl_page = tmp_path / "rl.html"
    botcopier.report(rl, rl_page)
    for page, count in ((clone_page, 2), (rl_page, 2)):
        pixels, loaded = render(page, tmp_path)
        assert loaded == count, "%s: %d of %d figures loaded" % (page.name, loaded, count)
        assert_not_blank(pixels, page.name)


def test_a_two_symbol_clone_gets_each_symbols_price_and_equity(tmp_path):
    out = tmp_path / "two"
    run = subprocess.run([cli_executable(), "clone", "--quiet", "--trades",
                          str(DATA / "bots" / "macd_two_symbols_trades_raw.csv"),
                          "--bars", "AAPL=%s" % BARS,
                          "--bars", "GOOGL=%s" % (DATA / "bots" / "googl_daily.csv"),
                          "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["inputs"]["bars"] == ["AAPL=%s" % BARS.resolve(),
                                          "GOOGL=%s" % (DATA / "bots" / "googl_daily.csv").resolve()]
    made = botcopier.report(out)
    assert sorted(made.figures) == ["equity_AAPL", "equity_GOOGL", "price_AAPL", "price_GOOGL"]
    start = json.loads((out / "report.json").read_text())["holdout_start"]
    held = sum(len(b) - int(np.searchsorted(b.time, start)) for b in (
        botcopier.read_bars(str(BARS)), botcopier.read_bars(str(DATA / "bots" / "googl_daily.csv"))))
    assert bar_matrix(made.html).sum() == held
    assert "AAPL replayed from" in made.html and "GOOGL replayed from" in made.html


def test_damaged_folders_fail_with_one_line_naming_the_file(clone_dir, tmp_path):
    folder = tmp_path / "damaged"
    shutil.copytree(clone_dir, folder)
    (folder / "report.json").write_text('{"symbol": "AAPL", ')
    run = subprocess.run([cli_executable(), "report", str(folder)], capture_output=True,
                         text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "report.json is not JSON" in run.stderr
    shutil.copy(clone_dir / "report.json", folder / "report.json")
    (folder / "manifest.json").write_text("[")
    run = subprocess.run([cli_executable(), "report", str(folder)], capture_output=True,
                         text=True)
    assert run.returncode == 1 and "manifest.json is not JSON" in run.stderr
    rl = tmp_path / "rl"
    rl.mkdir()
    (rl / "metrics.jsonl").write_text('{"iteration": 0}\nnot json\n')
    run = subprocess.run([cli_executable(), "report", str(rl)], capture_output=True, text=True)
    assert run.returncode == 1 and "metrics.jsonl line 2: not JSON" in run.stderr
    run = subprocess.run([cli_executable(), "report", str(clone_dir), "--bogus"],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "unrecognized arguments: --bogus" in run.stderr
