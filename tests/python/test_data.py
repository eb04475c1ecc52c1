"""Market data and trade logs through the binding (runs once lib/data is merged)."""
import calendar
import gc
import math

import numpy as np
import pytest

import botcopier
from conftest import requires

YAHOO = """Date,Open,High,Low,Close,Adj Close,Volume
2013-05-13,64.50,65.41,64.50,64.96,50.96,79237200
2013-05-14,64.83,65.02,63.16,63.40,49.74,111779500
2013-05-15,62.73,63.00,60.33,61.26,48.06,185403400
2013-05-16,60.46,62.55,59.62,62.08,48.70,150801000
2013-05-17,62.72,62.87,61.57,61.89,48.56,106976100
"""

TRADES = """event_id;event_time;broker_time;local_time;action;ticket;magic;source;symbol;order_type;lots;price;sl;tp;profit;profit_after_trade;spread;trace_id;span_id;comment;remaining_lots;slippage;volume;open_time;book_bid_vol;book_ask_vol;book_imbalance
1;2013.07.03 20:00:00;2013.07.03 20:00:00;2013.07.03 20:00:00;OPEN;1001;34567;mt5;AAPL;0;0.10;60.11429;57.10857;66.12571;0.00;;;;;;0;0;0;2013.07.03 20:00:00;;;
2;2013.08.27 20:00:00;2013.08.27 20:00:00;2013.08.27 20:00:00;CLOSE;1001;34567;mt5;AAPL;0;0.10;69.79857;0.00000;0.00000;96.84;;;;;;0;0;0;2013.07.03 20:00:00;;;
"""


def utc(*fields):
    return calendar.timegm(tuple(fields) + (0,) * (6 - len(fields)))


@requires("bc_time_parse", "bc_time_format")
@pytest.mark.parametrize("text", ["2024.01.02 03:04:05", "2024-01-02 03:04:05",
                                  "2024-01-02T03:04:05Z"])
def test_time_parse_reads_the_documented_formats(text):
    assert botcopier.time_parse(text) == utc(2024, 1, 2, 3, 4, 5)


@requires("bc_time_parse", "bc_time_format")
def test_time_parse_reads_dates_and_compact_minutes():
    assert botcopier.time_parse("2024-01-02") == utc(2024, 1, 2)
    assert botcopier.time_parse("2024.01.02") == utc(2024, 1, 2)
    assert botcopier.time_parse("202401020304") == utc(2024, 1, 2, 3, 4)


@requires("bc_time_parse")
def test_time_parse_names_text_it_cannot_read():
    with pytest.raises(botcopier.ParseError, match="yesterday"):
        botcopier.time_parse("yesterday")


@requires("bc_time_format")
def test_time_format_writes_mt4_and_iso():
    t = utc(2024, 1, 2, 3, 4, 5)
    assert botcopier.time_format(t) == "2024.01.02 03:04:05"
    assert botcopier.time_format(t, "iso") == "2024-01-02 03:04:05"
    with pytest.raises(ValueError, match="style"):
        botcopier.time_format(t, "rfc")


@requires("bc_bars_from_arrays", "bc_bars_column", "bc_bars_time")
def test_bars_from_arrays_default_open_high_low_to_close_and_volume_to_zero():
    time = np.array([utc(2024, 1, d) for d in (1, 2, 3)], dtype=np.int64)
    close = np.array([10.0, 11.0, 12.5])
    bars = botcopier.Bars.from_arrays(time, close)
    assert len(bars) == 3
    np.testing.assert_array_equal(bars.time, time)
    for column in (bars.open, bars.high, bars.low, bars.close):
        np.testing.assert_array_equal(column, close)
    np.testing.assert_array_equal(bars.volume, np.zeros(3))


@requires("bc_bars_from_arrays", "bc_bars_column")
def test_bar_columns_are_read_only_views_that_keep_the_bars_alive():
    time = np.arange(1, 5, dtype=np.int64) * 60
    bars = botcopier.Bars.from_arrays(time, np.array([1.0, 2.0, 3.0, 4.0]))
    close = bars.close
    assert close is bars.close  # one view per column, made once
    assert not close.flags.writeable
    with pytest.raises(ValueError):
        close[0] = 5.0
    del bars
    gc.collect()
    np.testing.assert_array_equal(close, [1.0, 2.0, 3.0, 4.0])


