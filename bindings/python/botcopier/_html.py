"""
_html.py - the HTML pieces the report page and the notebook views share:
escaping, number formatting, tables, metric cards and the page's style
sheet. It draws no figure and reads no file.
"""
import html
import math
from typing import Any, Iterable, List, Optional, Sequence, Tuple

STYLE = """
:root { --ink:#1d2733; --muted:#5f6b7a; --line:#e3e7ec; --card:#ffffff; --bg:#f4f6f9;
        --good:#1a7f4b; --bad:#c0392b; --accent:#1f5fa8; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
       font: 14px/1.45 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; }
header { background:#14212e; color:#fff; padding:22px 36px 18px; }
header h1 { margin:0 0 4px; font-size:22px; font-weight:600; letter-spacing:.2px; }
header .sub { color:#aab7c6; font-size:13px; }
main { max-width:1180px; margin:0 auto; padding:22px 28px 40px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px;
          padding:18px 22px; margin:0 0 18px; }
section h2 { margin:0 0 4px; font-size:16px; font-weight:600; }
section p.note { margin:2px 0 12px; color:var(--muted); font-size:12.5px; }
.cards { display:flex; flex-wrap:wrap; gap:12px; margin:0 0 18px; }
.card { flex:1 1 150px; background:var(--card); border:1px solid var(--line); border-radius:8px;
        padding:12px 16px; }
.card .label { color:var(--muted); font-size:11.5px; text-transform:uppercase; letter-spacing:.6px; }
.card .value { font-size:24px; font-weight:600; margin-top:2px; font-variant-numeric:tabular-nums; }
.card .detail { color:var(--muted); font-size:12px; }
.good { color:var(--good); } .bad { color:var(--bad); }
figure { margin:6px 0 0; } figure img { width:100%; height:auto; display:block; }
figcaption { color:var(--muted); font-size:12px; margin-top:4px; }
table.bc { border-collapse:collapse; font-variant-numeric:tabular-nums; margin:6px 0 4px;
           font-size:13px; }
table.bc th, table.bc td { padding:5px 12px; border-bottom:1px solid var(--line); text-align:right; }
table.bc th { color:var(--muted); font-weight:600; font-size:12px; background:#fafbfc; }
table.bc td:first-child, table.bc th:first-child { text-align:left; }
table.bc td.text { text-align:left; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace;
                   font-size:12.5px; }
.grid2 { display:grid; grid-template-columns: 1fr 1fr; gap:18px; }
@media (max-width: 900px) { .grid2 { grid-template-columns: 1fr; } }
footer { color:var(--muted); font-size:12px; text-align:center; padding:8px 0 24px; }
"""


def escape(value: Any) -> str:
    """HTML-escaped text of any value."""
    return html.escape(str(value), quote=True)


def number(value: Any, digits: int = 3) -> str:
    """A number as a table shows it: fixed digits, '-' for None and NaN,
    integers without decimals, other values as text."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return "{:,}".format(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return "%.*f" % (digits, value)
    return str(value)


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], digits: int = 3,
          cell_styles: Optional[List[List[str]]] = None,
          text_columns: Sequence[int] = ()) -> str:
    """An HTML table (class "bc") of header and rows; numbers formatted by
    number(), cell_styles[i][j] an optional inline style per body cell,
    text_columns the columns shown left-aligned in a monospace font."""
    out = ['<table class="bc"><thead><tr>']
    out += ["<th>%s</th>" % escape(h) for h in header]
    out.append("</tr></thead><tbody>")
    for i, row in enumerate(rows):
        out.append("<tr>")
        for j, cell in enumerate(row):
            style = cell_styles[i][j] if cell_styles and cell_styles[i][j] else ""
            cls = ' class="text"' if j in text_columns else ""
            out.append('<td%s%s>%s</td>' % (cls, ' style="%s"' % style if style else "",
                                            escape(number(cell, digits))))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def cards(items: Iterable[Tuple[str, str, str, str]]) -> str:
    """Metric cards: (label, value text, detail text, css class of the value)."""
    out = ['<div class="cards">']
    for label, value, detail, cls in items:
        out.append('<div class="card"><div class="label">%s</div>'
                   '<div class="value %s">%s</div><div class="detail">%s</div></div>'
                   % (escape(label), escape(cls), escape(value), escape(detail)))
    out.append("</div>")
    return "".join(out)


def grade(value: Optional[float], good: float = 0.9, bad: float = 0.6) -> str:
    """"good", "bad" or "" for a score in [0, 1] (the colour of its card)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return "good" if value >= good else "bad" if value < bad else ""


def key_values(pairs: Iterable[Tuple[str, Any]], digits: int = 4) -> str:
    """A two-column table of name/value pairs."""
    return table(("", ""), ((k, v) for k, v in pairs), digits)


# The few rules notebook views need, scoped so they never restyle the notebook.
NOTEBOOK_STYLE = (".bc-nb .cards{display:flex;flex-wrap:wrap;gap:10px;margin:6px 0}"
                  ".bc-nb .card{border:1px solid #dde2e8;border-radius:6px;padding:6px 12px;"
                  "min-width:120px}.bc-nb .label{font-size:11px;color:#5f6b7a;"
                  "text-transform:uppercase}.bc-nb .value{font-size:18px;font-weight:600}"
                  ".bc-nb .detail{font-size:11px;color:#5f6b7a}.bc-nb .good{color:#1a7f4b}"
                  ".bc-nb .bad{color:#c0392b}.bc-nb table.bc td,.bc-nb table.bc th"
                  "{padding:3px 10px;text-align:right}")


def notebook(title: str, body: str) -> str:
    """A notebook view: a bold title line and body, styled by NOTEBOOK_STYLE
    only inside its own div."""
    return '<div class="bc-nb"><style>%s</style><div><b>%s</b></div>%s</div>' % (
        NOTEBOOK_STYLE, title, body)
