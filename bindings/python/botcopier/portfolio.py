"""
portfolio.py - covariance (sample, Ledoit-Wolf), risk-parity weights (ERC,
inverse volatility, HRP) and risk contributions: thin wrappers over the
library's bc_portfolio_* functions (numpy float64 in and out, no copies of
C-contiguous inputs).
"""
import ctypes

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _arrays, _lib, _objects
from ._types import Float64Array, Int64Array, PathLike

_returns = _lib.status("bc_portfolio_returns", _lib.ptr("double"), _lib.c_int64, _lib.c_int32,
                       _lib.c_int32, _lib.ptr("double"))
_covariance = _lib.status("bc_portfolio_covariance", _lib.ptr("double"), _lib.c_int64,
                          _lib.c_int32, _lib.c_int32, _lib.ptr("double"), _lib.P_double)
_weights = _lib.status("bc_portfolio_weights", _lib.ptr("double"), _lib.c_int32, _lib.c_int32,
                       _lib.c_double, _lib.ptr("double"))
_contributions = _lib.status("bc_portfolio_risk_contributions", _lib.ptr("double"),
                             _lib.ptr("double"), _lib.c_int32, _lib.ptr("double"))

ESTIMATORS = {"sample": 0, "ledoit_wolf": 1}
METHODS = {"erc": 0, "invvol": 1, "hrp": 2}