@requires("bc_bars_from_arrays")
def test_bars_from_arrays_checks_lengths_before_calling_c():
    with pytest.raises(ValueError, match=r"close must have shape \(3,\)"):
        botcopier.Bars.from_arrays(np.arange(3, dtype=np.int64), np.ones(2))
    with pytest.raises(TypeError, match="time must have dtype int64"):
        botcopier.Bars.from_arrays(np.arange(3, dtype=np.float64), np.ones(3))


@requires("bc_bars_from_arrays")
def test_bars_from_arrays_refuses_times_that_do_not_increase():
    with pytest.raises(botcopier.BotCopierError) as info:
        botcopier.Bars.from_arrays(np.array([60, 60, 120], dtype=np.int64), np.ones(3))
    assert info.value.status < 0 and str(info.value)


@requires("bc_bars_read_csv", "bc_rejects_count", "bc_rejects_get")
def test_read_bars_loads_good_rows_and_lists_the_bad_one(tmp_path):
    lines = YAHOO.splitlines()
    lines.insert(3, "2013-05-14,1,2,0.5,abc,1,100")  # file line 4: close is not a number
    path = tmp_path / "bars.csv"
    path.write_text("\n".join(lines) + "\n")
    bars = botcopier.read_bars(path)
    assert len(bars) == 5
    np.testing.assert_allclose(bars.close, [64.96, 63.40, 61.26, 62.08, 61.89])
    np.testing.assert_allclose(bars.volume, [79237200, 111779500, 185403400, 150801000, 106976100])
    assert bars.time[0] == utc(2013, 5, 13)
    assert len(bars.rejects) == 1
    line, reason = bars.rejects[0]
    assert line == 4 and "abc" in reason


@requires("bc_bars_read_csv")
def test_read_bars_of_a_missing_file_names_it(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(botcopier.IoError, match="nope.csv"):
        botcopier.read_bars(missing)


@requires("bc_trades_read_csv", "bc_trades_get", "bc_trades_count")
def test_read_trades_gives_events_with_nan_for_empty_fields(tmp_path):
    path = tmp_path / "trades.csv"
    path.write_text(TRADES)
    trades = botcopier.read_trades(path)
    assert len(trades) == 2
    first, last = trades[0], trades[-1]
    assert first.action == botcopier.data.ACTION_OPEN and last.action == botcopier.data.ACTION_CLOSE
    assert first.ticket == 1001 and first.magic == 34567 and first.order_type == 0
    assert first.symbol == "AAPL"
    assert first.time == utc(2013, 7, 3, 20)
    assert first.lots == pytest.approx(0.10) and first.price == pytest.approx(60.11429)
    assert math.isnan(first.book_bid_vol)
    assert last.profit == pytest.approx(96.84)
    assert len(trades.rejects) == 0


@requires("bc_trades_create", "bc_trades_append", "bc_trades_write_csv", "bc_trades_read_csv")
def test_trades_appended_in_memory_survive_a_write_and_read(tmp_path):
    trades = botcopier.Trades()
    trades.append(action=botcopier.data.ACTION_OPEN, order_type=1, event_id=7,
                  time=utc(2024, 3, 1, 12), ticket=55, magic=9, lots=0.5, price=101.25,
                  symbol="EURUSD")
    assert len(trades) == 1 and trades[0].symbol == "EURUSD"
    path = tmp_path / "out.csv"
    trades.write_csv(path)
    again = botcopier.read_trades(path)
    ev = again[0]
    assert (ev.action, ev.order_type, ev.ticket, ev.time) == (1, 1, 55, utc(2024, 3, 1, 12))
    assert ev.price == pytest.approx(101.25) and ev.lots == pytest.approx(0.5)


def test_trade_event_defaults_mark_empty_fields():
    ev = botcopier.TradeEvent(ticket=3, symbol="X")
    assert ev.struct_size == __import__("ctypes").sizeof(botcopier.TradeEvent)
    assert ev.decision_id == -1 and math.isnan(ev.price) and ev.symbol == "X"
    with pytest.raises(ValueError, match="longer than 31 bytes"):
        ev.symbol = "S" * 32
