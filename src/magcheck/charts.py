"""Offline SVG charts for the web pages and the reports.

Plain string building instead of matplotlib: it starts instantly, needs no fonts to *produce* a chart
(the browser or WeasyPrint picks one from the font stack, with CJK fallbacks), works offline and is
byte-for-byte deterministic, so the same input gives the same SVG in tests, pages and PDFs.

Every chart is an accessible image: ``role="img"``, a ``<title>`` and a ``<desc>`` that carries the numbers
in words, so a screen reader (or a test) gets the data without looking at the picture. Colours are set as
presentation attributes, never ``style=`` attributes or ``<style>`` elements, so the charts pass a strict
Content-Security-Policy when they are inlined in a page. Each element has a ``mc-*`` class so a page's
stylesheet can restyle it. The size comes from the ``viewBox`` only: a page makes it fluid with
``svg { width: 100%; height: auto }``; the chart is laid out to stay readable at 360 px.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Protocol

from magcheck.i18n import Lang, Say, t

if TYPE_CHECKING:
    from magcheck.core.models import Assessment

WIDTH = 480
# Colour-blind-safe pairs with enough contrast on white; bands are also named in the legend and in <desc>.
COLOURS = {
    "low": "#b3471b",
    "mid": "#c98a0b",
    "ok": "#2e7d4f",
    "neutral": "#3b6ea8",
    "ear": "#7a1f1f",
    "rda": "#1b4d2e",
    "ai": "#4a3b8f",
    "mean": "#222222",
    "axis": "#555555",
    "grid": "#dddddd",
    "text": "#222222",
    "muted": "#666666",
    "unknown": "#bbbbbb",
}


class FoodLike(Protocol):
    """What the contributions chart needs from a food-log entry (``FoodEntryResult`` fits)."""

    entry: str
    name_en: str | None
    name_zh: str | None
    mg: float | None


@dataclass(frozen=True)
class _Frame:
    """The plotting rectangle inside the viewBox."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _num(value: float) -> str:
    """Coordinates with at most one decimal: short, stable output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def fmt_mg(value: float) -> str:
    """Milligrams as shown to people: whole numbers."""
    return f"{value:.0f}"


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = COLOURS["text"],
    cls: str = "mc-label",
    weight: str | None = None,
) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text class="{cls}" x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="{size}"'
        f' fill="{fill}"{bold}>{escape(content)}</text>'
    )


def _empty_note(frame: _Frame, message: str, avoid: Sequence[float] = ()) -> str:
    """The muted line in the middle of a plot that has nothing to draw, between the grid lines."""
    middle = frame.top + frame.height / 2
    baseline = middle
    for step in range(0, int(frame.height / 2), 2):
        for candidate in (middle + step, middle - step):
            if all(not candidate - 12 <= y <= candidate + 5 for y in avoid):
                baseline = candidate
                break
        else:
            continue
        break
    return _text(
        frame.left + frame.width / 2, baseline, message, anchor="middle", size=14, fill=COLOURS["muted"]
    )


def _line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    colour: str,
    cls: str,
    *,
    width: float = 1.5,
    dash: str | None = None,
) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line class="{cls}" x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}"'
        f' stroke="{colour}" stroke-width="{_num(width)}"{dashed}/>'
    )


def _rect(x: float, y: float, w: float, h: float, colour: str, cls: str, title: str | None = None) -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<rect class="{cls}" x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}"'
        f' height="{_num(max(h, 0))}" fill="{colour}">{tip}</rect>'
    )


def nice_max(value: float) -> float:
    """A round axis top at or above `value` (1, 2, 2.5, 5 × 10^k), so tick labels are easy to read."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _chart_id(kind: str, *parts: object) -> str:
    """A stable id from the content, so several charts on one page never share title/desc ids."""
    digest = hashlib.sha1(repr((kind, *parts)).encode("utf-8")).hexdigest()[:8]
    return f"mc-{kind}-{digest}"


def _svg(
    kind: str, chart_id: str, height: int, title: str, desc: str, body: Iterable[str], lang: Lang
) -> str:
    say = Say(lang)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="mc-chart mc-chart-{kind}" id="{chart_id}"'
        f' viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d"'
        f' font-family="{say.profile.chart_font}" xml:lang="{say.print_tag}">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
        f'<rect class="mc-bg" x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def _tick_label(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.2f}".rstrip("0")


