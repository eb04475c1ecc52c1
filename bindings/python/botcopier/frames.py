"""
frames.py - pandas in and out for bars: Bars from a DataFrame (the usual
column names in any case, a DatetimeIndex or a time column) and Bars back as
a DataFrame when pandas is installed, a numpy structured array otherwise.
It owns no file parsing and no computation; pandas is optional.
"""
from typing import Any, Dict, Optional

import numpy as np

from .data import BAR_COLUMNS, Bars

TIME_NAMES = ("time", "date", "datetime", "timestamp")


def _pandas() -> Any:
    try:
        import pandas
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

    return Bars.from_arrays(np.ascontiguousarray(time, dtype=np.int64), column("close"),
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
