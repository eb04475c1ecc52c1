"""Covariance and risk parity against independent references: scikit-learn's
LedoitWolf, numpy.cov, an HRP written here from scipy's single linkage (as
PyPortfolioOpt's HRPOpt does), and the defining property of ERC (equal risk
contributions) on real price tables shipped in tests/data/portfolio."""
import os

import numpy as np
import pytest

import botcopier as bc
from conftest import cli_executable
from botcopier import portfolio

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "portfolio")


def table(name):
    raw = np.genfromtxt(os.path.join(DATA, name), delimiter=",", names=True, dtype=None,
                        encoding="utf-8")
    cols = raw.dtype.names[1:]
    return np.column_stack([raw[c].astype(np.float64) for c in cols]), cols


@pytest.fixture(scope="module")
def daily_returns():
    prices, _ = table("three_assets_daily.csv")
    return portfolio.returns(prices)


@pytest.fixture(scope="module")
def monthly_returns():
    prices, _ = table("stocks_monthly.csv")
    return portfolio.returns(prices, log=True)


def factor_returns(n_obs, n_assets, seed):
    """Returns with a market factor and two sectors: realistic correlation."""
    rng = np.random.default_rng(seed)
    market = rng.normal(0, 0.01, n_obs)
    sector = rng.normal(0, 0.008, (n_obs, 2))
    beta = rng.uniform(0.5, 1.5, n_assets)
    which = np.arange(n_assets) % 2
    idio = rng.normal(0, 1, (n_obs, n_assets)) * rng.uniform(0.005, 0.03, n_assets)
    return market[:, None] * beta + sector[:, which] + idio


def test_returns_match_numpy():
    prices, _ = table("stocks_monthly.csv")
    np.testing.assert_allclose(portfolio.returns(prices), prices[1:] / prices[:-1] - 1,
                               rtol=0, atol=1e-15)
    np.testing.assert_allclose(portfolio.returns(prices, log=True),
                               np.log(prices[1:] / prices[:-1]), rtol=0, atol=1e-15)


def test_sample_covariance_matches_numpy(daily_returns):
    cov, k = portfolio.covariance(daily_returns, "sample")
    assert k == 0
    np.testing.assert_allclose(cov, np.cov(daily_returns, rowvar=False), rtol=1e-12)


@pytest.mark.parametrize("source", ["daily", "monthly", "short_synthetic"])
def test_ledoit_wolf_matches_scikit_learn(source, daily_returns, monthly_returns):
    sklearn_cov = pytest.importorskip("sklearn.covariance")
    rets = {"daily": daily_returns, "monthly": monthly_returns,
            "short_synthetic": factor_returns(40, 60, 7)}[source]
    ref = sklearn_cov.LedoitWolf().fit(rets)
    cov, k = portfolio.covariance(rets, "ledoit_wolf")
    assert k == pytest.approx(ref.shrinkage_, rel=1e-10, abs=1e-14)
    np.testing.assert_allclose(cov, ref.covariance_, rtol=1e-10, atol=1e-18)


def test_ledoit_wolf_shrinks_more_on_short_histories():
    long_k = portfolio.covariance(factor_returns(2000, 30, 3), "ledoit_wolf")[1]
    short_k = portfolio.covariance(factor_returns(40, 30, 3), "ledoit_wolf")[1]
    assert 0 <= long_k < short_k <= 1
    # A short history with more assets than rows: the sample matrix is
    # singular, the shrunk one is positive definite.
    rets = factor_returns(20, 50, 5)
    assert np.linalg.eigvalsh(np.cov(rets, rowvar=False)).min() < 1e-12
    assert np.linalg.eigvalsh(portfolio.covariance(rets)[0]).min() > 0


@pytest.mark.parametrize("source", ["daily", "monthly", "synthetic_100"])
def test_erc_contributions_are_equal(source, daily_returns, monthly_returns):
    rets = {"daily": daily_returns, "monthly": monthly_returns,
            "synthetic_100": factor_returns(500, 100, 11)}[source]
    cov = portfolio.covariance(rets)[0]
    w = portfolio.weights(cov, "erc")
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    assert (w > 0).all()
    rc = w * (cov @ w)                      # independent of the library's own contributions
    assert (rc.max() - rc.min()) / rc.mean() < 1e-10
    np.testing.assert_allclose(portfolio.risk_contributions(cov, w), rc / rc.sum(), rtol=1e-12)


