"""Every row of the DRI tables, with the expected numbers copied from shared/spec/clinical.md §1.1 and §1.4
(not from the package's CSV files)."""

from __future__ import annotations

from typing import Any

import pytest

from magcheck.core import requirements
from magcheck.core.errors import InputError
from magcheck.core.knowledge_base import KnowledgeBase
from magcheck.core.models import Requirement
from magcheck.core.vocabulary import Sex
from magcheck.i18n import Lang, Say
from magcheck.i18n.problems import message_for
from magcheck.i18n.wording import render


def requirement(kb: KnowledgeBase, *, lang: Lang, **person: Any) -> Requirement:
    """The core's requirement written in `lang`, as the views show it."""
    return render(Requirement, requirements.requirement(kb, **person), Say(lang))


# clinical.md §1.1: (age, sex, pregnant, lactating) -> (EAR, RDA, AI, supplemental UL)
US_TABLE = [
    (0.25, "female", False, False, None, None, 30, None),
    (0.25, "male", False, False, None, None, 30, None),
    (0.75, "male", False, False, None, None, 75, None),
    (0.75, "female", False, False, None, None, 75, None),
    (2, "male", False, False, 65, 80, None, 65),
    (2, "female", False, False, 65, 80, None, 65),
    (6, "male", False, False, 110, 130, None, 110),
    (6, "female", False, False, 110, 130, None, 110),
    (11, "male", False, False, 200, 240, None, 350),
    (11, "female", False, False, 200, 240, None, 350),
    (16, "male", False, False, 340, 410, None, 350),
    (16, "female", False, False, 300, 360, None, 350),
    (25, "male", False, False, 330, 400, None, 350),
    (25, "female", False, False, 255, 310, None, 350),
    (40, "male", False, False, 350, 420, None, 350),
    (40, "female", False, False, 265, 320, None, 350),
    (60, "male", False, False, 350, 420, None, 350),
    (60, "female", False, False, 265, 320, None, 350),
    (80, "male", False, False, 350, 420, None, 350),
    (80, "female", False, False, 265, 320, None, 350),
    (17, "female", True, False, 335, 400, None, 350),
    (25, "female", True, False, 290, 350, None, 350),
    (40, "female", True, False, 300, 360, None, 350),
    (17, "female", False, True, 300, 360, None, 350),
    (25, "female", False, True, 255, 310, None, 350),
    (40, "female", False, True, 265, 320, None, 350),
]


@pytest.mark.parametrize(("age", "sex", "pregnant", "lactating", "ear", "rda", "ai", "ul"), US_TABLE)
def test_us_dri_rows_match_iom_1997(
    kb: KnowledgeBase,
    age: float,
    sex: Sex,
    pregnant: bool,
    lactating: bool,
    ear: float | None,
    rda: float | None,
    ai: float | None,
    ul: float | None,
) -> None:
    req = requirement(
        kb,
        age=age,
        sex=sex,
        pregnant=pregnant,
        lactating=lactating,
        standard="us",
        lang="en",
    )
    assert (req.ear_mg, req.rda_mg, req.ai_mg, req.ul_supplement_mg) == (ear, rda, ai, ul)
    assert req.rda_name == "RDA"
    assert "iom1997" in req.sources


@pytest.mark.parametrize(
    ("age", "sex", "rda"),
    [
        (30.99, "female", 310),
        (31.0, "female", 320),
        (30.99, "male", 400),
        (31.0, "male", 420),
        (18.99, "male", 410),
        (19.0, "male", 400),
        (70.99, "male", 420),
        (13.99, "female", 240),
        (14.0, "female", 360),
        (8.99, "male", 130),
        (9.0, "male", 240),
    ],
)
def test_us_age_bands_switch_on_the_birthday(kb: KnowledgeBase, age: float, sex: Sex, rda: float) -> None:
    """The IOM switch 400→420 (men) and 310→320 (women) is at 31 y, not 51 (clinical.md §1.1 note)."""
    req = requirement(kb, age=age, sex=sex, pregnant=False, lactating=False, standard="us", lang="en")
    assert req.rda_mg == rda


def test_infants_get_an_ai_and_no_rda(kb: KnowledgeBase) -> None:
    req = requirement(kb, age=0.4, sex="male", pregnant=False, lactating=False, standard="us", lang="en")
    assert req.rda_mg is None and req.ear_mg is None and req.ai_mg == 30
    assert req.ul_supplement_mg is None


