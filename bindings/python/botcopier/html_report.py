"""
html_report.py - `botcopier report DIR` and botcopier.report(DIR): one
self-contained HTML page (figures embedded as base64 PNG, so it works
offline) for a clone's output folder or an RL run's folder. The numbers
come from the library (the clone is re-run and compared by it) and from the
files the run wrote; this module only lays them out and draws them.
"""
import argparse
import base64
import csv
import datetime
import io
import json
import os
import sys
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np

from . import _html, tradepath
from .clone import Fidelity, Predictor, compare
from .clone_report import CloneReport, rules_rows, rules_summary
from .data import Bars, Trades, read_bars, read_trades, write_file_atomic
from .errors import BotCopierError
from .metrics import METRIC_COLUMNS, Metrics, read_metrics
from .models import Model

PathLike = Union[str, "os.PathLike[str]"]
BarsInput = Union[None, PathLike, Bars, Any, Sequence[str], Dict[str, Any]]

# Colours: long/short as on a trading screen, the clone in the accent blue.
LONG, SHORT, TARGET, CLONE, BASELINE, PRICE = ("#1a9850", "#d73027", "#333f4d", "#1f6fd1",
                                               "#9aa5b1", "#44515f")
INSTALL_MATPLOTLIB = ("botcopier report needs matplotlib: install it with "
                      "`apt-get install python3-matplotlib` (Debian) or `pip install matplotlib`")


class ReportError(Exception):
    """A folder that cannot be reported on, with what to do about it."""