def test_erc_matches_scipy_on_spinu_problem(monthly_returns):
    optimize = pytest.importorskip("scipy.optimize")
    cov = portfolio.covariance(monthly_returns)[0]
    n = cov.shape[0]
    res = optimize.minimize(lambda y: 0.5 * y @ cov @ y - np.log(y).sum() / n,
                            np.full(n, 1.0), jac=lambda y: cov @ y - 1.0 / (n * y),
                            bounds=[(1e-12, None)] * n, method="L-BFGS-B",
                            options={"ftol": 1e-15, "gtol": 1e-14, "maxiter": 10000})
    ref = res.x / res.x.sum()
    np.testing.assert_allclose(portfolio.weights(cov, "erc"), ref, rtol=1e-6)


def test_erc_with_cap_holds_the_cap_and_equalizes_the_rest():
    rets = factor_returns(400, 12, 21)
    rets[:, 0] *= 0.1                      # one very quiet asset wants a large weight
    cov = portfolio.covariance(rets)[0]
    free = portfolio.weights(cov, "erc")
    assert free[0] > 0.2
    w = portfolio.weights(cov, "erc", cap=0.15)
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    assert w.max() <= 0.15 * (1 + 1e-12)
    assert w[0] == pytest.approx(0.15, rel=1e-12)
    rc = (w * (cov @ w))[1:]
    assert (rc.max() - rc.min()) / rc.mean() < 1e-10


def test_inverse_volatility(daily_returns):
    cov = portfolio.covariance(daily_returns, "sample")[0]
    iv = 1 / np.sqrt(np.diag(cov))
    np.testing.assert_allclose(portfolio.weights(cov, "invvol"), iv / iv.sum(), rtol=1e-13)


