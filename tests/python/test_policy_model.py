"""A trained recurrent policy in the hosts: Model.load on rl-train's policy
file, Policy.from_model(...).step() over a sequence with episode resets,
against an independent PyTorch float64 network built from the file's
weights (the policy file's layout read here from its documented bytes,
torch.nn.GRU / Linear / LayerNorm, dropout off), and the ONNX export
(ai.onnx GRU, hidden state as explicit inputs/outputs) run by ONNX Runtime
over the same steps."""
import pathlib
import struct

import numpy as np
import pytest

from botcopier import errors
from botcopier.env import Env
from botcopier.models import Model
from botcopier.rl import PPO, Policy

from conftest import requires

DATA = pathlib.Path(__file__).resolve().parents[1] / "data" / "portfolio"
THREE = DATA / "three_assets_daily.csv"
SYMBOLS = ("bc_model_load", "bc_policy_from_model", "bc_policy_step", "bc_policy_reset",
           "bc_policy_state", "bc_policy_act", "bc_ppo_save_policy")
STEPS = 30
RESETS = (0, 11, 23)


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory):
    """A policy after one PPO iteration: 2 GRU layers of 16, dropout 0.1 in
    training (off when stepping)."""
    path = tmp_path_factory.mktemp("policy") / "policy.bcp"
    env = Env.from_csv(THREE, 4, episode_length=24, threads=1)
    ppo = PPO(env, seed=7, hidden_dim=16, gru_layers=2, n_steps=8, epochs=1, critic_epochs=1,
              dropout=0.1)
    ppo.iterate()
    ppo.save_policy(path)
    return path


def read_policy(path):
    """(shape dict, float32 weights) from the policy file's bytes: a 32-byte
    header (magic "BCPPO\\0\\r\\n", version 2, kind 2 = policy, payload
    size, XXH64), then u32 obs, hidden, head, layers, actions, u64 count and
    the float32 weights (then the env's description; version 2 ends it with
    the observation kind and the asset count)."""
    data = pathlib.Path(path).read_bytes()
    assert data[:8] == b"BCPPO\0\r\n"
    version, kind, size = struct.unpack_from("<IIQ", data, 8)
    assert (version, kind, size) == (2, 2, len(data) - 32)
    obs, hidden, head, layers, actions = struct.unpack_from("<5I", data, 32)
    (count,) = struct.unpack_from("<Q", data, 52)
    w = np.frombuffer(data, np.float32, count, 60).copy()
    return dict(obs=obs, hidden=hidden, head=head, layers=layers, actions=actions), w


def torch_policy(shape, w):
    """The network in PyTorch float64, weights taken in the file's order:
    encoder (Linear, ReLU, LayerNorm) x 2, GRU layers (weight_ih, weight_hh,
    bias_ih, bias_hh each, PyTorch's r, z, n gate order), the policy head
    and the value head (Linear, ReLU, LayerNorm, Linear)."""
    torch = pytest.importorskip("torch")
    nn = torch.nn
    D, H, P, L, A = (shape[k] for k in ("obs", "hidden", "head", "layers", "actions"))
    at = [0]

    def take(*dims):
        n = int(np.prod(dims))
        t = torch.tensor(w[at[0]:at[0] + n].astype(np.float64)).reshape(*dims)
        at[0] += n
        return t

    def dense(lin, i, o):
        lin.weight.data = take(o, i)
        lin.bias.data = take(o)

    def norm(ln):
        ln.weight.data = take(ln.normalized_shape[0])
        ln.bias.data = take(ln.normalized_shape[0])

    m = nn.Module()
    m.e1, m.n1 = nn.Linear(D, H).double(), nn.LayerNorm(H, eps=1e-5).double()
    m.e2, m.n2 = nn.Linear(H, H).double(), nn.LayerNorm(H, eps=1e-5).double()
    m.gru = nn.GRU(H, H, num_layers=L).double()
    m.p1, m.pn, m.p2 = nn.Linear(H, P).double(), nn.LayerNorm(P, eps=1e-5).double(), nn.Linear(P, A).double()
    m.v1, m.vn, m.v2 = nn.Linear(H, P).double(), nn.LayerNorm(P, eps=1e-5).double(), nn.Linear(P, 1).double()
    dense(m.e1, D, H)
    norm(m.n1)
    dense(m.e2, H, H)
    norm(m.n2)
    for layer in range(L):
        getattr(m.gru, "weight_ih_l%d" % layer).data = take(3 * H, H)
        getattr(m.gru, "weight_hh_l%d" % layer).data = take(3 * H, H)
        getattr(m.gru, "bias_ih_l%d" % layer).data = take(3 * H)
        getattr(m.gru, "bias_hh_l%d" % layer).data = take(3 * H)
    dense(m.p1, H, P)
    norm(m.pn)
    dense(m.p2, P, A)
    dense(m.v1, H, P)
    norm(m.vn)
    dense(m.v2, P, 1)
    assert at[0] == w.size
    m.eval()
    relu = torch.relu

    def step(x, h):
        """(probs, value, h') for one observation row and h [L, 1, H]."""
        with torch.no_grad():
            e = m.n1(relu(m.e1(torch.tensor(x, dtype=torch.float64)[None])))
            e = m.n2(relu(m.e2(e)))
            y, h = m.gru(e[None], h)
            top = y[0]
            logits = m.p2(m.pn(relu(m.p1(top))))
            value = m.v2(m.vn(relu(m.v1(top))))
            return torch.softmax(logits, -1)[0].numpy(), float(value[0, 0]), h

    return step, torch.zeros(L, 1, H, dtype=torch.float64)