def _y_axis(frame: _Frame, top: float, unit: str) -> list[str]:
    out = []
    for tick in _ticks(top):
        y = frame.bottom - tick / top * frame.height
        out.append(_line(frame.left, y, frame.right, y, COLOURS["grid"], "mc-grid", width=1))
        out.append(
            _text(frame.left - 4, y + 4, _tick_label(tick), anchor="end", size=12, fill=COLOURS["muted"])
        )
    out.append(_text(4, frame.top - 14, unit, size=12, fill=COLOURS["muted"]))
    out.append(
        _line(frame.left, frame.bottom, frame.right, frame.bottom, COLOURS["axis"], "mc-axis", width=1)
    )
    return out


def _label_step(count: int, room: float, per_label: float) -> int:
    """Show every n-th x label so that labels never overlap."""
    fits = max(1, int(room // per_label))
    return max(1, math.ceil(count / fits))


def _date_label(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _short_date(value: date | str) -> str:
    text = _date_label(value)
    return text[5:] if len(text) == 10 and text[4] == "-" else text


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
    frame = _Frame(left=48, top=34, right=WIDTH - 70, bottom=height - 62)
    if labels is not None:
        names = [_date_label(v) for v in labels]
        shorts = [_short_date(v) for v in labels]
    elif usual:
        names = shorts = [t("charts.usual", lang)]
    else:
        names = shorts = [t("charts.day", lang, n=i + 1) for i in range(len(values))]
    mean = sum(present) / len(present) if present else None
    rolling = trailing_means(values, rolling_window) if rolling_window and present else []
    refs = [v for v in (ear, rda, ai) if v is not None]
    top = nice_max(max([*present, *refs, 1.0]) * 1.08)
    chart_id = _chart_id(kind, values, ear, rda, ai, lang, rda_name, names, rolling_window, title)

    def y_of(v: float) -> float:
        return frame.bottom - v / top * frame.height

    body = _y_axis(frame, top, t("charts.axis_mg", lang))
    rolling_y = [None if v is None else y_of(v) for v in rolling]
    # every horizontal line the value labels must keep clear of: grid, EAR/RDA/AI, the mean
    across = [y_of(tick) for tick in _ticks(top)] + [
        y_of(v) for v in (ear, rda, ai if ear is None else None) if v is not None
    ]
    if mean is not None and show_mean and len(present) > 1:
        across.append(y_of(mean))
    if present:
        slot = frame.width / len(values)
        bar = max(1.0, min(48.0, slot * 0.7))
        step = _label_step(len(values), frame.width, 44 if labels is not None else 40)
        for i, (value, name, short) in enumerate(zip(values, names, shorts, strict=True)):
            x = frame.left + slot * i + (slot - bar) / 2
            if i % step == 0:
                body.append(_text(x + bar / 2, frame.bottom + 15, short, anchor="middle", size=12))
            if value is None:
                continue
            band = _band(value, ear, rda, ai)
            tip = t("charts.bar_tip", lang, label=name, mg=fmt_mg(value))
            body.append(
                _rect(
                    x, y_of(value), bar, frame.bottom - y_of(value), COLOURS[band], f"mc-bar mc-{band}", tip
                )
            )
            if len(values) <= 10:
                label = fmt_mg(value)
                half = _text_width(label, 12) / 2 + 2
                centre = x + bar / 2
                curve = _polyline_span(rolling_y, slot, frame.left, centre - half, centre + half)
                placed_at = _value_label_y(y_of(value), frame, across, curve)
                if placed_at is not None:
                    label_y, inside = placed_at
                    body.append(
                        _text(
                            centre,
                            label_y,
                            label,
                            anchor="middle",
                            size=12,
                            fill="#ffffff" if inside else COLOURS["text"],
                            cls="mc-value",
                        )
                    )
    else:
        body.append(_empty_note(frame, t("charts.no_data", lang), across))
    lines: list[tuple[float, str, str, str | None, str]] = []
    if ear is not None:
        lines.append((ear, t("charts.ear_short", lang, mg=fmt_mg(ear)), COLOURS["ear"], "6 4", "mc-ear"))
    if rda is not None:
        lines.append((rda, f"{rda_name} {fmt_mg(rda)}", COLOURS["rda"], None, "mc-rda"))
    if ai is not None and ear is None:
        lines.append((ai, t("charts.ai_short", lang, mg=fmt_mg(ai)), COLOURS["ai"], "2 3", "mc-ai"))
    if mean is not None and show_mean and len(present) > 1:
        lines.append((mean, t("charts.mean_short", lang, mg=fmt_mg(mean)), COLOURS["mean"], "1 3", "mc-mean"))
    placed: list[float] = []
    for value, label, colour, dash, cls in sorted(lines, key=lambda item: item[0]):
        y = y_of(value)
        body.append(_line(frame.left, y, frame.right, y, colour, f"mc-ref {cls}", width=2, dash=dash))
        label_y = y + 4
        while any(abs(label_y - other) < 12 for other in placed):
            label_y -= 12
        placed.append(label_y)
        body.append(_text(frame.right + 4, label_y, label, size=12, fill=colour, cls=f"mc-label {cls}"))
    if rolling:
        slot = frame.width / len(values)
        points = " ".join(
            f"{_num(frame.left + slot * (i + 0.5))},{_num(y_of(v))}"
            for i, v in enumerate(rolling)
            if v is not None
        )
        body.append(
            f'<polyline class="mc-rolling" points="{points}" fill="none" stroke="{COLOURS["neutral"]}"'
            ' stroke-width="2.5" stroke-linejoin="round"/>'
        )
    body.extend(_intake_legend(frame, height, ear, rda, ai, rda_name, lang, rolling_window))
    desc = _intake_desc(values, names, ear, rda, ai, rda_name, lang, mean, rolling, rolling_window, usual)
    if title is None:
        title = t("charts.trend_title" if rolling_window else "charts.intake_title", lang)
    return _svg(kind, chart_id, height, title, desc, body, lang)


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
    bar_top: float, frame: _Frame, lines: Sequence[float], curve: tuple[float, float] | None
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
    frame: _Frame,
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
        items.append((COLOURS["low"], t("charts.band_low", lang, floor=floor_name)))
    if rda is not None and floor_name is not None:
        items.append((COLOURS["mid"], t("charts.band_mid", lang, floor=floor_name, rda=rda_name)))
    if floor_name is not None or rda is not None:
        items.append(
            (COLOURS["ok"], t("charts.band_ok", lang, level=rda_name if rda is not None else floor_name))
        )
    if rolling_window:
        items.append((COLOURS["neutral"], t("charts.rolling", lang, n=rolling_window)))
    out = []
    x = frame.left
    y = height - 18
    for colour, label in items:
        width = 16 + _text_width(label, 11) + 14
        if x + width > WIDTH - 4:
            x = frame.left
            y += 15
        out.append(_rect(x, y - 9, 10, 10, colour, "mc-legend-key"))
        out.append(_text(x + 14, y, label, size=12, cls="mc-legend"))
        x += width
    return out


def _text_width(text: str, size: int) -> float:
    """A rough width estimate: CJK characters are about one em wide, Latin about 0.56 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.56 for ch in text)


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
        parts = [t("charts.desc_usual", lang, mg=fmt_mg(present[0]))]
    else:
        listed = sep.join(
            t("charts.desc_not_logged", lang, label=n)
            if v is None
            else t("charts.desc_item", lang, label=n, mg=fmt_mg(v))
            for n, v in zip(names, values, strict=True)
        )
        parts = [t("charts.desc_days", lang, n=len(present), items=listed)]
        if mean is not None:
            parts.append(t("charts.desc_mean", lang, mg=fmt_mg(mean)))
        latest = [v for v in rolling if v is not None]
        if latest and rolling_window:
            parts.append(t("charts.desc_rolling", lang, n=rolling_window, mg=fmt_mg(latest[-1])))
    if ear is not None:
        parts.append(t("charts.desc_ear", lang, mg=fmt_mg(ear)))
    if rda is not None:
        parts.append(t("charts.desc_rda", lang, name=rda_name, mg=fmt_mg(rda)))
    if ai is not None and ear is None:
        parts.append(t("charts.desc_ai", lang, mg=fmt_mg(ai)))
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


def _food_name(food: FoodLike, lang: Lang) -> str:
    say = Say(lang)
    return say.name(food) or say.other_name(food) or food.entry


def contributions_chart(
    foods: Sequence[FoodLike], lang: Lang, *, top: int = 8, title: str | None = None
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
    note = _wrap(t("charts.missing_note", lang, n=len(missing)), WIDTH - 16, 12) if missing else []
    height = 56 + max(1, len(rows)) * row_h + 16 * len(note)
    frame = _Frame(left=label_w + 8, top=30, right=WIDTH - 70, bottom=30 + max(1, len(rows)) * row_h)
    chart_id = _chart_id("contrib", rows, missing, lang, title)
    scale = nice_max(max([v for _, v in rows] + [1.0]))
    body: list[str] = []
    if not rows:
        body.append(
            _text(
                WIDTH / 2,
                frame.top + 16,
                t("charts.no_foods", lang),
                anchor="middle",
                size=13,
                fill=COLOURS["muted"],
            )
        )
    for i, (name, mg) in enumerate(rows):
        y = frame.top + i * row_h
        w = mg / scale * frame.width
        share = mg / grand * 100 if grand else 0.0
        body.append(_text(label_w, y + 17, _clip(name, label_w - 4, 12), anchor="end", size=13))
        tip = t("charts.contrib_tip", lang, name=name, mg=fmt_mg(mg), pct=f"{share:.0f}")
        body.append(_rect(frame.left, y + 5, w, row_h - 10, COLOURS["neutral"], "mc-bar mc-contrib", tip))
        body.append(
            _text(
                frame.left + w + 4,
                y + 17,
                t("charts.contrib_value", lang, mg=fmt_mg(mg), pct=f"{share:.0f}"),
                size=12,
            )
        )
    body.append(_line(frame.left, frame.top, frame.left, frame.bottom, COLOURS["axis"], "mc-axis", width=1))
    body.append(_text(8, 18, t("charts.contrib_axis", lang), size=12, fill=COLOURS["muted"]))
    for i, line in enumerate(note):
        y = height - 10 - 16 * (len(note) - 1 - i)
        body.append(_text(8, y, line, size=12, fill=COLOURS["muted"], cls="mc-note"))
    sep = Say(lang).semicolon
    items = sep.join(
        t(
            "charts.contrib_item",
            lang,
            name=name,
            mg=fmt_mg(mg),
            pct=f"{(mg / grand * 100 if grand else 0):.0f}",
        )
        for name, mg in rows
    )
    parts = [
        t("charts.contrib_desc", lang, total=fmt_mg(grand), items=items)
        if rows
        else t("charts.no_foods", lang)
    ]
    if missing:
        parts.append(t("charts.missing_desc", lang, n=len(missing), entries=sep.join(missing)))
    desc = Say(lang).stops(parts)
    return _svg("contrib", chart_id, height, title or t("charts.contrib_title", lang), desc, body, lang)


def _wrap(text: str, room: float, size: int) -> list[str]:
    """Break `text` into lines that fit `room` units: at spaces for Latin text, anywhere for Chinese."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if _text_width(line + ch, size) > room and line:
            cut = line.rfind(" ")
            if ch != " " and cut > 0 and ord(ch) < 0x2E80:
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line.rstrip())
                line = ""
            if ch == " ":
                continue
        line += ch
    if line.strip():
        lines.append(line.strip())
    return lines


def _clip(text: str, room: float, size: int) -> str:
    """Shorten a label with an ellipsis so it fits `room` units (the full name stays in <title>/<desc>)."""
    if _text_width(text, size) <= room:
        return text
    out = ""
    for ch in text:
        if _text_width(out + ch + "…", size) > room:
            break
        out += ch
    return out.rstrip() + "…"


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
    frame = _Frame(left=48, top=30, right=WIDTH - 20, bottom=height - 40)
    top = max_value if max_value and max_value > 0 else nice_max(max([*values, 1.0]))
    chart_id = _chart_id("burden", [_date_label(d) for d in dates], values, lang, top)

    def y_of(v: float) -> float:
        return frame.bottom - min(v, top) / top * frame.height

    body = _y_axis(frame, top, t("charts.burden_axis", lang))
    if not values:
        body.append(_empty_note(frame, t("charts.no_checkins", lang)))
    else:
        slot = frame.width / len(values)
        xs = [frame.left + slot * (i + 0.5) for i in range(len(values))]
        if len(values) > 1:
            points = " ".join(f"{_num(x)},{_num(y_of(v))}" for x, v in zip(xs, values, strict=True))
            body.append(
                f'<polyline class="mc-burden" points="{points}" fill="none" stroke="{COLOURS["neutral"]}"'
                ' stroke-width="2" stroke-linejoin="round"/>'
            )
        step = _label_step(len(values), frame.width, 44)
        for i, (x, v, d) in enumerate(zip(xs, values, dates, strict=True)):
            tip = t("charts.burden_tip", lang, label=_date_label(d), value=f"{v:.2f}")
            body.append(
                f'<circle class="mc-point" cx="{_num(x)}" cy="{_num(y_of(v))}" r="4"'
                f' fill="{COLOURS["neutral"]}"><title>{escape(tip)}</title></circle>'
            )
            if i % step == 0:
                body.append(_text(x, frame.bottom + 15, _short_date(d), anchor="middle", size=12))
    sep = Say(lang).semicolon
    items = sep.join(
        t("charts.burden_item", lang, label=_date_label(d), value=f"{v:.2f}")
        for d, v in zip(dates, values, strict=True)
    )
    desc = (
        t("charts.burden_desc", lang, n=len(values), items=items, top=f"{top:g}")
        if values
        else t("charts.no_checkins", lang)
    )
    return _svg("burden", chart_id, height, t("charts.burden_title", lang), desc, body, lang)


@dataclass(frozen=True)
class MdsPart:
    """One MDS component for the chart: its id, name, points (None when unknown) and the most it can add."""

    id: str
    name: str
    points: int | None
    max_points: int


def mds_chart(parts: Sequence[MdsPart], score: int, max_possible: int, lang: Lang) -> str:
    """A single stacked bar on the full range of the score: the points each known MDS component adds.

    Unknown components are drawn at their maximum in grey, so the reader sees how far the score could rise
    if the missing answers turned out positive. The range is the sum of the components' maxima (from the
    knowledge base, passed in `parts`), so the chart never needs its own copy of the scoring table.
    """
    height = 172
    frame = _Frame(left=16, top=38, right=WIDTH - 16, bottom=70)
    scale = max(sum(p.max_points for p in parts), 1)
    chart_id = _chart_id("mds", [(p.id, p.points, p.max_points) for p in parts], score, max_possible, lang)
    body = [_text(16, 24, t("charts.mds_score", lang, score=score, max=max_possible), size=13, weight="bold")]
    x = frame.left
    for part in parts:
        known = part.points is not None
        points = part.points if part.points is not None else part.max_points
        if points <= 0:
            continue
        w = points / scale * frame.width
        name = part.name
        tip = (
            t("charts.mds_tip", lang, name=name, points=points)
            if known
            else t("charts.mds_unknown_tip", lang, name=name, points=points)
        )
        colour = COLOURS["low"] if known else COLOURS["unknown"]
        body.append(
            _rect(x, frame.top, w, frame.height, colour, "mc-mds" if known else "mc-mds mc-unknown", tip)
        )
        body.append(_line(x + w, frame.top, x + w, frame.bottom, "#ffffff", "mc-sep", width=2))
        label = f"{name} +{points}" if known else f"{name} ?"
        body.append(
            _text(x + w / 2, frame.bottom + 16, _clip(label, max(w, 40), 11), anchor="middle", size=12)
        )
        x += w
    body.append(
        f'<rect class="mc-frame" x="{_num(frame.left)}" y="{_num(frame.top)}" width="{_num(frame.width)}"'
        f' height="{_num(frame.height)}" fill="none" stroke="{COLOURS["axis"]}" stroke-width="1"/>'
    )
    for tick in range(0, scale + 1):
        tx = frame.left + tick / scale * frame.width
        body.append(_text(tx, frame.bottom + 34, str(tick), anchor="middle", size=11, fill=COLOURS["muted"]))
    absent = [p.name for p in parts if p.points == 0]
    if absent:
        body.append(
            _text(
                16,
                height - 40,
                t("charts.mds_absent", lang, names=Say(lang).listing(absent)),
                size=12,
                fill=COLOURS["muted"],
                cls="mc-note",
            )
        )
    body.append(_rect(16, height - 22, 10, 10, COLOURS["low"], "mc-legend-key"))
    body.append(_text(30, height - 13, t("charts.mds_known", lang), size=12, cls="mc-legend"))
    body.append(_rect(180, height - 22, 10, 10, COLOURS["unknown"], "mc-legend-key"))
    body.append(_text(194, height - 13, t("charts.mds_unknown", lang), size=12, cls="mc-legend"))
    sep = Say(lang).semicolon
    items = sep.join(
        t("charts.mds_item", lang, name=p.name, points=p.points)
        if p.points is not None
        else t("charts.mds_item_unknown", lang, name=p.name)
        for p in parts
    )
    desc = t("charts.mds_desc", lang, score=score, max=max_possible, items=items)
    return _svg("mds", chart_id, height, t("charts.mds_title", lang), desc, body, lang)


def mds_most() -> dict[str, int]:
    """The most points each MDS component can add (from the knowledge base)."""
    from magcheck.knowledge.loader import load_knowledge

    return load_knowledge().mds.most()


def mds_names(lang: Lang) -> dict[str, str]:
    """Each MDS component's short name (the chart's label) in `lang`."""
    from magcheck.knowledge.loader import load_knowledge

    return {c.id: c.short_name.get(lang) for c in load_knowledge().mds.component}


def mds_parts(assessment: Assessment, lang: Lang) -> list[MdsPart]:
    """The assessment's MDS components with their names and the most each can add, for the stacked bar."""
    most, names = mds_most(), mds_names(lang)
    return [
        MdsPart(c.id, names[c.id], c.points if c.known else None, most[c.id])
        for c in assessment.mds.components
    ]


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
