"""Review checks on the signs, warning-signs and claims content, read straight from the TOML files.

These tests do not use the loader: they check what a clinical reviewer and a bilingual reader would
check — every id present once, both languages filled in and in the right script, the same numbers in
both languages, honest grades for the well-known trials, and warning questions asked where they matter.
Expected figures are transcribed from the publications as summarised in shared/spec/clinical.md.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

KNOWLEDGE = Path(__file__).resolve().parents[2] / "src" / "magcheck" / "knowledge"

SIGN_IDS = (
    "muscle_cramps",
    "fatigue",
    "brain_fog",
    "sleep_problems",
    "anxiety_mood",
    "headaches",
    "muscle_weakness",
    "irregular_heartbeat",
    "numbness_tingling",
    "constipation",
    "stress_sensitivity",
)
WARNING_IDS = (
    "chest_pain",
    "fainting",
    "shortness_of_breath",
    "seizure",
    "one_sided_weakness_or_numbness",
    "severe_sudden_headache",
    "breathing_or_swallowing_weakness",
    "blood_in_stool",
    "severe_abdominal_pain",
    "suicidal_thoughts",
)
GRADES = ("strong", "moderate", "weak", "insufficient", "against")
# Ids defined by the core's references/core.toml: the canonical ones the brief fixes, plus the article.
CANONICAL_REFS = {
    "iom1997",
    "iom2000",
    "ods_mg_hp",
    "fan2021_mds",
    "costello2016",
    "cn_dri_2013",
    "efsa2015",
    "magtein_article",
}

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _load(name: str) -> dict[str, Any]:
    with (KNOWLEDGE / name).open("rb") as fh:
        return tomllib.load(fh)


SIGNS = _load("signs.toml")
WARNINGS = _load("warning_signs.toml")
CLAIMS = _load("claims.toml")
MY_REFS: dict[str, dict[str, Any]] = _load("references/signs.toml")["ref"]
SIGN = {s["id"]: s for s in SIGNS["sign"]}
WARNING = {w["id"]: w for w in WARNINGS["warning_sign"]}
CLAIM = {c["id"]: c for c in CLAIMS["claim"]}


def _all_references() -> set[str]:
    ids: set[str] = set()
    for path in sorted((KNOWLEDGE / "references").glob("*.toml")):
        with path.open("rb") as fh:
            ids |= set(tomllib.load(fh).get("ref", {}))
    if not (KNOWLEDGE / "references" / "core.toml").exists():
        ids |= CANONICAL_REFS
    return ids


def _bilingual(value: Any, where: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every {en, zh} pair in a parsed file, with a readable location."""
    if isinstance(value, dict):
        if set(value) == {"en", "zh"}:
            yield where, value
            return
        for key, sub in value.items():
            yield from _bilingual(sub, f"{where}.{key}")
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            label = sub.get("id", i) if isinstance(sub, dict) else i
            yield from _bilingual(sub, f"{where}[{label}]")


ALL_TEXTS = [
    *_bilingual(SIGNS, "signs"),
    *_bilingual(WARNINGS, "warning_signs"),
    *_bilingual(CLAIMS, "claims"),
]


def _en(sign_id: str, part: str) -> str:
    return str(SIGN[sign_id][part]["text"]["en"])


def _zh(sign_id: str, part: str) -> str:
    return str(SIGN[sign_id][part]["text"]["zh"])


# ---------------------------------------------------------------- ids and structure


def test_each_of_the_eleven_signs_is_present_exactly_once_in_article_order() -> None:
    ids = [s["id"] for s in SIGNS["sign"]]
    assert sorted(ids) == sorted(SIGN_IDS)
    assert len(ids) == len(set(ids))
    assert [SIGN[i]["order"] for i in SIGN_IDS] == list(range(1, 12))


def test_each_of_the_ten_warning_signs_is_present_exactly_once() -> None:
    ids = [w["id"] for w in WARNINGS["warning_sign"]]
    assert sorted(ids) == sorted(WARNING_IDS)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("sign_id", SIGN_IDS)
