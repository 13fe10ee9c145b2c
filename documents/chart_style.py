"""How the reports' charts look and how a matplotlib figure becomes an SVG the page inlines.

Every chart is drawn inside `drawing()`: matplotlib's settings for it are local (rc_context),
text stays text in the page's CJK font stack (svg.fonttype "none"), and the same facts give
the same bytes (a fixed hash salt, no date in the metadata). `svg_of` then makes the SVG fit
for an HTML page: no XML prolog, DOCTYPE, metadata or global style sheet, no namespace or URL
of any kind, ids prefixed by the chart's name so that several charts share one page, a title
and an aria-label naming what it shows, and a width of 100% with the viewBox kept.

Text from the record is text: control and bidi characters are shown as escapes (as the
terminal shows them), `$` is never read as mathematics, and the SVG escapes the rest.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from branchbook.domain.inert import shown

# The CJK fonts of the page's font stack, then one matplotlib always has to measure text with.
FONTS = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "DejaVu Sans",
]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# A window judged, light enough to carry black text (compliance rules, docs/rules.md).
MET = "#a9d8b5"
MISSED = "#f1a9a0"
OPEN = "#f6d9a0"
NOT_JUDGED = "#e8e8e8"
MISSED_HATCH = "///"  # missed cells stay apart from met ones in black and white print
OPEN_HATCH = ".."  # and open ones from both
INK = "#222222"
GRID = "#d0d0d0"
OWED = "#c9cdd3"
PAID = "#5f9e74"
ADMISSIONS = "#7ea6d6"
CONVERSIONS = "#5f9e74"
ON_TIME = "#9ebcda"

# Members by status, in the order of the admission path and then the ends of membership.
STATUS_COLOURS = {
    "applicant": "#e3ebf4",
    "activist": "#c6d7ea",
    "candidate": "#9ebcda",
    "admitted": "#cfe8d3",
    "probationary": "#a3d4ae",
    "full": "#5f9e74",
    "suspended": "#f2cf8a",
    "not-approved": "#dddddd",
    "revoked": "#c4c4c4",
    "expelled": "#d99a94",
    "removed": "#a9a9a9",
    "deceased": "#8e8e8e",
}
SPARE_COLOURS = ("#b7a6cf", "#d4b48c", "#8fc1c1", "#d6a6c0")

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_URL = re.compile(r"url\(#([^)]+)\)")


def short(value: Any, most: int = 24) -> str:
    """A name shown as chart text, cut to `most` characters with an ellipsis: the tables of
    the page give it whole."""
    text = shown(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def status_colour(status: str, others: list[str]) -> str:
    """The colour of a member status; one of the spare colours for a status not listed."""
    if status in STATUS_COLOURS:
        return STATUS_COLOURS[status]
    return SPARE_COLOURS[others.index(status) % len(SPARE_COLOURS)]


@contextmanager
def drawing() -> Iterator[None]:
    """matplotlib's settings for the charts, local to the block, its font warnings quiet."""
    fonts = logging.getLogger("matplotlib.font_manager")
    level = fonts.level
    settings: dict[Any, Any] = {  # the keys are matplotlib rc parameters
        "svg.fonttype": "none",
        "svg.hashsalt": "branchbook",
        "font.family": FONTS,
        "font.size": 9,
        "text.parse_math": False,
        "text.color": INK,
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "hatch.color": "#7a3b34",
        "hatch.linewidth": 0.6,
        "legend.frameon": False,
    }
    fonts.setLevel(logging.ERROR)
    try:
        with matplotlib.rc_context(settings), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Glyph .* missing from")
            yield
    finally:
        fonts.setLevel(level)


def figure(width: float, height: float) -> Figure:
    """A figure of this size in inches, laid out so that no label is cut."""
    return Figure(figsize=(width, height), layout="constrained")


def svg_of(fig: Figure, name: str, label: str) -> str:
    """The figure as an `<svg>` element to inline in a page, its ids prefixed by `name` and
    named by `label` (role img, aria-label and title)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    # matplotlib's own output, the record's text escaped in it: no entity is declared.
    root = ET.fromstring(text[text.index("<svg") :])  # noqa: S314
    _plain(root)
    ids = {el.get("id", ""): f"{name}-{el.get('id')}" for el in root.iter() if el.get("id")}
    for el in root.iter():
        for key, value in el.attrib.items():
            el.set(key, _renamed(key, value, ids))
    for key in ("width", "height"):
        root.attrib.pop(key, None)
    attrs = dict(root.attrib)
    root.attrib.clear()
    root.attrib.update(
        {
            "role": "img",
            "aria-label": label,
            "width": "100%",
            "viewBox": attrs.pop("viewBox"),
            "style": "height:auto;stroke-linejoin:round;stroke-linecap:butt",
            "class": f"chart chart-{name}",
            **{k: v for k, v in attrs.items() if k != "style"},
        }
    )
    title = ET.Element("title")
    title.text = label
    root.insert(0, title)
    return ET.tostring(root, encoding="unicode")


def _plain(root: ET.Element) -> None:
    """Drop the namespaces, the metadata and the style sheet (its rules go on the root)."""
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{_SVG}metadata", f"{_SVG}style"):
                parent.remove(child)
    for el in root.iter():
        el.tag = el.tag.removeprefix(_SVG)
        if _XLINK_HREF in el.attrib:
            el.set("href", el.attrib.pop(_XLINK_HREF))


def _renamed(key: str, value: str, ids: dict[str, str]) -> str:
    if key == "id":
        return ids[value]
    if key == "href" and value.startswith("#"):
        return "#" + ids.get(value[1:], value[1:])
    if key == "d":
        return " ".join(value.split())
    return _URL.sub(lambda m: f"url(#{ids.get(m.group(1), m.group(1))})", value)
