"""
frames.py - pandas in and out: Bars and trade logs from DataFrames (the
usual column names in any case, a DatetimeIndex or a time column), and
bars, trade logs, features, decisions and fidelity back as DataFrames when
pandas is installed, numpy structured arrays otherwise. It owns no file
parsing and no computation; pandas is optional.
"""
import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .data import (ACTION_CLOSE, ACTION_MODIFY, ACTION_OPEN, BAR_COLUMNS, Bars, TradeEvent,
                   Trades)

TIME_NAMES = ("time", "date", "datetime", "timestamp")


def _pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    return pandas


def _seconds(values: Any) -> np.ndarray:
    """int64 Unix seconds from datetime-like values (tz-aware ones in UTC) or numbers."""
    pd = _pandas()
    if pd is not None and not np.issubdtype(np.asarray(values).dtype, np.number):
        idx = pd.DatetimeIndex(values)
        if idx.tz is not None:
            idx = idx.tz_convert("UTC").tz_localize(None)
        return np.asarray(idx.values.astype("datetime64[s]").astype(np.int64))
    arr = np.asarray(values)
    if np.issubdtype(arr.dtype, np.datetime64):
        return arr.astype("datetime64[s]").astype(np.int64)
    return arr.astype(np.int64, copy=False)


def bars_from_frame(frame: Any) -> Bars:
    """Bars from a pandas DataFrame: columns open/high/low/close/volume (any
    case; only close is required) and the time as a DatetimeIndex or a
    time/date/datetime/timestamp column (datetimes, tz-aware ones converted
    to UTC, or int Unix seconds). float64 columns are passed without a
    Python-side copy; the library keeps its own copy. Raises ValueError
    naming the missing column."""
    lower: Dict[str, Any] = {str(c).lower(): c for c in frame.columns}
    time_col: Optional[Any] = next((lower[n] for n in TIME_NAMES if n in lower), None)
    if time_col is not None:
        time = _seconds(frame[time_col].to_numpy())
    elif np.issubdtype(np.asarray(frame.index).dtype, np.datetime64) or \
            getattr(frame.index, "tz", None) is not None:
        time = _seconds(frame.index)
    else:
        raise ValueError("bars DataFrame has no time: give it a DatetimeIndex or one of the "
                         "columns %s (columns are %s)" % (", ".join(TIME_NAMES),
                                                          list(frame.columns)))
    if "close" not in lower:
        raise ValueError("bars DataFrame has no 'close' column (columns are %s)"
                         % list(frame.columns))

    def column(name: str) -> Optional[np.ndarray]:
        if name not in lower:
            return None
        return np.ascontiguousarray(frame[lower[name]].to_numpy(dtype=np.float64))

    close = np.ascontiguousarray(frame[lower["close"]].to_numpy(dtype=np.float64))
    return Bars.from_arrays(np.ascontiguousarray(time, dtype=np.int64), close,
                            open=column("open"), high=column("high"), low=column("low"),
                            volume=column("volume"))


def bars_to_frame(bars: Bars) -> Any:
    """The bars as a pandas DataFrame indexed by a UTC-naive DatetimeIndex
    named "time" with columns open, high, low, close, volume; without pandas,
    a numpy structured array with the int64 time and those columns."""
    pd = _pandas()
    if pd is None:
        out = np.empty(len(bars), dtype=[("time", np.int64)] +
                       [(c, np.float64) for c in BAR_COLUMNS])
        out["time"] = bars.time
        for c in BAR_COLUMNS:
            out[c] = bars.column(c)
        return out
    index = pd.DatetimeIndex(np.asarray(bars.time).astype("datetime64[s]"), name="time")
    return pd.DataFrame({c: np.asarray(bars.column(c)) for c in BAR_COLUMNS}, index=index)


# --- trade logs ------------------------------------------------------------------

ACTION_NAMES = {ACTION_OPEN: "OPEN", ACTION_MODIFY: "MODIFY", ACTION_CLOSE: "CLOSE"}
_ACTION_CODES = {v: k for k, v in ACTION_NAMES.items()}
# Columns of trades_to_frame, in order: (name, numpy dtype); time is datetime64[s].
TRADE_COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("event_id", "int64"), ("time", "datetime64[s]"), ("action", "U6"), ("order_type", "int32"),
    ("symbol", "U31"), ("ticket", "int64"), ("magic", "int64"), ("decision_id", "int64"),
    ("lots", "float64"), ("price", "float64"), ("sl", "float64"), ("tp", "float64"),
    ("profit", "float64"), ("book_bid_vol", "float64"), ("book_ask_vol", "float64"))
TRADE_TIME_NAMES = ("time", "event_time", "broker_time", "timestamp", "datetime", "date")


