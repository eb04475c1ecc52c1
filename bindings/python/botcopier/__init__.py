"""
botcopier - Python binding of libbotcopier (ctypes, numpy zero-copy).

The C library does all the work; this package only checks arguments,
passes numpy buffers without copies and turns failures into exceptions
carrying the library's message. The library is found through $BC_LIBRARY,
a copy next to this package, or the system loader (see botcopier.load_library).
"""
from . import log
from ._lib import ABI_VERSION, LibraryError, has
from ._lib import library_path
from ._lib import load as load_library
from .backend import Backend, backends
from .frames import (bars_from_frame, bars_to_frame, trades_from_frame, trades_to_frame,
                     features_to_frame, records_to_frame)
from . import clone, export
from .clone import (Cloner, Fidelity, Predictor, Position, compare, default_features, explain,
                    replay_decisions)
from .clone import run as run_clone
from .data import (Bars, Rejects, Ticks, TradeEvent, Trades, read_bars, read_ticks,
                   write_file_atomic,
                   read_trades, time_format, time_parse)
from .decisions import (DecisionLog, DecisionRow, Decisions, Divergence, Divergences,
                        read_decisions, read_divergences)
from .errors import *  # noqa: F401,F403 (the exception classes and BC_E_* codes)
from .errors import BotCopierError, clear_error, last_error, status_string
from .features import Features
from .export import (export_mql5, export_onnx, export_onnx_decision, mql5_text, onnx_bytes,
                     onnx_decision_bytes)
from .models import Model, Trainer, hwinfo, platt_fit, threshold_search
from .rng import philox4x32, random_uniform
from . import portfolio
from .bandit import Bandit
from . import monitor
from .monitor import Detector, Monitor, Profile, Quality
from .lifecycle import Cron, Registry
from .rl import PPO, Policy
from .env import Env  # the Gymnasium wrappers: botcopier.gymnasium_env (needs gymnasium)
from .version import abi_version, build_info, version, version_number
from .clone_report import CloneReport, read_clone_report
from .metrics import Metrics, read_metrics
from .html_report import Report, ReportError, report
from . import tradepath

__version__ = "0.1.0"