def test_every_sign_explains_itself_in_both_languages(sign_id: str) -> None:
    sign = SIGN[sign_id]
    for part in ("name", "one_line", "explanation", "mechanism"):
        assert sign[part]["en"].strip() and sign[part]["zh"].strip(), f"{sign_id}.{part}"
    for part in ("evidence_cause", "evidence_supplement"):
        assert sign[part]["grade"] in GRADES
        assert sign[part]["text"]["en"].strip() and sign[part]["text"]["zh"].strip()
        assert sign[part]["sources"], f"{sign_id}.{part} cites nothing"
    assert 3 <= len(sign["other_causes"]) <= 6, "3-6 other common causes worth checking"
    assert sign["ask_warning_signs"], f"{sign_id} asks no warning question"


def test_sign_names_are_distinct_in_both_languages() -> None:
    for lang in ("en", "zh"):
        names = [s["name"][lang] for s in SIGNS["sign"]]
        assert len(set(names)) == len(names)


def test_one_line_explanations_are_short_enough_for_a_web_form() -> None:
    for sign in SIGNS["sign"]:
        assert len(sign["one_line"]["en"]) <= 110, sign["id"]
        assert len(sign["one_line"]["zh"]) <= 45, sign["id"]


# ---------------------------------------------------------------- bilingual quality


def test_the_content_files_hold_a_substantial_number_of_texts() -> None:
    assert len(ALL_TEXTS) >= 11 * 10 + 10 * 3 + 8 * 2


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS, ids=[w for w, _ in ALL_TEXTS])
def test_english_is_english_and_chinese_is_chinese(where: str, text: dict[str, str]) -> None:
    assert text["en"].strip(), f"{where}: empty English"
    assert text["zh"].strip(), f"{where}: empty Chinese"
    assert not CJK.search(text["en"]), f"{where}: Chinese characters in the English text"
    han = len(re.findall(r"[\u4e00-\u9fff]", text["zh"]))
    assert han >= 1, f"{where}: the Chinese text has no Chinese characters"
    assert han * 3 >= len(re.sub(r"[\W\d_]", "", text["zh"])), f"{where}: mostly untranslated"


@pytest.mark.parametrize(("where", "text"), ALL_TEXTS, ids=[w for w, _ in ALL_TEXTS])
def test_both_languages_state_the_same_numbers(where: str, text: dict[str, str]) -> None:
    """A figure changed in one language only is a translation bug a reader cannot see."""
    en = set(NUMBER.findall(text["en"]))
    zh = set(NUMBER.findall(text["zh"]))
    assert en == zh, f"{where}: en has {sorted(en - zh)}, zh has {sorted(zh - en)}"


def test_chinese_texts_use_chinese_punctuation_not_ascii_commas() -> None:
    for where, text in ALL_TEXTS:
        assert not re.search(r"[\u4e00-\u9fff],", text["zh"]), (
            f"{where}: ASCII comma after a Chinese character"
        )


# ---------------------------------------------------------------- grades and frequencies


def test_grade_table_has_the_five_grades_with_documented_weights() -> None:
    grades = SIGNS["grades"]
    assert set(grades) == set(GRADES)
    weights = {g: grades[g]["weight"] for g in GRADES}
    assert weights == {"strong": 1.0, "moderate": 0.75, "weak": 0.5, "insufficient": 0.25, "against": 0.25}
    for grade in GRADES:
        assert grades[grade]["label"]["en"] and grades[grade]["label"]["zh"]
        assert grades[grade]["description"]["en"] and grades[grade]["description"]["zh"]


def test_frequency_points_are_never_0_sometimes_1_often_2_daily_3() -> None:
    assert SIGNS["frequencies"] == {"never": 0, "sometimes": 1, "often": 2, "daily": 3}


def test_no_sign_claims_strong_evidence_that_low_magnesium_causes_it() -> None:
    """All eleven signs are non-specific; none can be strong evidence of low magnesium."""
    for sign in SIGNS["sign"]:
        assert sign["evidence_cause"]["grade"] != "strong", sign["id"]