def _matrix(a: Any, name: str) -> Float64Array:
    a = np.ascontiguousarray(a, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError("%s must be 2-D, got shape %s" % (name, a.shape))
    result: Float64Array = a
    return result


def returns(prices: Any, log: bool = False) -> Float64Array:
    """Returns of a price table (rows = times, columns = assets):
    p[t+1]/p[t] - 1, or log(p[t+1]/p[t]) with log=True. Shape (T-1, N)."""
    p = _matrix(prices, "prices")
    out = np.empty((p.shape[0] - 1 if p.shape[0] > 0 else 0, p.shape[1]), dtype=np.float64)
    _returns(_arrays.address(p), p.shape[0], p.shape[1], 1 if log else 0, _arrays.address(out))
    return out


def covariance(rets: Any, estimator: str = "ledoit_wolf") -> Tuple[Float64Array, float]:
    """(cov, shrinkage) of the columns of rets (rows = observations).

    estimator: "sample" (unbiased, as numpy.cov) or "ledoit_wolf" (as
    scikit-learn's LedoitWolf; shrinkage is its intensity)."""
    if estimator not in ESTIMATORS:
        raise ValueError("estimator must be one of %s, got %r" % (sorted(ESTIMATORS), estimator))
    r = _matrix(rets, "rets")
    cov = np.empty((r.shape[1], r.shape[1]), dtype=np.float64)
    k = ctypes.c_double()
    _covariance(_arrays.address(r), r.shape[0], r.shape[1], ESTIMATORS[estimator],
                _arrays.address(cov), ctypes.byref(k))
    return cov, float(k.value)


def weights(cov: Any, method: str = "erc", cap: Optional[float] = None) -> Float64Array:
    """Long-only weights summing to 1: method "erc" (equal risk
    contribution), "invvol" or "hrp"; cap = largest weight (None: none)."""
    if method not in METHODS:
        raise ValueError("method must be one of %s, got %r" % (sorted(METHODS), method))
    c = _matrix(cov, "cov")
    out = np.empty(c.shape[0], dtype=np.float64)
    _weights(_arrays.address(c), c.shape[0], METHODS[method],
             float("nan") if cap is None else float(cap), _arrays.address(out))
    return out


def risk_contributions(cov: Any, w: Any) -> Float64Array:
    """Each asset's share of portfolio variance under weights w (sums to 1)."""
    c = _matrix(cov, "cov")
    w = np.ascontiguousarray(w, dtype=np.float64)
    if w.shape != (c.shape[0],):
        raise ValueError("w must have shape (%d,), got %s" % (c.shape[0], w.shape))
    out = np.empty(c.shape[0], dtype=np.float64)
    _contributions(_arrays.address(c), _arrays.address(w), c.shape[0], _arrays.address(out))
    return out


_p_graph = _lib.ptr("bc_symbol_graph")
_graph_create = _lib.status("bc_symbol_graph_create", _lib.ptr("double"), _lib.c_int64,
                            _lib.c_int32, _lib.c_int32, _lib.c_double, _lib.out("bc_symbol_graph"))
_graph_free = _lib.function("bc_symbol_graph_free", None, _p_graph)
_graph_size = _lib.function("bc_symbol_graph_size", _lib.c_int32, _p_graph)
_graph_adjacency = _lib.status("bc_symbol_graph_adjacency", _p_graph, _lib.ptr("double"))
_graph_degree = _lib.status("bc_symbol_graph_degree", _p_graph, _lib.ptr("double"))
_graph_pagerank = _lib.status("bc_symbol_graph_pagerank", _p_graph, _lib.c_double,
                              _lib.ptr("double"))
_graph_set = _lib.status("bc_symbol_graph_set", _p_graph, _lib.c_char_p, _lib.c_char_p)
_graph_dimensions = _lib.function("bc_symbol_graph_dimensions", _lib.c_int32, _p_graph)
_graph_node2vec = _lib.status("bc_symbol_graph_node2vec", _p_graph, _lib.ptr("double"),
                              _lib.c_int64)
_graph_write_json = _lib.status("bc_symbol_graph_write_json", _p_graph,
                                ctypes.POINTER(ctypes.c_char_p), _lib.c_char_p)


class SymbolGraph(_objects.ClosableHandle):
    """Rolling-correlation graph between symbols (rets: rows = times,
    columns = symbols), with weighted degree, PageRank and node2vec
    embeddings; node2vec options (dimensions, walk_length, walks_per_node,
    context, negative, epochs, p, q, learning_rate, seed) as keywords.
    close() or a with-block frees it early; later use raises ValueError."""

    _kind = "SymbolGraph"

    def __init__(self, rets: Any, window: int = 60, min_weight: float = 0.0,
                 **node2vec: Any) -> None:
        r = _matrix(rets, "rets")
        super().__init__(_objects.new(_graph_create, _arrays.address(r), r.shape[0],
                                      r.shape[1], int(window), float(min_weight)),
                         _graph_free)
        for key, value in node2vec.items():
            self.set(key, value)

    def __len__(self) -> int:
        return int(_graph_size(self))

    def set(self, key: str, value: Any) -> None:
        """Sets a node2vec option (see bc_symbol_graph_set in botcopier.h)."""
        _graph_set(self, str(key).encode(), str(value).encode())

    def adjacency(self) -> Float64Array:
        """Edge weights, shape (n, n), symmetric, 0 = no edge."""
        n = len(self)
        out = np.empty((n, n), dtype=np.float64)
        _graph_adjacency(self, _arrays.address(out))
        return out

    def degree(self) -> Float64Array:
        """Weighted degree of each node."""
        out = np.empty(len(self), dtype=np.float64)
        _graph_degree(self, _arrays.address(out))
        return out

    def pagerank(self, alpha: float = 0.85) -> Float64Array:
        """PageRank of each node (sums to 1), networkx's model."""
        out = np.empty(len(self), dtype=np.float64)
        _graph_pagerank(self, float(alpha), _arrays.address(out))
        return out

    def write_json(self, path: PathLike, names: Sequence[str]) -> None:
        """Writes graph.json (nodes, edges, adjacency, symbol_embeddings)
        atomically; names holds one symbol per node."""
        if len(names) != len(self):
            raise ValueError("names has %d entries, the graph %d nodes" % (len(names), len(self)))
        arr = (ctypes.c_char_p * len(names))(*[str(s).encode() for s in names])
        _graph_write_json(self, arr, _objects.encode_path(path))

    def node2vec(self) -> Float64Array:
        """Embeddings, shape (n, dimensions); the same seed gives the same bits."""
        out = np.empty((len(self), _graph_dimensions(self)), dtype=np.float64)
        _graph_node2vec(self, _arrays.address(out), out.size)
        return out


_prices_read = _lib.status("bc_prices_read_csv", _lib.c_char_p, _lib.out("bc_prices"),
                           _lib.out("bc_rejects"))
_p_prices = _lib.ptr("bc_prices")
_prices_length = _lib.function("bc_prices_length", _lib.c_int64, _p_prices)
_prices_assets = _lib.function("bc_prices_assets", _lib.c_int32, _p_prices)
_prices_time = _lib.function("bc_prices_time", _lib.P_int64, _p_prices)
_prices_close = _lib.function("bc_prices_close", _lib.P_double, _p_prices)
_prices_column = _lib.function("bc_prices_column", _lib.P_double, _p_prices, _lib.c_int32)
_prices_name = _lib.function("bc_prices_asset_name", _lib.c_char_p, _p_prices, _lib.c_int32)
_prices_free = _lib.function("bc_prices_free", None, _p_prices)
_p_rejects = _lib.ptr("bc_rejects")
_rejects_count = _lib.function("bc_rejects_count", _lib.c_int32, _p_rejects)
_rejects_free = _lib.function("bc_rejects_free", None, _p_rejects)
_portfolio_write_json = _lib.status("bc_portfolio_write_json", _lib.c_char_p, _lib.c_int32,
                                    ctypes.POINTER(ctypes.c_char_p), _lib.c_int32, _lib.c_int32,
                                    _lib.c_double, _lib.ptr("double"), _lib.ptr("double"))


def read_prices(path: PathLike) -> Tuple[Int64Array, Float64Array, List[str], int]:
    """A wide price table (time column + one close column per asset):
    (times int64 seconds, closes float64 (rows, assets), asset names,
    number of rejected rows). Rows with a missing or bad price are skipped."""
    prices, rejects = _p_prices(), _p_rejects()
    try:
        _prices_read(_objects.encode_path(path), ctypes.byref(prices), ctypes.byref(rejects))
        n, m = _prices_length(prices), _prices_assets(prices)
        times = np.ctypeslib.as_array(_prices_time(prices), (n,)).copy()
        closes = np.ctypeslib.as_array(_prices_close(prices), (n, m)).copy()
        names = [str(_prices_name(prices, j).decode()) for j in range(m)]
        return times, closes, names, int(_rejects_count(rejects)) if rejects.value else 0
    finally:
        if prices.value:
            _prices_free(prices)
        if rejects.value:
            _rejects_free(rejects)


#: The fields of an OHLCV table, by their BC_BAR_* index.
PRICE_FIELDS = ("open", "high", "low", "close", "volume")


def read_price_fields(path: PathLike) -> Tuple[Int64Array, Dict[str, Float64Array], List[str],
                                                int]:
    """A wide price table in either form (one close column per asset, or
    <asset>.open/.high/.low/.close/.volume columns): (times int64 seconds,
    {field: float64 (rows, assets)} for every field the table has ("close"
    always), asset names, number of rejected rows)."""
    prices, rejects = _p_prices(), _p_rejects()
    try:
        _prices_read(_objects.encode_path(path), ctypes.byref(prices), ctypes.byref(rejects))
        n, m = _prices_length(prices), _prices_assets(prices)
        times = np.ctypeslib.as_array(_prices_time(prices), (n,)).copy()
        fields: Dict[str, Float64Array] = {}
        for index, name in enumerate(PRICE_FIELDS):
            column = _prices_column(prices, index)
            if column:
                fields[name] = np.ctypeslib.as_array(column, (n, m)).copy()
        names = [str(_prices_name(prices, j).decode()) for j in range(m)]
        return times, fields, names, int(_rejects_count(rejects)) if rejects.value else 0
    finally:
        if prices.value:
            _prices_free(prices)
        if rejects.value:
            _rejects_free(rejects)


def write_json(path: PathLike, names: Sequence[str], cov: Any, w: Any, method: str = "erc",
               estimator: str = "ledoit_wolf", shrinkage: float = 0.0) -> None:
    """Writes weights.json (risk_parity_symbols, risk_parity_weights,
    risk_contributions, volatility, covariance) atomically."""
    c = _matrix(cov, "cov")
    w = np.ascontiguousarray(w, dtype=np.float64)
    arr = (ctypes.c_char_p * len(names))(*[str(s).encode() for s in names])
    _portfolio_write_json(_objects.encode_path(path), c.shape[0], arr, METHODS[method],
                          ESTIMATORS[estimator], float(shrinkage), _arrays.address(c),
                          _arrays.address(w))
