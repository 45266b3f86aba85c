"""The magnesium depletion score as a stacked bar: each component's points out of the most it can add."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from magcheck.i18n import Lang, Say, t
from magcheck.reports.charts import svg
from magcheck.service.knowledge import mds_most, mds_names

if TYPE_CHECKING:
    from magcheck.core.models import Assessment


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
    frame = svg.Frame(left=16, top=38, right=svg.WIDTH - 16, bottom=70)
    scale = max(sum(p.max_points for p in parts), 1)
    chart_id = svg.make_chart_id(
        "mds", [(p.id, p.points, p.max_points) for p in parts], score, max_possible, lang
    )
    body = [
        svg.svg_text(
            16, 24, t("charts.mds_score", lang, score=score, max=max_possible), size=13, weight="bold"
        )
    ]
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
        colour = svg.COLOURS["low"] if known else svg.COLOURS["unknown"]
        body.append(
            svg.svg_rect(
                x, frame.top, w, frame.height, colour, "mc-mds" if known else "mc-mds mc-unknown", tip
            )
        )
        body.append(svg.svg_line(x + w, frame.top, x + w, frame.bottom, "#ffffff", "mc-sep", width=2))
        label = f"{name} +{points}" if known else f"{name} ?"
        body.append(
            svg.svg_text(
                x + w / 2, frame.bottom + 16, svg.clip(label, max(w, 40), 11), anchor="middle", size=12
            )
        )
        x += w
    body.append(
        f'<rect class="mc-frame" x="{svg.num(frame.left)}" y="{svg.num(frame.top)}"'
        f' width="{svg.num(frame.width)}" height="{svg.num(frame.height)}" fill="none"'
        f' stroke="{svg.COLOURS["axis"]}" stroke-width="1"/>'
    )
    for tick in range(0, scale + 1):
        tx = frame.left + tick / scale * frame.width
        body.append(
            svg.svg_text(
                tx, frame.bottom + 34, str(tick), anchor="middle", size=11, fill=svg.COLOURS["muted"]
            )
        )
    absent = [p.name for p in parts if p.points == 0]
    if absent:
        body.append(
            svg.svg_text(
                16,
                height - 40,
                t("charts.mds_absent", lang, names=Say(lang).listing(absent)),
                size=12,
                fill=svg.COLOURS["muted"],
                cls="mc-note",
            )
        )
    body.append(svg.svg_rect(16, height - 22, 10, 10, svg.COLOURS["low"], "mc-legend-key"))
    body.append(svg.svg_text(30, height - 13, t("charts.mds_known", lang), size=12, cls="mc-legend"))
    body.append(svg.svg_rect(180, height - 22, 10, 10, svg.COLOURS["unknown"], "mc-legend-key"))
    body.append(svg.svg_text(194, height - 13, t("charts.mds_unknown", lang), size=12, cls="mc-legend"))
    sep = Say(lang).semicolon
    items = sep.join(
        t("charts.mds_item", lang, name=p.name, points=p.points)
        if p.points is not None
        else t("charts.mds_item_unknown", lang, name=p.name)
        for p in parts
    )
    desc = t("charts.mds_desc", lang, score=score, max=max_possible, items=items)
    return svg.svg_document("mds", chart_id, height, t("charts.mds_title", lang), desc, body, lang)


def mds_parts(assessment: Assessment, lang: Lang) -> list[MdsPart]:
    """The assessment's MDS components with their names and the most each can add, for the stacked bar."""
    most, names = mds_most(), mds_names(lang)
    return [
        MdsPart(c.id, names[c.id], c.points if c.known else None, most[c.id])
        for c in assessment.mds.components
    ]
