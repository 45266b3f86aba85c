"""`knowledge/adequacy.toml`: the IOM method's numbers, checked against the spec (not against the code).

/work/shared/spec/clinical.md §2.1: "SD_r(Mg) = 0.10 × EAR" — the magnesium DRI report assumed a CV of
10 % for every magnesium EAR [S20 p.219, p.239]; women 31–50: 26.5 mg. clinical-addenda.md (Table B-5
note): "when the CV exceeds 60–70 % daily intakes are non-normal and the method is unreliable".
"""

from __future__ import annotations

from magcheck.core.knowledge_base import KnowledgeBase

REQUIREMENT_CV = 0.10  # clinical.md §2.1
SD_REQUIREMENT_WOMEN_31_50 = 26.5  # mg, clinical.md §2.1 (EAR 265)
WITHIN_CV_UNRELIABLE_FROM = 0.60  # clinical-addenda.md, Table B-5 note: the lower end of 60–70 %


def test_the_requirement_cv_is_the_one_the_dri_report_assumed(kb: KnowledgeBase) -> None:
    assert kb.adequacy.requirement_cv == REQUIREMENT_CV
    assert round(kb.adequacy.requirement_cv * 265, 1) == SD_REQUIREMENT_WOMEN_31_50
    assert {"iom2000", "iom1997"} <= set(kb.adequacy.sources)


def test_the_within_person_cv_limit_is_the_reports(kb: KnowledgeBase) -> None:
    assert kb.adequacy.max_reliable_within_cv == WITHIN_CV_UNRELIABLE_FROM
