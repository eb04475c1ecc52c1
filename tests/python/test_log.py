"""The library's log lines reach Python logging, or the ring drain."""
import gc
import logging

import pytest

import botcopier
from botcopier import log


@pytest.fixture(autouse=True)
def ring_afterwards():
    yield
    log.stop_forwarding()
    log.drain()


def test_forwarded_messages_reach_the_botcopier_logger(caplog):
    log.drain()
    log.forward_to_logging(logging.INFO)
    gc.collect()  # the callback must survive collection
    with caplog.at_level(logging.INFO, logger="botcopier"):
        botcopier.Backend("best").close()
    records = [r for r in caplog.records if r.name == "botcopier"]
    assert any(r.getMessage().startswith("backend 'best': ") and r.levelno == logging.INFO
               for r in records), [r.getMessage() for r in records]
    assert log.forwarding()
    assert log.pending() == 0


def test_levels_below_the_chosen_one_are_not_forwarded(caplog):
    log.forward_to_logging(logging.WARNING)
    with caplog.at_level(logging.DEBUG, logger="botcopier"):
        botcopier.Backend("best").close()
    assert not [r for r in caplog.records if r.name == "botcopier"]


def test_without_forwarding_messages_wait_in_the_ring_until_drained():
    log.stop_forwarding()
    log.drain()
    botcopier.Backend("best").close()
    assert log.pending() == 1
    (message,) = log.drain()
    assert message.level == log.INFO
    assert message.message.startswith("backend 'best': ")
    assert log.pending() == 0 and log.drain() == []


def test_drain_limit_takes_the_oldest_first():
    log.stop_forwarding()
    log.drain()
    log.dropped()  # resets the count: earlier tests in this process may have filled the ring
    for _ in range(3):
        botcopier.Backend("best").close()
    assert len(log.drain(limit=2)) == 2
    assert log.pending() == 1
    assert log.dropped() == 0


def test_a_failing_handler_does_not_unwind_into_c():
    class Broken(logging.Handler):
        def emit(self, record):
            raise RuntimeError("handler broke")

    logger = logging.getLogger("botcopier.test.broken")
    logger.addHandler(Broken())
    logger.propagate = False
    log.forward_to_logging(logging.INFO, logger=logger)
    logging.raiseExceptions, saved = False, logging.raiseExceptions
    try:
        botcopier.Backend("best").close()
    finally:
        logging.raiseExceptions = saved
