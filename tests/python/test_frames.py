"""pandas in and out for bars: a DataFrame (DatetimeIndex or a time column,
any column case) gives the same Bars as the CSV reader, and Bars come back
as a DataFrame equal to the CSV read by pandas itself."""
import numpy as np
import pytest

import botcopier
from botcopier.frames import bars_from_frame, bars_to_frame
from conftest import ROOT

pd = pytest.importorskip("pandas")
CSV = ROOT / "tests" / "data" / "aapl_daily.csv"


def _pandas_read():
    sep = ";" if ";" in CSV.read_text().splitlines()[0] else ","
    df = pd.read_csv(CSV, sep=sep)
    df.columns = [c.lower() for c in df.columns]
    tcol = next(c for c in ("time", "date", "datetime") if c in df.columns)
    df[tcol] = pd.to_datetime(df[tcol].str.replace(".", "-", regex=False))
    return df.rename(columns={tcol: "time"})


def test_bars_to_frame_equals_pandas_reading_the_same_csv():
    frame = bars_to_frame(botcopier.read_bars(str(CSV)))
    ref = _pandas_read().set_index("time")
    assert list(frame.columns) == ["open", "high", "low", "close", "volume"]
    assert frame.index.name == "time" and len(frame) == len(ref)
    assert (frame.index.values == ref.index.values.astype("datetime64[s]")).all()
    np.testing.assert_array_equal(frame["close"].to_numpy(), ref["close"].to_numpy())
    np.testing.assert_array_equal(frame["high"].to_numpy(), ref["high"].to_numpy())


def test_a_frame_with_a_DatetimeIndex_round_trips_to_identical_bars():
    bars = botcopier.read_bars(str(CSV))
    again = bars_from_frame(bars_to_frame(bars))
    np.testing.assert_array_equal(again.time, bars.time)
    for c in ("open", "high", "low", "close", "volume"):
        np.testing.assert_array_equal(again.column(c), bars.column(c))


def test_a_time_column_in_any_case_and_tz_aware_times_are_accepted():
    df = _pandas_read()
    df["time"] = df["time"].dt.tz_localize("America/New_York")
    df = df.rename(columns={"time": "Date", "close": "Close", "open": "OPEN"})
    bars = bars_from_frame(df)
    ref = botcopier.read_bars(str(CSV))
    # New York midnight is 4 or 5 hours after UTC midnight
    assert set(np.unique(bars.time - ref.time)) <= {4 * 3600, 5 * 3600}
    np.testing.assert_array_equal(bars.close, ref.close)
    np.testing.assert_array_equal(bars.open, ref.open)


def test_close_only_frames_default_ohlc_to_close_and_volume_to_zero():
    idx = pd.date_range("2024-01-01", periods=4, freq="h")
    bars = bars_from_frame(pd.DataFrame({"close": [1.0, 2.0, 3.0, 2.5]}, index=idx))
    np.testing.assert_array_equal(bars.time, idx.values.astype("datetime64[s]").astype(np.int64))
    np.testing.assert_array_equal(bars.high, [1.0, 2.0, 3.0, 2.5])
    np.testing.assert_array_equal(bars.volume, [0, 0, 0, 0])


def test_a_frame_without_time_or_close_is_refused_naming_what_is_missing():
    with pytest.raises(ValueError, match="no time"):
        bars_from_frame(pd.DataFrame({"close": [1.0]}))
    with pytest.raises(ValueError, match="'close'"):
        bars_from_frame(pd.DataFrame({"open": [1.0]}, index=pd.date_range("2024", periods=1)))


def test_read_bars_takes_a_DataFrame_as_well_as_a_path():
    frame = botcopier.bars_to_frame(botcopier.read_bars(str(CSV)))
    bars = botcopier.read_bars(frame)
    np.testing.assert_array_equal(bars.close, frame["close"].to_numpy())
    assert len(bars) == len(frame)