def _pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend (no display needed)."""
    try:
        import matplotlib
    except ImportError:
        raise ReportError(INSTALL_MATPLOTLIB) from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    plt.rcParams.update({
        "font.size": 9.5, "axes.titlesize": 10.5, "axes.titleweight": "bold",
        "axes.spines.top": False, "axes.spines.right": False, "axes.edgecolor": "#b8c0ca",
        "axes.grid": True, "grid.color": "#e8ecf0", "grid.linewidth": 0.8,
        "legend.frameon": False, "figure.facecolor": "white", "axes.titlelocation": "left",
    })
    return plt


def _png(fig: Any) -> str:
    """The figure as base64 PNG text (the figure is closed)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _date(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(int(seconds), datetime.timezone.utc) \
        .strftime("%Y-%m-%d %H:%M").replace(" 00:00", "")


def _dates(time: Any) -> Any:
    return np.asarray(time).astype("datetime64[s]")


class Report:
    """One report page: kind ("clone" or "rl"), title, html (the whole
    self-contained page), figures (name -> base64 PNG, in page order) and
    the folder it was made from. save(path) writes it; notebooks show it."""

    def __init__(self, kind: str, title: str, html: str, figures: Dict[str, str],
                 folder: str) -> None:
        self.kind = kind
        self.title = title
        self.html = html
        self.figures = figures
        self.folder = folder

    def save(self, path: PathLike) -> str:
        """Writes the page atomically to path; returns the path."""
        write_file_atomic(path, self.html.encode("utf-8"))
        return os.fspath(path)

    def _repr_html_(self) -> str:
        """The page in a sandboxed iframe, so its styles stay inside it."""
        return ('<iframe srcdoc="%s" style="width:100%%;height:720px;border:1px solid #ddd" '
                'sandbox></iframe>' % _html.escape(self.html))

    def __repr__(self) -> str:
        return "<botcopier.Report %s %r, %d figures>" % (self.kind, self.title, len(self.figures))


def _page(title: str, subtitle: str, body: str, folder: str) -> str:
    from .version import version
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>%s</title><style>%s</style></head><body><header><h1>%s</h1>"
            "<div class=\"sub\">%s</div></header><main>%s</main><footer>botcopier %s &middot; "
            "made from %s on %s</footer></body></html>"
            % (_html.escape(title), _html.STYLE, _html.escape(title), _html.escape(subtitle),
               body, _html.escape(version()), _html.escape(os.path.abspath(folder)),
               datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")))


def _section(title: str, note: str, body: str) -> str:
    return "<section><h2>%s</h2>%s%s</section>" % (
        _html.escape(title), '<p class="note">%s</p>' % _html.escape(note) if note else "", body)


def _figure(name: str, png: str, caption: str) -> str:
    return ('<figure data-figure="%s"><img alt="%s" src="data:image/png;base64,%s">'
            "<figcaption>%s</figcaption></figure>"
            % (_html.escape(name), _html.escape(caption), png, _html.escape(caption)))


# --- clone folders -----------------------------------------------------------

def _load_bars(value: Any, what: str) -> Bars:
    if isinstance(value, Bars):
        return value
    try:
        return read_bars(value)
    except Exception as e:
        raise ReportError("cannot read the %s (%s): %s" % (what, value, e)) from e


def _bars_by_symbol(given: BarsInput, manifest: Dict[str, Any], symbols: List[str],
                    folder: str) -> Dict[str, Bars]:
    """The clone's bars per symbol: from the argument (a path/Bars/DataFrame,
    "SYMBOL=FILE" texts or a dict) or else manifest.json's inputs."""
    source: Any = given
    if source is None:
        source = (manifest.get("inputs") or {}).get("bars")
        if not source:
            raise ReportError(
                "%s does not say which bars the clone was made on (its manifest.json has no "
                "inputs: a clone from an older botcopier); pass them: botcopier report %s "
                "--bars B.csv --trades T.csv" % (folder, folder))
    if isinstance(source, dict):
        return {str(k): _load_bars(v, "bars of %s" % k) for k, v in source.items()}
    if isinstance(source, (list, tuple)):
        out: Dict[str, Bars] = {}
        for item in source:
            text = str(item)
            sym, eq, path = text.partition("=")
            if eq and not os.path.exists(text) and "/" not in sym:
                out[sym] = _load_bars(path, "bars of %s" % sym)
            else:
                out[symbols[0] if len(source) == 1 and symbols else
                    os.path.splitext(os.path.basename(text))[0]] = _load_bars(text, "bars")
        return out
    return {symbols[0] if symbols else "": _load_bars(source, "bars")}


def _only_symbol(trades: Trades, symbol: str) -> Trades:
    out = Trades()
    for ev in trades:
        if not ev.symbol or ev.symbol == symbol:
            out.append(ev)
    return out


def _price_figure(sym: str, bars: Bars, start: int, target: List[tradepath.RoundTrip],
                  clone: List[tradepath.RoundTrip]) -> str:
    plt = _pyplot()
    time = _dates(bars.time)
    close = np.asarray(bars.close)
    fig = plt.figure(figsize=(11, 5.6))
    grid = fig.add_gridspec(3, 1, height_ratios=[6, 0.55, 0.55], hspace=0.12)
    ax = fig.add_subplot(grid[0])
    ax.plot(time[start:], close[start:], color=PRICE, linewidth=1.1, label="close", zorder=1)

    def marks(trips: List[tradepath.RoundTrip], who: str, filled: bool) -> None:
        for direction, colour, shape, name in ((1, LONG, "^", "long"), (-1, SHORT, "v", "short")):
            sel = [r for r in trips if r.direction == direction and r.entry_bar >= start]
            if not sel:
                continue
            ax.scatter(time[[r.entry_bar for r in sel]], [r.entry_price for r in sel],
                       marker=shape, s=70 if filled else 150, linewidths=1.6,
                       facecolors=colour if filled else "none", edgecolors=colour,
                       label="%s %s entry" % (who, name), zorder=3 if filled else 4)
        # A reversal's exit sits under its new entry: only plain exits get a dot.
        entries = {r.entry_bar for r in trips}
        sel = [r for r in trips if r.exit_bar >= start and r.exit_bar not in entries]
        if sel:
            ax.scatter(time[[r.exit_bar for r in sel]], [r.exit_price for r in sel],
                       marker="o", s=26 if filled else 70, linewidths=1.4,
                       facecolors=TARGET if filled else "none",
                       edgecolors=TARGET if filled else CLONE, label="%s exit" % who,
                       zorder=2 if filled else 4)

    marks(target, "target", True)
    marks(clone, "clone", False)
    ax.set_ylabel("%s price" % sym if sym else "price")
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=7, fontsize=8.5,
              handletextpad=0.3, columnspacing=1.2, borderaxespad=0.2)
    ax.tick_params(labelbottom=False)
    for row, trips, who in ((1, target, "target"), (2, clone, "clone")):
        lane = fig.add_subplot(grid[row], sharex=ax)
        pos = np.sign(tradepath.positions(trips, len(close)))[start:]
        edges = np.flatnonzero(np.diff(pos)) + 1  # where the held position changes
        bounds = np.concatenate(([0], edges, [len(pos)]))
        stamps = time[start:]
        for a, b in zip(bounds[:-1], bounds[1:]):
            if pos[a] != 0:  # each run of one position as one block, up to the next change
                lane.axvspan(stamps[a], stamps[min(b, len(pos) - 1)],
                             color=LONG if pos[a] > 0 else SHORT, alpha=0.8, linewidth=0)
        lane.set_yticks([])
        lane.set_ylim(0, 1)
        lane.grid(False)
        lane.set_ylabel(who, rotation=0, ha="right", va="center", fontsize=9)
        for side in ("left", "top", "right"):
            lane.spines[side].set_visible(False)
        if row == 1:
            lane.tick_params(labelbottom=False)
    return _png(fig)


def _equity_figure(sym: str, bars: Bars, start: int, curves: Dict[str, Any]) -> str:
    plt = _pyplot()
    time = _dates(bars.time)[start:]
    fig, ax = plt.subplots(figsize=(11, 3.8))
    styles = {"target": (TARGET, 2.0, "-"), "clone": (CLONE, 2.0, "-"),
              "buy & hold": (BASELINE, 1.2, "--")}
    for name, curve in curves.items():
        colour, width, dash = styles[name]
        ax.plot(time, curve, color=colour, linewidth=width, linestyle=dash,
                label="%s  %+.1f%%" % (name, curve[-1] if len(curve) else 0.0))
    ax.axhline(0, color="#b8c0ca", linewidth=0.8)
    ax.set_ylabel("%s return, %%" % sym if sym else "return, %")
    ax.legend(loc="upper left")
    return _png(fig)


def _confusion_html(matrix: Any) -> str:
    names = tradepath.ACTION_NAMES
    rows, styles = [], []
    for i, name in enumerate(names):
        total = int(matrix[i].sum())
        row: List[Any] = ["target " + name]
        style = [""]
        for j in range(4):
            count = int(matrix[i, j])
            row.append(count)
            share = count / total if total else 0.0
            colour = "26,127,75" if i == j else "192,57,43"
            style.append("background:rgba(%s,%.2f)" % (colour, min(0.75, 0.08 + 0.67 * share))
                         if count else "")
        recall = matrix[i, i] / total if total else float("nan")
        row += [total, recall]
        style += ["", ""]
        rows.append(row)
        styles.append(style)
    return _html.table(["bars"] + ["clone " + n for n in names] + ["total", "agree"], rows,
                       cell_styles=styles)


def _trip_stats(trips: List[tradepath.RoundTrip], start: int, curve: Any) -> List[Any]:
    held = [r for r in trips if r.entry_bar >= start]
    closed = [r for r in held if r.exit_bar >= 0]
    wins = [r for r in closed if r.direction * (r.exit_price - r.entry_price) > 0]
    return [len(held), sum(1 for r in held if r.direction > 0),
            sum(1 for r in held if r.direction < 0),
            100.0 * len(wins) / len(closed) if closed else float("nan"),
            float(curve[-1]) if len(curve) else 0.0, tradepath.max_drawdown(curve)]


def _clone_inputs(folder: str, bars_arg: BarsInput,
                  trades_arg: Any) -> Tuple[CloneReport, Dict[str, Bars], Trades, Model]:
    """What a clone report reads: report.json, the bars per symbol and the
    target's log (arguments first, else manifest.json's inputs), model.bcm."""
    rep = CloneReport.load(folder)
    manifest: Dict[str, Any] = {}
    manifest_path = os.path.join(folder, "manifest.json")
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            try:
                manifest = json.load(f)
            except ValueError as e:
                raise ReportError("%s is not JSON (%s): pass --bars and --trades, or clone "
                                  "again" % (manifest_path, e)) from None
    model_path = os.path.join(folder, "model.bcm")
    if not os.path.exists(model_path):
        raise ReportError("%s has report.json but no model.bcm: is it a complete `botcopier "
                          "clone` output folder?" % folder)
    symbols = list((rep.fidelity_figures.get("symbols") or {}).keys()) or \
        ([str(rep["symbol"])] if rep.get("symbol") else [])
    bars_by_symbol = _bars_by_symbol(bars_arg, manifest, symbols, folder)
    if trades_arg is None:
        trades_arg = (manifest.get("inputs") or {}).get("trades")
        if not trades_arg:
            raise ReportError("%s does not say which trade log the clone learnt from; pass it: "
                              "botcopier report %s --trades T.csv" % (folder, folder))
    try:
        target = trades_arg if isinstance(trades_arg, Trades) else read_trades(trades_arg)
    except Exception as e:
        raise ReportError("cannot read the target's trade log (%s): %s" % (trades_arg, e)) from e
    return rep, bars_by_symbol, target, Model.load(model_path)


class _SymbolRun(NamedTuple):
    """One symbol's held-out period: the target's and the clone's round
    trips, bar-by-bar confusion, equity curves and the library's replayed
    fidelity."""

    symbol: str
    bars: Bars
    start: int
    target: List[tradepath.RoundTrip]
    clone: List[tradepath.RoundTrip]
    confusion: Any
    curves: Dict[str, Any]
    replay: Fidelity


def _run_symbol(model: Model, symbol: str, bars: Bars, target_log: Trades, holdout_start: int,
                tolerance_bars: int) -> _SymbolRun:
    """Runs the clone over one symbol's bars from the held-out start (as
    `botcopier run` would) and lays both logs over the bars."""
    time = np.asarray(bars.time)
    start = int(np.searchsorted(time, holdout_start, side="left"))
    if start >= len(time):
        raise ReportError("the bars of %s end before the held-out period starts (%s)"
                          % (symbol or "the clone", _date(holdout_start)))
    with Predictor(model, **({"symbol": symbol} if symbol else {})) as predictor:
        clone_log = predictor.run(bars, start=holdout_start)
    target = tradepath.round_trips(target_log, bars, symbol or None)
    clone = tradepath.round_trips(clone_log, bars, None)
    confusion = tradepath.confusion(
        tradepath.bar_actions(target_log, bars, symbol or None)[start:],
        tradepath.bar_actions(clone_log, bars, None)[start:])
    close = np.asarray(bars.close)
    curves = {"target": tradepath.equity(target, close, start),
              "clone": tradepath.equity(clone, close, start),
              "buy & hold": tradepath.buy_and_hold(close, start)}
    replay = compare(target_log, clone_log, bars, start=holdout_start,
                     tolerance_bars=tolerance_bars)
    return _SymbolRun(symbol, bars, start, target, clone, confusion, curves, replay)


def _symbol_sections(run: _SymbolRun, figures: Dict[str, str]) -> List[str]:
    """The price and equity sections of one symbol (their figures added)."""
    sym, time, start = run.symbol, np.asarray(run.bars.time), run.start
    label = sym or "clone"
    figures["price_%s" % label] = _price_figure(sym, run.bars, start, run.target, run.clone)
    figures["equity_%s" % label] = _equity_figure(sym, run.bars, start, run.curves)
    return [_section(
        "%s: price and trades" % sym,
        "Held-out bars %s to %s. Filled triangles are the target bot's entries, outlined "
        "ones the clone's (a filled mark inside an outline is an entry the clone "
        "reproduced); dots are exits to flat (a reversal shows as its new entry). The lanes "
        "below show the position each one holds: green long, red short."
        % (_date(time[start]), _date(time[-1])),
        _figure("price_%s" % label, figures["price_%s" % label],
                "%s close with the target's and the clone's entries and exits" % sym)),
        _section(
        "%s: equity, clone vs target" % sym,
        "Profit of one unit per position marked at every close, in percent of the price "
        "before the held-out period, with buy & hold for scale. The clone starts flat; "
        "the target may carry a position in.",
        _figure("equity_%s" % label, figures["equity_%s" % label],
                "%s equity of the target, the clone and buy & hold" % sym))]


def _trading_rows(run: _SymbolRun) -> List[List[Any]]:
    """Entries, win rate, return and drawdown of target, clone and buy & hold."""
    rows = [["%s %s" % (run.symbol, name)] + _trip_stats(trips, run.start, run.curves[name])
            for name, trips in (("target", run.target), ("clone", run.clone))]
    bh = run.curves["buy & hold"]
    rows.append(["%s buy & hold" % run.symbol, "", "", "", float("nan"), float(bh[-1]),
                 tradepath.max_drawdown(bh)])
    return rows


def _headline(rep: CloneReport, agree: float) -> str:
    """The cards at the top: fidelity, matches, precision/recall, agreement."""
    fid, hold = rep.fidelity_figures, rep.holdout
    return _html.cards([
        ("fidelity F1", _html.number(fid.get("f1")), "entries within +-%s bar, same direction"
         % fid.get("tolerance_bars", 1), _html.grade(fid.get("f1"))),
        ("entries matched", "%s / %s" % (fid.get("matched", "-"), fid.get("target_entries", "-")),
         "clone made %s entries" % fid.get("clone_entries", "-"), ""),
        ("precision / recall", "%s / %s" % (_html.number(fid.get("precision"), 2),
                                            _html.number(fid.get("recall"), 2)),
         "of the clone's / the target's entries", ""),
        ("bars in agreement", "%.1f%%" % (100 * agree), "same decision on the same bar",
         _html.grade(agree, 0.95, 0.8)),
        ("held-out accuracy", _html.number(hold.get("accuracy")),
         "macro F1 %s" % _html.number(hold.get("macro_f1")), ""),
    ])


FIDELITY_KEYS = ("target_entries", "clone_entries", "matched", "precision", "recall", "f1")


def _fidelity_section(rep: CloneReport, runs: List[_SymbolRun], holdout_start: int) -> str:
    fid = rep.fidelity_figures
    per_symbol = fid.get("symbols") or {}
    rows = [["all (report.json)"] + [fid.get(k) for k in FIDELITY_KEYS]]
    if len(per_symbol) > 1:
        rows += [[sym] + [f.get(k) for k in FIDELITY_KEYS] for sym, f in per_symbol.items()]
    rows += [["%s replayed from %s" % (r.symbol, _date(holdout_start))] +
             [getattr(r.replay, k) for k in FIDELITY_KEYS] for r in runs]
    return _section(
        "Fidelity",
        "Entries matched one-to-one within the tolerance, same direction: what the cloner "
        "measured when it was trained, and the clone run again now by this report%s." % (
            " (every symbol from the earliest held-out start; the cloner held out each "
            "symbol's own tail, so the per-symbol counts differ)" if len(runs) > 1 else ""),
        _html.table(["", "target entries", "clone entries", "matched", "precision", "recall",
                     "F1"], rows))


def _rules_section(rules: Any) -> str:
    rows = rules_rows(rules)
    columns = ["decision", "rule"] + sorted({k for r in rows for k in r} - {"decision", "rule"})
    summary = rules_summary(rules)
    return _section("What the bot does: extracted rules",
                    "Readable rules fitted to the clone's decisions (botcopier explain).",
                    _html.table(columns, [[r.get(c, "") for c in columns] for r in rows],
                                text_columns=(1,)) +
                    (_html.key_values(summary) if summary else ""))


def _details_section(rep: CloneReport, holdout_start: int) -> str:
    search = rep.get("search") or {}
    details = [("model", rep.get("model")), ("features", rep.get("features")),
               ("threshold", rep.get("threshold")),
               ("bars: train / validation / held out", "%s / %s / %s" % (
                   rep.get("train_bars", "-"), rep.get("validation_bars", "-"),
                   rep.get("holdout_bars", "-"))),
               ("held out from", _date(holdout_start)),
               ("labels", ", ".join("%s %s" % kv for kv in (rep.get("labels") or {}).items())),
               ("signals the search added", ", ".join(map(str, search.get("added") or []))
                or "none"),
               ("validation fidelity F1", rep.get("validation_fidelity_f1")),
               ("Brier score (held out)", rep.holdout.get("brier"))]
    return _section("Model and training", "", _html.key_values(details))


def _clone_report(folder: str, bars_arg: BarsInput, trades_arg: Any,
                  title: Optional[str]) -> Report:
    rep, bars_by_symbol, target_all, model = _clone_inputs(folder, bars_arg, trades_arg)
    holdout_start = int(rep.get("holdout_start", 0))
    tolerance = int(rep.fidelity_figures.get("tolerance_bars", 1))
    several = len(bars_by_symbol) > 1
    runs = [_run_symbol(model, sym, bars, _only_symbol(target_all, sym) if several else target_all,
                        holdout_start, tolerance) for sym, bars in bars_by_symbol.items()]
    figures: Dict[str, str] = {}
    body = [""]  # the headline cards, once the agreement is known
    for run in runs:
        body += _symbol_sections(run, figures)
    totals = sum((r.confusion for r in runs), np.zeros((4, 4), dtype=np.int64))
    body[0] = _headline(rep, float(np.trace(totals)) / max(int(totals.sum()), 1))
    body.append(_section(
        "Trading results on the held-out period",
        "Entries made in the held-out period; win rate: the share of closed round trips that "
        "made money.",
        _html.table(["", "entries", "long", "short", "win rate %", "return %",
                     "max drawdown %"], [row for r in runs for row in _trading_rows(r)],
                    digits=2)))
    classes = rep.holdout.get("classes") or {}
    body.append(_section(
        "Decisions, bar by bar",
        "Each held-out bar's decision in the target's log (rows) and in the clone's run "
        "(columns), on the same bar; 'agree' is the share of the row the clone got right. "
        "Fidelity below allows +-%s bar." % tolerance,
        '<div class="grid2"><div>%s</div><div>%s</div></div>' % (
            _confusion_html(totals),
            _html.table(["class", "precision", "recall", "F1", "ROC AUC", "support"],
                        [[n] + [c.get(k) for k in ("precision", "recall", "f1", "roc_auc",
                                                   "support")] for n, c in classes.items()]))))
    body.append(_fidelity_section(rep, runs, holdout_start))
    if "rules" in rep:
        body.append(_rules_section(rep["rules"]))
    body.append(_details_section(rep, holdout_start))
    name = ", ".join(s for s in bars_by_symbol if s) or "clone"
    title = title or "Clone of the %s bot" % name
    subtitle = "%s model, %s features, held out from %s (%s bars) | %s" % (
        rep.get("model", "?"), rep.get("features", "?"), _date(holdout_start),
        rep.get("holdout_bars", "?"), os.path.abspath(folder))
    return Report("clone", title, _page(title, subtitle, "".join(body), folder), figures, folder)


# --- RL run folders ------------------------------------------------------------

CURVES = (("mean_reward", "mean reward"), ("composite_score", "composite score"),
          ("explained_variance", "explained variance"), ("approx_kl", "approx KL"),
          ("clip_fraction", "clip fraction"), ("entropy", "entropy"),
          ("steps_per_s", "steps / s"))


def _training_figure(metrics: Metrics) -> str:
    plt = _pyplot()
    from matplotlib.ticker import EngFormatter, MaxNLocator
    x_name = "timesteps" if "timesteps" in metrics.names else "iteration"
    x = metrics.column(x_name) if x_name in metrics.names else np.arange(len(metrics))
    shown = [(k, t) for k, t in CURVES if k in metrics.names]
    extra = [n for n in metrics.numeric_names() if n not in METRIC_COLUMNS][:5]
    shown += [(n, n.replace("_", " ")) for n in extra]
    cols = 4
    rows = max(1, (len(shown) + cols - 1) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.5 * rows), squeeze=False)
    for ax, (key, label) in zip(axes.flat, shown):
        y = metrics.column(key)
        ax.plot(x, y, color=CLONE, linewidth=1.2, alpha=0.55 if len(y) > 20 else 1.0)
        if len(y) > 20:  # a moving average reads better than the raw noise
            k = max(3, len(y) // 20)
            smooth = np.convolve(np.nan_to_num(y), np.ones(k) / k, mode="valid")
            ax.plot(x[k - 1:], smooth, color=TARGET, linewidth=1.6)
        ax.set_title(label)
        ax.tick_params(labelsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.xaxis.set_major_formatter(EngFormatter(sep=""))  # 25k, not 25000
    for ax in list(axes.flat)[len(shown):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(x_name, fontsize=8.5)
    fig.tight_layout()
    return _png(fig)


def _read_eval_csv(path: str) -> Tuple[str, Any, Dict[str, Any]]:
    """(x label, x values, {series: float64 values}) of an evaluation CSV:
    the first column is the time or step, equity-like columns are drawn."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") \
        else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if len(rows) < 2:
        raise ReportError("%s has no rows" % path)
    header, body = [h.strip() for h in rows[0]], [r for r in rows[1:] if r]
    columns: Dict[str, List[float]] = {}
    for j, name in enumerate(header[1:], 1):
        values = []
        for r in body:
            try:
                values.append(float(r[j]))
            except (ValueError, IndexError):
                values.append(float("nan"))
        if not np.all(np.isnan(values)):
            columns[name] = values
    first = [r[0] for r in body]
    try:
        x: Any = np.array([float(v) for v in first])
    except ValueError:
        from .data import time_parse
        try:
            x = _dates(np.array([time_parse(v) for v in first], dtype=np.int64))
        except Exception:
            x = np.arange(len(first))
    words = ("equity", "value", "nav", "wealth", "policy", "agent", "buy", "hold", "equal",
             "baseline", "benchmark", "portfolio")
    chosen = {k: np.array(v) for k, v in columns.items()
              if any(w in k.lower() for w in words) and not k.lower().startswith(("w_", "weight"))}
    if not chosen:
        chosen = {k: np.array(v) for k, v in columns.items()
                  if not k.lower().startswith(("w_", "weight", "step", "action"))}
    return header[0], x, chosen


def _eval_figure(name: str, x: Any, series: Dict[str, Any]) -> str:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(11, 3.8))
    palette = [CLONE, TARGET, BASELINE, "#e08214", "#8073ac", LONG]
    for i, (label, y) in enumerate(series.items()):
        ax.plot(x, y, color=palette[i % len(palette)], linewidth=2.0 if i == 0 else 1.3,
                linestyle="-" if i < 2 else "--", label=label)
    ax.set_title("evaluation (%s): equity vs baselines" % name)
    ax.legend(loc="upper left")
    return _png(fig)


def _rl_report(folder: str, title: Optional[str]) -> Report:
    metrics = read_metrics(folder)
    figures = {"training": _training_figure(metrics)}
    last = metrics.rows[-1]

    def last_value(key: str, digits: int = 3) -> str:
        return _html.number(last.get(key), digits) if key in last else "-"

    cards = _html.cards([
        ("iterations", str(len(metrics)), "", ""),
        ("timesteps", _html.number(last.get("timesteps")), "", ""),
        ("mean reward", last_value("mean_reward", 4), "last iteration", ""),
        ("composite score", last_value("composite_score"), "last iteration", ""),
        ("explained variance", last_value("explained_variance"), "last iteration",
         _html.grade(last.get("explained_variance") if isinstance(
             last.get("explained_variance"), float) else None, 0.5, 0.0)),
        ("steps / s", _html.number(float(np.nanmean(metrics.column("steps_per_s"))), 0)
         if "steps_per_s" in metrics.names else "-", "mean over the run", ""),
    ])
    body = [cards, _section(
        "Training curves",
        "One point per PPO iteration against the timesteps trained so far (a moving average "
        "in dark when there are many).", _figure("training", figures["training"],
                                                 "PPO training metrics"))]
    evals = sorted(f for f in os.listdir(folder) if f.lower().endswith(".csv") and
                   any(w in f.lower() for w in ("eval", "equity")))
    for f in evals:
        x_name, x, series = _read_eval_csv(os.path.join(folder, f))
        if not series:
            continue
        key = "eval_%s" % os.path.splitext(f)[0]
        figures[key] = _eval_figure(f, x, series)
        rows = []
        for label, y in series.items():
            y = y[~np.isnan(y)]
            total = (y[-1] / y[0] - 1) * 100 if len(y) and y[0] else float("nan")
            peak = np.maximum.accumulate(y) if len(y) else y
            dd = float(np.max((peak - y) / peak) * 100) if len(y) and np.all(peak > 0) \
                else float("nan")
            rows.append([label, float(y[0]) if len(y) else float("nan"),
                         float(y[-1]) if len(y) else float("nan"), total, dd])
        body.append(_section("Evaluation: %s" % f, "", _figure(key, figures[key],
                                                                "%s equity vs baselines" % f) +
                             _html.table(["series", "first", "last", "return %",
                                          "max drawdown %"], rows, digits=2)))
    body.append(_section("Last iteration", "", _html.key_values(
        (k, v) for k, v in last.items() if not isinstance(v, (dict, list)))))
    title = title or "RL training run: %s" % os.path.basename(os.path.abspath(folder))
    subtitle = "%d iterations, %s timesteps | %s" % (
        len(metrics), _html.number(last.get("timesteps")), os.path.abspath(folder))
    return Report("rl", title, _page(title, subtitle, "".join(body), folder), figures, folder)


# --- entry points ----------------------------------------------------------------

def report(folder: PathLike, out: Optional[PathLike] = None, *, bars: BarsInput = None,
           trades: Any = None, title: Optional[str] = None) -> Report:
    """Draws a clone's output folder (report.json, model.bcm and
    manifest.json from `botcopier clone`) or an RL run's folder
    (metrics.jsonl, optional eval*.csv) as one self-contained HTML page and,
    when out is given, writes it there. For a clone, bars and trades
    override the inputs manifest.json records (a path, Bars or DataFrame for
    bars, or {"SYMBOL": bars} for several symbols; a path, Trades or
    DataFrame for the target's log). Raises ReportError saying what is
    missing."""
    folder = os.fspath(folder)
    if not os.path.isdir(folder):
        raise ReportError("%s is not a folder (give the --out DIR of botcopier clone or "
                          "rl-train)" % folder)
    if os.path.exists(os.path.join(folder, "report.json")):
        made = _clone_report(folder, bars, trades, title)
    elif os.path.exists(os.path.join(folder, "metrics.jsonl")):
        made = _rl_report(folder, title)
    else:
        raise ReportError("%s has neither report.json (a clone's folder) nor metrics.jsonl (an "
                          "RL run's folder)" % folder)
    if out is not None:
        made.save(out)
    return made


def main(argv: Optional[Sequence[str]] = None, prog: str = "python -m botcopier.html_report") -> int:
    """The command line: report DIR [--out FILE] [--bars B ...] [--trades T]
    [--title TEXT]; returns the exit status (0, 1 on a failure, 2 on bad
    arguments)."""
    parser = argparse.ArgumentParser(prog=prog, description=report.__doc__)
    parser.add_argument("folder", help="output folder of botcopier clone or rl-train")
    parser.add_argument("--out", help="HTML file to write [FOLDER/report.html]")
    parser.add_argument("--bars", action="append", help="[SYMBOL=]bars.csv (repeatable)")
    parser.add_argument("--trades", help="the target's trade log")
    parser.add_argument("--title", help="page title")
    args = parser.parse_args(argv)
    out = args.out or os.path.join(args.folder, "report.html")
    try:
        made = report(args.folder, out, bars=args.bars, trades=args.trades, title=args.title)
    except (ReportError, ValueError, OSError, BotCopierError) as e:
        # what is wrong with the folder, in one line (a bug still shows its traceback)
        sys.stderr.write("%s: %s\n" % (prog, e))
        return 1
    print("wrote %s (%s report, %d figures: %s)" % (out, made.kind, len(made.figures),
                                                    ", ".join(made.figures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
