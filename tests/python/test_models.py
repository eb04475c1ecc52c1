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
