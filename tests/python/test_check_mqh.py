"""scripts/check_mqh.py, the stand-in for MetaEditor's compiler here: it
passes on the repository's BotCopier.mqh and example EA, and fails, naming
the culprit, on each kind of drift between the .mqh and include/botcopier.h
(an import signature, a constant's value, a missing or invented constant,
a BC_* name an EA uses that the .mqh does not define)."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHECKER = ROOT / "scripts" / "check_mqh.py"
HEADER = ROOT / "include" / "botcopier.h"
MQH = ROOT / "bindings" / "mql5" / "Include" / "BotCopier" / "BotCopier.mqh"
EA = ROOT / "bindings" / "mql5" / "Experts" / "BotCopierClone.mq5"


def run(header, mqh, *sources):
    p = subprocess.run([sys.executable, str(CHECKER), str(header), str(mqh), *map(str, sources)],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def test_the_repository_files_agree_with_the_header():
    rc, out = run(HEADER, MQH, EA)
    assert rc == 0, out
    assert "match the header" in out


def mutated(tmp_path, old, new, name="BotCopier.mqh", source=MQH):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,message", [
    ("#define BC_E_IO                 (-3)", "#define BC_E_IO                 (-4)",
     "BC_E_IO: header BC_E_IO = -3, mqh -4"),
    ("#define BC_DECISION_CLOSE 3", "#define BC_DECISION_CLOSE 4",
     "BC_DECISION_CLOSE: header BC_DECISION_CLOSE = 3, mqh 4"),
    ("#define BC_ABI_VERSION_EXPECTED 1", "#define BC_ABI_VERSION_EXPECTED 2",
     "BC_ABI_VERSION_EXPECTED: header BC_ABI_VERSION = 1, mqh 2"),
    ("#define BC_LOG_DEBUG 4\n", "\n", "BC_LOG_DEBUG: missing from the .mqh"),
    ("#define BC_OK 0\n", "#define BC_OK 0\n#define BC_E_TIMEOUT (-99)\n",
     "BC_E_TIMEOUT: defined by the .mqh, not a constant of the header"),
    ("int  bc_mql_model_bar_seconds(long id);", "long bc_mql_model_bar_seconds(long id);",
     "bc_mql_model_bar_seconds: header"),
    ("int  bc_mql_model_stops(long id, double &sl_distance, double &tp_distance);",
     "int  bc_mql_model_stops(long id, double &sl_distance);", "bc_mql_model_stops: header"),
    ("int  bc_mql_time_zone_parse(string zone, int &utc_offset_minutes, int &is_server);\n", "",
     "bc_mql_time_zone_parse: declared in the header, missing from the #import block"),
])
def test_each_kind_of_drift_fails_naming_it(tmp_path, old, new, message):
    rc, out = run(HEADER, mutated(tmp_path, old, new), EA)
    assert rc == 1, out
    assert message in out, out


def test_a_name_an_ea_uses_must_be_defined_by_the_mqh(tmp_path):
    ea = mutated(tmp_path, "BC_DECISION_SELL", "BC_DECISION_SHORT", "EA.mq5", EA)
    rc, out = run(HEADER, MQH, ea)
    assert rc == 1, out
    assert f"BC_DECISION_SHORT: used by {ea}, not defined by the .mqh" in out
    # In a comment or a string it is text, not a use.
    text = EA.read_text(encoding="utf-8") + '\n// BC_E_NOPE in a comment\nstring s = "BC_E_NOPE";\n'
    ea.write_text(text, encoding="utf-8")
    rc, out = run(HEADER, MQH, ea)
    assert rc == 0, out
