"""The shareable report: what a person waits for after pressing "Download report".

Targets (issue 7): the PDF for a 30-day history ≤ 2 s, the HTML ≤ 200 ms. Both are measured end to end
as `magcheck report --person P` does it (read the record, assess the logged days, render) against a
throw-away data directory holding 30 days of logs, check-ins and labs. Baselines from the same run:
WeasyPrint laying out a one-line page (the PDF engine's floor) and gathering the report's data alone
(record + assessment, no rendering) for the HTML.
"""

from __future__ import annotations

import datetime as dt

from benchmarks.common import Figure, measure, scratch_data_dir

FOODS = (
    "30 g almonds",
    "100 g spinach",
    "1 cup cooked rice",
    "200 g tofu",
    "1 banana",
    "100 g pumpkin seeds",
)
PERSON = "Bench Report"
DAYS = 30


def _fill_record() -> None:
    """30 days of three entries each, a weekly check-in and two lab results."""
    from magcheck.service.history.checkins import add_checkin
    from magcheck.service.history.food_log import add_entry
    from magcheck.service.history.labs import add_lab
    from magcheck.service.history.people import add_person

    add_person(PERSON, 40, "female")
    today = dt.date.today()
    for i in range(DAYS):
        day = today - dt.timedelta(days=DAYS - 1 - i)
        for k in range(3):
            add_entry(FOODS[(i + k) % len(FOODS)], day, person=PERSON)
        if i % 7 == 0:
            add_checkin({"muscle_cramps": ("sometimes", "often")[i % 2], "fatigue": "sometimes"}, day, PERSON)
    add_lab(0.78, "mmol/L", today - dt.timedelta(days=20), PERSON)
    add_lab(1.9, "mg/dL", today - dt.timedelta(days=2), PERSON)


def figures() -> list[Figure]:
    from weasyprint import HTML

    from magcheck.reports.render import render_html, render_pdf
    from magcheck.service import report as report_data

    with scratch_data_dir("magcheck-bench-report-"):
        _fill_record()

        def gather() -> report_data.ReportData:
            return report_data.from_person(PERSON, DAYS, "zh")

        def pdf() -> bytes:
            data = gather()
            return render_pdf(data.assessment, "zh", data.history, data.person_name)

        def html() -> str:
            data = gather()
            return render_html(data.assessment, "zh", data.history, data.person_name)

        one_line = measure(lambda: HTML(string="<p>magcheck</p>").write_pdf(), repeat=10, warmup=2)
        pdf_stats = measure(pdf, repeat=10, warmup=2)
        data_only = measure(gather, repeat=50, warmup=3)
        html_stats = measure(html, repeat=50, warmup=3)
        data = gather()
        render_only = measure(
            lambda: render_html(data.assessment, "zh", data.history, data.person_name), repeat=100
        )
        size_kb = len(pdf()) / 1024
        html_kb = len(html().encode("utf-8")) / 1024
    return [
        Figure(
            "report.pdf_30_day_history_zh",
            pdf_stats,
            baseline_name="WeasyPrint one-line page",
            baseline=one_line,
            target="≤ 2000 ms",
            met=pdf_stats.median_ms <= 2000,
            notes={"pdf_kb": round(size_kb, 1), "entries": DAYS * 3},
        ),
        Figure(
            "report.html_30_day_history_zh",
            html_stats,
            baseline_name="gather record + assessment only",
            baseline=data_only,
            target="≤ 200 ms",
            met=html_stats.median_ms <= 200,
            notes={"html_kb": round(html_kb, 1)},
        ),
        Figure(
            "report.html_render_only",
            render_only,
            baseline_name="gather record + assessment only",
            baseline=data_only,
        ),
    ]
