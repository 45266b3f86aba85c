"""The SVG charts: valid XML, accessible, numbers in <desc>, safe to inline under a strict CSP."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magcheck.i18n import Lang
from magcheck.reports.charts import bars, intake
from magcheck.reports.charts import mds as mds_charts
from magcheck.reports.charts import svg as chart_svg
from magcheck.reports.charts.mds import MdsPart
from magcheck.service.knowledge import mds_names

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Food:
    entry: str
    name_en: str | None
    name_zh: str | None
    mg: float | None


FOODS = [
    Food("100 g spinach", "Spinach, raw", "菠菜", 79.0),
    Food("30 g almonds", "Almonds", "杏仁", 81.0),
    Food("200 g tofu", "Tofu, firm", "豆腐", 116.0),
    Food("spinach again", "Spinach, raw", "菠菜", 40.0),
    Food("a mystery stew", None, None, None),
]
MDS_POINTS = [("diuretic", 1, 1), ("ppi", 0, 1), ("heavy_drinking", None, 1), ("kidney", 2, 2)]


def mds_parts(lang: Lang) -> list[MdsPart]:
    """The components' names come from the knowledge base (mds.toml), in the chart's language."""
    names = mds_names(lang)
    return [MdsPart(cid, names[cid], points, most) for cid, points, most in MDS_POINTS]


def all_charts(lang: Lang) -> dict[str, str]:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(10)]
    return {
        "intake": intake.intake_chart([250, 310, 198], 265, 320, None, lang),
        "usual": intake.intake_chart([280], 265, 320, None, lang, usual=True),
        "infant": intake.intake_chart([60, 80], None, None, 75, lang),
        "empty": intake.intake_chart([], 265, 320, None, lang),
        "trend": intake.trend_chart(days, [200 + 13 * i for i in range(10)], 265, 320, lang),
        "contrib": bars.contributions_chart(FOODS, lang),
        "burden": bars.burden_chart(days[:4], [0.5, 1.25, 0.75, 0.0], lang),
        "mds": mds_charts.mds_chart(mds_parts(lang), 3, 4, lang),
    }


def desc_of(svg: str) -> str:
    root = ET.fromstring(svg)
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text
    return desc.text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_is_valid_accessible_svg(lang: Lang) -> None:
    for name, svg in all_charts(lang).items():
        root = ET.fromstring(svg)  # raises on invalid XML
        assert root.tag == f"{SVG}svg", name
        assert root.get("role") == "img"
        assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", "")), name
        title = root.find(f"{SVG}title")
        assert title is not None and title.text, name
        labelled = root.get("aria-labelledby", "").split()
        desc = root.find(f"{SVG}desc")
        assert desc is not None, name
        assert labelled == [title.get("id"), desc.get("id")]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_are_safe_to_inline_under_a_strict_csp(lang: Lang) -> None:
    for name, svg in all_charts(lang).items():
        assert "<script" not in svg and "<style" not in svg and " style=" not in svg, name
        assert "href" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', ""), (
            name
        )
        for element in ET.fromstring(svg).iter():
            assert not any(attr.lower().startswith("on") for attr in element.attrib), name


def test_output_is_deterministic_and_ids_differ_between_charts() -> None:
    first, second = all_charts("en"), all_charts("en")
    assert first == second
    ids = [ET.fromstring(svg).get("id") for svg in first.values()]
    assert len(set(ids)) == len(ids)


def test_intake_desc_carries_each_day_the_mean_and_the_references() -> None:
    text = desc_of(intake.intake_chart([250, 310.4, 198], 265, 320, None, "en"))
    for figure in ("Day 1 250", "Day 2 310", "Day 3 198", "Mean 253 mg", "(EAR) 265 mg", "RDA 320 mg"):
        assert figure in text
    assert "2 of 3 days below the EAR" in text


def test_chinese_intake_chart_is_in_chinese_and_names_the_rni() -> None:
    svg = intake.intake_chart([250, 310], 265, 330, None, "zh", rda_name="RNI")
    text = desc_of(svg)
    assert "第1天 250" in text and "平均每天 280 毫克" in text and "RNI 每天 330 毫克" in text
    assert ET.fromstring(svg).findtext(f"{SVG}title") == "镁摄入量与需要量对比"
    assert "Noto Sans CJK SC" in ET.fromstring(svg).get("font-family", "")


def test_bars_are_coloured_by_band_against_ear_and_rda() -> None:
    root = ET.fromstring(intake.intake_chart([200, 300, 400], 265, 320, None, "en"))
    bars = [r.get("class") for r in root.iter(f"{SVG}rect") if "mc-bar" in (r.get("class") or "")]
    assert bars == ["mc-bar mc-low", "mc-bar mc-mid", "mc-bar mc-ok"]


def test_infant_chart_uses_the_ai_when_there_is_no_ear() -> None:
    svg = intake.intake_chart([60, 80], None, None, 75, "en")
    text = desc_of(svg)
    assert "Adequate Intake (AI) 75 mg" in text and "EAR" not in text
    assert "AI 75" in svg and "1 of 2 days below the AI" in text


def test_usual_intake_is_one_bar_without_a_mean_line() -> None:
    svg = intake.intake_chart([280], 265, 320, None, "en", usual=True)
    root = ET.fromstring(svg)
    assert len([r for r in root.iter(f"{SVG}rect") if "mc-bar" in (r.get("class") or "")]) == 1
    assert "mc-mean" not in svg
    assert desc_of(svg).startswith("Usual magnesium intake: 280 mg per day")


def test_trend_chart_draws_the_seven_day_mean_and_reports_the_latest() -> None:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(10)]
    values = [100.0 * (i % 4) for i in range(10)]
    svg = intake.trend_chart(days, values, 265, 320, "en")
    points = ET.fromstring(svg).find(f"{SVG}polyline")
    assert points is not None and len(points.get("points", "").split()) == 10
    latest = sum(values[-7:]) / 7
    assert f"Latest 7-day mean {latest:.0f} mg" in desc_of(svg)
    assert "2026-10-01 0" in desc_of(svg)


def test_contributions_sum_repeated_foods_and_never_count_missing_values_as_zero() -> None:
    svg = bars.contributions_chart(FOODS, "en")
    text = desc_of(svg)
    assert "316 mg in total" in text
    # spinach eaten twice → 119 mg, ranked first
    assert (
        text.index("Spinach, raw 119 mg (38%)")
        < text.index("Tofu, firm 116 mg")
        < text.index("Almonds 81 mg")
    )
    assert "Entries without a magnesium value (1, not counted): a mystery stew" in text
    zh = desc_of(bars.contributions_chart(FOODS, "zh"))
    assert "菠菜 119 毫克（38%）" in zh


def test_contributions_group_the_long_tail_as_other() -> None:
    foods = [Food(f"food {i}", f"Food {i:02d}", f"食物{i}", float(100 - i)) for i in range(12)]
    text = desc_of(bars.contributions_chart(foods, "en", top=5))
    assert "Other (7 foods) " + f"{sum(100 - i for i in range(5, 12)):.0f} mg" in text


def test_names_with_markup_are_escaped() -> None:
    svg = bars.contributions_chart([Food("<b>&x</b>", "<b>&x</b>", None, 10.0)], "en")
    assert "<b>" not in svg
    assert "<b>&x</b>" in desc_of(svg)


def test_burden_and_mds_descriptions_carry_their_numbers() -> None:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(3)]
    text = desc_of(bars.burden_chart(days, [0.5, 1.25, 0.0], "en"))
    assert "3 check-ins" in text and "2026-10-02 1.25" in text
    mds = desc_of(mds_charts.mds_chart(mds_parts("en"), 3, 4, "en"))
    assert "Score 3" in mds.replace("Magnesium Depletion Score", "Score")
    assert "Diuretic +1" in mds and "PPI +0" in mds and "Heavy drinking unknown" in mds and "at most 4" in mds
    assert "肾功能 +2" in desc_of(mds_charts.mds_chart(mds_parts("zh"), 3, 4, "zh"))


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        bars.burden_chart([date(2026, 1, 1)], [0.1, 0.2], "en")
    with pytest.raises(ValueError):
        intake.intake_chart([1.0, 2.0], 265, 320, None, "en", labels=["a"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(0, 5000)), min_size=1, max_size=60), st.integers(1, 10))
def test_trailing_mean_is_the_mean_of_the_logged_days_in_the_window(
    values: list[float | None], window: int
) -> None:
    means = intake.trailing_means(values, window)
    assert len(means) == len(values)
    for i, m in enumerate(means):
        chunk = [v for v in values[max(0, i - window + 1) : i + 1] if v is not None]
        if not chunk:
            assert m is None
            continue
        assert m is not None and min(chunk) - 1e-9 <= m <= max(chunk) + 1e-9
        assert m == pytest.approx(sum(chunk) / len(chunk))


def test_days_not_logged_get_no_bar_and_are_not_counted_as_zero() -> None:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(4)]
    svg = intake.trend_chart(days, [300, None, None, 200], 265, 320, "en")
    root = ET.fromstring(svg)
    assert len([r for r in root.iter(f"{SVG}rect") if "mc-bar" in (r.get("class") or "")]) == 2
    text = desc_of(svg)
    assert "Magnesium intake on 2 days" in text and "2026-10-02 not logged" in text
    assert "Latest 7-day mean 250 mg" in text and "1 of 2 days below the EAR" in text
    assert "2026-10-02 未记录" in desc_of(intake.trend_chart(days, [300, None, None, 200], 265, 320, "zh"))


@settings(max_examples=100, deadline=None)
@given(st.floats(0.001, 1e6))
def test_axis_top_is_round_and_covers_the_data(value: float) -> None:
    top = chart_svg.nice_max(value)
    assert value <= top < value * 10 + 1e-9
    mantissa = top / 10 ** __import__("math").floor(__import__("math").log10(top))
    assert round(mantissa, 6) in (1, 2, 2.5, 5, 10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 5000), max_size=40), st.sampled_from(["en", "zh"]))
def test_any_intake_series_gives_parseable_svg_with_every_value_described(
    values: list[float], lang: Lang
) -> None:
    svg = intake.intake_chart(values, 265, 320, None, lang)
    text = desc_of(svg)
    for v in values:
        assert f" {v:.0f}" in text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from("abc de镁摄入量 ,。"), max_size=200), st.integers(60, 480))
def test_wrapped_lines_fit_and_keep_every_word(text: str, room: int) -> None:
    lines = chart_svg.wrap(text, room, 12)
    assert all(chart_svg.text_width(line, 12) <= room or len(line) == 1 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_long_notes_are_wrapped_inside_the_chart() -> None:
    foods = [Food(f"mystery {i}", None, None, None) for i in range(3)] + [Food("x", "Almonds", "杏仁", 81.0)]
    for lang in ("en", "zh"):
        root = ET.fromstring(bars.contributions_chart(foods, lang))
        notes = [el for el in root.iter(f"{SVG}text") if el.get("class") == "mc-note"]
        assert notes
        for el in notes:
            assert float(el.get("x", 0)) + chart_svg.text_width(el.text or "", 12) <= chart_svg.WIDTH