def test_supplement_grades_follow_the_evidence_table() -> None:
    """Grade (b) per sign as in clinical.md section 7."""
    expected = {
        "muscle_cramps": {"against", "insufficient"},
        "fatigue": {"insufficient"},
        "brain_fog": {"insufficient"},
        "sleep_problems": {"weak"},
        "anxiety_mood": {"weak"},
        "headaches": {"moderate"},
        "muscle_weakness": {"insufficient"},
        "irregular_heartbeat": {"insufficient"},
        "numbness_tingling": {"insufficient"},
        "constipation": {"moderate"},
        "stress_sensitivity": {"insufficient"},
    }
    for sign_id, grades in expected.items():
        assert SIGN[sign_id]["evidence_supplement"]["grade"] in grades, sign_id


# ---------------------------------------------------------------- sources


def test_every_cited_source_exists_in_the_references() -> None:
    refs = _all_references()
    cited: list[tuple[str, str]] = []
    for sign in SIGNS["sign"]:
        for part in ("evidence_cause", "evidence_supplement"):
            cited += [(f"{sign['id']}.{part}", s) for s in sign[part]["sources"]]
    for warning in WARNINGS["warning_sign"]:
        assert warning["sources"], warning["id"]
        cited += [(warning["id"], s) for s in warning["sources"]]
    for claim in CLAIMS["claim"]:
        assert claim["sources"], claim["id"]
        cited += [(claim["id"], s) for s in claim["sources"]]
    missing = sorted(f"{where} -> {ref}" for where, ref in cited if ref not in refs)
    assert missing == []


def test_every_reference_defined_here_is_cited_and_complete() -> None:
    """No dead bibliography entries; other areas may cite these references too."""
    text = "".join(
        path.read_text(encoding="utf-8") for path in [*KNOWLEDGE.glob("*.toml"), *KNOWLEDGE.glob("*.csv")]
    )
    for ref_id, ref in MY_REFS.items():
        assert re.search(rf"[\"|]{ref_id}[\"|\s]", text), f"{ref_id} is defined but never cited"
        assert ref["citation"].strip(), ref_id
        if "year" in ref:
            assert 1950 <= ref["year"] <= 2026, ref_id
        if "url" in ref:
            assert ref["url"].startswith("https://"), ref_id


def test_reference_ids_are_not_defined_twice_across_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted((KNOWLEDGE / "references").glob("*.toml")):
        with path.open("rb") as fh:
            for ref_id in tomllib.load(fh).get("ref", {}):
                assert ref_id not in seen, f"{ref_id} in {path.name} and {seen[ref_id]}"
                seen[ref_id] = path.name


def test_no_detail_rests_on_memory() -> None:
    """Issue 11: a fact gets a real source or is left out; no text says "from memory" or "unverified"."""
    for ref_id, ref in MY_REFS.items():
        assert "from memory" not in ref.get("note", ""), ref_id
    assert "unverified" not in _en("irregular_heartbeat", "evidence_supplement")
    assert "未经核实" not in _zh("irregular_heartbeat", "evidence_supplement")
    assert "torsade de pointes" in _en("irregular_heartbeat", "evidence_supplement")


def test_texts_never_hedge_without_saying_so_in_both_languages() -> None:
    """An "(unverified)" in one language must be "未经核实" in the other."""
    for where, text in ALL_TEXTS:
        assert ("unverified" in text["en"]) == ("未经核实" in text["zh"]), where


# ---------------------------------------------------------------- honesty checks a reviewer cares about


