"""
_types.py - the type aliases the package's annotations share (paths,
numpy arrays of each dtype the library reads or writes). Types only.
"""
import os
from typing import Any, Union

import numpy as np
import numpy.typing as npt

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
Float64Array = npt.NDArray[np.float64]
Float32Array = npt.NDArray[np.float32]
Int64Array = npt.NDArray[np.int64]
Int32Array = npt.NDArray[np.int32]
# A DataFrame when pandas is installed, a numpy structured array (or list of
# dicts) otherwise: pandas has no type information mypy could check.
Frame = Any
