"""No line of a chart is drawn through a label: every <text> box is clear of every grid, reference,
axis and trend line (a geometric check over many generated charts, both languages)."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.i18n import Lang
from magcheck.reports.charts import bars, intake
from magcheck.reports.charts import mds as mds_charts
from magcheck.reports.charts import svg as chart_svg
from magcheck.service.knowledge import mds_names

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]
Segment = tuple[float, float, float, float]


def boxes_and_segments(svg: str) -> tuple[list[Box], list[Segment]]:
    root = ET.fromstring(svg)
    boxes: list[Box] = []
    for el in root.iter(f"{SVG}text"):
        size = float(el.get("font-size", "12"))
        width = chart_svg.text_width(el.text or "", int(size))
        x, y = float(el.get("x", "0")), float(el.get("y", "0"))
        anchor = el.get("text-anchor", "start")
        left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
        # shrunk by a unit: a line may touch the glyphs' outer padding, never their body
        boxes.append((left + 1, y - size * 0.72 + 1, left + width - 1, y + size * 0.2 - 1))
    segments: list[Segment] = []
    for el in root.iter(f"{SVG}line"):
        x1, y1, x2, y2 = (float(el.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))
        segments.append((x1, y1, x2, y2))
    for el in root.iter(f"{SVG}polyline"):
        pts = [tuple(map(float, p.split(","))) for p in (el.get("points") or "").split()]
        segments += [(a[0], a[1], b[0], b[1]) for a, b in itertools.pairwise(pts)]
    return boxes, segments


def crosses(box: Box, seg: Segment) -> bool:
    """Liang–Barsky clip: does the segment enter the box?"""
    x1, y1, x2, y2 = seg
    left, top, right, bottom = box
    dx, dy = x2 - x1, y2 - y1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
        if lo > hi:
            return False
    return True


def assert_clear(svg: str) -> None:
    boxes, segments = boxes_and_segments(svg)
    hits = [(b, s) for b in boxes for s in segments if crosses(b, s)]
    assert hits == []


def test_the_checker_finds_a_line_through_a_label() -> None:
    bad = (
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="10" y="20" font-size="12">250</text>'
        '<line x1="0" y1="16" x2="100" y2="16"/></svg>'
    )
    with pytest.raises(AssertionError):
        assert_clear(bad)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "values",
    [
        [250, 310, 198],
        [262, 268, 318, 322],  # tops right at the EAR and the RDA
        [245, 255, 495, 505, 745],  # right at grid lines
        [30, 12, 0, 5000],
        [659],
    ],
)
def test_intake_value_labels_keep_clear_of_every_line(values: list[float], lang: Lang) -> None:
    assert_clear(intake.intake_chart(values, 265, 320, None, lang))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_week_trend_labels_keep_clear_of_the_mean_line(lang: Lang) -> None:
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(7)]
    values = [300, None, 280, 310, 120, 600, 305]
    assert_clear(intake.trend_chart(days, values, 265, 320, lang))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.floats(0, 1200)), min_size=1, max_size=10),
    st.sampled_from(["en", "zh"]),
    st.booleans(),
)
def test_any_short_series_keeps_labels_clear(values: list[float | None], lang: Lang, trend: bool) -> None:
    if trend:
        days = [date(2026, 11, 1) + timedelta(days=i) for i in range(len(values))]
        svg = intake.trend_chart(days, values, 265, 320, lang)
    elif any(v is not None for v in values):
        svg = intake.intake_chart(values, 265, 320, None, lang)
    else:
        return
    assert_clear(svg)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_burden_and_mds_labels_keep_clear(lang: Lang) -> None:
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(6)]
    assert_clear(bars.burden_chart(days, [0.1, 0.9, 0.4, 0.0, 1.0, 0.5], lang, max_value=1.0))
    names = mds_names(lang)
    parts = [
        mds_charts.MdsPart("diuretic", names["diuretic"], 1, 1),
        mds_charts.MdsPart("ppi", names["ppi"], None, 1),
        mds_charts.MdsPart("kidney", names["kidney"], 2, 2),
    ]
    assert_clear(mds_charts.mds_chart(parts, 3, 4, lang))
