"""The intake charts: daily magnesium against the EAR and RDA/RNI (or AI), and the history's trend."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from magcheck.i18n import Lang, Say, t
from magcheck.reports.charts import svg

if TYPE_CHECKING:
    from magcheck.core.models import Assessment


def _band(value: float, ear: float | None, rda: float | None, ai: float | None) -> str:
    floor = ear if ear is not None else ai
    if floor is not None and value < floor:
        return "low"
    if rda is not None and value < rda:
        return "mid"
    if floor is None and rda is None:
        return "neutral"
    return "ok"


def trailing_means(values: Sequence[float | None], window: int) -> list[float | None]:
    """The mean of the logged days among the last `window` days, at each day.

    Days that were not logged (None) are left out rather than counted as zero, and there are fewer days
    at the start; a window with no logged day has no mean (None).
    """
    out: list[float | None] = []
    for i in range(len(values)):
        chunk = [v for v in values[max(0, i - window + 1) : i + 1] if v is not None]
        out.append(sum(chunk) / len(chunk) if chunk else None)
    return out


def intake_chart(
    daily_mg: Sequence[float | None],
    ear: float | None,
    rda: float | None,
    ai: float | None,
    lang: Lang,
    *,
    rda_name: str = "RDA",
    labels: Sequence[date | str] | None = None,
    usual: bool = False,
    show_mean: bool = True,
    rolling_window: int | None = None,
    title: str | None = None,
) -> str:
    """Bars of daily intake (or one bar for a usual intake) against the EAR and RDA/RNI (or the AI).

    `labels` names each bar (dates for history, "Day n" otherwise); `rolling_window` adds a trailing-mean
    line (the 7-day mean of the history page); `usual=True` labels the single bar as the usual intake.
    A None value is a day that was not logged: it gets no bar and is named as such in the description.
    """
    values = [None if v is None else float(v) for v in daily_mg]
    present = [v for v in values if v is not None]
    if labels is not None and len(labels) != len(values):
        raise ValueError("labels and daily_mg must have the same length")
    kind = "trend" if rolling_window else "intake"
    height = 300
    frame = svg.Frame(left=48, top=34, right=svg.WIDTH - 70, bottom=height - 62)
    if labels is not None:
        names = [svg.date_label(v) for v in labels]
        shorts = [svg.short_date(v) for v in labels]
    elif usual:
        names = shorts = [t("charts.usual", lang)]
    else:
        names = shorts = [t("charts.day", lang, n=i + 1) for i in range(len(values))]
    mean = sum(present) / len(present) if present else None
    rolling = trailing_means(values, rolling_window) if rolling_window and present else []
    refs = [v for v in (ear, rda, ai) if v is not None]
    top = svg.nice_max(max([*present, *refs, 1.0]) * 1.08)
    chart_id = svg.make_chart_id(kind, values, ear, rda, ai, lang, rda_name, names, rolling_window, title)

    def y_of(v: float) -> float:
        return frame.bottom - v / top * frame.height

    body = svg.y_axis(frame, top, t("charts.axis_mg", lang))
    rolling_y = [None if v is None else y_of(v) for v in rolling]
    # every horizontal line the value labels must keep clear of: grid, EAR/RDA/AI, the mean
    across = [y_of(tick) for tick in svg.ticks(top)] + [
        y_of(v) for v in (ear, rda, ai if ear is None else None) if v is not None
    ]
    if mean is not None and show_mean and len(present) > 1:
        across.append(y_of(mean))
    if present:
        slot = frame.width / len(values)
        bar = max(1.0, min(48.0, slot * 0.7))
        step = svg.label_step(len(values), frame.width, 44 if labels is not None else 40)
        for i, (value, name, short) in enumerate(zip(values, names, shorts, strict=True)):
            x = frame.left + slot * i + (slot - bar) / 2
            if i % step == 0:
                body.append(svg.svg_text(x + bar / 2, frame.bottom + 15, short, anchor="middle", size=12))
            if value is None:
                continue
            band = _band(value, ear, rda, ai)
            tip = t("charts.bar_tip", lang, label=name, mg=svg.fmt_mg(value))
            body.append(
                svg.svg_rect(
                    x,
                    y_of(value),
                    bar,
                    frame.bottom - y_of(value),
                    svg.COLOURS[band],
                    f"mc-bar mc-{band}",
                    tip,
                )
            )
            if len(values) <= 10:
                label = svg.fmt_mg(value)
                half = svg.text_width(label, 12) / 2 + 2
                centre = x + bar / 2
                curve = _polyline_span(rolling_y, slot, frame.left, centre - half, centre + half)
                placed_at = _value_label_y(y_of(value), frame, across, curve)
                if placed_at is not None:
                    label_y, inside = placed_at
                    body.append(
                        svg.svg_text(
                            centre,
                            label_y,
                            label,
                            anchor="middle",
                            size=12,
                            fill="#ffffff" if inside else svg.COLOURS["text"],
                            cls="mc-value",
                        )
                    )
    else:
        body.append(svg.empty_note(frame, t("charts.no_data", lang), across))
    lines: list[tuple[float, str, str, str | None, str]] = []
    if ear is not None:
        lines.append(
            (ear, t("charts.ear_short", lang, mg=svg.fmt_mg(ear)), svg.COLOURS["ear"], "6 4", "mc-ear")
        )
    if rda is not None:
        lines.append((rda, f"{rda_name} {svg.fmt_mg(rda)}", svg.COLOURS["rda"], None, "mc-rda"))
    if ai is not None and ear is None:
        lines.append((ai, t("charts.ai_short", lang, mg=svg.fmt_mg(ai)), svg.COLOURS["ai"], "2 3", "mc-ai"))
    if mean is not None and show_mean and len(present) > 1:
        lines.append(
            (mean, t("charts.mean_short", lang, mg=svg.fmt_mg(mean)), svg.COLOURS["mean"], "1 3", "mc-mean")
        )
    placed: list[float] = []
    for value, label, colour, dash, cls in sorted(lines, key=lambda item: item[0]):
        y = y_of(value)
        body.append(svg.svg_line(frame.left, y, frame.right, y, colour, f"mc-ref {cls}", width=2, dash=dash))
        label_y = y + 4
        while any(abs(label_y - other) < 12 for other in placed):
            label_y -= 12
        placed.append(label_y)
        body.append(
            svg.svg_text(frame.right + 4, label_y, label, size=12, fill=colour, cls=f"mc-label {cls}")
        )
    if rolling:
        slot = frame.width / len(values)
        points = " ".join(
            f"{svg.num(frame.left + slot * (i + 0.5))},{svg.num(y_of(v))}"
            for i, v in enumerate(rolling)
            if v is not None
        )
        body.append(
            f'<polyline class="mc-rolling" points="{points}" fill="none" stroke="{svg.COLOURS["neutral"]}"'
            ' stroke-width="2.5" stroke-linejoin="round"/>'
        )
    body.extend(_intake_legend(frame, height, ear, rda, ai, rda_name, lang, rolling_window))
    desc = _intake_desc(values, names, ear, rda, ai, rda_name, lang, mean, rolling, rolling_window, usual)
    if title is None:
        title = t("charts.trend_title" if rolling_window else "charts.intake_title", lang)
    return svg.svg_document(kind, chart_id, height, title, desc, body, lang)


def _polyline_span(
    ys: Sequence[float | None], slot: float, left: float, x0: float, x1: float
) -> tuple[float, float] | None:
    """The lowest and highest y of the trailing-mean line (through the slot centres of the days that
    have a value) between x0 and x1, or None where it does not pass."""
    points = [(left + slot * (i + 0.5), y) for i, y in enumerate(ys) if y is not None]
    found: list[float] = []
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        lo, hi = max(x0, xa), min(x1, xb)
        if lo > hi:
            continue
        for x in (lo, hi):
            found.append(ya + (yb - ya) * ((x - xa) / (xb - xa) if xb > xa else 0.0))
    return (min(found), max(found)) if found else None


LABEL_ASCENT = 11.0  # a 12-unit label spans baseline − 11 … baseline + 3


LABEL_DESCENT = 3.0


def _value_label_y(
    bar_top: float, frame: svg.Frame, lines: Sequence[float], curve: tuple[float, float] | None
) -> tuple[float, bool] | None:
    """A baseline for a bar's value label that no line crosses (`lines`: horizontal lines' y; `curve`:
    the y range the trend line covers over the label's width): inside the bar's top, else above it,
    else higher up; None when there is no clear place (the value is still in the tooltip and the text
    description). Returns (baseline, inside)."""

    def clear(baseline: float) -> bool:
        top, bottom = baseline - LABEL_ASCENT - 1, baseline + LABEL_DESCENT + 1
        if curve is not None and curve[0] <= bottom and top <= curve[1]:
            return False
        return all(not top <= y <= bottom for y in lines)

    candidates: list[tuple[float, bool]] = []
    if frame.bottom - bar_top > 20:
        candidates += [(bar_top + 15 + k, True) for k in (0, 6, 12) if bar_top + 15 + k < frame.bottom - 2]
    candidates += [(bar_top - 4 - k, False) for k in range(0, 40, 3)]
    for baseline, inside in candidates:
        if baseline - LABEL_ASCENT >= frame.top - 20 and clear(baseline):
            return baseline, inside
    return None


def _intake_legend(
    frame: svg.Frame,
    height: int,
    ear: float | None,
    rda: float | None,
    ai: float | None,
    rda_name: str,
    lang: Lang,
    rolling_window: int | None,
) -> list[str]:
    floor_name = "EAR" if ear is not None else ("AI" if ai is not None else None)
    items: list[tuple[str, str]] = []
    if floor_name is not None:
        items.append((svg.COLOURS["low"], t("charts.band_low", lang, floor=floor_name)))
    if rda is not None and floor_name is not None:
        items.append((svg.COLOURS["mid"], t("charts.band_mid", lang, floor=floor_name, rda=rda_name)))
    if floor_name is not None or rda is not None:
        items.append(
            (svg.COLOURS["ok"], t("charts.band_ok", lang, level=rda_name if rda is not None else floor_name))
        )
    if rolling_window:
        items.append((svg.COLOURS["neutral"], t("charts.rolling", lang, n=rolling_window)))
    out = []
    x = frame.left
    y = height - 18
    for colour, label in items:
        width = 16 + svg.text_width(label, 11) + 14
        if x + width > svg.WIDTH - 4:
            x = frame.left
            y += 15
        out.append(svg.svg_rect(x, y - 9, 10, 10, colour, "mc-legend-key"))
        out.append(svg.svg_text(x + 14, y, label, size=12, cls="mc-legend"))
        x += width
    return out


def _intake_desc(
    values: list[float | None],
    names: list[str],
    ear: float | None,
    rda: float | None,
    ai: float | None,
    rda_name: str,
    lang: Lang,
    mean: float | None,
    rolling: list[float | None],
    rolling_window: int | None,
    usual: bool,
) -> str:
    sep = Say(lang).semicolon
    present = [v for v in values if v is not None]
    if not present:
        parts = [t("charts.no_data", lang)]
    elif usual:
        parts = [t("charts.desc_usual", lang, mg=svg.fmt_mg(present[0]))]
    else:
        listed = sep.join(
            t("charts.desc_not_logged", lang, label=n)
            if v is None
            else t("charts.desc_item", lang, label=n, mg=svg.fmt_mg(v))
            for n, v in zip(names, values, strict=True)
        )
        parts = [t("charts.desc_days", lang, n=len(present), items=listed)]
        if mean is not None:
            parts.append(t("charts.desc_mean", lang, mg=svg.fmt_mg(mean)))
        latest = [v for v in rolling if v is not None]
        if latest and rolling_window:
            parts.append(t("charts.desc_rolling", lang, n=rolling_window, mg=svg.fmt_mg(latest[-1])))
    if ear is not None:
        parts.append(t("charts.desc_ear", lang, mg=svg.fmt_mg(ear)))
    if rda is not None:
        parts.append(t("charts.desc_rda", lang, name=rda_name, mg=svg.fmt_mg(rda)))
    if ai is not None and ear is None:
        parts.append(t("charts.desc_ai", lang, mg=svg.fmt_mg(ai)))
    if present and (ear is not None or ai is not None):
        floor = ear if ear is not None else ai
        below = sum(1 for v in present if floor is not None and v < floor)
        if not usual:
            parts.append(
                t(
                    "charts.desc_below",
                    lang,
                    n=below,
                    total=len(present),
                    floor="EAR" if ear is not None else "AI",
                )
            )
    return Say(lang).stops(parts)


def trend_chart(
    dates: Sequence[date | str],
    daily_mg: Sequence[float | None],
    ear: float | None,
    rda: float | None,
    lang: Lang,
    *,
    ai: float | None = None,
    rda_name: str = "RDA",
    window: int = 7,
) -> str:
    """Days over time against the EAR and RDA/RNI, with the trailing `window`-day mean of logged days.

    Pass every calendar day with None for days not logged, so the x axis is true time and the mean line
    matches the history page's definition (the mean of logged days within the last `window` days).
    """
    return intake_chart(
        daily_mg,
        ear,
        rda,
        ai,
        lang,
        rda_name=rda_name,
        labels=list(dates),
        show_mean=False,
        rolling_window=window,
    )


def assessment_intake_chart(assessment: Assessment, lang: Lang) -> str:
    """The intake chart of one assessment: its daily totals, or the one stated usual intake."""
    req, intake = assessment.requirement, assessment.intake
    values = list(intake.daily_mg) or ([intake.mean_mg] if intake.mean_mg is not None else [])
    return intake_chart(
        values,
        req.ear_mg,
        req.rda_mg,
        req.ai_mg,
        lang,
        rda_name=req.rda_name,
        usual=intake.source == "usual",
    )
