"""
metrics.py - the per-iteration metrics of an RL training run (metrics.jsonl,
one JSON object per iteration) as a Python object: columns as float64
arrays, a DataFrame when pandas is installed, an HTML table in notebooks.
It reads and checks the file; it computes nothing.
"""
import json
import math
import os
from typing import Any, Dict, Iterator, List, Sequence, Union

import numpy as np

from . import _html

# The columns every rl-train run writes (issue 9); others are kept as found.
METRIC_COLUMNS = ("iteration", "timesteps", "steps_per_s", "mean_reward", "explained_variance",
                  "approx_kl", "clip_fraction", "entropy", "composite_score")

PathLike = Union[str, "os.PathLike[str]"]


class Metrics:
    """The rows of a metrics.jsonl: len(), [i] -> that iteration's dict,
    column(name) -> float64 array (NaN where a row lacks it or is not a
    number), names (every key seen, in first-seen order), to_frame()."""

    def __init__(self, rows: Sequence[Dict[str, Any]], path: str = "") -> None:
        self.rows: List[Dict[str, Any]] = list(rows)
        self.path = path
        names: Dict[str, None] = {}
        for row in self.rows:
            for key in row:
                names.setdefault(key, None)
        self.names: List[str] = list(names)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Dict[str, Any]:
        return self.rows[i]

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.rows)

    def column(self, name: str) -> "np.ndarray[Any, np.dtype[np.float64]]":
        """The named metric of every row as float64 (NaN where missing);
        KeyError naming the columns there are when no row has it."""
        if name not in self.names:
            raise KeyError("no metric %r in %s (metrics: %s)"
                           % (name, self.path or "these rows", ", ".join(self.names)))
        out = np.full(len(self.rows), np.nan)
        for i, row in enumerate(self.rows):
            value = row.get(name)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                out[i] = float(value)
        return out

    def numeric_names(self) -> List[str]:
        """The metrics that are numbers in at least one row."""
        return [n for n in self.names
                if any(isinstance(r.get(n), (int, float)) and not isinstance(r.get(n), bool)
                       for r in self.rows)]

    def to_frame(self) -> Any:
        """A pandas DataFrame with one row per iteration (numeric metrics
        only, float64) when pandas is installed, else a numpy structured
        array of the same columns."""
        names = self.numeric_names()
        try:
            import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            out = np.empty(len(self.rows), dtype=[(n, np.float64) for n in names])
            for n in names:
                out[n] = self.column(n)
            return out
        return pd.DataFrame({n: self.column(n) for n in names})

    def _repr_html_(self) -> str:
        """The last iterations as a table (notebook display)."""
        names = [n for n in METRIC_COLUMNS if n in self.names] or self.numeric_names()
        tail = self.rows[-8:]
        rows = [[r.get(n, float("nan")) for n in names] for r in tail]
        title = "botcopier.Metrics</b> %d iterations%s<b>" % (
            len(self.rows), " from " + _html.escape(self.path) if self.path else "")
        return _html.notebook(title, _html.table(names, rows, digits=4))

    def __repr__(self) -> str:
        return "<botcopier.Metrics %d iterations>" % len(self.rows)


def read_metrics(path: PathLike) -> Metrics:
    """Reads a metrics.jsonl (a file, or a run folder that holds one).
    Blank lines are skipped; a line that is not a JSON object raises
    ValueError naming the file and line. NaN/Infinity (as Python's json
    writes them) read as floats."""
    path = os.fspath(path)
    if os.path.isdir(path):
        path = os.path.join(path, "metrics.jsonl")
    rows: List[Dict[str, Any]] = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as e:
                raise ValueError("%s line %d: not JSON (%s)" % (path, number, e)) from None
            if not isinstance(row, dict):
                raise ValueError("%s line %d: expected a JSON object, got %s"
                                 % (path, number, type(row).__name__))
            rows.append(row)
    if not rows:
        raise ValueError("%s has no metrics rows" % path)
    return Metrics(rows, path)


def is_finite(value: Any) -> bool:
    """True for an int or float that is neither NaN nor infinite."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) \
        and math.isfinite(value)