# clinical.md §1.4 (China 2013): age -> (AI, EAR, RNI); pregnancy +30 EAR / +40 RNI; lactation +0
CN_TABLE = [
    (0.25, 20, None, None),
    (0.75, 65, None, None),
    (1, None, 110, 140),
    (3.9, None, 110, 140),
    (4, None, 130, 160),
    (7, None, 180, 220),
    (11, None, 250, 300),
    (14, None, 270, 320),
    (18, None, 280, 330),
    (64.9, None, 280, 330),
    (65, None, 270, 320),
    (80, None, 260, 310),
    (95, None, 260, 310),
]


@pytest.mark.parametrize(("age", "ai", "ear", "rni"), CN_TABLE)
@pytest.mark.parametrize("sex", ["female", "male"])
def test_cn_dri_rows_match_2013_table(
    kb: KnowledgeBase, age: float, ai: float | None, ear: float | None, rni: float | None, sex: Sex
) -> None:
    req = requirement(kb, age=age, sex=sex, pregnant=False, lactating=False, standard="cn", lang="en")
    assert (req.ai_mg, req.ear_mg, req.rda_mg) == (ai, ear, rni)
    assert req.rda_name == "RNI"
    assert "2013" in req.edition
    assert "cn_dri_2013" in req.sources


@pytest.mark.parametrize(
    ("age", "pregnant", "lactating", "ear", "rni"),
    [
        (30, True, False, 310, 370),
        (16, True, False, 300, 360),
        (30, False, True, 280, 330),
        (50, True, False, 310, 370),
    ],
)
def test_cn_pregnancy_and_lactation_increments(
    kb: KnowledgeBase, age: float, pregnant: bool, lactating: bool, ear: float, rni: float
) -> None:
    req = requirement(
        kb, age=age, sex="female", pregnant=pregnant, lactating=lactating, standard="cn", lang="zh"
    )
    assert (req.ear_mg, req.rda_mg) == (ear, rni)
    assert any("2013" in note for note in req.notes)


def test_cn_sets_no_ul_and_says_which_ul_is_used(kb: KnowledgeBase) -> None:
    for lang in ("en", "zh"):
        req = requirement(kb, age=40, sex="male", pregnant=False, lactating=False, standard="cn", lang=lang)
        assert req.ul_supplement_mg == 350
        assert "iom1997" in req.sources
        assert any("IOM 1997" in note for note in req.notes)


def test_labels_in_both_languages(kb: KnowledgeBase) -> None:
    en = requirement(kb, age=40, sex="female", pregnant=False, lactating=False, standard="us", lang="en")
    zh = requirement(kb, age=40, sex="female", pregnant=False, lactating=False, standard="us", lang="zh")
    assert en.life_stage_label == "Women 31–50 years"
    assert "女性" in zh.life_stage_label and "31–50" in zh.life_stage_label
    assert "1997" in zh.edition and zh.edition != en.edition


@pytest.mark.parametrize(
    ("age", "state"), [(9.9, "pregnant"), (60.5, "pregnant"), (8, "lactating"), (65, "lactating")]
)
def test_pregnancy_outside_the_accepted_ages_is_a_profile_error(
    kb: KnowledgeBase, age: float, state: str
) -> None:
    """The ages come from life_stages.toml; the message names them in both languages."""
    ages = kb.life_stages.pregnancy
    with pytest.raises(InputError) as caught:
        pregnant, lactating = state == "pregnant", state == "lactating"
        requirements.requirement(
            kb, age=age, sex="female", pregnant=pregnant, lactating=lactating, standard="us"
        )
    [problem] = caught.value.problems
    assert (problem.field, problem.code) == ("profile", "errors.pregnancy_age")
    assert message_for(problem, "en").endswith(f"ages {ages.min_age_years:g} to {ages.max_age_years:g}")
    assert f"{ages.min_age_years:g} 至 {ages.max_age_years:g} 岁" in message_for(problem, "zh")


def test_pregnancy_at_the_accepted_ages_finds_its_row(kb: KnowledgeBase) -> None:
    ages = kb.life_stages.pregnancy
    for age in (ages.min_age_years, 18.9, 19, 30.9, 31, ages.max_age_years):
        for pregnant in (True, False):
            found = requirements.requirement(
                kb, age=age, sex="female", pregnant=pregnant, lactating=not pregnant, standard="us"
            )
            assert found.us.pregnant == pregnant and found.us.lactating == (not pregnant)