def reference_hrp(cov):
    """HRP as PyPortfolioOpt's HRPOpt computes it, on scipy's linkage."""
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy")
    distance = pytest.importorskip("scipy.spatial.distance")
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    dist = np.sqrt(np.clip((1.0 - corr) / 2.0, 0.0, 1.0))
    np.fill_diagonal(dist, 0)
    link = hierarchy.linkage(distance.squareform(dist, checks=False), "single")
    order = hierarchy.to_tree(link, rd=False).pre_order()
    w = np.ones(len(order))
    items = [order]
    while items:
        items = [i[j:k] for i in items for j, k in ((0, len(i) // 2), (len(i) // 2, len(i)))
                 if len(i) > 1]
        for a in range(0, len(items), 2):
            v = []
            for c in (items[a], items[a + 1]):
                sub = cov[np.ix_(c, c)]
                ivp = 1 / np.diag(sub)
                ivp /= ivp.sum()
                v.append(ivp @ sub @ ivp)
            alpha = 1 - v[0] / (v[0] + v[1])
            w[items[a]] *= alpha
            w[items[a + 1]] *= 1 - alpha
    return w


@pytest.mark.parametrize("n", [3, 4, 17, 60])
def test_hrp_matches_reference(n, daily_returns, monthly_returns):
    if n == 3:
        cov = portfolio.covariance(daily_returns)[0]
    elif n == 4:
        cov = portfolio.covariance(monthly_returns)[0]
    else:
        cov = portfolio.covariance(factor_returns(300, n, n))[0]
    np.testing.assert_allclose(portfolio.weights(cov, "hrp"), reference_hrp(cov), rtol=1e-12)


def test_bad_input_is_named():
    cov = np.eye(3)
    with pytest.raises(bc.InvalidArgumentError, match="cap 0.2 on 3 assets"):
        portfolio.weights(cov, "erc", cap=0.2)
    with pytest.raises(bc.InvalidArgumentError, match="cap is 1.5"):
        portfolio.weights(cov, "erc", cap=1.5)
    bad = cov.copy()
    bad[0, 1] = 0.5
    with pytest.raises(bc.NumericError, match=r"not symmetric: cov\[1\]\[0\]"):
        portfolio.weights(bad, "erc")
    bad = cov.copy()
    bad[2, 2] = -1
    with pytest.raises(bc.NumericError, match=r"cov\[2\]\[2\] \(a variance\) is -1"):
        portfolio.weights(bad, "hrp")
    rets = np.ones((5, 2))
    rets[3, 1] = np.nan
    with pytest.raises(bc.NumericError, match="asset 1 at row 3 is nan"):
        portfolio.covariance(rets)
    with pytest.raises(bc.ShapeError, match="n_obs is 1"):
        portfolio.covariance(np.ones((1, 3)))
    with pytest.raises(bc.NumericError, match="asset 0 at row 1 is 0"):
        portfolio.returns(np.array([[1.0], [0.0]]))


def test_read_prices_rejects_rows_with_a_bad_price(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("date,A,B\n2020-01-01,1,2\n2020-01-02,1.1,\n2020-01-03,1.2,x\n"
                    "2020-01-03,1.3,2.1\n2020-01-04,1.4,-2\n2020-01-05,1.5,2.2\n")
    times, closes, names, rejected = portfolio.read_prices(path)
    assert names == ["A", "B"]
    assert rejected == 3
    np.testing.assert_array_equal(closes, [[1, 2], [1.3, 2.1], [1.5, 2.2]])
    assert list(np.diff(times)) == [2 * 86400, 2 * 86400]
    path.write_text("date,A,A\n2020-01-01,1,2\n")
    with pytest.raises(bc.ParseError, match="asset 'A' appears twice"):
        portfolio.read_prices(path)
    path.write_text("A,B\n1,2\n")
    with pytest.raises(bc.ParseError, match="expected a time column"):
        portfolio.read_prices(path)


cli = cli_executable


@pytest.mark.parametrize("method", ["erc", "hrp", "invvol"])
def test_cli_risk_writes_the_librarys_weights(tmp_path, method):
    import json
    import subprocess
    src = os.path.join(DATA, "three_assets_daily.csv")
    out = tmp_path / "weights.json"
    proc = subprocess.run([cli(), "risk", "--prices", src, "--method", method, "--window=250",
                           "--out", str(out)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    _, closes, names, _ = portfolio.read_prices(src)
    rets = portfolio.returns(closes)[-250:]
    cov, k = portfolio.covariance(rets)
    assert doc["risk_parity_symbols"] == names == ["AAPL", "GOOGL", "SPX500"]
    np.testing.assert_allclose(doc["risk_parity_weights"], portfolio.weights(cov, method),
                               rtol=1e-14)
    np.testing.assert_allclose(doc["covariance"], cov, rtol=1e-15)
    assert doc["shrinkage"] == pytest.approx(k, rel=1e-15)
    assert "AAPL" in proc.stdout and str(out) in proc.stdout
    bad = subprocess.run([cli(), "risk", "--prices", src, "--out", str(out), "--method", "x"],
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "--method must be erc, hrp or invvol" in bad.stderr


def test_cli_graph_matches_the_library(tmp_path):
    import json
    import subprocess
    src = os.path.join(DATA, "stocks_monthly.csv")
    out = tmp_path / "graph.json"
    proc = subprocess.run([cli(), "graph", "--prices", src, "--window", "12", "--dimensions", "4",
                           "--set", "seed=9", "--out", str(out)], capture_output=True, text=True,
                          timeout=30)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(out.read_text())
    _, closes, names, _ = portfolio.read_prices(src)
    with portfolio.SymbolGraph(portfolio.returns(closes, log=True), window=12, dimensions=4,
                               seed=9) as g:
        np.testing.assert_allclose(doc["adjacency"], g.adjacency(), rtol=1e-15)
        np.testing.assert_allclose([n["pagerank"] for n in doc["nodes"]], g.pagerank(),
                                   rtol=1e-15)
        emb = g.node2vec()
    assert doc["symbols"] == names
    np.testing.assert_array_equal([doc["symbol_embeddings"][s] for s in names], emb)
