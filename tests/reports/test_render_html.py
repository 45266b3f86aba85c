"""The HTML report: the figures a clinician needs, in the person's language, self-contained and offline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from report_samples import EAR, RDA, make_assessment, make_history

from magcheck.i18n import Lang, t
from magcheck.reports.render import render_html
from magcheck.service.knowledge import mds_names

PREPARED = date(2026, 11, 25)


class _Assets(HTMLParser):
    """Collects what a browser would fetch: src/srcset, <link href>, <object data>, CSS url()/@import."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts = 0
        self.in_style = False
        self.css = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "style":
            self.in_style = True
        for name in ("src", "srcset", "data", "poster", "background"):
            if values.get(name):
                self.fetches.append(str(values[name]))
        if tag == "link" and values.get("href"):
            self.fetches.append(str(values["href"]))
        if tag in ("image", "use") and (values.get("href") or values.get("xlink:href")):
            self.fetches.append(str(values.get("href") or values.get("xlink:href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.css += data


def test_report_has_no_external_assets_and_no_script(lang: Lang) -> None:
    html = render_html(make_assessment(lang), history=make_history(), prepared=PREPARED)
    parser = _Assets()
    parser.feed(html)
    assert parser.fetches == []
    assert parser.scripts == 0
    assert "url(" not in parser.css and "@import" not in parser.css
    assert parser.css.count("@page") == 1  # print CSS is inline


def test_key_figures_are_in_the_report(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    mg = "每天 {} 毫克" if lang == "zh" else "{} mg/day"
    for figure in (mg.format(f"{EAR:.0f}"), mg.format(f"{RDA:.0f}"), mg.format("320"), "84%"):
        assert figure in html
    assert t("report.mds.score", lang, score=1, min=1, max=2, level=t("report.mds.level_low", lang)) in html
    assert "2 mg/dL" in html and "0.82 mmol/L" in html


def test_probability_is_explained_in_plain_words(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    expected = t("report.adequacy.plain", lang, n=t("report.adequacy.day_many", lang, n=3), pct="84")
    assert expected in html


def test_headings_are_in_the_chosen_language(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    for key in (
        "summary",
        "requirement",
        "mds",
        "signs",
        "plan",
        "labs",
        "method",
        "references",
        "disclaimer",
    ):
        assert f">{t(f'report.{key}.heading', lang)}</h2>" in html
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html
    if lang == "zh":
        assert "Noto Sans CJK SC" in html.split("html {", 1)[1].split("}", 1)[0]


def test_warnings_come_before_everything_else(lang: Lang) -> None:
    html = render_html(make_assessment(lang, red_flag=True), prepared=PREPARED)
    flag = make_assessment(lang, red_flag=True).red_flags[0]

    def pos(key: str) -> int:
        return html.index(f">{t(f'report.{key}.heading', lang)}</h2>")

    assert pos("warnings") < pos("summary") < pos("requirement")
    assert flag.text in html and flag.action in html
    assert t("report.warnings.heading", lang) not in render_html(make_assessment(lang), prepared=PREPARED)


def test_signs_show_evidence_grades_and_other_causes(lang: Lang) -> None:
    a = make_assessment(lang)
    html = render_html(a, prepared=PREPARED)
    sign = a.signs.items[0]
    assert sign.name in html and sign.evidence_cause in html and sign.evidence_supplement in html
    assert ("、" if lang == "zh" else ", ").join(sign.other_causes) in html
    assert t("report.signs.freq_often", lang) in html


def test_plan_supplement_safety_notes_references_and_disclaimer_are_all_there(lang: Lang) -> None:
    a = make_assessment(lang)
    html = render_html(a, prepared=PREPARED)
    assert a.plan is not None and a.plan.supplement is not None
    assert a.plan.supplement.cautions[0] in html
    assert ("南瓜子" if lang == "zh" else "Pumpkin seeds") in html
    for ref in a.sources:
        assert f'id="ref-{ref.id}"' in html and ref.citation in html
    assert a.disclaimer in html
    assert html.index(a.disclaimer) > html.index(t("report.references.heading", lang))


def test_method_note_names_the_method_parameters_and_versions(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    method = html.split(t("report.method.heading", lang), 1)[1]
    assert "26.5" in method and "86" in method and "n = 3" in method
    assert "2026.11.25-1" in method and "IOM 1997" in method
    assert "24.305" in method and "0.75" in method and "0.95" in method  # from knowledge/labs.toml
    assert "AUC 0.63" in method  # the MDS validation is stated, not hidden


def test_person_name_only_when_given_and_escaped_everywhere(lang: Lang) -> None:
    a = make_assessment(lang)
    without = render_html(a, prepared=PREPARED)
    assert t("report.for_person", lang, name="").strip("：: ") not in without
    name = 'Ann "<script>" </style>'
    html = render_html(a, person_name=name, prepared=PREPARED)
    assert "<script>" not in html and html.count("</style>") == 1
    assert "Ann &#34;&lt;script&gt;&#34; &lt;/style&gt;" in html
    assert "Ann \\22 \\3c script\\3e \\22  \\3c /style\\3e " in html  # page header in CSS escapes
    assert render_html(a, person_name="   ", prepared=PREPARED) == without


def test_prepared_date_in_the_locale_format(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    assert ("2026年11月25日" if lang == "zh" else "25 November 2026") in html


def test_charts_in_the_report_parse_and_describe_their_numbers(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 3  # intake, contributions, MDS
    descs = []
    for svg in svgs:
        desc = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}desc")
        assert desc is not None
        descs.append(desc.text or "")
    joined = " ".join(descs)
    for value in ("290", "330", "340", "265", "320", "156"):
        assert value in joined


def test_history_gives_a_trend_chart_burden_chart_and_lab_table(lang: Lang) -> None:
    history = make_history(30)
    html = render_html(make_assessment(lang), history=history, prepared=PREPARED)
    assert t("report.charts.trend", lang) in html and t("report.charts.burden", lang) in html
    assert 'class="mc-rolling"' in html
    assert "2026-10-03" in html and "1.9 mg/dL" in html and "0.78 mmol/L" in html
    assert t("report.charts.intake", lang) not in html


def test_output_is_deterministic_for_a_fixed_date(lang: Lang) -> None:
    a = make_assessment(lang)
    assert render_html(a, prepared=PREPARED) == render_html(a, prepared=PREPARED)


def test_usual_intake_and_missing_parts_render_without_errors() -> None:
    a = make_assessment("en", foods=False)
    bare = a.model_copy(
        update={
            "labs": None,
            "plan": None,
            "intake": a.intake.model_copy(
                update={"source": "usual", "days": 1, "daily_mg": [], "mean_mg": 280.0}
            ),
            "signs": a.signs.model_copy(update={"items": [], "reported": 0}),
        }
    )
    html = render_html(bare, prepared=PREPARED)
    assert t("report.labs.none", "en") in html and t("report.plan.none", "en") in html
    assert t("report.signs.none", "en") in html
    assert t("report.adequacy.plain_usual", "en", pct="84") in html
    assert "Usual magnesium intake: 280 mg per day" in html


def test_language_must_match_the_assessment_and_paper_is_checked() -> None:
    with pytest.raises(ValueError):
        render_html(make_assessment("en"), "zh")
    with pytest.raises(ValueError):
        render_html(make_assessment("en"), paper="A5")  # type: ignore[arg-type]  # a bad paper on purpose
    letter = render_html(make_assessment("en"), paper="Letter", prepared=PREPARED)
    assert "size: Letter;" in letter


def test_every_adequacy_conclusion_of_the_core_has_a_label_in_both_languages() -> None:
    from magcheck.core.adequacy import conclusion_for

    produced = {conclusion_for(z / 10) for z in range(-40, 41)}
    produced |= {"no_intake", "at_or_above_ai", "likely_at_or_above_ai", "no_conclusion"}
    for lang in ("en", "zh"):
        for conclusion in produced:
            assert t(f"report.adequacy.conclusion_{conclusion}", lang)


def test_the_conclusion_is_shown_as_words_not_as_an_id(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    assert t("report.adequacy.conclusion_uncertain", lang) in html
    assert ">uncertain<" not in html


def test_every_cited_source_is_in_the_reference_list_for_a_real_assessment(lang: Lang) -> None:
    from magcheck.core.models import AssessmentInput
    from magcheck.service.assessment import assess

    inp = AssessmentInput.model_validate(
        {
            "profile": {"age_years": 40, "sex": "female"},
            "intake": {"days": [["30 g almonds", "100 g spinach"], ["200 g tofu"]]},
            "supplements": [{"compound": "magnesium citrate", "compound_mg": 500}],
            "signs": {"muscle_cramps": "often", "headaches": "sometimes"},
            "medications": ["furosemide", "omeprazole"],
            "labs": {"serum_magnesium": {"value": 1.7, "unit": "mg/dL"}},
        }
    )
    html = render_html(assess(inp, lang), prepared=PREPARED)
    cited = {
        s.strip()
        for group in re.findall(r'<span class="cite">\[([^\]]+)\]</span>', html)
        for s in group.split(",")
    }
    listed = set(re.findall(r'<li id="ref-([^"]+)">', html))
    assert cited and cited <= listed, cited - listed


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Structure(HTMLParser):
    """Checks what a validator would: balanced elements, unique ids, labels that point at real ids."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.labelled: list[str] = []

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        self.labelled += str(values.get("aria-labelledby") or "").split()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(attrs)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()


def test_report_html_is_well_formed_with_valid_css(lang: Lang) -> None:
    import tinycss2

    html = render_html(make_assessment(lang, red_flag=True), history=make_history(), prepared=PREPARED)
    checker = _Structure()
    checker.feed(html)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert len(checker.ids) == len(set(checker.ids))
    assert set(checker.labelled) <= set(checker.ids)
    css = html.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    assert not [r for r in rules if r.type == "error"]
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_blocks_contents(
                rule.content, skip_whitespace=True, skip_comments=True
            )
            assert not [d for d in declarations if d.type == "error"], tinycss2.serialize(rule.prelude)


def test_unknown_mds_parts_are_named_so_the_reader_can_narrow_the_range(lang: Lang) -> None:
    html = render_html(make_assessment(lang), prepared=PREPARED)
    names = mds_names(lang)["heavy_drinking"]  # the component's short name, from mds.toml
    assert t("report.mds.unknown_parts", lang, names=names) in html
