"""Fuzzing the assessment input: valid inputs always give a coherent result, invalid ones a field error.

Whatever a person (or a script) sends, `service.assess` either returns an `Assessment` whose numbers
respect the domain's bounds, or raises `InputError` whose every problem names a field and has a
message in both languages. Any other exception is a bug.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from magcheck.core.errors import InputError
from magcheck.core.models import AssessmentInput
from magcheck.core.validation import parse_model
from magcheck.core.vocabulary import CONDITION_IDS, SIGN_IDS, WARNING_SIGN_IDS
from magcheck.i18n import t
from magcheck.service.assessment import assess

FREQ = st.sampled_from(["never", "sometimes", "often", "daily"])

profiles = st.fixed_dictionaries(
    {"age_years": st.integers(min_value=1, max_value=100), "sex": st.sampled_from(["female", "male"])}
)
intakes = st.one_of(
    st.none(),
    st.fixed_dictionaries({"usual_mg": st.floats(min_value=0, max_value=1500)}),
    st.fixed_dictionaries(
        {"daily_mg": st.lists(st.floats(min_value=0, max_value=1500), min_size=1, max_size=14)}
    ),
)
valid_inputs = st.fixed_dictionaries(
    {"profile": profiles, "standard": st.sampled_from(["us", "cn"])},
    optional={
        "intake": intakes,
        "signs": st.dictionaries(st.sampled_from(SIGN_IDS), FREQ, max_size=11),
        "warning_signs": st.lists(st.sampled_from(WARNING_SIGN_IDS), max_size=3, unique=True),
        "medications": st.lists(
            st.sampled_from(
                ["furosemide", "omeprazole", "呋塞米", "doxycycline", "alendronate", "metformin", "amiloride"]
            ),
            max_size=3,
        ),
        "alcohol_drinks_per_day": st.floats(min_value=0, max_value=10),
        "egfr": st.floats(min_value=5, max_value=150),
        "conditions": st.lists(st.sampled_from(CONDITION_IDS), max_size=3, unique=True),
        "supplements": st.lists(
            st.fixed_dictionaries(
                {
                    "elemental_mg": st.floats(min_value=1, max_value=200),  # x3 < 10 x the 1-3 y UL
                    "per_day": st.integers(min_value=1, max_value=3),
                }
            ),
            max_size=2,
        ),
        "labs": st.fixed_dictionaries(
            {
                "serum_magnesium": st.fixed_dictionaries(
                    {"value": st.floats(min_value=0.3, max_value=1.6), "unit": st.just("mmol/L")}
                )
            }
        ),
    },
)

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10,
)
mutations = st.fixed_dictionaries(
    {"profile": st.one_of(profiles, junk, st.fixed_dictionaries({"age_years": junk, "sex": junk}))},
    optional={
        "intake": junk,
        "signs": junk,
        "labs": junk,
        "egfr": junk,
        "supplements": junk,
        "standard": junk,
        "warning_signs": junk,
        junk.filter(lambda x: isinstance(x, str)): junk,
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_inputs)
def test_valid_input_gives_a_coherent_assessment(data: dict[str, Any]) -> None:
    inp = parse_model(AssessmentInput, data)
    for lang in ("en", "zh"):
        out = assess(inp, lang)
        p = out.adequacy.probability_adequate
        assert p is None or 0.0 <= p <= 1.0
        assert out.mds.min_possible <= out.mds.score <= out.mds.max_possible <= 5
        assert out.status.level in (
            "insufficient_information",
            "low_concern",
            "some_concern",
            "high_concern",
            "seek_care",
        )
        assert out.disclaimer
        if data.get("warning_signs"):
            assert out.status.level == "seek_care"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations)
def test_invalid_input_names_a_field_in_both_languages(data: dict[str, Any]) -> None:
    try:
        inp = parse_model(AssessmentInput, data)
        assess(inp, "en")
    except InputError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.field
            for lang in ("en", "zh"):
                assert t(problem.code, lang, **problem.params)
