"""The assessment form's conversion to the contract and back, including Hypothesis round trips."""

from __future__ import annotations

from functools import cache

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.datastructures import FormData
from web_support import form_token

from magcheck.core.errors import InputError
from magcheck.core.models import AssessmentInput
from magcheck.core.vocabulary import SIGN_IDS
from magcheck.web import forms
from magcheck.web.app import create_app


def state(**fields: str) -> forms.FormState:
    return forms.state_from_form(FormData(list(fields.items())))


def test_rows_are_grouped_into_days_and_composed_into_entries() -> None:
    s = forms.state_from_form(
        FormData(
            [
                ("profile.age_years", "30"),
                ("profile.sex", "male"),
                ("intake.mode", "food_log"),
                ("food_rows", "4"),
                ("food.0.day", "2"),
                ("food.0.text", "Almonds, raw"),
                ("food.0.amount", "30"),
                ("food.0.unit", "g"),
                ("food.1.day", "1"),
                ("food.1.text", "一碗米饭"),
                ("food.2.day", "2"),
                ("food.2.text", ""),
                ("food.3.day", "1"),
                ("food.3.text", "banana"),
                ("food.3.amount", "2"),
                ("food.3.unit", ""),
            ]
        )
    )
    inp, row_of = forms.input_from_state(s)
    assert inp.intake is not None
    assert inp.intake.days == [["一碗米饭", "2 banana"], ["30 g Almonds, raw"]]
    assert row_of == {
        "intake.days.0.0": "food.1.text",
        "intake.days.0.1": "food.3.text",
        "intake.days.1.0": "food.0.text",
    }


def test_problems_are_named_by_form_fields() -> None:
    with pytest.raises(InputError) as err:
        forms.input_from_state(
            state(
                **{
                    "profile.age_years": "x",
                    "profile.state": "pregnant",
                    "profile.sex": "male",
                    "intake.mode": "usual",
                }
            )
        )
    fields = {p.field for p in err.value.problems}
    assert "profile.age_years" in fields
    assert "intake.usual_mg" in fields  # "I know my usual intake" without a number


def test_a_supplement_row_and_lab_value_become_contract_objects() -> None:
    inp, _ = forms.input_from_state(
        state(
            **{
                "profile.age_years": "50",
                "profile.sex": "female",
                "intake.mode": "skip",
                "supplement.compound": "citrate",
                "supplement.compound_mg": "500",
                "supplement.per_day": "2",
                "labs.serum_magnesium.value": "1.9",
                "labs.serum_magnesium.unit": "mg/dL",
                "medications": "omeprazole，呋塞米\nlisinopril",
                "egfr": "55",
            }
        )
    )
    assert inp.supplements[0].compound == "citrate" and inp.supplements[0].per_day == 2
    assert inp.labs and inp.labs.serum_magnesium and inp.labs.serum_magnesium.unit == "mg/dL"
    assert inp.medications == ["omeprazole", "呋塞米", "lisinopril"]
    assert inp.intake is None


frequencies = st.sampled_from(["never", "sometimes", "often", "daily"])
entries = st.text(alphabet="abcdefghijklmnopqrstuvwxyz 菠菜米饭", min_size=1, max_size=20).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    age=st.integers(min_value=1, max_value=110),
    sex=st.sampled_from(["female", "male"]),
    signs=st.dictionaries(st.sampled_from(SIGN_IDS), frequencies, max_size=11),
    days=st.lists(st.lists(entries, min_size=1, max_size=4), min_size=1, max_size=forms.MAX_DAYS),
    egfr=st.none() | st.integers(min_value=1, max_value=200),
)
def test_input_survives_the_round_trip_through_the_form(
    age: int, sex: str, signs: dict[str, str], days: list[list[str]], egfr: int | None
) -> None:
    days = [[e.strip() for e in day] for day in days]
    original = AssessmentInput.model_validate(
        {"profile": {"age_years": age, "sex": sex}, "signs": signs, "intake": {"days": days}, "egfr": egfr}
    )
    back, _ = forms.input_from_state(forms.state_from_input(original))
    assert back == original


FIELDS = [
    *("profile.age_years", "profile.sex", "profile.state", "standard", "intake.mode", "intake.usual_mg"),
    *("supplement.compound", "supplement.compound_mg", "supplement.elemental_mg", "supplement.per_day"),
    *("medications", "alcohol_drinks_per_day", "egfr", "labs.serum_magnesium.value"),
    *("labs.serum_magnesium.unit", "preferences.diet", "preferences.max_foods", "preferences.max_extra_kcal"),
    *("signs.fatigue", "warning_signs", "conditions", "preferences.exclude", "food_rows"),
    *("food.0.text", "food.0.amount", "food.0.unit", "food.0.day"),
]
SAMPLES = ["", "0", "-1", "35", "1e9", "nan", "inf", "female", "pregnant", "usual", "cn", "often", "citrate"]
SAMPLES += ["mg/dL", "vegan", "fainting", "kidney_disease", "soy", "999999", "30 g almonds"]
values = st.one_of(st.sampled_from(SAMPLES), st.text(max_size=30))


@settings(max_examples=80, deadline=None)
@given(form=st.dictionaries(st.sampled_from(FIELDS), values, max_size=len(FIELDS)))
def test_any_form_post_is_a_page_or_field_errors_never_a_crash(form: dict[str, str]) -> None:
    client = _client()
    token = form_token(client)
    response = client.post("/assess", data={"csrf_token": token, **form})
    assert response.status_code in (200, 422), response.text[:500]
    if response.status_code == 422:
        assert 'class="field-error"' in response.text


@cache
def _client() -> TestClient:
    """One client for all examples (Hypothesis and function-scoped fixtures do not mix)."""
    return TestClient(create_app(), raise_server_exceptions=False)
