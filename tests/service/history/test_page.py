"""The history page view (`magcheck.service.history.page`): who is shown, and what the page lists."""

from __future__ import annotations

import pytest

from magcheck.core.models import AssessmentInput
from magcheck.core.vocabulary import SIGN_IDS
from magcheck.i18n import Lang
from magcheck.knowledge.loader import load_knowledge
from magcheck.service.assessment import assess
from magcheck.service.history.checkins import add_checkin
from magcheck.service.history.food_log import add_entry
from magcheck.service.history.from_log import assess_from_log
from magcheck.service.history.page import SAVED_SHOWN, history_view
from magcheck.service.history.people import add_person, use_person
from magcheck.service.history.saved import list_assessments, save_assessment
from magcheck.storage import work


def test_with_nobody_recorded_the_view_offers_nobody(db: str) -> None:
    view = history_view(None, 30, "en")
    assert view.persons == [] and view.person is None and view.summary is None
    assert view.adequacy is None and view.trends == [] and view.saved == []
    assert set(view.sign_names) == set(SIGN_IDS)


def test_the_person_is_the_one_named_in_any_case_else_the_current_one(db: str) -> None:
    add_person("Mei", 34, "female")
    add_person("Li", 40, "male")
    named = history_view("mei", 30, "en").person
    assert named is not None and named.name == "Mei"
    assert history_view("nobody", 30, "en").person is None
    use_person("Li")
    current = history_view(None, 30, "en").person
    assert current is not None and current.name == "Li"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_view_holds_the_windows_answers_and_the_newest_saved_results(db: str, lang: Lang) -> None:
    add_person("Mei", 34, "female")
    today = work.today()
    add_entry("30 g almonds", today, "Mei")
    add_checkin({"fatigue": "daily"}, today, "Mei")
    inp = AssessmentInput.model_validate({"profile": {"age_years": 34, "sex": "female"}})
    out = assess(inp, "en")
    ids = [save_assessment("Mei", inp, out) for _ in range(SAVED_SHOWN + 1)]

    view = history_view("Mei", 7, lang)
    assert view.summary is not None and len(view.summary.days) == 7 and view.days == 7
    expected = assess_from_log("Mei", 7, lang, save=False).adequacy
    assert view.adequacy is not None and view.adequacy.probability_adequate == expected.probability_adequate
    assert [t.sign for t in view.trends] == ["fatigue"]
    assert [s.id for s in view.saved] == ids[::-1][:SAVED_SHOWN]  # newest first, at most 20
    assert len(list_assessments("Mei")) == SAVED_SHOWN + 1  # viewing saves nothing
    names = {s.id: s.name.get(lang) for s in load_knowledge().signs}
    assert view.sign_names == names
