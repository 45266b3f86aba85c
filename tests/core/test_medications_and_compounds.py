"""Medicines and supplement compounds added for issue 11, checked against the reference notes.

Medicines (clinical.md §6.1–6.2): the UK magnesium SmPC lists iron, penicillamine, quinidine,
nitrofurantoin, aminoquinolines (hydroxychloroquine) and eltrombopag as medicines magnesium binds — keep
them 2–4 h apart; cisplatin, calcineurin inhibitors (ciclosporin, tacrolimus), EGFR antibodies (cetuximab,
panitumumab) and amphotericin B make the kidneys waste magnesium — ask whether magnesium should be checked.

Compounds (clinical.md §5.1, % elemental magnesium from molar masses): MgCl2 anhydrous 25.5 %, MgCl2·6H2O
12.0 %; lactate dihydrate 10.2 %, malate trihydrate 11.6 %, aspartate dihydrate 7.5 %, orotate dihydrate
6.6 %. "Buffered" glycinate is commonly blended with oxide; a blend is never counted as the pure compound.
"""

from __future__ import annotations

import pytest

from magcheck.core.errors import InputError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.medications import match_medications
from magcheck.core.models import AssessmentInput, SupplementInput
from magcheck.core.supplements import elemental_fraction, read_label, supplement_lines
from magcheck.service.assessment import assess

CHELATING = {  # en → zh generic name
    "iron": "铁剂",
    "penicillamine": "青霉胺",
    "quinidine": "奎尼丁",
    "nitrofurantoin": "呋喃妥因",
    "hydroxychloroquine": "羟氯喹",
    "eltrombopag": "艾曲泊帕",
}
WASTING = {
    "cisplatin": "顺铂",
    "ciclosporin": "环孢素",
    "tacrolimus": "他克莫司",
    "cetuximab": "西妥昔单抗",
    "panitumumab": "帕尼单抗",
    "amphotericin B": "两性霉素B",
}


@pytest.mark.parametrize(("en", "zh"), sorted(CHELATING.items()))
def test_chelating_medicines_get_spacing_in_both_languages(kb: KnowledgeBase, en: str, zh: str) -> None:
    for name in (en, zh):
        found, unknown = match_medications(kb, [name])
        assert unknown == [] and found[0].klass.kind == "chelation", name
        assert "smpc_mg_uk" in found[0].klass.sources
    out = assess(
        AssessmentInput.model_validate(
            {
                "profile": {"age_years": 40, "sex": "female"},
                "medications": [en],
                "supplements": [{"elemental_mg": 100}],
            }
        ),
        "en",
    )
    assert out.supplements is not None
    spacing = " ".join(r.text for r in out.supplements.spacing)
    assert en in spacing and "2–4 hours" in spacing
    zh_out = assess(AssessmentInput.model_validate({"profile": {"age_years": 40, "sex": "female"},
                                                             "medications": [zh]}), "zh")  # fmt: skip
    assert any("2–4 小时" in r.text for r in zh_out.recommendations)


@pytest.mark.parametrize(("en", "zh"), sorted(WASTING.items()))
def test_magnesium_wasting_medicines_prompt_a_check(kb: KnowledgeBase, en: str, zh: str) -> None:
    for name, lang, words in ((en, "en", "checked"), (zh, "zh", "检查")):
        out = assess(
            AssessmentInput.model_validate(
                {"profile": {"age_years": 40, "sex": "female"}, "medications": [name]}
            ),
            lang,
        )
        assert out.unrecognised_medications == []
        rec = next(r for r in out.recommendations if r.id == "ask_serum_test")
        assert words in rec.text and rec.sources
        assert any(r.id == "depleting_medicine" for r in out.status.reasons)


@pytest.mark.parametrize(
    ("label", "compound_id", "pct"),
    [
        ("MgCl2", "chloride_anhydrous", 25.5),
        ("magnesium chloride anhydrous", "chloride_anhydrous", 25.5),
        ("MgCl2·6H2O", "chloride", 12.0),
        ("magnesium chloride hexahydrate", "chloride", 12.0),
        ("magnesium lactate dihydrate", "lactate_dihydrate", 10.2),
        ("magnesium lactate", "lactate", 12.0),
        ("malate trihydrate", "malate_trihydrate", 11.6),
        ("magnesium aspartate dihydrate", "aspartate_dihydrate", 7.5),
        ("magnesium orotate dihydrate", "orotate_dihydrate", 6.6),
        ("magnesium sulfate heptahydrate", "sulfate", 9.9),
        ("二水乳酸镁", "lactate_dihydrate", 10.2),
    ],
)
def test_stated_forms_are_read_exactly(kb: KnowledgeBase, label: str, compound_id: str, pct: float) -> None:
    found = read_label(kb, label)
    assert getattr(found, "id", None) == compound_id
    assert round(100 * elemental_fraction(kb, found), 1) == pct  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("buffered magnesium glycinate", "mix"),
        ("magnesium glycinate chelate", "mix"),
        ("magnesium amino acid chelate", "mix"),
        ("缓冲型甘氨酸镁", "mix"),
        ("magnesium glycinate dihydrate", "hydrate"),  # no formula for it: never assume the anhydrous one
        ("magnesium citrate tetrahydrate", "hydrate"),
    ],
)
def test_blends_and_unlisted_hydrates_ask_for_the_elemental_amount(
    kb: KnowledgeBase, label: str, kind: str
) -> None:
    assert getattr(read_label(kb, label), "kind", None) == kind
    for lang, word in (("en", "elemental magnesium from the label"), ("zh", "元素镁含量")):
        with pytest.raises(InputError) as info:
            supplement_lines(kb, [SupplementInput(compound=label, compound_mg=500)])
        problem = info.value.problems[0]
        assert problem.field == "supplements.0.compound" and problem.code == f"safety.compound.{kind}"
        from magcheck.i18n import t

        assert word in t(problem.code, lang, **problem.params)
    # with the label's elemental amount it is counted as given, never as the pure compound's best case
    line = supplement_lines(kb, [SupplementInput(compound=label, elemental_mg=120)])[0]
    assert line.elemental_mg_per_day == 120 and line.compound is None and line.elemental_fraction is None