def test_cramps_supplement_evidence_cites_cochrane_2020_and_is_not_positive() -> None:
    evidence = SIGN["muscle_cramps"]["evidence_supplement"]
    assert evidence["grade"] in {"against", "insufficient"}
    assert "garrison2020_cochrane" in evidence["sources"]
    ref = MY_REFS["garrison2020_cochrane"]
    assert "Cochrane" in ref["citation"] and "2020" in ref["citation"] and "CD009402" in ref["citation"]
    # Garrison 2020, idiopathic cramps: % change -3.9 (95 % CI -21.1 to +13.3), 11 RCTs, 735 people.
    for figure in ("3.9", "21.1", "13.3", "735", "11"):
        assert figure in evidence["text"]["en"] and figure in evidence["text"]["zh"]
    assert "moderate-certainty" in evidence["text"]["en"]


def test_l_threonate_sleep_trial_is_described_as_industry_funded() -> None:
    evidence = SIGN["sleep_problems"]["evidence_supplement"]
    assert "hausenblas2024" in evidence["sources"]
    assert "industry-funded" in evidence["text"]["en"]
    assert "企业资助" in evidence["text"]["zh"]
    assert "Industry-funded" in MY_REFS["hausenblas2024"]["note"]
    claim = CLAIM["threonate_sleep"]["what_sources_say"]
    assert "industry-funded" in claim["en"] and "企业资助" in claim["zh"]


def test_sleep_review_figures_match_mah_and_pitre_2021() -> None:
    text = SIGN["sleep_problems"]["evidence_supplement"]["text"]
    # 3 RCTs, 151 older adults, 320-729 mg/day, sleep-onset latency about -17 min (95 % CI -27.3 to -7.4).
    for figure in ("151", "320", "729", "17"):
        assert figure in text["en"] and figure in text["zh"]
    assert "low to very low" in text["en"]


def test_constipation_trial_figures_match_mori_2019() -> None:
    evidence = SIGN["constipation"]["evidence_supplement"]
    assert "mori2019" in evidence["sources"]
    for figure in ("70.6", "25.0", "34", "28"):
        assert figure in evidence["text"]["en"] and figure in evidence["text"]["zh"]
    assert "not the correction of a deficiency" in evidence["text"]["en"]


def test_migraine_evidence_matches_the_guideline_and_peikert_1996() -> None:
    evidence = SIGN["headaches"]["evidence_supplement"]
    assert {"holland2012_aan", "peikert1996"} <= set(evidence["sources"])
    assert "Level B" in evidence["text"]["en"] and "B级" in evidence["text"]["zh"]
    assert "confirmed in the PubMed abstract" in MY_REFS["holland2012_aan"]["note"]
    # Peikert 1996: 81 patients, 600 mg/day, attacks -41.6 % vs -15.8 % on placebo, diarrhoea 18.6 %.
    for figure in ("81", "600", "41.6", "15.8", "18.6"):
        assert figure in evidence["text"]["en"] and figure in evidence["text"]["zh"]


def test_anxiety_evidence_says_the_review_was_poor_quality() -> None:
    evidence = SIGN["anxiety_mood"]["evidence_supplement"]
    assert "boyle2017" in evidence["sources"]
    assert "poor quality" in evidence["text"]["en"] and "质量较差" in evidence["text"]["zh"]


def test_stress_evidence_names_the_missing_outcomes_and_the_funder() -> None:
    evidence = SIGN["stress_sensitivity"]["evidence_supplement"]
    assert evidence["grade"] == "insufficient"
    assert "validated measure of stress" in evidence["text"]["en"]
    assert "Sanofi" in evidence["text"]["en"] and "赛诺菲" in evidence["text"]["zh"]
    # Pouteau 2018: 264 adults, Mg vs Mg + B6 with no placebo arm; stress scores -44.9 % and -42.4 %.
    assert "no placebo group" in evidence["text"]["en"] and "没有安慰剂组" in evidence["text"]["zh"]
    for figure in ("264", "44.9", "42.4"):
        assert figure in evidence["text"]["en"] and figure in evidence["text"]["zh"]


def test_hypermagnesaemia_weakness_is_not_hidden() -> None:
    assert "Too much magnesium" in SIGN["muscle_weakness"]["mechanism"]["en"]
    assert "medscape_hypermg" in SIGN["muscle_weakness"]["evidence_supplement"]["sources"]


# ---------------------------------------------------------------- warning signs


