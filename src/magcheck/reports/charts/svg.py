"""The SVG building blocks every chart shares: frame, axes, labels, colours, fonts and text measuring.

Colours are presentation attributes (never `style=`), so an inlined chart passes a strict CSP; text widths
are estimated per script so labels can be wrapped or clipped without a font at hand.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Protocol

from magcheck.i18n import Lang, Say

if TYPE_CHECKING:
    pass


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
    """What the contributions chart reads from a food-log entry (``FoodEntryResult``, frozen, fits)."""

    @property
    def entry(self) -> str: ...
    @property
    def name_en(self) -> str | None: ...
    @property
    def name_zh(self) -> str | None: ...
    @property
    def mg(self) -> float | None: ...


@dataclass(frozen=True)
class Frame:
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


def num(value: float) -> str:
    """Coordinates with at most one decimal: short, stable output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def fmt_mg(value: float) -> str:
    """Milligrams as shown to people: whole numbers."""
    return f"{value:.0f}"


def svg_text(
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
        f'<text class="{cls}" x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-size="{size}"'
        f' fill="{fill}"{bold}>{escape(content)}</text>'
    )


def empty_note(frame: Frame, message: str, avoid: Sequence[float] = ()) -> str:
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
    return svg_text(
        frame.left + frame.width / 2, baseline, message, anchor="middle", size=14, fill=COLOURS["muted"]
    )


def svg_line(
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
        f'<line class="{cls}" x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"'
        f' stroke="{colour}" stroke-width="{num(width)}"{dashed}/>'
    )


def svg_rect(x: float, y: float, w: float, h: float, colour: str, cls: str, title: str | None = None) -> str:
    tip = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<rect class="{cls}" x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}"'
        f' height="{num(max(h, 0))}" fill="{colour}">{tip}</rect>'
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


def ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def make_chart_id(kind: str, *parts: object) -> str:
    """A stable id from the content, so several charts on one page never share title/desc ids."""
    digest = hashlib.sha1(repr((kind, *parts)).encode("utf-8")).hexdigest()[:8]
    return f"mc-{kind}-{digest}"


def svg_document(
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


def tick_label(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.2f}".rstrip("0")


def y_axis(frame: Frame, top: float, unit: str) -> list[str]:
    out = []
    for tick in ticks(top):
        y = frame.bottom - tick / top * frame.height
        out.append(svg_line(frame.left, y, frame.right, y, COLOURS["grid"], "mc-grid", width=1))
        out.append(
            svg_text(frame.left - 4, y + 4, tick_label(tick), anchor="end", size=12, fill=COLOURS["muted"])
        )
    out.append(svg_text(4, frame.top - 14, unit, size=12, fill=COLOURS["muted"]))
    out.append(
        svg_line(frame.left, frame.bottom, frame.right, frame.bottom, COLOURS["axis"], "mc-axis", width=1)
    )
    return out


def label_step(count: int, room: float, per_label: float) -> int:
    """Show every n-th x label so that labels never overlap."""
    fits = max(1, int(room // per_label))
    return max(1, math.ceil(count / fits))


def date_label(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def short_date(value: date | str) -> str:
    text = date_label(value)
    return text[5:] if len(text) == 10 and text[4] == "-" else text


def text_width(text: str, size: int) -> float:
    """A rough width estimate: CJK characters are about one em wide, Latin about 0.56 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.56 for ch in text)


def wrap(text: str, room: float, size: int) -> list[str]:
    """Break `text` into lines that fit `room` units: at spaces for Latin text, anywhere for Chinese."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if text_width(line + ch, size) > room and line:
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


def clip(text: str, room: float, size: int) -> str:
    """Shorten a label with an ellipsis so it fits `room` units (the full name stays in <title>/<desc>)."""
    if text_width(text, size) <= room:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > room:
            break
        out += ch
    return out.rstrip() + "…"
