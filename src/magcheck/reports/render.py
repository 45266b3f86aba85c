"""Turn an `Assessment` into the shareable report: one Jinja2 template for both HTML and PDF.

The HTML is self-contained (inline CSS, inline SVG charts, no external assets), so it can be mailed or
opened offline; the PDF is that same HTML laid out by WeasyPrint with print CSS (paper size, page
numbers, date). WeasyPrint is imported only when a PDF is asked for, and it is given a URL fetcher
that refuses every fetch: a report never touches the network.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, ParamSpec

import jinja2
from markupsafe import Markup

import magcheck
from magcheck.core.models import Assessment
from magcheck.core.signs import BURDEN_MAX
from magcheck.core.vocabulary import PAPERS, Paper
from magcheck.i18n import Lang, Say, t
from magcheck.reports.charts import bars, intake, mds
from magcheck.service.knowledge import mds_names
from magcheck.service.report import ReportHistory, method, references

P = ParamSpec("P")

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class _Chart:
    caption: str
    svg: str


_CSS_ESCAPES = {
    "\\": "\\5c ",
    '"': "\\22 ",
    "'": "\\27 ",
    "<": "\\3c ",
    ">": "\\3e ",
    "&": "\\26 ",
    "\n": " ",
}


def _css_string(value: str) -> Markup:
    """Text made safe inside a CSS string in a <style> element (page headers carry the person's name).

    HTML escaping does not apply inside <style>, so quotes, backslashes and the characters that could
    close the element are written as CSS escapes instead.
    """
    return Markup("".join(_CSS_ESCAPES.get(ch, ch) for ch in value))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = _css_string
    return env


def format_date(day: date, lang: Lang) -> str:
    months = t("report.months", lang).split(",")
    return t(
        "report.date_format",
        lang,
        day=day.day,
        month_name=months[day.month - 1],
        year=day.year,
    )


def _fmt(value: float) -> str:
    return f"{value:.0f}"


def _num(value: float) -> str:
    """A lab value as entered: no trailing zeros, at most three decimals."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _pct(probability: float) -> str:
    """Whole percent, but never a misleading 0 % or 100 % for a probability strictly in between."""
    value = probability * 100
    if 0 < value < 1:
        return "<1"
    if 99 < value < 100:
        return ">99"
    return f"{value:.0f}"


def _charts(assessment: Assessment, lang: Lang, history: ReportHistory | None) -> list[_Chart]:
    req = assessment.requirement
    out = []
    if history is not None and history.dates:
        svg = intake.trend_chart(
            history.dates, history.daily_mg, req.ear_mg, req.rda_mg, lang, ai=req.ai_mg, rda_name=req.rda_name
        )
        out.append(_Chart(t("report.charts.trend", lang), svg))
    else:
        out.append(_Chart(t("report.charts.intake", lang), intake.assessment_intake_chart(assessment, lang)))
    foods = assessment.intake.foods or (list(history.foods) if history is not None else [])
    if foods:
        out.append(
            _Chart(
                t("report.charts.contributions", lang),
                bars.contributions_chart(foods, lang),
            )
        )
    if history is not None and history.checkin_dates:
        out.append(
            _Chart(
                t("report.charts.burden", lang),
                bars.burden_chart(history.checkin_dates, history.burden, lang, max_value=BURDEN_MAX),
            )
        )
    return out


def _plain_probability(assessment: Assessment, lang: Lang) -> str | None:
    probability = assessment.adequacy.probability_adequate
    if probability is None:
        return None
    if assessment.intake.source == "usual":
        return t("report.adequacy.plain_usual", lang, pct=_pct(probability))
    n = assessment.adequacy.n_days
    days = t("report.adequacy.day_one", lang) if n == 1 else t("report.adequacy.day_many", lang, n=n)
    return t("report.adequacy.plain", lang, n=days, pct=_pct(probability))


def render_html(
    assessment: Assessment,
    lang: Lang | None = None,
    history: ReportHistory | None = None,
    person_name: str | None = None,
    *,
    prepared: date | None = None,
    paper: Paper = "A4",
    clinicians: Sequence[str] = (),
) -> str:
    """The report as one self-contained HTML document in the assessment's language.

    `lang` must match the language the assessment was made in (its texts are already rendered); the
    person's name appears only when given; `prepared` defaults to today (fix it for reproducible output).
    """
    lang = lang or assessment.lang
    if lang != assessment.lang:
        raise ValueError(f"the assessment was made in {assessment.lang!r}, not {lang!r}")
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    name = person_name.strip() if person_name and person_name.strip() else None

    say = Say(lang)

    def message(key: str, **params: Any) -> str:
        return say(f"report.{key}", **params)

    notes = method(assessment, lang)
    context = {
        "a": assessment,
        "lang": lang,
        "say": say,
        "html_lang": say.print_tag,
        "_": message,
        "safety": lambda key: say(f"safety.{key}"),
        "t": say,
        "fmt": _fmt,
        "num": _num,
        "pct": _pct,
        "colon": say.colon,
        "sep": say.comma,
        "person_name": name,
        # practice mode: the clinicians the record is shared with are named under the title
        "shared_with": t("accounts.report.shared_with", lang, names=", ".join(clinicians))
        if clinicians
        else None,
        "prepared_date": format_date(prepared or date.today(), lang),
        "paper": paper,
        "font_stack": Markup(say.profile.print_font),
        "app_version": magcheck.__version__,
        "charts": _charts(assessment, lang, history),
        "mds_svg": mds.mds_chart(
            mds.mds_parts(assessment, lang), assessment.mds.score, assessment.mds.max_possible, lang
        )
        if assessment.mds.components
        else None,
        "plain_probability": _plain_probability(assessment, lang),
        "mds_unknown": [mds_names(lang)[part] for part in assessment.mds.unknown],
        "method": notes,
        "references": references(assessment, notes),
        "history": history,
    }
    return _environment().get_template("report.html").render(context)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"magcheck reports never fetch external resources ({url})")


def _printed(render: Callable[P, str]) -> Callable[P, bytes]:
    """The PDF twin of an HTML renderer: the same arguments, the same page, printed by WeasyPrint."""

    def pdf(*args: P.args, **kwargs: P.kwargs) -> bytes:
        """The same report as a PDF (WeasyPrint), with embedded fonts; CJK text uses Noto Sans CJK SC."""
        html = render(*args, **kwargs)
        # lazy: WeasyPrint takes ≈ 450 ms to import; the web app and the HTML reports never pay it
        from weasyprint import HTML

        out = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
        assert out is not None
        return bytes(out)

    return pdf


render_pdf = _printed(render_html)