@pytest.mark.parametrize(
    ("sign_id", "must_ask"),
    [
        ("irregular_heartbeat", {"chest_pain", "fainting"}),
        ("numbness_tingling", {"one_sided_weakness_or_numbness"}),
        ("headaches", {"severe_sudden_headache"}),
        ("anxiety_mood", {"suicidal_thoughts"}),
        ("constipation", {"blood_in_stool", "severe_abdominal_pain"}),
        ("muscle_weakness", {"breathing_or_swallowing_weakness"}),
    ],
)
def test_risky_signs_ask_the_right_warning_questions(sign_id: str, must_ask: set[str]) -> None:
    assert must_ask <= set(SIGN[sign_id]["ask_warning_signs"])


def test_every_asked_warning_sign_is_known_and_listed_once() -> None:
    for sign in SIGNS["sign"]:
        asked = sign["ask_warning_signs"]
        assert set(asked) <= set(WARNING_IDS), sign["id"]
        assert len(asked) == len(set(asked)), sign["id"]


def test_every_warning_sign_is_asked_by_some_sign_and_related_signs_mirror_the_questions() -> None:
    for warning_id in WARNING_IDS:
        askers = {s["id"] for s in SIGNS["sign"] if warning_id in s["ask_warning_signs"]}
        assert askers, f"{warning_id} is never asked"
        assert set(WARNING[warning_id]["related_signs"]) == askers, warning_id


def test_warning_sign_urgencies_and_actions() -> None:
    for warning in WARNINGS["warning_sign"]:
        assert warning["urgency"] in {"emergency", "urgent", "soon"}
        for part in ("question", "text", "action"):
            assert warning[part]["en"].strip() and warning[part]["zh"].strip()
        assert warning["question"]["en"].rstrip().endswith("?"), warning["id"]
        assert warning["question"]["zh"].rstrip().endswith("？"), warning["id"]
        if warning["urgency"] == "emergency":
            for lang in ("en", "zh"):
                assert "911" in warning["action"][lang] and "120" in warning["action"][lang], warning["id"]
    for warning_id in (
        "chest_pain",
        "one_sided_weakness_or_numbness",
        "severe_sudden_headache",
        "seizure",
        "breathing_or_swallowing_weakness",
        "suicidal_thoughts",
    ):
        assert WARNING[warning_id]["urgency"] == "emergency", warning_id


def test_suicidal_thoughts_point_to_a_crisis_line_in_both_countries() -> None:
    action = WARNING["suicidal_thoughts"]["action"]
    assert "988" in action["en"] and "12356" in action["en"]
    assert "988" in action["zh"] and "12356" in action["zh"]
    assert {"samhsa_988", "nhc2024_12356"} <= set(WARNING["suicidal_thoughts"]["sources"])


def test_abdominal_emergency_warns_against_magnesium_laxatives() -> None:
    action = WARNING["severe_abdominal_pain"]["action"]
    assert "laxative" in action["en"] and "泻药" in action["zh"]


# ---------------------------------------------------------------- claims


def test_claims_cover_the_article() -> None:
    ids = [c["id"] for c in CLAIMS["claim"]]
    assert 8 <= len(ids) <= 14
    assert len(ids) == len(set(ids))
    for required in (
        "enzymes_300",
        "intake_50_70_percent",
        "silent_deficiency",
        "signs_mean_low_magnesium",
        "food_sources",
        "supplement_forms",
        "threonate_brain",
    ):
        assert required in CLAIM, required
    for claim in CLAIMS["claim"]:
        assert claim["verdict"] in {"supported", "partly_supported", "misleading", "unsupported"}
        assert "magtein_article" in claim["sources"], "each claim names the article it comes from"
        assert len(claim["sources"]) >= 2, "each claim is checked against at least one real source"


