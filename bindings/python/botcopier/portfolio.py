"""
portfolio.py - covariance (sample, Ledoit-Wolf), risk-parity weights (ERC,
inverse volatility, HRP) and risk contributions: thin wrappers over the
library's bc_portfolio_* functions (numpy float64 in and out, no copies of
C-contiguous inputs).
"""
import ctypes

import numpy as np

from . import _arrays, _lib

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


def _matrix(a, name):
    a = np.ascontiguousarray(a, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError("%s must be 2-D, got shape %s" % (name, a.shape))
    return a


def returns(prices, log=False):
    """Returns of a price table (rows = times, columns = assets):
    p[t+1]/p[t] - 1, or log(p[t+1]/p[t]) with log=True. Shape (T-1, N)."""
    p = _matrix(prices, "prices")
    out = np.empty((p.shape[0] - 1 if p.shape[0] > 0 else 0, p.shape[1]), dtype=np.float64)
    _returns(_arrays.address(p), p.shape[0], p.shape[1], 1 if log else 0, _arrays.address(out))
    return out


def covariance(rets, estimator="ledoit_wolf"):
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
    return cov, k.value


def weights(cov, method="erc", cap=None):
    """Long-only weights summing to 1: method "erc" (equal risk
    contribution), "invvol" or "hrp"; cap = largest weight (None: none)."""
    if method not in METHODS:
        raise ValueError("method must be one of %s, got %r" % (sorted(METHODS), method))
    c = _matrix(cov, "cov")
    out = np.empty(c.shape[0], dtype=np.float64)
    _weights(_arrays.address(c), c.shape[0], METHODS[method],
             float("nan") if cap is None else float(cap), _arrays.address(out))
    return out


def risk_contributions(cov, w):
    """Each asset's share of portfolio variance under weights w (sums to 1)."""
    c = _matrix(cov, "cov")
    w = np.ascontiguousarray(w, dtype=np.float64)
    if w.shape != (c.shape[0],):
        raise ValueError("w must have shape (%d,), got %s" % (c.shape[0], w.shape))
    out = np.empty(c.shape[0], dtype=np.float64)
    _contributions(_arrays.address(c), _arrays.address(w), c.shape[0], _arrays.address(out))
    return out