def observations(n, d):
    rng = np.random.default_rng(3)
    return (rng.standard_normal((n, d)) * 1.3).astype(np.float32)


@requires(*SYMBOLS)
def test_policy_model_steps_like_pytorch_float64(policy_file):
    model = Model.load(policy_file)
    assert model.num_features > 0
    pol = Policy.from_model(model)
    model.close()  # the policy keeps its own copy of the weights
    shape, w = read_policy(policy_file)
    assert (pol.observation_size, pol.action_count, pol.hidden_size, pol.layers) == (
        shape["obs"], shape["actions"], 16, 2)
    step, h0 = torch_policy(shape, w)
    x = observations(STEPS, shape["obs"])
    h = h0
    direct = Policy(policy_file)
    for t in range(STEPS):
        if t in RESETS:
            pol.reset()
            h = h0.clone()
        action, probs, value = pol.step(x[t])
        ref_probs, ref_value, h = step(x[t], h)
        np.testing.assert_allclose(probs, ref_probs, atol=2e-6, rtol=1e-5)
        assert value == pytest.approx(ref_value, abs=2e-5, rel=1e-5)
        assert action == int(np.argmax(probs))
        np.testing.assert_allclose(pol.state[0], h[:, 0].numpy(), atol=2e-6)
        # the file route (bc_policy_load + act) gives the same bits
        actions, act_probs = direct.act(x[t:t + 1], starts=np.array([t in RESETS]))
        assert actions[0] == action and (act_probs[0] == probs).all()


@requires(*SYMBOLS)
def test_policy_model_refuses_rows_and_bad_input(policy_file, tmp_path):
    model = Model.load(policy_file)
    with pytest.raises(errors.UnsupportedError, match="recurrent"):
        model.predict(np.zeros((1, model.num_features)))
    pol = Policy.from_model(model)
    with pytest.raises(ValueError, match="columns"):
        pol.step(np.zeros(3, np.float32))
    bad = np.zeros(pol.observation_size, np.float32)
    bad[4] = np.inf
    with pytest.raises(errors.NumericError, match="column 4"):
        pol.step(bad)
    data = bytearray(pathlib.Path(policy_file).read_bytes())
    with pytest.raises(errors.CorruptError, match="truncated"):
        Model.from_bytes(bytes(data[:-10]))
    data[len(data) // 2] ^= 1
    with pytest.raises(errors.CorruptError, match="checksum"):
        Model.from_bytes(bytes(data))


@requires(*SYMBOLS, "bc_export_onnx", "bc_export_onnx_bytes")
def test_policy_onnx_export_runs_in_onnx_runtime_like_the_step(policy_file, tmp_path):
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    from botcopier.export import export_onnx, onnx_bytes
    model = Model.load(policy_file)
    path = tmp_path / "policy.onnx"
    export_onnx(model, path)
    assert path.read_bytes() == onnx_bytes(model)
    proto = onnx.load(str(path))
    onnx.checker.check_model(proto, full_check=True)
    opsets = {o.domain: o.version for o in proto.opset_import}
    assert opsets[""] <= 18  # MetaTrader's ONNX Runtime 1.14 runs up to 18
    ops = [n.op_type for n in proto.graph.node]
    assert ops.count("GRU") == 2 and "LayerNormalization" in ops
    for n in proto.graph.node:
        if n.op_type == "GRU":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
            assert attrs["linear_before_reset"] == 1 and attrs["hidden_size"] == 16
    with pytest.raises(errors.UnsupportedError, match="float only"):
        export_onnx(model, tmp_path / "q.onnx", quantize_int8=True)

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    sess = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    assert [i.name for i in sess.get_inputs()] == ["observation", "h_in"]
    assert [o.name for o in sess.get_outputs()] == ["action", "probabilities", "value", "h_out"]
    pol = Policy.from_model(model)
    x = observations(STEPS, pol.observation_size)
    zeros = np.zeros((pol.layers, 1, pol.hidden_size), np.float32)
    h = zeros
    for t in range(STEPS):
        if t in RESETS:
            pol.reset()
            h = zeros
        action, probs, value = pol.step(x[t])
        o_action, o_probs, o_value, h = sess.run(None, {"observation": x[t:t + 1], "h_in": h})
        np.testing.assert_allclose(o_probs[0], probs, atol=2e-6, rtol=1e-5)
        assert o_value[0, 0] == pytest.approx(value, abs=2e-5, rel=1e-5)
        np.testing.assert_allclose(h[:, 0], pol.state[0], atol=2e-6)
        if np.sort(probs)[-1] - np.sort(probs)[-2] > 1e-5:
            assert int(o_action[0]) == action
    # a batch of streams is one run: rows are independent
    batch = x[:5]
    o_action, o_probs, _, h5 = sess.run(None, {"observation": batch,
                                               "h_in": np.zeros((2, 5, 16), np.float32)})
    direct = Policy(policy_file)
    actions, act_probs = direct.act(batch, starts=np.ones(5, bool))
    np.testing.assert_allclose(o_probs, act_probs, atol=2e-6, rtol=1e-5)


@requires(*SYMBOLS, "bc_export_onnx")
def test_cli_exports_a_policy_to_onnx(policy_file, tmp_path):
    import subprocess
    from conftest import cli_executable
    out = tmp_path / "cli.onnx"
    p = subprocess.run([str(cli_executable()), "export", "--model", str(policy_file), "--format",
                        "onnx", "--out", str(out)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert out.read_bytes()[:2] and "wrote" in p.stdout
    p = subprocess.run([str(cli_executable()), "export", "--model", str(policy_file), "--format",
                        "mql5", "--out", str(tmp_path / "p.mqh")], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode != 0 and "ONNX only" in p.stderr
