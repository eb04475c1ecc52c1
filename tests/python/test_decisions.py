"""Decision logs, divergences and rejected rows through the binding."""
import calendar
import math

import numpy as np
import pytest

import botcopier
from conftest import ROOT, requires

pytestmark = requires("bc_decisions_read_csv", "bc_decision_log_open", "bc_divergences_read_csv")

DATA = ROOT / "tests" / "data"


def utc(*fields):
    return calendar.timegm(tuple(fields) + (0,) * (6 - len(fields)))


def test_the_sample_decisions_read_with_their_features_and_empty_cells():
    d = botcopier.read_decisions(DATA / "decisions_sample.csv")
    assert len(d) == 3 and len(d.rejects) == 0
    first = d[0]
    assert (first.event_id, first.timestamp, first.model_version, first.action) == \
        (1, utc(2013, 7, 3, 20), "v1", "buy")
    assert (first.probability, first.threshold, first.sl_dist, first.regime) == (0.81, 0.5, 3.0075, 1)
    assert (first.trace_id, first.span_id) == ("4bf92f3577b34da6", "00f067aa0ba902b7")
    np.testing.assert_array_equal(d.features(0), [0.4521, -1.25, 63.5])
    second = d[1]
    assert math.isnan(second.sl_dist) and math.isnan(second.tp_dist)
    assert math.isnan(d.features(1)[1])  # "nan" = missing
    assert d.features(2).shape == (0,) and d[-1].event_id == 3
    assert d[2].trace_id == "" and second.has_label == 0
    with pytest.raises(IndexError):
        d[3]


def test_the_uncertain_sample_reads_labels_where_filled_in():
    d = botcopier.read_decisions(DATA / "uncertain_decisions_sample.csv")
    assert d[0].has_label == 0 and math.isnan(d[0].label)
    assert d[1].has_label == 1 and d[1].label == 1.0
    np.testing.assert_array_equal(d.features(1), [0.4, 0.5, 0.6])


@pytest.mark.parametrize("uncertain", [False, True])
def test_rows_written_to_a_log_read_back_equal(tmp_path, uncertain):
    path = tmp_path / "log.csv"
    features = np.array([1.5, float("nan"), -2.25])
    with botcopier.DecisionLog(path, uncertain=uncertain) as log:
        log.write(event_id=11, timestamp=utc(2024, 1, 2, 3, 4, 5), model_version="m7",
                  action="buy", probability=0.625, threshold=0.5, chosen=1, regime=2,
                  label=2.0, features=features)
        log.write(botcopier.DecisionRow(event_id=12, timestamp=utc(2024, 1, 3), probability=0.25))
    header = path.read_text().splitlines()[0]
    assert header.endswith(";features;label" if uncertain else ";features;trace_id;span_id")
    d = botcopier.read_decisions(path)
    assert len(d) == 2
    row = d[0]
    assert (row.event_id, row.timestamp, row.model_version, row.action) == \
        (11, utc(2024, 1, 2, 3, 4, 5), "m7", "buy")
    assert (row.probability, row.threshold, row.chosen, row.regime) == (0.625, 0.5, 1, 2)
    if uncertain:
        assert (row.has_label, row.label) == (1, 2.0)
    else:  # decisions.csv has no label column
        assert row.has_label == 0 and math.isnan(row.label)
    got = d.features(0)
    assert got[0] == 1.5 and math.isnan(got[1]) and got[2] == -2.25
    assert d[1].model_idx == -1 and math.isnan(d[1].threshold) and d.features(1).shape == (0,)
    # Reopening appends under the same header.
    with botcopier.DecisionLog(path, uncertain=uncertain) as log:
        log.write(event_id=13, timestamp=utc(2024, 1, 4), probability=0.5)
    assert [r.event_id for r in botcopier.read_decisions(path)] == [11, 12, 13]


def test_a_log_with_another_header_is_refused(tmp_path):
    path = tmp_path / "log.csv"
    botcopier.DecisionLog(path).close()
    with pytest.raises(botcopier.FormatError):
        botcopier.DecisionLog(path, uncertain=True)


def test_writing_to_a_closed_log_is_a_value_error(tmp_path):
    log = botcopier.DecisionLog(tmp_path / "log.csv")
    log.close()
    log.close()  # twice is fine
    with pytest.raises(ValueError, match="closed"):
        log.write(event_id=1, timestamp=0, probability=0.5)


def test_text_longer_than_its_field_is_refused_before_c():
    with pytest.raises(ValueError, match="action"):
        botcopier.DecisionRow(action="x" * 16)


def test_divergences_written_read_back_equal(tmp_path):
    divs = botcopier.Divergences()
    divs.append(decision_id=5, old_prob=0.7, new_prob=0.2, profit=-3.5, weight=2.0)
    divs.append(botcopier.Divergence(decision_id=9, old_prob=0.1, new_prob=0.9))
    assert len(divs) == 2 and math.isnan(divs[1].profit) and divs[1].weight == 1.0
    path = tmp_path / "divergences.csv"
    divs.write_csv(path)
    assert path.read_text().splitlines()[0] == "decision_id,old_prob,new_prob,profit,weight"
    back = botcopier.read_divergences(path)
    assert [(d.decision_id, d.old_prob, d.new_prob, d.weight) for d in back] == \
        [(5, 0.7, 0.2, 2.0), (9, 0.1, 0.9, 1.0)]
    assert back[0].profit == -3.5 and math.isnan(back[1].profit)


def test_a_divergence_out_of_range_is_refused_naming_the_value():
    with pytest.raises(botcopier.InvalidArgumentError, match="1.5"):
        botcopier.Divergences().append(decision_id=1, old_prob=1.5, new_prob=0.2)


@requires("bc_rejects_raw", "bc_rejects_total")
def test_rejected_rows_keep_their_raw_text_and_count(tmp_path):
    path = tmp_path / "divergences.csv"
    path.write_text("decision_id,old_prob,new_prob\n1,0.5,0.25\n2,abc,0.5\n3,0.5,2\n")
    divs = botcopier.read_divergences(path)
    assert len(divs) == 1
    assert divs.rejects.total == len(divs.rejects) == 2
    assert [line for line, _ in divs.rejects] == [3, 4]
    assert divs.rejects.raw(0) == "2,abc,0.5"
    assert divs.rejects.raw(-1) == "3,0.5,2"
    assert "abc" in divs.rejects[0][1]
    with pytest.raises(IndexError):
        divs.rejects.raw(2)
