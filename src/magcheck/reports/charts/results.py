"""The charts of the results page: server-side SVG (no script, so the page's CSP stays strict)."""

from __future__ import annotations

from magcheck.core.models import Assessment
from magcheck.i18n import Lang
from magcheck.reports.charts.bars import contributions_chart
from magcheck.reports.charts.intake import assessment_intake_chart
from magcheck.reports.charts.mds import mds_chart, mds_parts
from magcheck.service.knowledge import mds_most


def result_charts(assessment: Assessment, lang: Lang) -> dict[str, str]:
    """The intake, contributions and MDS charts of one assessment ("" for a chart with nothing to show)."""
    intake = assessment.intake
    out: dict[str, str] = {"intake_svg": "", "contributions_svg": "", "mds_svg": ""}
    if intake.daily_mg or intake.mean_mg is not None:
        out["intake_svg"] = assessment_intake_chart(assessment, lang)
    if intake.foods:
        out["contributions_svg"] = contributions_chart(intake.foods, lang)
    if assessment.mds.components:
        parts = mds_parts(assessment, lang)
        out["mds_svg"] = mds_chart(parts, assessment.mds.score, sum(mds_most().values()), lang)
    return out
