"""Backends and GEMM on numpy arrays, checked against float64 numpy."""
import numpy as np
import pytest

import botcopier


@pytest.fixture(scope="module")
def cpu():
    with botcopier.Backend("cpu") as b:
        yield b


def reference(a, b, trans_a, trans_b, alpha=1.0, beta=0.0, c=None):
    a64 = a.astype(np.float64).T if trans_a else a.astype(np.float64)
    b64 = b.astype(np.float64).T if trans_b else b.astype(np.float64)
    r = alpha * (a64 @ b64)
    if c is not None:
        r += beta * c.astype(np.float64)
    return r


def rand(rng, *shape):
    return rng.standard_normal(shape).astype(np.float32)


def test_known_backends_include_cpu_and_cuda():
    assert botcopier.backends() == ["cpu", "cuda"]


def test_cpu_backend_reports_cpu_and_best_reports_what_it_chose():
    with botcopier.Backend("cpu") as b:
        assert b.kind == "cpu"
    with botcopier.Backend("best") as b:
        assert b.kind in ("cpu", "cuda")


@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
def test_sgemm_matches_float64_matmul_for_every_transpose(cpu, trans_a, trans_b):
    rng = np.random.default_rng(7)
    m, n, k = 13, 9, 21
    a = rand(rng, k, m) if trans_a else rand(rng, m, k)
    b = rand(rng, n, k) if trans_b else rand(rng, k, n)
    c = cpu.sgemm(a, b, trans_a=trans_a, trans_b=trans_b)
    assert c.shape == (m, n) and c.dtype == np.float32
    np.testing.assert_allclose(c, reference(a, b, trans_a, trans_b), rtol=1e-5, atol=1e-4)


def test_sgemm_writes_into_the_given_out_array_with_alpha_and_beta(cpu):
    rng = np.random.default_rng(1)
    a, b = rand(rng, 6, 4), rand(rng, 4, 5)
    out = rand(rng, 6, 5)
    before = out.copy()
    result = cpu.sgemm(a, b, out=out, alpha=0.5, beta=2.0)
    assert result is out
    np.testing.assert_allclose(out, reference(a, b, False, False, 0.5, 2.0, before),
                               rtol=1e-5, atol=1e-4)


def test_sgemm_reads_row_strided_views_without_copying(cpu):
    rng = np.random.default_rng(2)
    wide = rand(rng, 8, 12)
    a = wide[:, 2:7]            # 8x5 view, leading dimension 12
    b = rand(rng, 5, 3)
    big_out = np.zeros((8, 10), dtype=np.float32)
    out = big_out[:, 4:7]       # 8x3 view into a wider buffer
    cpu.sgemm(a, b, out=out)
    np.testing.assert_allclose(big_out[:, 4:7], reference(a, b, False, False), rtol=1e-5, atol=1e-4)
    assert not big_out[:, :4].any() and not big_out[:, 7:].any()


def test_sgemm_with_an_empty_inner_dimension_scales_out_by_beta(cpu):
    out = np.full((2, 3), 4.0, dtype=np.float32)
    cpu.sgemm(np.empty((2, 0), np.float32), np.empty((0, 3), np.float32), out=out, beta=0.5)
    np.testing.assert_array_equal(out, np.full((2, 3), 2.0, np.float32))


def test_sgemm_refuses_bad_arrays_before_calling_c(cpu):
    a = np.ones((3, 4), np.float32)
    b = np.ones((4, 2), np.float32)
    with pytest.raises(TypeError, match="a must have dtype float32, got float64"):
        cpu.sgemm(a.astype(np.float64), b)
    with pytest.raises(ValueError, match="inner dimensions 4 and 3 differ"):
        cpu.sgemm(a, np.ones((3, 2), np.float32))
    with pytest.raises(ValueError, match="a must be C-contiguous"):
        cpu.sgemm(np.ones((3, 8), np.float32)[:, ::2], b)
    with pytest.raises(ValueError, match=r"out must have shape \(3, 2\)"):
        cpu.sgemm(a, b, out=np.empty((2, 3), np.float32))
    readonly = np.empty((3, 2), np.float32)
    readonly.flags.writeable = False
    with pytest.raises(ValueError, match="out must be writable"):
        cpu.sgemm(a, b, out=readonly)
    with pytest.raises(ValueError, match="needs an out array"):
        cpu.sgemm(a, b, beta=1.0)
    with pytest.raises(ValueError, match="must be 2-D"):
        cpu.sgemm(np.ones(3, np.float32), b)


def test_sgemm_batched_matches_matmul_and_shares_a_broadcast_matrix(cpu):
    rng = np.random.default_rng(3)
    a = rand(rng, 4, 5, 6)
    shared = rand(rng, 7, 6)
    b = np.broadcast_to(shared, (4, 7, 6))  # batch stride 0: no copies
    out = cpu.sgemm_batched(a, b, trans_b=True)
    assert out.shape == (4, 5, 7)
    expect = np.einsum("bmk,nk->bmn", a.astype(np.float64), shared.astype(np.float64))
    np.testing.assert_allclose(out, expect, rtol=1e-5, atol=1e-4)


def test_sgemm_batched_refuses_mismatched_batches(cpu):
    with pytest.raises(ValueError, match="a has batch 2 but b has batch 3"):
        cpu.sgemm_batched(np.ones((2, 2, 2), np.float32), np.ones((3, 2, 2), np.float32))


def _fresh_python(code, extra_env):
    """Runs code in a new interpreter (build_info is computed once per
    process) with the library the suite uses."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, **extra_env)
    env.pop("BC_CUDA_PLUGIN", None)
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120)


def test_cuda_plugin_beside_the_library_is_found_or_its_absence_explained():
    """The plugin is looked for next to libbotcopier.so (where make puts
    it); build_info says where it was found and what it found, and
    Backend("cuda") either starts or says why not, in CUDA's words."""
    import json
    import os
    import pathlib
    lib = pathlib.Path(os.environ["BC_LIBRARY"]).resolve()
    plugin = lib.parent / "libbotcopier-cuda.so"
    code = (
        "import json, botcopier\n"
        "info = botcopier.build_info()['cuda']\n"
        "try:\n"
        "    with botcopier.Backend('cuda') as b: started = b.kind\n"
        "except botcopier.UnsupportedError as e: started = 'error: ' + str(e)\n"
        "with botcopier.Backend('best') as b: best = b.kind\n"
        "print(json.dumps([info, started, best]))\n")
    r = _fresh_python(code, {"BOTCOPIER_CUDA_PLUGIN": ""})
    assert r.returncode == 0, r.stderr
    info, started, best = json.loads(r.stdout)
    if not plugin.exists():
        assert info["status"] == "unavailable" and info["plugin"] is None
        assert "libbotcopier-cuda.so not found at %s" % plugin in info["reason"]
        assert started.startswith("error: ") and "make CUDA=1" in started
        assert best == "cpu"
    elif info["status"] == "ok":
        assert info["plugin"] == str(plugin) and info["device"] and info["memory_total_bytes"] > 0
        assert started == "cuda" and best == "cuda"
    else:
        assert info["plugin"] == str(plugin)
        assert "cudaGetDeviceCount" in info["reason"] or "no CUDA device" in info["reason"]
        assert started.startswith("error: backend 'cuda': ") and info["reason"] in started
        assert best == "cpu"
        assert botcopier.hwinfo()["gpu_mem_gb"] == 0
