"""The year's charts (documents/charts.py): inline SVG that parses, draws its data, names it,
shows the record's text as text, reaches for nothing outside the page, and is the same for the
same report; a chart with nothing to draw is left out."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

import pytest
from compliance_samples import MONTHLY
from report_samples import HOSTILE, branch_year, organisation_year, varied

from branchbook.documents.chart_style import MET, MISSED, MONTHS, OPEN
from branchbook.documents.charts import branch_charts, organisation_charts

BRANCH_CHARTS = {"members_by_status", "obligations_by_month", "pipeline", "dues_by_month"}
ORGANISATION_CHARTS = {"members_by_status", "compliance_by_branch", "admissions_by_branch"}


@pytest.fixture(scope="module")
def branch() -> dict[str, str]:
    return branch_charts(branch_year())


@pytest.fixture(scope="module")
def organisation() -> dict[str, str]:
    return organisation_charts(organisation_year())


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the chart under test, no entity declared


def marks(svg: str) -> int:
    """The shapes drawn: paths, rectangles and uses of a shape."""
    return sum(1 for el in parsed(svg).iter() if el.tag in ("path", "rect", "use"))


def texts(svg: str) -> list[str]:
    return ["".join(el.itertext()) for el in parsed(svg).iter("text")]


def every(charts: Mapping[str, str]) -> list[tuple[str, str]]:
    return sorted(charts.items())


def test_a_branch_has_its_four_charts_and_an_organisation_its_three(
    branch: dict[str, str], organisation: dict[str, str]
) -> None:
    assert set(branch) == BRANCH_CHARTS
    assert set(organisation) == ORGANISATION_CHARTS


def test_every_chart_is_an_inline_svg_named_for_a_reader_that_scales(
    branch: dict[str, str], organisation: dict[str, str]
) -> None:
    for name, svg in every(branch) + every(organisation):
        assert svg.startswith("<svg "), name
        assert "<?xml" not in svg
        assert "DOCTYPE" not in svg
        root = parsed(svg)
        assert root.tag == "svg"
        assert root.get("role") == "img"
        label = root.get("aria-label") or ""
        assert len(label) > 20
        assert root[0].tag == "title"
        assert root[0].text == label
        assert root.get("width") == "100%"
        assert root.get("height") is None
        assert len((root.get("viewBox") or "").split()) == 4
        assert texts(svg), name  # text stays text (svg.fonttype none)


def test_the_labels_say_whose_chart_it_is(
    branch: dict[str, str], organisation: dict[str, str]
) -> None:
    for name, svg in every(branch):
        assert "B01" in (parsed(svg).get("aria-label") or ""), name
    for name, svg in every(organisation):
        assert "TC01" in (parsed(svg).get("aria-label") or ""), name


def test_every_chart_draws_marks(branch: dict[str, str], organisation: dict[str, str]) -> None:
    for name, svg in every(branch) + every(organisation):
        assert marks(svg) > 20, name


def test_more_data_draws_more_marks() -> None:
    report = branch_year()
    fewer = varied(report)
    fewer["history"] = fewer["history"][-2:]
    fewer["compliance"]["results"] = [
        r for r in fewer["compliance"]["results"] if r["rule"] not in MONTHLY
    ]
    fewer["pipeline"]["stages"] = fewer["pipeline"]["stages"][:2]
    full, less = branch_charts(report), branch_charts(fewer)
    for name in ("members_by_status", "obligations_by_month", "pipeline"):
        assert marks(less[name]) < marks(full[name]), name
    org = organisation_year()
    smaller = varied(org)
    smaller["branches"] = smaller["branches"][:1]
    smaller["compliance"] = smaller["compliance"][:1]
    whole, part = organisation_charts(org), organisation_charts(smaller)
    for name in ("compliance_by_branch", "admissions_by_branch"):
        assert marks(part[name]) < marks(whole[name]), name


def test_members_by_status_names_each_year_status_and_total(branch: dict[str, str]) -> None:
    shown = texts(branch["members_by_status"])
    for point in branch_year()["history"]:
        assert str(point["year"]) in shown
        assert str(sum(point["by_status"].values())) in shown
        for status in point["by_status"]:
            assert status in shown


def test_the_obligations_map_has_each_rule_month_and_found_of_required(
    branch: dict[str, str],
) -> None:
    report = branch_year()["compliance"]
    shown = texts(branch["obligations_by_month"])
    joined = "\n".join(shown)
    for rule in {r["rule"] for r in report["results"]} | {n["rule"] for n in report["not_judged"]}:
        assert rule in joined
    assert all(month in shown for month in MONTHS)
    for r in report["results"]:
        assert f"{r['found']}/{r['required']}" in shown
    assert any("第一党小组" in line for line in shown)


def cells(svg: str, results: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    """For met, missed and open: the cells drawn so (the key's swatch less) and the windows.
    Missed cells are hatched and open ones dotted, for print: each is filled by a pattern
    whose ground is the status's colour."""
    grounds = dict(re.findall(r'<pattern id="([^"]+)"[^>]*>\s*<rect [^>]*fill="([^"]+)"', svg))
    patterned = [grounds[i] for i in re.findall(r"fill: url\(#([^)]+)\)", svg)]
    drawn = {
        "met": svg.count(f"fill: {MET}"),
        "missed": patterned.count(MISSED),
        "open": svg.count(f"fill: {OPEN}") + patterned.count(OPEN),
    }
    return {
        status: (n - 1, sum(r["status"] == status for r in results)) for status, n in drawn.items()
    }


def test_each_window_is_drawn_in_its_status_colour_missed_ones_hatched() -> None:
    report = branch_year()
    results = report["compliance"]["results"]
    found = cells(branch_charts(report)["obligations_by_month"], results)
    assert found["missed"][1] > 2
    assert found["met"][1] > 20
    assert all(drawn == windows for drawn, windows in found.values()), found
    for r in results[::2]:
        r["status"] = "open"
    again = cells(branch_charts(report)["obligations_by_month"], results)
    assert again["open"][1] > 10
    assert all(drawn == windows for drawn, windows in again.values()), again
    assert MISSED in branch_charts(report)["obligations_by_month"]
    # open cells are dotted, on their own ground, so they read apart from met ones in grey
    assert f'fill="{OPEN}"' in branch_charts(report)["obligations_by_month"]


def test_pipeline_and_dues_name_their_stages_and_months(branch: dict[str, str]) -> None:
    report = branch_year()
    stages = "\n".join(texts(branch["pipeline"]))
    for stage in report["pipeline"]["stages"]:
        assert f"{stage['stage']} ({stage['count']})" in stages
    dues = texts(branch["dues_by_month"])
    assert all(month in dues for month in MONTHS)
    for m in report["dues"]["months"]:
        assert f"{m['paid']}/{m['owed']}" in dues


def test_the_organisation_charts_name_branches_rules_and_met_of_judged(
    organisation: dict[str, str],
) -> None:
    report = organisation_year()
    heat = texts(organisation["compliance_by_branch"])
    joined = "\n".join(heat)
    bars = texts(organisation["admissions_by_branch"])
    for b in report["branches"]:
        assert b["code"] in bars
        assert any(line.startswith(b["code"] + " ") for line in heat)
    for c in report["compliance"]:
        for s in c["summary"]:
            assert s["rule"] in joined
        met = sum(s["windows_met"] for s in c["summary"] if s["rule"] == "assembly.frequency")
        judged = sum(s["windows_judged"] for s in c["summary"] if s["rule"] == "assembly.frequency")
        assert f"{met}/{judged}" in heat
    assert "城关镇党委" in (parsed(organisation["members_by_status"]).get("aria-label") or "")


def test_hostile_text_is_text(branch: dict[str, str], organisation: dict[str, str]) -> None:
    for name, svg in every(branch) + every(organisation):
        assert "<script" not in svg, name
    assert "&lt;script&gt;&amp;" in branch["obligations_by_month"]
    assert "&lt;script&gt;&amp;" in organisation["compliance_by_branch"]
    assert any(HOSTILE in line for line in texts(branch["obligations_by_month"]))
    assert any(HOSTILE in line for line in texts(organisation["compliance_by_branch"]))


def test_control_characters_and_dollars_are_shown_not_obeyed() -> None:
    report = branch_year()
    report["branch"] = "B01\x1b]0;x\x07\u202e"
    for r in report["compliance"]["results"]:
        if r["subject"] == HOSTILE:
            r["subject"] = "$x^2$ \x1b[2J"
    charts = branch_charts(report)
    for svg in charts.values():
        assert re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]", svg) is None
    assert any("$x^2$ \\x1b[2J" in line for line in texts(charts["obligations_by_month"]))
    label = parsed(charts["pipeline"]).get("aria-label") or ""
    assert "B01\\x1b]0;x\\x07\\u202e" in label


