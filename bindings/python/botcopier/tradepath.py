"""
tradepath.py - a trade log laid over bars, for reports: each OPEN/CLOSE
matched by ticket into round trips, the decision each bar shows (hold, buy,
sell, close), the position held after each bar, and the equity of one unit
position marked at the bars' closes. numpy only; the library's own fidelity
(botcopier.compare) stays the reference for matching entries.
"""
from typing import Any, Dict, List, NamedTuple, Optional

import numpy as np

from .data import ACTION_CLOSE, ACTION_OPEN, Bars, Trades

# Codes of bar_actions, as botcopier.clone.DECISION_* (and their names).
HOLD, BUY, SELL, CLOSE = 0, 1, 2, 3
ACTION_NAMES = ("hold", "buy", "sell", "close")

IntArray = "np.ndarray[Any, np.dtype[np.int64]]"
FloatArray = "np.ndarray[Any, np.dtype[np.float64]]"


class RoundTrip(NamedTuple):
    """One position from entry to exit: direction +1 long / -1 short, the
    bar index and price of entry and exit (exit_bar -1 and exit_price NaN
    while it is still open at the last bar), lots and ticket."""

    direction: int
    entry_bar: int
    entry_price: float
    exit_bar: int
    exit_price: float
    lots: float
    ticket: int


def _bar_index(time: "np.ndarray[Any, np.dtype[np.int64]]", t: int) -> int:
    """Index of the bar an event at time t belongs to (the last bar that
    starts at or before it), -1 before the first bar."""
    return int(np.searchsorted(time, t, side="right")) - 1


def _events(trades: Trades, symbol: Optional[str]) -> List[Any]:
    events = [ev for ev in trades if not symbol or not ev.symbol or ev.symbol == symbol]
    events.sort(key=lambda ev: (ev.time, ev.event_id))
    return events


def round_trips(trades: Trades, bars: Bars, symbol: Optional[str] = None) -> List[RoundTrip]:
    """The log's positions as round trips on bars (events of other symbols
    skipped when symbol is given). OPEN order_type 0 is long, 1 short; a
    CLOSE ends the open position of its ticket; events before the first
    bar and CLOSEs of unknown tickets are ignored."""
    time = np.asarray(bars.time)
    open_trips: Dict[int, RoundTrip] = {}
    done: List[RoundTrip] = []
    for ev in _events(trades, symbol):
        b = _bar_index(time, ev.time)
        if b < 0:
            continue
        if ev.action == ACTION_OPEN and ev.order_type in (0, 1):
            direction = 1 if ev.order_type == 0 else -1
            previous = open_trips.pop(ev.ticket, None)
            if previous is not None:  # a reused ticket: the old position ends here
                done.append(previous._replace(exit_bar=b, exit_price=float(ev.price)))
            open_trips[ev.ticket] = RoundTrip(direction, b, float(ev.price), -1, float("nan"),
                                              float(ev.lots), int(ev.ticket))
        elif ev.action == ACTION_CLOSE and ev.ticket in open_trips:
            trip = open_trips.pop(ev.ticket)
            done.append(trip._replace(exit_bar=b, exit_price=float(ev.price)))
    done.extend(open_trips.values())
    done.sort(key=lambda r: (r.entry_bar, r.ticket))
    return done


def bar_actions(trades: Trades, bars: Bars, symbol: Optional[str] = None) -> Any:
    """The decision each bar shows in the log, as int64 codes HOLD, BUY,
    SELL, CLOSE: an entry on the bar (the last one when several; a reversal
    is its new entry) wins over a close; bars without events hold."""
    time = np.asarray(bars.time)
    out = np.zeros(len(time), dtype=np.int64)
    for ev in _events(trades, symbol):
        b = _bar_index(time, ev.time)
        if b < 0:
            continue
        if ev.action == ACTION_OPEN and ev.order_type in (0, 1):
            out[b] = BUY if ev.order_type == 0 else SELL
        elif ev.action == ACTION_CLOSE and out[b] == HOLD:
            out[b] = CLOSE
    return out


def positions(trips: List[RoundTrip], n_bars: int) -> Any:
    """Net direction held after each bar's events (int64, e.g. +1 long,
    -1 short, 0 flat) from round trips on n_bars bars."""
    out = np.zeros(n_bars, dtype=np.int64)
    for r in trips:
        end = n_bars if r.exit_bar < 0 else r.exit_bar
        out[r.entry_bar:end] += r.direction
    return out


def equity(trips: List[RoundTrip], close: Any, start: int = 0) -> Any:
    """Cumulative profit of one unit per position from bar start on, in
    percent of the close before start (float64, one value per bar from
    start): each position is marked at every bar's close, from its entry
    price on its entry bar to its exit price on its exit bar. Positions
    held into start count from the close before it."""
    close = np.asarray(close, dtype=np.float64)
    n = close.shape[0]
    if not 0 <= start < n:
        raise ValueError("start %d is outside the %d bars" % (start, n))
    pnl = np.zeros(n)
    for r in trips:
        last = n - 1 if r.exit_bar < 0 else r.exit_bar
        first = max(r.entry_bar, start)
        if last < first:
            continue
        marks = close[first:last + 1].copy()
        refs = np.empty_like(marks)
        refs[1:] = close[first:last]
        refs[0] = r.entry_price if first == r.entry_bar else close[first - 1]
        if r.exit_bar >= 0:
            marks[-1] = r.exit_price
        pnl[first:last + 1] += r.direction * (marks - refs)
    base = close[start - 1] if start > 0 else close[0]
    return np.cumsum(pnl[start:]) / base * 100.0


def buy_and_hold(close: Any, start: int = 0) -> Any:
    """The equity of holding one unit long from the close before start, in
    percent of that close (the baseline equity() is drawn against)."""
    close = np.asarray(close, dtype=np.float64)
    base = close[start - 1] if start > 0 else close[0]
    return (close[start:] - base) / base * 100.0


def confusion(target: Any, clone: Any) -> Any:
    """4x4 int64 counts of bars by (target's action, clone's action), rows
    and columns in ACTION_NAMES order."""
    target = np.asarray(target, dtype=np.int64)
    clone = np.asarray(clone, dtype=np.int64)
    if target.shape != clone.shape:
        raise ValueError("action arrays differ in length: %d vs %d"
                         % (target.shape[0], clone.shape[0]))
    out = np.zeros((4, 4), dtype=np.int64)
    np.add.at(out, (target, clone), 1)
    return out


def max_drawdown(curve: Any) -> float:
    """The largest fall from a running peak of an equity curve in percent
    points (0 for an empty or never-falling curve)."""
    curve = np.asarray(curve, dtype=np.float64)
    if curve.size == 0:
        return 0.0
    peak = np.maximum.accumulate(np.concatenate(([0.0], curve)))[1:]
    return float(np.max(peak - curve))
