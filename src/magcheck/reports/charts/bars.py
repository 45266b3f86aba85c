"""The bar charts: what each food contributed, and the sign burden of each check-in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING

from magcheck.i18n import Lang, Say, t
from magcheck.reports.charts import svg

if TYPE_CHECKING:
    pass


def _food_name(food: svg.FoodLike, lang: Lang) -> str:
    say = Say(lang)
    return say.name(food) or say.other_name(food) or food.entry


def contributions_chart(
    foods: Sequence[svg.FoodLike], lang: Lang, *, top: int = 8, title: str | None = None
) -> str:
    """Horizontal bars: how many mg each food gave over the whole log, largest first.

    The same food eaten on several days is summed; foods beyond `top` are grouped as "other". Entries with no
    magnesium value are not drawn as zero: they are counted separately and named in the description.
    """
    totals: dict[str, float] = {}
    missing: list[str] = []
    for food in foods:
        if food.mg is None:
            missing.append(food.entry)
            continue
        name = _food_name(food, lang)
        totals[name] = totals.get(name, 0.0) + float(food.mg)
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    rows = ranked[:top]
    rest = ranked[top:]
    if rest:
        rows.append((t("charts.other_foods", lang, n=len(rest)), sum(v for _, v in rest)))
    grand = sum(totals.values())
    row_h = 26
    label_w = 170
    note = svg.wrap(t("charts.missing_note", lang, n=len(missing)), svg.WIDTH - 16, 12) if missing else []
    height = 56 + max(1, len(rows)) * row_h + 16 * len(note)
    frame = svg.Frame(left=label_w + 8, top=30, right=svg.WIDTH - 70, bottom=30 + max(1, len(rows)) * row_h)
    chart_id = svg.make_chart_id("contrib", rows, missing, lang, title)
    scale = svg.nice_max(max([v for _, v in rows] + [1.0]))
    body: list[str] = []
    if not rows:
        body.append(
            svg.svg_text(
                svg.WIDTH / 2,
                frame.top + 16,
                t("charts.no_foods", lang),
                anchor="middle",
                size=13,
                fill=svg.COLOURS["muted"],
            )
        )
    for i, (name, mg) in enumerate(rows):
        y = frame.top + i * row_h
        w = mg / scale * frame.width
        share = mg / grand * 100 if grand else 0.0
        body.append(svg.svg_text(label_w, y + 17, svg.clip(name, label_w - 4, 12), anchor="end", size=13))
        tip = t("charts.contrib_tip", lang, name=name, mg=svg.fmt_mg(mg), pct=f"{share:.0f}")
        body.append(
            svg.svg_rect(frame.left, y + 5, w, row_h - 10, svg.COLOURS["neutral"], "mc-bar mc-contrib", tip)
        )
        body.append(
            svg.svg_text(
                frame.left + w + 4,
                y + 17,
                t("charts.contrib_value", lang, mg=svg.fmt_mg(mg), pct=f"{share:.0f}"),
                size=12,
            )
        )
    body.append(
        svg.svg_line(frame.left, frame.top, frame.left, frame.bottom, svg.COLOURS["axis"], "mc-axis", width=1)
    )
    body.append(svg.svg_text(8, 18, t("charts.contrib_axis", lang), size=12, fill=svg.COLOURS["muted"]))
    for i, line in enumerate(note):
        y = height - 10 - 16 * (len(note) - 1 - i)
        body.append(svg.svg_text(8, y, line, size=12, fill=svg.COLOURS["muted"], cls="mc-note"))
    sep = Say(lang).semicolon
    items = sep.join(
        t(
            "charts.contrib_item",
            lang,
            name=name,
            mg=svg.fmt_mg(mg),
            pct=f"{(mg / grand * 100 if grand else 0):.0f}",
        )
        for name, mg in rows
    )
    parts = [
        t("charts.contrib_desc", lang, total=svg.fmt_mg(grand), items=items)
        if rows
        else t("charts.no_foods", lang)
    ]
    if missing:
        parts.append(t("charts.missing_desc", lang, n=len(missing), entries=sep.join(missing)))
    desc = Say(lang).stops(parts)
    return svg.svg_document(
        "contrib", chart_id, height, title or t("charts.contrib_title", lang), desc, body, lang
    )


def burden_chart(
    dates: Sequence[date | str], burden: Sequence[float], lang: Lang, *, max_value: float | None = None
) -> str:
    """The evidence-weighted sign burden of each check-in over time (a line with points).

    The scale runs from 0 to `max_value` (the highest possible burden, when the caller knows it) so that a
    flat line of low values does not look dramatic.
    """
    values = [float(v) for v in burden]
    if len(dates) != len(values):
        raise ValueError("dates and burden must have the same length")
    height = 240
    frame = svg.Frame(left=48, top=30, right=svg.WIDTH - 20, bottom=height - 40)
    top = max_value if max_value and max_value > 0 else svg.nice_max(max([*values, 1.0]))
    chart_id = svg.make_chart_id("burden", [svg.date_label(d) for d in dates], values, lang, top)

    def y_of(v: float) -> float:
        return frame.bottom - min(v, top) / top * frame.height

    body = svg.y_axis(frame, top, t("charts.burden_axis", lang))
    if not values:
        body.append(svg.empty_note(frame, t("charts.no_checkins", lang)))
    else:
        slot = frame.width / len(values)
        xs = [frame.left + slot * (i + 0.5) for i in range(len(values))]
        if len(values) > 1:
            points = " ".join(f"{svg.num(x)},{svg.num(y_of(v))}" for x, v in zip(xs, values, strict=True))
            body.append(
                f'<polyline class="mc-burden" points="{points}" fill="none" stroke="{svg.COLOURS["neutral"]}"'
                ' stroke-width="2" stroke-linejoin="round"/>'
            )
        step = svg.label_step(len(values), frame.width, 44)
        for i, (x, v, d) in enumerate(zip(xs, values, dates, strict=True)):
            tip = t("charts.burden_tip", lang, label=svg.date_label(d), value=f"{v:.2f}")
            body.append(
                f'<circle class="mc-point" cx="{svg.num(x)}" cy="{svg.num(y_of(v))}" r="4"'
                f' fill="{svg.COLOURS["neutral"]}"><title>{escape(tip)}</title></circle>'
            )
            if i % step == 0:
                body.append(svg.svg_text(x, frame.bottom + 15, svg.short_date(d), anchor="middle", size=12))
    sep = Say(lang).semicolon
    items = sep.join(
        t("charts.burden_item", lang, label=svg.date_label(d), value=f"{v:.2f}")
        for d, v in zip(dates, values, strict=True)
    )
    desc = (
        t("charts.burden_desc", lang, n=len(values), items=items, top=f"{top:g}")
        if values
        else t("charts.no_checkins", lang)
    )
    return svg.svg_document("burden", chart_id, height, t("charts.burden_title", lang), desc, body, lang)
