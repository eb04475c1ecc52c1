"""Training, prediction and model files through the binding (runs once
lib/model and lib/train are merged)."""
import numpy as np
import pytest

import botcopier
from conftest import requires

pytestmark = requires("bc_trainer_create", "bc_trainer_fit", "bc_model_predict",
                      "bc_model_num_classes", "bc_model_num_features")


@pytest.fixture(scope="module")
def separable():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((400, 3)).astype(np.float32)
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(np.int32)
    return x, y


@pytest.fixture(scope="module")
def model(separable):
    x, y = separable
    return botcopier.Trainer("logistic").fit(x, y)


def test_logistic_fit_learns_a_separable_rule(model, separable):
    x, y = separable
    assert (model.num_features, model.num_classes) == (3, 2)
    probs = model.predict(x.astype(np.float64))
    assert probs.shape == (400, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-9)
    assert (probs.argmax(axis=1) == y).mean() > 0.95


def test_predict_writes_into_out(model, separable):
    x = separable[0][:5].astype(np.float64)
    out = np.empty((5, 2))
    assert model.predict(x, out=out) is out
    np.testing.assert_array_equal(out, model.predict(x))


@requires("bc_model_save", "bc_model_load")
def test_a_saved_model_loads_and_predicts_identically(model, separable, tmp_path):
    path = tmp_path / "m.bcm"
    model.save(path)
    x = separable[0].astype(np.float64)
    np.testing.assert_array_equal(botcopier.Model.load(path).predict(x), model.predict(x))


@requires("bc_model_save_bytes", "bc_model_load_bytes")
def test_model_bytes_round_trip_and_start_with_the_magic(model, separable):
    data = model.to_bytes()
    assert data[:8] == b"\x89BCM\r\n\x1a\n"  # lib/model/bcm_file.c: PNG-style magic
    x = separable[0].astype(np.float64)
    np.testing.assert_array_equal(botcopier.Model.from_bytes(data).predict(x), model.predict(x))


@requires("bc_model_load_bytes")
def test_bytes_that_are_not_a_model_are_refused():
    with pytest.raises(botcopier.BotCopierError) as info:
        botcopier.Model.from_bytes(b"this is not a model at all")
    assert info.value.status in (botcopier.BC_E_FORMAT, botcopier.BC_E_CORRUPT)


@requires("bc_model_load")
def test_loading_a_missing_file_names_it(tmp_path):
    with pytest.raises(botcopier.IoError, match="missing.bcm"):
        botcopier.Model.load(tmp_path / "missing.bcm")


def test_predict_with_the_wrong_feature_count_is_a_shape_error(model):
    with pytest.raises(botcopier.ShapeError):
        model.predict(np.zeros((2, 4)))


def test_unknown_trainer_option_is_an_unknown_key_error_naming_it():
    with pytest.raises(botcopier.UnknownKeyError, match="no_such_option"):
        botcopier.Trainer("logistic", no_such_option=1)


def test_unknown_trainer_kind_names_it():
    with pytest.raises(botcopier.BotCopierError, match="perceptron9"):
        botcopier.Trainer("perceptron9")


def test_fit_checks_arrays_before_calling_c(separable):
    x, y = separable
    with pytest.raises(TypeError, match="x must have dtype float32"):
        botcopier.Trainer("logistic").fit(x.astype(np.float64), y)
    with pytest.raises(ValueError, match=r"y must have shape \(400,\)"):
        botcopier.Trainer("logistic").fit(x, y[:10])


