"""Each case of issue 11's "Why" list, reproduced as it was reported, with what magcheck must answer now.

Expected answers come from the sources (shared/spec README decisions, clinical.md), not from the code.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from magcheck.core.errors import InputError
from magcheck.core.models import AssessmentInput
from magcheck.core.supplements import read_label, supplement_lines
from magcheck.i18n import Lang
from magcheck.knowledge.loader import load_knowledge
from magcheck.reports.render import render_html
from magcheck.service import report as report_data
from magcheck.service.assessment import assess
from magcheck.web.app import create_app

WOMAN = {"age_years": 40, "sex": "female"}
# "unverified" / "from memory" in either language must never reach a user
HEDGES = re.compile(r"from memory|unverified|凭记忆|未核实|未经核实", re.I)


def _assess(data: dict[str, Any], lang: Lang = "en") -> Any:
    return assess(AssessmentInput.model_validate(data), lang)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


def _token(client: TestClient) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/assess").text)
    assert match
    return match.group(1)


def test_serum_1_2_mmol_per_l_gives_no_dose_and_says_stop_until_a_clinician_has_looked() -> None:
    out = _assess({"profile": WOMAN, "intake": {"usual_mg": 150}, "labs": {"serum_magnesium": {"value": 1.2,
                   "unit": "mmol/L"}}})  # fmt: skip
    assert out.plan.supplement is None and out.plan.supplement_reason_id == "serum_high"
    assert "do not add magnesium" in out.supplement_gate.text and "stop" in out.supplement_gate.text
    assert out.status.level == "high_concern"  # above 0.95 (the red flag is reserved for >= 1.74)
    assert out.red_flags == []
    toxic = _assess({"profile": WOMAN, "labs": {"serum_magnesium": {"value": 1.8, "unit": "mmol/L"}}})
    assert [f.id for f in toxic.red_flags] == ["lab_toxic"] and toxic.status.level == "seek_care"


def test_egfr_55_web_page_sizes_no_dose_and_names_the_kidneys(client: TestClient) -> None:
    form = {"profile.age_years": "40", "profile.sex": "female", "profile.state": "none", "standard": "us",
            "intake.mode": "usual", "intake.usual_mg": "150", "egfr": "55"}  # fmt: skip
    page = client.post("/assess?lang=en", data={"csrf_token": _token(client), **form}).text
    assert "mg elemental magnesium a day as" not in page  # the old sized option ("220 mg citrate …")
    gate = re.search(r'data-testid="supplement-gate">(.*?)</section>', page, re.S)
    assert gate and "eGFR of 55 is below 60" in htmllib.unescape(gate.group(1))
    out = _assess({"profile": WOMAN, "intake": {"usual_mg": 150}, "egfr": 55})
    assert out.plan.supplement is None and out.supplement_gate.dose_allowed is False


def test_age_and_sex_only_is_not_low_concern() -> None:
    out = _assess({"profile": WOMAN})
    assert out.status.level == "insufficient_information" and len(out.status.next_answers) == 2


def test_5000_kg_spinach_9999_g_almonds_40_drinks_are_refused_not_low_concern() -> None:
    with pytest.raises(InputError) as info:
        _assess({"profile": WOMAN, "intake": {"days": [["5000 kg spinach, cooked", "9999 g almonds"]]},
                 "alcohol_drinks_per_day": 40})  # fmt: skip
    codes = {p.code for p in info.value.problems}
    assert {"safety.plausible.entry_grams", "safety.plausible.food_total", "safety.plausible.drinks"} <= codes


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kidney_and_serum_refusals_name_their_own_reason_not_a_warning_sign(lang: Lang) -> None:
    wrong = "warning sign" if lang == "en" else "危险信号"
    for data in (
        {"egfr": 25},
        {"conditions": ["kidney_disease"]},
        {"labs": {"serum_magnesium": {"value": 0.6, "unit": "mmol/L"}}},
        {"labs": {"serum_magnesium": {"value": 1.2, "unit": "mmol/L"}}},
    ):
        out = _assess({"profile": WOMAN, "intake": {"usual_mg": 150}, "supplements": [{"elemental_mg": 100}],
                       **data}, lang)  # fmt: skip
        for text in (out.supplement_gate.text, out.plan.supplement_reason, out.supplements.gate_reason):
            assert wrong not in text, (data, text)


def test_no_user_facing_text_hedges_with_from_memory_or_unverified() -> None:
    knowledge = load_knowledge()
    for sign in knowledge.signs:
        for part in (
            sign.evidence_cause.text,
            sign.evidence_supplement.text,
            sign.explanation,
            sign.mechanism,
        ):
            assert not HEDGES.search(part.en) and not HEDGES.search(part.zh), sign.id
    for klass in knowledge.medications:
        for text in (klass.effect, klass.spacing):
            if text is not None:
                assert not HEDGES.search(text.en) and not HEDGES.search(text.zh), klass.id
    palpitations = knowledge.sign("irregular_heartbeat").evidence_supplement
    assert "tzivoni1988_tdp" in palpitations.sources  # the hospital use now has its source
    for lang in ("en", "zh"):
        data = {"profile": WOMAN, "intake": {"usual_mg": 200}, "signs": {"irregular_heartbeat": "often"},
                "medications": ["gabapentin"], "supplements": [{"elemental_mg": 100}]}  # fmt: skip
        out = _assess(data, lang)
        assert not HEDGES.search(out.model_dump_json()) and not HEDGES.search(render_html(out, lang))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_report_and_web_page_give_the_same_mds_answers(client: TestClient, lang: Lang) -> None:
    """The report is built from the page's hidden input: an answered "no medicines" must stay answered."""
    form = {"profile.age_years": "40", "profile.sex": "female", "profile.state": "none", "standard": "us",
            "intake.mode": "usual", "intake.usual_mg": "250", "medications": ""}  # fmt: skip
    page = client.post(f"/assess?lang={lang}", data={"csrf_token": _token(client), **form}).text
    hidden = re.search(r'name="input_json" value="([^"]+)"', page)
    assert hidden
    data = report_data.from_input_text(htmllib.unescape(hidden.group(1)), lang, source="input_json")
    direct = _assess(json.loads(htmllib.unescape(hidden.group(1))), lang)
    for report_part, page_part in zip(data.assessment.mds.components, direct.mds.components, strict=True):
        assert report_part.text == page_part.text and report_part.known == page_part.known
        assert htmllib.escape(page_part.text) in page or page_part.text in htmllib.unescape(page)
    diuretic = next(c for c in data.assessment.mds.components if c.id == "diuretic")
    assert diuretic.known and diuretic.points == 0