def trades_to_frame(trades: Trades) -> Any:
    """A trade log as a DataFrame with one row per event and the columns of
    TRADE_COLUMNS (time as datetime64[s], action as "OPEN"/"MODIFY"/"CLOSE",
    empty numbers NaN, no decision -1); without pandas, a numpy structured
    array with the same fields."""
    events = list(trades)
    out = np.empty(len(events), dtype=[(n, t) for n, t in TRADE_COLUMNS])
    for i, ev in enumerate(events):
        row: List[Any] = []
        for name, _ in TRADE_COLUMNS:
            if name == "time":
                row.append(np.datetime64(int(ev.time), "s"))
            elif name == "action":
                row.append(ACTION_NAMES.get(ev.action, str(ev.action)))
            else:
                row.append(getattr(ev, name))
        out[i] = tuple(row)
    pd = _pandas()
    if pd is None:
        return out
    frame = pd.DataFrame({n: out[n] for n, _ in TRADE_COLUMNS})
    frame["action"] = frame["action"].astype(object)
    frame["symbol"] = frame["symbol"].astype(object)
    return frame


def _action_code(value: Any, row: int) -> int:
    if isinstance(value, str):
        code = _ACTION_CODES.get(value.strip().upper())
        if code is None:
            raise ValueError("trades DataFrame row %d: action %r is not OPEN, MODIFY or CLOSE"
                             % (row, value))
        return code
    code = int(value)
    if code not in ACTION_NAMES:
        raise ValueError("trades DataFrame row %d: action %r is not 1 (OPEN), 2 (MODIFY) or "
                         "3 (CLOSE)" % (row, value))
    return code


def trades_from_frame(frame: Any) -> Trades:
    """A trade log from a DataFrame: columns action (OPEN/MODIFY/CLOSE or
    1/2/3), order_type (0 buy, 1 sell), symbol and the time (a column named
    time/event_time/broker_time/timestamp/datetime/date, or a
    DatetimeIndex) are required, any case; event_id, ticket, magic,
    decision_id, lots, price, sl, tp, profit, book_bid_vol, book_ask_vol are
    taken when present (NaN or missing means empty). Each row is checked as
    the CSV reader checks it: ValueError names a missing column, a bad
    action; InvalidArgumentError (from the library) names a bad value."""
    lower: Dict[str, Any] = {str(c).lower(): c for c in frame.columns}
    time_col = next((lower[n] for n in TRADE_TIME_NAMES if n in lower), None)
    if time_col is not None:
        time = _seconds(frame[time_col].to_numpy())
    elif np.issubdtype(np.asarray(frame.index).dtype, np.datetime64) or \
            getattr(frame.index, "tz", None) is not None:
        time = _seconds(frame.index)
    else:
        raise ValueError("trades DataFrame has no time: give it a DatetimeIndex or one of the "
                         "columns %s (columns are %s)" % (", ".join(TRADE_TIME_NAMES),
                                                          list(frame.columns)))
    missing = [c for c in ("action", "order_type", "symbol") if c not in lower]
    if missing:
        raise ValueError("trades DataFrame has no %s column (columns are %s)"
                         % (", ".join(repr(m) for m in missing), list(frame.columns)))
    columns = {name: frame[lower[name]].to_numpy() for name, _ in TRADE_COLUMNS
               if name in lower and name != "time"}
    out = Trades()
    for i in range(len(frame)):
        fields: Dict[str, Any] = {"time": int(time[i])}
        for name, values in columns.items():
            value = values[i]
            if name == "action":
                fields[name] = _action_code(value, i)
            elif name == "symbol":
                fields[name] = str(value)
            elif name in ("event_id", "ticket", "magic", "decision_id", "order_type"):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                fields[name] = int(value)
            else:
                fields[name] = float("nan") if value is None else float(value)
        fields.setdefault("event_id", i + 1)
        out.append(TradeEvent(**fields))
    return out


# --- results -------------------------------------------------------------------------

def features_to_frame(names: Sequence[str], time: Any, values: Any) -> Any:
    """Feature values (n, k) with their k names as a DataFrame indexed by
    the bars' time (a DatetimeIndex named "time"), sharing values' memory
    where pandas allows; without pandas, a structured array with time and
    one float64 field per feature."""
    pd = _pandas()
    values = np.asarray(values)
    if pd is None:
        out = np.empty(values.shape[0], dtype=[("time", np.int64)] +
                       [(str(n), np.float64) for n in names])
        out["time"] = time
        for j, n in enumerate(names):
            out[str(n)] = values[:, j]
        return out
    index = pd.DatetimeIndex(np.asarray(time).astype("datetime64[s]"), name="time")
    return pd.DataFrame(values, index=index, columns=list(names), copy=False)


def records_to_frame(records: Sequence[Any], fields: Optional[Sequence[str]] = None) -> Any:
    """Library records (DecisionRow, Divergence, Fidelity ...: anything with
    as_dict()) as a DataFrame with one row each; without pandas, a list of
    dicts. fields picks and orders the columns."""
    rows: List[Dict[str, Any]] = [r.as_dict() for r in records]
    if fields is not None:
        rows = [{f: r[f] for f in fields} for r in rows]
    pd = _pandas()
    if pd is None:
        return rows
    return pd.DataFrame(rows)
