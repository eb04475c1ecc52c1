"""Symbol graph: rolling-correlation weights against pandas, degree and
PageRank against networkx, node2vec determinism and structure."""
import os

import numpy as np
import pytest

import botcopier as bc
from botcopier import portfolio

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "portfolio")


def sector_returns(n_obs=400, n_assets=12, seed=3):
    """Two sectors of assets driven by their own factor: strong correlation
    inside a sector, weak across."""
    rng = np.random.default_rng(seed)
    sector = rng.normal(0, 0.01, (n_obs, 2))
    which = np.arange(n_assets) % 2
    return sector[:, which] + rng.normal(0, 0.006, (n_obs, n_assets)) + \
        0.002 * rng.normal(0, 1, (n_obs, 1))


def monthly():
    raw = np.genfromtxt(os.path.join(DATA, "stocks_monthly.csv"), delimiter=",", names=True)
    prices = np.column_stack([raw[c] for c in raw.dtype.names[1:]])
    return portfolio.returns(prices, log=True)


@pytest.mark.parametrize("window", [5, 24])
def test_weights_are_mean_rolling_correlation(window):
    pd = pytest.importorskip("pandas")
    rets = monthly()
    with portfolio.SymbolGraph(rets, window=window) as g:
        adj = g.adjacency()
    rolled = pd.DataFrame(rets).rolling(window).corr().dropna()
    mean = rolled.groupby(level=1).mean().to_numpy()
    expect = np.where(mean > 0, mean, 0.0)
    np.fill_diagonal(expect, 0)
    np.testing.assert_allclose(adj, expect, rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("alpha", [0.85, 0.5])
def test_degree_and_pagerank_match_networkx(alpha):
    nx = pytest.importorskip("networkx")
    rets = sector_returns()
    with portfolio.SymbolGraph(rets, window=30, min_weight=0.2) as g:
        adj, degree, rank = g.adjacency(), g.degree(), g.pagerank(alpha)
    graph = nx.from_numpy_array(adj)
    graph.add_nodes_from(range(adj.shape[0]))
    ref = nx.pagerank(graph, alpha=alpha, weight="weight", tol=1e-14, max_iter=10000)
    np.testing.assert_allclose(rank, [ref[i] for i in range(len(ref))], rtol=1e-9)
    np.testing.assert_allclose(degree, [d for _, d in sorted(graph.degree(weight="weight"))],
                               rtol=1e-12)
    assert rank.sum() == pytest.approx(1.0, abs=1e-12)


def test_pagerank_with_an_isolated_node_matches_networkx():
    nx = pytest.importorskip("networkx")
    rets = sector_returns(n_assets=6)
    rets[:, 5] = np.random.default_rng(9).normal(0, 0.01, rets.shape[0])  # unrelated
    with portfolio.SymbolGraph(rets, window=40, min_weight=0.3) as g:
        adj, rank = g.adjacency(), g.pagerank()
    assert not adj[5].any()
    graph = nx.from_numpy_array(adj)
    ref = nx.pagerank(graph, alpha=0.85, weight="weight", tol=1e-14, max_iter=10000)
    np.testing.assert_allclose(rank, [ref[i] for i in range(6)], rtol=1e-9)


def test_node2vec_is_deterministic_per_seed_and_finds_the_sectors():
    rets = sector_returns()
    with portfolio.SymbolGraph(rets, window=30, min_weight=0.3, dimensions=8, seed=42) as g:
        a = g.node2vec()
        b = g.node2vec()
        g.set("seed", 43)
        c = g.node2vec()
    assert a.shape == (12, 8)
    assert np.array_equal(a, b)            # same seed, same bits
    assert not np.allclose(a, c)           # another seed, another embedding
    unit = a / np.linalg.norm(a, axis=1, keepdims=True)
    cos = unit @ unit.T
    same = np.equal.outer(np.arange(12) % 2, np.arange(12) % 2)
    np.fill_diagonal(same, False)
    other = ~np.equal.outer(np.arange(12) % 2, np.arange(12) % 2)
    assert cos[same].mean() > cos[other].mean() + 0.5


def test_bad_options_and_input_are_named():
    rets = sector_returns(n_obs=50, n_assets=4)
    with pytest.raises(bc.InvalidArgumentError, match="window is 2"):
        portfolio.SymbolGraph(rets, window=2)
    with pytest.raises(bc.InvalidArgumentError, match="window is 51"):
        portfolio.SymbolGraph(rets, window=51)
    with portfolio.SymbolGraph(rets, window=10) as g:
        with pytest.raises(bc.UnknownKeyError, match="unknown key 'dims'"):
            g.set("dims", 4)
        with pytest.raises(bc.InvalidArgumentError, match="dimensions is '0'"):
            g.set("dimensions", 0)
        with pytest.raises(bc.InvalidArgumentError, match="alpha is 1"):
            g.pagerank(1.0)
    with pytest.raises(ValueError, match="closed"):
        g.degree()
