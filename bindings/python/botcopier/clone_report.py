"""
clone_report.py - a clone's report.json as a Python object: the dict the
library writes, with its tables (per-class metrics, fidelity per symbol,
extracted rules) as DataFrames and an HTML view for notebooks. It reads
what the cloner measured; it measures nothing itself.
"""
import json
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _html

CLASS_COLUMNS = ("precision", "recall", "f1", "roc_auc", "support")
FIDELITY_COLUMNS = ("target_entries", "clone_entries", "matched", "precision", "recall", "f1")
# The text of a rule, under whichever key the explain step uses.
RULE_TEXT_KEYS = ("rule", "text", "conditions", "condition", "when")


def _frame_or_array(index_name: str, index: Sequence[str], columns: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> Any:
    """A pandas DataFrame indexed by index (named index_name) when pandas
    is installed, else a numpy structured array with the index as its first
    (text) field; None values become NaN."""
    values = [[np.nan if v is None else v for v in row] for row in rows]
    try:
        import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        width = max([len(s) for s in index] + [1])
        out = np.empty(len(rows), dtype=[(index_name, "U%d" % width)] +
                       [(c, np.float64) for c in columns])
        out[index_name] = list(index)
        for j, c in enumerate(columns):
            out[c] = [float(v[j]) for v in values]
        return out
    frame = pd.DataFrame(values, columns=list(columns), index=pd.Index(list(index),
                                                                       name=index_name))
    for c in columns:
        frame[c] = frame[c].astype(np.float64)
    return frame


def rule_text(rule: Any) -> str:
    """The readable text of one extracted rule (a str, or a dict with one
    of RULE_TEXT_KEYS; a list of conditions is joined with "and")."""
    if isinstance(rule, str):
        return rule
    if isinstance(rule, dict):
        for key in RULE_TEXT_KEYS:
            value = rule.get(key)
            if isinstance(value, str):
                return value
            if isinstance(value, list):
                return " and ".join(str(v) for v in value)
    return json.dumps(rule, sort_keys=True)


def rules_rows(rules: Any) -> List[Dict[str, Any]]:
    """The rules of report.json flattened to dicts with "decision" and
    "rule" text plus any numbers they carry (support, precision, coverage,
    ...). Accepts a list of rules (each naming its decision) or a dict of
    decision -> list of rules (or -> {"rules": [...], ...})."""
    out: List[Dict[str, Any]] = []

    def add(decision: str, rule: Any) -> None:
        row: Dict[str, Any] = {"decision": decision, "rule": rule_text(rule)}
        if isinstance(rule, dict):
            for k, v in rule.items():
                if k not in row and k not in RULE_TEXT_KEYS and not isinstance(v, (dict, list)):
                    row[k] = v
            decision_of_rule = rule.get("decision") or rule.get("action")
            if decision_of_rule:
                row["decision"] = str(decision_of_rule)
        out.append(row)

    if isinstance(rules, list):
        for rule in rules:
            add("", rule)
    elif isinstance(rules, dict):
        for decision, value in rules.items():
            items = value.get("rules", []) if isinstance(value, dict) else value
            if isinstance(items, list):
                for rule in items:
                    add(str(decision), rule)
            elif isinstance(value, (str, dict)):
                add(str(decision), value)
    return out


def rules_summary(rules: Any) -> List[Tuple[str, Any]]:
    """Numbers stated about the rule set as a whole (coverage, unexplained
    share, ...), from a dict of rules; empty otherwise."""
    if not isinstance(rules, dict):
        return []
    return [(k, v) for k, v in rules.items() if isinstance(v, (int, float, str))
            and not isinstance(v, bool)]


class CloneReport(Dict[str, Any]):
    """A clone's report (report.json): a dict of what the cloner measured,
    with its tables as DataFrames (classes(), fidelity(), rules()) and an
    HTML summary in notebooks."""

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"]) -> "CloneReport":
        """Reads report.json (or the report.json of a clone folder)."""
        path = os.fspath(path)
        if os.path.isdir(path):
            path = os.path.join(path, "report.json")
        with open(path, encoding="utf-8") as f:
            try:
                data = json.load(f)
            except ValueError as e:
                raise ValueError("%s is not JSON: %s" % (path, e)) from None
        if not isinstance(data, dict):
            raise ValueError("%s is not a clone report (a JSON object)" % path)
        return cls(data)

    @property
    def holdout(self) -> Dict[str, Any]:
        """The held-out metrics object ({} when absent)."""
        value = self.get("holdout")
        return value if isinstance(value, dict) else {}

    @property
    def fidelity_figures(self) -> Dict[str, Any]:
        """The held-out fidelity object ({} when absent)."""
        value = self.get("fidelity")
        return value if isinstance(value, dict) else {}

    def classes(self) -> Any:
        """Held-out precision, recall, F1, ROC AUC and support per class
        (rows none, open_long, open_short, close) as a DataFrame (numpy
        structured array without pandas)."""
        classes = self.holdout.get("classes", {})
        names = list(classes)
        rows = [[classes[n].get(c) for c in CLASS_COLUMNS] for n in names]
        return _frame_or_array("class", names, CLASS_COLUMNS, rows)

    def fidelity(self) -> Any:
        """Entry fidelity on the held-out period, the row "all" and one row
        per symbol when the report has them."""
        fid = self.fidelity_figures
        names = ["all"] if fid else []
        rows = [[fid.get(c) for c in FIDELITY_COLUMNS]] if fid else []
        for symbol, f in (fid.get("symbols") or {}).items():
            names.append(symbol)
            rows.append([f.get(c) for c in FIDELITY_COLUMNS])
        return _frame_or_array("symbol", names, FIDELITY_COLUMNS, rows)

    def rules(self) -> Any:
        """The extracted rules (report.json "rules", from `botcopier
        explain`) as a DataFrame with decision, rule and their numbers, or a
        list of dicts without pandas; empty when the report has none."""
        rows = rules_rows(self.get("rules"))
        try:
            import pandas as pd  # type: ignore[import-untyped,import-not-found,unused-ignore]
        except ImportError:
            return rows
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        """Headline figures and the fidelity and per-class tables."""
        fid = self.fidelity_figures
        hold = self.holdout
        head = _html.cards([
            ("fidelity F1", _html.number(fid.get("f1")), "held-out entries, +-%s bar"
             % fid.get("tolerance_bars", 1), _html.grade(fid.get("f1"))),
            ("matched", "%s / %s" % (fid.get("matched", "-"), fid.get("target_entries", "-")),
             "clone entries %s" % fid.get("clone_entries", "-"), ""),
            ("accuracy", _html.number(hold.get("accuracy")), "held-out bars %s"
             % hold.get("bars", "-"), ""),
            ("macro F1", _html.number(hold.get("macro_f1")), "", _html.grade(hold.get("macro_f1"))),
        ])
        classes = hold.get("classes", {})
        class_table = _html.table(("class",) + CLASS_COLUMNS,
                                  [[n] + [classes[n].get(c) for c in CLASS_COLUMNS]
                                   for n in classes])
        title = "botcopier.CloneReport</b> %s, %s model, %s features<b>" % (
            _html.escape(self.get("symbol", "?")), _html.escape(self.get("model", "?")),
            _html.escape(self.get("features", "?")))
        return _html.notebook(title, head + class_table)


def read_clone_report(path: Union[str, "os.PathLike[str]"]) -> CloneReport:
    """A clone's report.json (or clone folder) as a CloneReport."""
    return CloneReport.load(path)


def first_number(d: Optional[Dict[str, Any]], *keys: str) -> Optional[float]:
    """The first of keys in d whose value is a number, as float."""
    for k in keys:
        v = (d or {}).get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    return None