def test_intake_claim_states_ear_and_rda_shares_and_that_below_ear_is_not_deficiency() -> None:
    claim = CLAIM["intake_50_70_percent"]
    assert claim["verdict"] == "partly_supported"
    text = claim["what_sources_say"]
    # NHANES 2005-06: about 48 % below the EAR, about 60 % below the RDA (Rosanoff 2012; secondary summary).
    for figure in ("48", "60"):
        assert f"{figure} %" in text["en"] and f"{figure}%" in text["zh"]
    assert "not deficiency" in text["en"] and "不等于" in text["zh"]
    assert "rosanoff2012" in claim["sources"]


def test_silent_deficiency_claim_says_serum_holds_under_one_percent() -> None:
    text = CLAIM["silent_deficiency"]["what_sources_say"]
    assert "Less than 1 %" in text["en"] and "不到1%" in text["zh"]


def test_signs_claim_is_called_misleading() -> None:
    assert CLAIM["signs_mean_low_magnesium"]["verdict"] == "misleading"
    assert "non-specific" in CLAIM["signs_mean_low_magnesium"]["what_sources_say"]["en"]


def test_l_threonate_brain_claim_rests_on_rats_and_industry_trials() -> None:
    claim = CLAIM["threonate_brain"]
    assert claim["verdict"] in {"misleading", "unsupported"}
    text = claim["what_sources_say"]
    assert "rats" in text["en"] and "大鼠" in text["zh"]
    assert "run by the company developing the product" in text["en"]


def test_l_threonate_elemental_magnesium_arithmetic() -> None:
    """L-threonate Mg(C4H7O5)2: 24.305 / 294.50 g/mol = 8.3 % magnesium, so 1 g gives about 83 mg."""
    fraction = 24.305 / 294.50
    assert round(fraction * 100) == 8
    assert round(fraction * 1000) == 83
    text = CLAIM["supplement_forms"]["what_sources_say"]
    assert "8 %" in text["en"] and "83 mg" in text["en"]
    assert "8%" in text["zh"] and "83毫克" in text["zh"]


def test_food_claim_figures_match_the_ods_table() -> None:
    # ODS "Selected food sources": pumpkin seeds 1 oz 156 mg, almonds 1 oz 80 mg, spinach 1/2 cup 78 mg,
    # black beans 1/2 cup 60 mg; adult RDA 310-420 mg (IOM 1997).
    text = CLAIM["food_sources"]["what_sources_say"]
    for figure in ("156", "80", "78", "60", "310", "420"):
        assert figure in text["en"] and figure in text["zh"]


# ---------------------------------------------------------------- the readable page


def _generator() -> Any:
    path = KNOWLEDGE.parents[2] / "scripts" / "gen_signs_doc.py"
    spec = importlib.util.spec_from_file_location("gen_signs_doc", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_signs_page_matches_the_data() -> None:
    """docs/signs.md is generated; the body must equal a fresh rendering (references may be reworded)."""
    fresh = _generator().render()
    committed = (KNOWLEDGE.parents[2] / "docs" / "signs.md").read_text(encoding="utf-8")
    body = committed.split("\n## References\n", 1)
    assert body[0] == fresh.split("\n## References\n", 1)[0], "run scripts/gen_signs_doc.py"
    for sign in SIGNS["sign"]:
        assert f"({sign['name']['zh']})" in body[0]
    cited = set(re.findall(r"\(#ref-([a-z0-9-]+)\)", body[0]))
    anchors = set(re.findall(r'<a id="ref-([a-z0-9-]+)"></a>', body[1]))
    assert cited == anchors


def test_supplement_form_percentages_follow_from_molar_masses() -> None:
    """MgO 24.305/40.30 = 60 %; bisglycinate 24.305/172.42 = 14 %; Mg3(citrate)2 3 x 24.305/451.11 = 16 %."""
    assert round(24.305 / 40.30 * 100) == 60
    assert round(24.305 / 172.42 * 100) == 14
    assert round(3 * 24.305 / 451.11 * 100) == 16
    text = CLAIM["supplement_forms"]["what_sources_say"]
    assert "about 60 % against 14-16 %" in text["en"]
    assert "约60%" in text["zh"] and "14%-16%" in text["zh"]