def test_no_chart_reaches_outside_the_page(
    branch: dict[str, str], organisation: dict[str, str]
) -> None:
    for name, svg in every(branch) + every(organisation):
        assert "http" not in svg, name
        assert "xlink" not in svg, name
        root = parsed(svg)
        ids = {el.get("id") for el in root.iter()}
        for el in root.iter():
            for key, value in el.attrib.items():
                if key == "href":
                    assert value[1:] in ids, (name, value)
                for target in re.findall(r"url\(([^)]*)\)", value):
                    assert target.startswith("#"), (name, target)
                    assert target[1:] in ids, (name, target)


def test_ids_do_not_clash_between_the_charts_of_a_page(branch: dict[str, str]) -> None:
    seen: list[str] = []
    for _name, svg in every(branch):
        seen += [i for el in parsed(svg).iter() if (i := el.get("id")) is not None]
    assert len(seen) > 40
    assert len(seen) == len(set(seen))


def test_the_same_report_gives_the_same_bytes(
    branch: dict[str, str], organisation: dict[str, str]
) -> None:
    assert branch_charts(branch_year()) == branch
    assert organisation_charts(organisation_year()) == organisation


def emptied(report: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    changed = varied(report)
    where = changed
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = value
    return changed


def test_a_branch_chart_with_nothing_to_draw_is_left_out() -> None:
    report = branch_year()
    zero_stages = [{**s, "count": 0, "members": []} for s in report["pipeline"]["stages"]]
    zero_months = [{**m, "owed": 0, "paid": 0} for m in report["dues"]["months"]]
    cases = {
        "members_by_status": emptied(report, ("history",), []),
        "obligations_by_month": emptied(report, ("compliance", "results"), []),
        "pipeline": emptied(report, ("pipeline", "stages"), zero_stages),
        "dues_by_month": emptied(report, ("dues", "months"), zero_months),
    }
    for name, changed in cases.items():
        assert set(branch_charts(changed)) == BRANCH_CHARTS - {name}, name
    bare = {"branch": "B09", "year": 2025, "as_of": "2025-12-31", "compliance": None}
    assert branch_charts(bare) == {}


def test_an_organisation_chart_with_nothing_to_draw_is_left_out() -> None:
    report = organisation_year()
    cases = {
        "members_by_status": emptied(report, ("history",), []),
        "compliance_by_branch": emptied(report, ("compliance",), []),
        "admissions_by_branch": emptied(report, ("branches",), []),
    }
    for name, changed in cases.items():
        assert set(organisation_charts(changed)) == ORGANISATION_CHARTS - {name}, name
    assert organisation_charts({"year": 2025, "organisation": None}) == {}


def test_a_long_name_is_cut_in_the_chart_and_keeps_its_start() -> None:
    report = organisation_year()
    report["compliance"][0]["name"] = "机关第一党支部" * 10
    heat = texts(organisation_charts(report)["compliance_by_branch"])
    cut = [line for line in heat if line.startswith("B01 ")]
    assert cut == ["B01 " + ("机关第一党支部" * 4)[:23] + "…"]


def test_dues_months_not_begun_by_the_report_day_are_left_blank() -> None:
    report = branch_year()
    report["as_of"] = f"{report['year']}-06-15"
    months = report["dues"]["months"]
    for m in months[6:]:
        m["owed"], m["paid"] = 0, 0
    months[7]["paid"] = 2  # paid ahead for August
    said = texts(branch_charts(report)["dues_by_month"])
    assert [f"{m['paid']}/{m['owed']}" in said for m in months[:6]] == [True] * 6
    assert "0/0" not in said
    assert said.count("ahead") == 1


def test_the_funnel_key_names_only_the_parts_drawn() -> None:
    report = branch_year()
    said = texts(branch_charts(report)["pipeline"])
    assert {"next step overdue", "next step due", "on time"} <= set(said)
    for stage in report["pipeline"]["stages"]:
        for member in stage["members"]:
            member["status"] = None
    said = texts(branch_charts(report)["pipeline"])
    assert "on time" in said
    assert "next step overdue" not in said
    assert "next step due" not in said