def test_potassium_sparing_diuretic_scores_1_with_a_note() -> None:
    out = _assess({"profile": WOMAN, "medications": ["spironolactone"]})
    diuretic = next(c for c in out.mds.components if c.id == "diuretic")
    assert diuretic.points == 1 and "potassium-sparing" in diuretic.text


def test_mgcl2_is_the_anhydrous_chloride() -> None:
    line = supplement_lines(load_knowledge(), [_supp(compound="MgCl2", compound_mg=1000)])[0]
    assert line.compound == "chloride_anhydrous" and round(line.elemental_mg_per_day) == 255  # 25.5 %


def test_buffered_glycinate_is_an_unknown_mix_never_pure_glycinate() -> None:
    assert getattr(read_label(load_knowledge(), "buffered magnesium glycinate"), "kind", None) == "mix"
    with pytest.raises(InputError) as info:
        supplement_lines(load_knowledge(), [_supp(compound="buffered magnesium glycinate", compound_mg=1000)])
    assert info.value.problems[0].code == "safety.compound.mix"


def test_us_serum_1_7_without_a_unit_is_read_as_mg_per_dl() -> None:
    us = _assess({"profile": WOMAN, "labs": {"serum_magnesium": {"value": 1.7}}})
    # 1.7 mg/dL x 10 / 24.305 = 0.70 mmol/L (clinical.md §4.1), not 1.7 mmol/L "above the range"
    assert us.labs.serum_mmol_per_l == pytest.approx(0.6995, abs=1e-3) and us.labs.input_unit == "mg/dL"
    assert us.labs.interpretation != "high" and "mg/dL" in us.labs.text
    cn = _assess({"profile": WOMAN, "standard": "cn", "labs": {"serum_magnesium": {"value": 0.9}}})
    assert cn.labs.serum_mmol_per_l == 0.9 and cn.labs.input_unit == "mmol/L"


def test_watch_for_warning_signs_are_the_related_ones_only() -> None:
    # signs.toml: muscle cramps ask about seizure and breathing/swallowing weakness only
    out = _assess({"profile": WOMAN, "signs": {"muscle_cramps": "often"}})
    assert out.signs.ask_warning_signs == ["seizure", "breathing_or_swallowing_weakness"]
    rec = next(r for r in out.recommendations if r.id == "answer_warning_questions")
    assert "chest pain" not in rec.text and "suicid" not in rec.text


def _supp(**fields: Any) -> Any:
    from magcheck.core.models import SupplementInput

    return SupplementInput(**fields)
