"""Steps of the assessment form in a real browser, shared by the browser journeys in tests/e2e/."""

from __future__ import annotations

from typing import Any


def pick_food(page: Any, row: int, typed: str) -> None:
    """Type into a food box, wait for suggestions and pick the first one with the keyboard."""
    box = page.locator(f"#f-food-{row}-text")
    box.click()
    box.press_sequentially(typed, delay=40)
    page.wait_for_selector(f"#sugg-{row} li[role=option]")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_selector(f"#f-food-{row}-unit[data-food]", state="attached")  # the food's own portions
    assert page.input_value(f"input[name='food.{row}.ndb']") != ""


def next_step(page: Any, step: int) -> None:
    page.locator(f"#step-{step} .step-buttons button.primary").click()
    page.wait_for_selector(f"#step-{step + 1}:not([hidden])")


def fill_steps(page: Any, food: str, lang: str) -> None:
    page.fill("#f-profile-age_years", "35")
    page.check("input[name='profile.sex'][value='female']")
    next_step(page, 1)
    pick_food(page, 0, food)
    page.select_option("#f-food-0-unit", "g")
    page.fill("#f-food-0-amount", "30")
    page.fill("#f-food-1-text", "2 cups cooked spinach")
    next_step(page, 2)
    page.check("input[name='signs.muscle_cramps'][value='often']")
    page.check("input[name='signs.fatigue'][value='sometimes']")
    next_step(page, 3)
    # only the questions that go with the reported signs are shown
    assert page.locator("label.warning-q:has(input[value='seizure'])").is_visible()
    assert not page.locator("label.warning-q:has(input[value='severe_abdominal_pain'])").is_visible()
    next_step(page, 4)
    page.fill("#f-medications", "omeprazole")
    page.fill("#f-egfr", "95")
