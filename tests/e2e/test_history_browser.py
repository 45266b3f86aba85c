"""The history pages in a real browser: add a person, log a day's food, fix a typo, check in, add a lab,
read the charts, switch to Chinese, and use it at 360 px. Uses the shared `server`/`page` fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def test_history_in_the_browser(server: str, page: Any, shots: Path, console_errors: list[str]) -> None:
    page.goto(server + "/history?lang=en")
    page.get_by_role("link", name="History").first.wait_for()
    if page.locator('[data-testid="no-person"]').count():
        page.get_by_label("Name").fill("Browser Bea")
        page.get_by_label("Age").fill("34")
        page.get_by_label("Sex").select_option("female")
        page.get_by_role("button", name="Add person").click()
    page.locator('[data-testid="history-summary"]').wait_for()
    page.screenshot(path=str(shots / "history-empty-en.png"), full_page=True)

    page.get_by_test_id("log-today").click()
    page.get_by_label("What did you eat?").fill("30 g almonds")
    page.get_by_test_id("add-entry").click()
    page.get_by_test_id("day-entries").wait_for()
    assert page.get_by_test_id("day-total").inner_text().strip() == "81"  # SR28 12061: 270 mg/100 g

    page.get_by_label("What did you eat?").fill("2 zorps almonds")
    page.keyboard.press("Enter")  # the form works from the keyboard
    page.get_by_test_id("error-summary").wait_for()
    assert "zorps" in page.get_by_test_id("error-summary").inner_text()
    assert page.get_by_label("What did you eat?").get_attribute("aria-invalid") == "true"
    console_errors.clear()  # the 422 answer is logged by the browser as a failed resource; expected here

    page.get_by_label("What did you eat?").fill("1 cup cooked spinach")
    page.get_by_test_id("add-entry").click()
    page.wait_for_url("**/history/log?**")
    rows = page.get_by_test_id("day-entries").locator("tbody tr")
    assert rows.count() == 2
    page.get_by_role("button", name='Remove "1 cup cooked spinach"').click()
    page.wait_for_url("**/history/log?**")
    assert page.get_by_test_id("day-entries").locator("tbody tr").count() == 1
    page.screenshot(path=str(shots / "history-day-en.png"), full_page=True)

    page.get_by_role("link", name="Back to the history").click()
    page.get_by_text("Record how you feel today").click()
    page.locator("#c-fatigue").select_option("often")
    page.locator("#c-muscle_cramps").select_option("sometimes")
    page.locator("form[action='/history/checkin'] button[type=submit]").click()
    page.get_by_test_id("burden-chart").wait_for()
    page.get_by_text("Add a lab value").click()
    page.locator("#l-value").fill("1.9")
    page.locator("#l-unit").select_option("mg/dL")
    page.locator("form[action='/history/lab'] button[type=submit]").click()
    page.get_by_test_id("lab-table").wait_for()
    assert "0.78" in page.get_by_test_id("lab-table").inner_text()  # 1.9 mg/dL × 10 / 24.305
    intake_svg = page.get_by_test_id("intake-chart").locator("svg")
    assert intake_svg.get_attribute("role") == "img"
    assert "81" in page.get_by_test_id("intake-chart").locator("desc").text_content() or ""
    page.screenshot(path=str(shots / "history-en.png"), full_page=True)

    page.get_by_test_id("lang-switch").click()
    page.get_by_role("heading", name="我的历史记录").wait_for()
    assert "记录今天的饮食" in page.get_by_test_id("log-today").inner_text()
    page.screenshot(path=str(shots / "history-zh.png"), full_page=True)

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the history page scrolls sideways at 360 px ({width} px)"
    page.screenshot(path=str(shots / "history-zh-360.png"), full_page=True)