def noisy(n=600, seed=5):
    """A problem the logistic fit needs many iterations for (overlapping classes)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, 6)).astype(np.float32)
    logits = x @ np.array([1.5, -1.0, 0.5, 0.0, 0.25, -0.75], np.float32)
    y = (rng.random(n) < 1 / (1 + np.exp(-logits))).astype(np.int32)
    return x, y


@requires("bc_trainer_set_progress")
def test_progress_is_reported_every_iteration_with_a_falling_loss():
    x, y = noisy()
    calls = []
    trainer = botcopier.Trainer("logistic", max_iter=50, tol=1e-12)
    trainer.on_progress(lambda *args: calls.append(args))
    model = trainer.fit(x, y)
    iterations = [c[0] for c in calls]
    assert iterations == list(range(1, len(calls) + 1)) and len(calls) >= 5
    assert {c[1] for c in calls} == {50}
    train = np.array([c[2] for c in calls])
    assert np.all(np.diff(train) <= 1e-12)          # L-BFGS never goes uphill
    assert train[-1] < train[0]
    assert model.info["validation_metrics"]["iterations"] == len(calls)


@requires("bc_trainer_set_progress")
def test_mlp_progress_counts_epochs_and_reports_the_validation_loss_when_there_is_a_tail():
    x, y = noisy()
    for fraction in (0.25, 0):
        calls = []
        trainer = botcopier.Trainer("mlp", epochs=8, hidden=8, patience=100,
                                    validation_fraction=fraction)
        trainer.on_progress(lambda i, total, train, valid: calls.append((i, total, train, valid)))
        trainer.fit(x, y)
        assert [c[:2] for c in calls] == [(i, 8) for i in range(1, 9)]
        assert calls[-1][2] < calls[0][2]
        valid = np.array([c[3] for c in calls])
        assert np.isfinite(valid).all() if fraction else np.isnan(valid).all()


@requires("bc_trainer_set_progress")
def test_a_true_return_from_the_callback_cancels_the_fit():
    x, y = noisy()
    seen = []
    trainer = botcopier.Trainer("logistic", max_iter=100, tol=1e-12)
    trainer.on_progress(lambda i, *_: seen.append(i) or i == 3)
    with pytest.raises(botcopier.CancelledError) as info:
        trainer.fit(x, y)
    assert info.value.status == botcopier.BC_E_CANCELLED
    assert seen == [1, 2, 3]
    trainer.on_progress(None)  # without the callback the same trainer fits again
    assert trainer.fit(x, y).num_classes == 2


@requires("bc_trainer_set_progress")
def test_an_exception_in_the_callback_stops_the_fit_and_is_raised_by_fit():
    x, y = noisy()

    def explode(i, *_):
        if i == 2:
            raise ZeroDivisionError("from the callback")

    trainer = botcopier.Trainer("logistic", tol=1e-12).on_progress(explode)
    with pytest.raises(ZeroDivisionError, match="from the callback") as info:
        trainer.fit(x, y)
    assert isinstance(info.value.__cause__, botcopier.CancelledError)


@requires("bc_trainer_cancel", "bc_trainer_set_progress")
def test_cancel_from_another_thread_stops_a_running_fit():
    import threading
    x, y = noisy()
    trainer = botcopier.Trainer("logistic", max_iter=100, tol=1e-12)
    seen = []

    def progress(i, *_):
        seen.append(i)
        if i == 2:  # cancel from another thread while this fit runs
            t = threading.Thread(target=trainer.cancel)
            t.start()
            t.join()

    trainer.on_progress(progress)
    with pytest.raises(botcopier.CancelledError):
        trainer.fit(x, y)
    assert seen == [1, 2]  # stopped at its next iteration


@requires("bc_trainer_cancel")
def test_cancel_before_a_fit_cancels_that_fit_only():
    x, y = noisy()
    trainer = botcopier.Trainer("logistic")
    trainer.cancel()
    with pytest.raises(botcopier.CancelledError):
        trainer.fit(x, y)
    assert trainer.fit(x, y).num_features == 6  # the request was cleared


@requires("bc_model_feature_name", "bc_model_save_ex", "bc_model_save_bytes_ex")
def test_uncompressed_saves_load_to_the_same_model(model, separable, tmp_path):
    plain = model.to_bytes(compress=False)
    model.save(tmp_path / "plain.bcm", compress=False)
    assert (tmp_path / "plain.bcm").read_bytes() == plain
    x = separable[0].astype(np.float64)
    np.testing.assert_array_equal(botcopier.Model.from_bytes(plain).predict(x), model.predict(x))
    assert model.feature_names == botcopier.Model.load(tmp_path / "plain.bcm").feature_names
    assert len(model.feature_names) == 3


def weighted_f1_reference(scores, positive, weights):
    """(threshold, F1) maximizing the weighted F1 of score >= threshold,
    ties to the highest threshold: a direct numpy reference."""
    best = (None, -1.0)
    for t in sorted(set(scores), reverse=True):
        pred = scores >= t
        tp = weights[pred & (positive == 1)].sum()
        fp = weights[pred & (positive == 0)].sum()
        fn = weights[~pred & (positive == 1)].sum()
        f1 = 2 * tp / (2 * tp + fp + fn) if tp > 0 else 0.0
        if f1 > best[1] + 1e-12:
            best = (t, f1)
    return best


@requires("bc_threshold_search")
def test_threshold_search_picks_the_score_with_the_best_f1():
    scores = np.array([0.1, 0.4, 0.35, 0.8])
    positive = np.array([0, 0, 1, 1], np.int32)
    # >= 0.8: F1 2/3; >= 0.4: 1/2; >= 0.35: P 2/3, R 1 -> 0.8; >= 0.1: 2/3.
    assert botcopier.threshold_search(scores, positive) == pytest.approx((0.35, 0.8))
    # Weights change the answer: the negative at 0.4 weighing 10 makes every
    # threshold at or below it poor, so the best is 0.8 (F1 2/3), not 0.35.
    weights = np.array([1.0, 10.0, 1.0, 1.0])
    assert botcopier.threshold_search(scores, positive, weights) == \
        pytest.approx(weighted_f1_reference(scores, positive, weights))
    assert botcopier.threshold_search(scores, positive, weights) == pytest.approx((0.8, 2 / 3))
    # and a reference on random data, where ties are unlikely
    rng = np.random.default_rng(4)
    s, y, w = rng.random(200), (rng.random(200) < 0.3).astype(np.int32), rng.random(200) * 3
    assert botcopier.threshold_search(s, y, w) == pytest.approx(weighted_f1_reference(s, y, w))
    assert botcopier.threshold_search(s, y, w) != pytest.approx(botcopier.threshold_search(s, y))
    with pytest.raises(botcopier.NoDataError):
        botcopier.threshold_search(scores, np.zeros(4, np.int32))


def platt_reference(p, t, w):
    """Platt scaling by Newton's method on Platt's smoothed targets, in numpy."""
    npos, nneg = w[t == 1].sum(), w[t == 0].sum()
    target = np.where(t == 1, (npos + 1) / (npos + 2), 1 / (nneg + 2))
    z = np.log(p / (1 - p))
    a, b = 1.0, 0.0
    for _ in range(100):
        q = 1 / (1 + np.exp(-(a * z + b)))
        g = np.array([np.sum(w * (q - target) * z), np.sum(w * (q - target))])
        s = w * q * (1 - q)
        h = np.array([[np.sum(s * z * z), np.sum(s * z)], [np.sum(s * z), np.sum(s)]])
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-14:
            break
    return a, b


@requires("bc_platt_fit")
def test_platt_fit_matches_a_numpy_newton_fit():
    rng = np.random.default_rng(9)
    p = rng.uniform(0.02, 0.98, 500)
    t = (rng.random(500) < p ** 2).astype(np.int32)  # over-confident scores
    w = rng.uniform(0.5, 2.0, 500)
    for weights in (None, w):
        coef, intercept = botcopier.platt_fit(p, t, weights)
        ref = platt_reference(p, t, np.ones(500) if weights is None else weights)
        assert (coef, intercept) == pytest.approx(ref, abs=1e-6)
    with pytest.raises(botcopier.NoDataError):
        botcopier.platt_fit(p, np.ones(500, np.int32))


@requires("bc_hwinfo_json")
def test_hwinfo_describes_this_machine():
    import os
    info = botcopier.hwinfo()
    assert info["cores"] == os.cpu_count()
    assert info["mode"] in ("lite", "standard", "heavy", "deep", "rl")
    assert info["ram_gb"] > 0 and info["disk_free_gb"] >= 0
    assert set(info["feature_flags"]) >= {"order_book", "technical"}


def _log_loss(model, x, y):
    p = model.predict(x)
    return float(-np.log(p[np.arange(len(y)), y]).mean())


def test_online_update_on_a_copy_lowers_the_loss_and_leaves_the_original(model, separable):
    x = separable[0][:50].astype(np.float64)
    y = 1 - separable[1][:50]          # flipped labels: the update must move towards them
    before = model.predict(x)
    mine = model.copy()
    loss0 = _log_loss(mine, x, y)
    for _ in range(5):
        mine.update(x, y, learning_rate=0.5)
    assert _log_loss(mine, x, y) < loss0
    np.testing.assert_array_equal(model.predict(x), before)   # the original is untouched
    frozen = model.copy()
    frozen.update(x, y, learning_rate=0.0)
    np.testing.assert_array_equal(frozen.predict(x), before)


def test_online_update_refuses_a_bad_label_and_keeps_the_model(model, separable):
    x = separable[0][:4].astype(np.float64)
    mine = model.copy()
    before = mine.predict(x)
    with pytest.raises(botcopier.InvalidArgumentError, match="label"):
        mine.update(x, np.array([0, 1, 7, 0], np.int32), learning_rate=0.1)
    np.testing.assert_array_equal(mine.predict(x), before)
