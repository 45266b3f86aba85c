"""Hand-made assessments for the report tests, built on the spec's worked example.

Woman 31–50 y, US DRIs: EAR 265 mg/day, RDA 320 mg/day (clinical.md §1.1); three days with a mean of
320 mg/day give z ≈ 0.98 and ≈ 84 % probability of adequacy with SD_r 26.5 and SD_within 86
(clinical.md §2, the IOM 2000 worked example p. 54). The texts are what the service would hand over;
the report must show them, so tests look for them (and for the numbers) in the output.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from magcheck.core.models import (
    Adequacy,
    Assessment,
    Coverage,
    FoodEntryResult,
    GateReason,
    IntakeResult,
    LabsResult,
    Mds,
    MdsComponent,
    Plan,
    PlanFood,
    PlanSupplement,
    Reason,
    RedFlag,
    Requirement,
    SignResult,
    SignsResult,
    SourceRef,
    Status,
    SupplementGate,
)
from magcheck.i18n import Lang
from magcheck.service.report import LabPoint, ReportHistory

EAR, RDA = 265.0, 320.0
DAILY = [290.0, 330.0, 340.0]  # mean 320
SD_R, SD_W = 26.5, 86.0


def _probability() -> tuple[float, float]:
    z = (sum(DAILY) / 3 - EAR) / math.sqrt(SD_R**2 + SD_W**2 / 3)
    return z, 0.5 * (1 + math.erf(z / math.sqrt(2)))


TEXT = {
    "en": {
        "label": "Some concern",
        "seek_label": "Seek medical care",
        "reason": "Your intake is probably adequate, but you take a diuretic.",
        "stage": "Women 31–50 years",
        "edition": "IOM 1997",
        "adequacy": "Your usual intake is probably adequate.",
        "caveat": "Three days is a short record.",
        "intake": "Mean of 3 days from your food log.",
        "coverage": "8 of 9 entries have a magnesium value.",
        "diuretic": "Diuretic (furosemide)",
        "ppi": "Proton-pump inhibitor",
        "drinking": "Heavy drinking",
        "kidney": "Kidney function",
        "mds": "Score 1: low.",
        "sign": "Muscle cramps and spasms",
        "sign_expl": "Low magnesium makes nerves and muscles more excitable.",
        "other": ["dehydration", "overuse"],
        "signs_caveat": "Signs are common and have many causes.",
        "lab": "Within the usual reference interval.",
        "plan": "Add pumpkin seeds to breakfast.",
        "food_why": "Most magnesium per kcal",
        "supp_why": "Well absorbed",
        "caution": "Stop if you get diarrhoea.",
        "portion": "1 handful (28 g)",
        "flag": "Chest pain",
        "flag_action": "Call emergency services now.",
        "rec": "Talk to your doctor about your diuretic.",
        "disclaimer": "This is not medical advice or a diagnosis.",
        "citation": "Institute of Medicine. Dietary Reference Intakes 2000.",
    },
    "zh": {
        "label": "有些担心",
        "seek_label": "请就医",
        "reason": "您的摄入量可能充足，但您在服用利尿剂。",
        "stage": "女性 31–50 岁",
        "edition": "IOM 1997",
        "adequacy": "您平时的摄入量可能充足。",
        "caveat": "三天的记录偏短。",
        "intake": "根据饮食记录计算的 3 天平均值。",
        "coverage": "9 个条目中有 8 个有镁含量数据。",
        "diuretic": "利尿剂（呋塞米）",
        "ppi": "质子泵抑制剂",
        "drinking": "大量饮酒",
        "kidney": "肾功能",
        "mds": "评分 1：低。",
        "sign": "肌肉抽筋和痉挛",
        "sign_expl": "低镁会让神经和肌肉更容易兴奋。",
        "other": ["脱水", "过度使用"],
        "signs_caveat": "这些症状很常见，原因也很多。",
        "lab": "在常规参考范围内。",
        "plan": "早餐加一把南瓜子。",
        "food_why": "每千卡含镁最多",
        "supp_why": "吸收较好",
        "caution": "如出现腹泻请停用。",
        "portion": "一把（28 克）",
        "flag": "胸痛",
        "flag_action": "请立即拨打急救电话。",
        "rec": "就利尿剂问题咨询医生。",
        "disclaimer": "本内容不是医疗建议，也不是诊断。",
        "citation": "美国医学研究所. 膳食营养素参考摄入量 2000.",
    },
}

FOODS = [
    ("100 g spinach", "11457", "Spinach, raw", "菠菜", 100.0, 79.0, 0),
    ("30 g almonds", "12061", "Almonds", "杏仁", 30.0, 81.0, 0),
    ("a bowl of rice", "20045", "Rice, white, cooked", "米饭", 200.0, 24.0, 0),
    ("tofu 200 g", "16127", "Tofu, firm", "豆腐", 200.0, 116.0, 1),
    ("a mystery stew", None, None, None, None, None, 1),
    ("pumpkin seeds 30 g", "12014", "Pumpkin seeds", "南瓜子", 30.0, 156.0, 2),
]


def make_assessment(lang: Lang, *, red_flag: bool = False, foods: bool = True) -> Assessment:
    x = TEXT[lang]
    z, p = _probability()
    entries = [
        FoodEntryResult(entry=e, day=d, ndb=n, name_en=ne, name_zh=nz, grams=g, mg=mg)
        for e, n, ne, nz, g, mg, d in FOODS
    ]
    return Assessment(
        lang=lang,
        knowledge_version="2026.11.25-1",
        requirement=Requirement(
            standard="us",
            edition=x["edition"],
            life_stage="female_31_50",
            life_stage_label=x["stage"],
            rda_mg=RDA,
            rda_name="RDA",
            ear_mg=EAR,
            ai_mg=None,
            ul_supplement_mg=350.0,
            sources=["iom1997"],
        ),
        intake=IntakeResult(
            source="food_log" if foods else "daily",
            days=3,
            daily_mg=DAILY,
            food_mean_mg=320.0,
            supplement_mg=0.0,
            mean_mg=320.0,
            foods=entries if foods else [],
            coverage=Coverage(entries=9, entries_with_value=8, complete=False, text=x["coverage"])
            if foods
            else None,
            text=x["intake"],
        ),
        adequacy=Adequacy(
            method="iom_ear",
            z=z,
            probability_adequate=p,
            sd_requirement_mg=SD_R,
            sd_within_mg=SD_W,
            sd_within_verified=True,
            n_days=3,
            conclusion="uncertain",
            text=x["adequacy"],
            caveats=[x["caveat"]],
            sources=["iom2000"],
        ),
        mds=Mds(
            score=1,
            min_possible=1,
            max_possible=2,
            components=[
                MdsComponent(id="diuretic", points=1, known=True, text=x["diuretic"]),
                MdsComponent(id="ppi", points=0, known=True, text=x["ppi"]),
                MdsComponent(id="heavy_drinking", points=None, known=False, text=x["drinking"]),
                MdsComponent(id="kidney", points=0, known=True, text=x["kidney"]),
            ],
            unknown=["heavy_drinking"],
            level="low",
            text=x["mds"],
            sources=["fan2021_mds"],
        ),
        signs=SignsResult(
            answered=11,
            reported=1,
            burden=0.5,
            burden_level="low",
            items=[
                SignResult(
                    id="muscle_cramps",
                    frequency="often",
                    name=x["sign"],
                    explanation=x["sign_expl"],
                    evidence_cause="Moderate" if lang == "en" else "中等",
                    evidence_supplement="Evidence against" if lang == "en" else "证据不支持",
                    other_causes=x["other"],
                    sources=["iom1997"],
                )
            ],
            caveat=x["signs_caveat"],
        ),
        labs=LabsResult(
            serum_mmol_per_l=0.82,
            input_value=2.0,
            input_unit="mg/dL",
            interpretation="possible_latent_deficiency",
            text=x["lab"],
            sources=["costello2016"],
        ),
        status=Status(
            level="seek_care" if red_flag else "some_concern",
            label=x["seek_label"] if red_flag else x["label"],
            reasons=[Reason(id="diuretic", text=x["reason"], sources=["fan2021_mds"])],
        ),
        red_flags=[RedFlag(id="chest_pain", text=x["flag"], action=x["flag_action"])] if red_flag else [],
        # a warning sign closes the supplement safety gate: no dose in the plan (the contract refuses one)
        supplement_gate=SupplementGate(
            dose_allowed=False,
            reasons=[GateReason(id="warning_sign", text=x["flag_action"], sources=["ods_mg_hp"])],
            text=x["flag_action"],
            sources=["ods_mg_hp"],
        )
        if red_flag
        else SupplementGate(dose_allowed=True, reasons=[], text="", sources=[]),
        supplements=None,
        plan=Plan(
            status="closed",
            target_mg=320.0,
            gap_mg=0.0,
            total_mg=156.0,
            total_kcal=163.0,
            foods=[
                PlanFood(
                    ndb="12014",
                    name_en="Pumpkin seeds",
                    name_zh="南瓜子",
                    grams=28.0,
                    portion=x["portion"],
                    mg=156.0,
                    kcal=163.0,
                    why=x["food_why"],
                )
            ],
            text=x["plan"],
            supplement=None
            if red_flag
            else PlanSupplement(
                compound="citrate",
                compound_label="Magnesium citrate" if lang == "en" else "柠檬酸镁",
                elemental_mg_per_day=100.0,
                compound_mg_per_day=621.0,
                doses_per_day=1,
                why=x["supp_why"],
                cautions=[x["caution"]],
                sources=["ods_mg_hp"],
            ),
            supplement_reason=x["flag_action"] if red_flag else None,
        ),
        recommendations=[Reason(id="talk_diuretic", text=x["rec"], sources=["ods_mg_hp"])],
        sources=[
            SourceRef(id="iom2000", citation=x["citation"], url="https://doi.org/10.17226/9956"),
            SourceRef(id="fan2021_mds", citation="Fan L et al. J Nutr. 2021;151(8):2226-2235."),
        ],
        disclaimer=x["disclaimer"],
    )


def make_history(days: int = 30) -> ReportHistory:
    start = date(2026, 10, 1)
    dates = [start + timedelta(days=i) for i in range(days)]
    daily = [200.0 + (i * 37) % 180 for i in range(days)]
    checkins = dates[::7]
    burden = [0.25 * (i % 3) for i in range(len(checkins))]
    labs = [
        LabPoint(date(2026, 10, 3), 1.9, "mg/dL", 1.9 * 10 / 24.305),
        LabPoint(date(2026, 10, 20), 0.8, "mmol/L", 0.8),
    ]
    return ReportHistory(dates=dates, daily_mg=daily, checkin_dates=checkins, burden=burden, labs=labs)
