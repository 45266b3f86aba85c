"""In a real browser, what a person with low vision, a phone, a screen reader or no JavaScript meets:
text contrast at WCAG AA on every page, no sideways scrolling at 360 px, the number of food suggestions
announced, portions in the page's language, and form errors never hidden in a folded section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_steps import fill_steps, next_step

pytestmark = pytest.mark.browser

PAGES = ["/", "/assess", "/signs", "/signs/fatigue", "/foods?q=tofu", "/about", "/api/docs", "/no-such-page"]

# Every visible text node: its colour (with opacity) over the backgrounds behind it, against 4.5:1 (3:1 for
# large text, WCAG 1.4.3). SVG charts are left out: their texts are also in <title>/<desc> and the tables.
CONTRAST_JS = r"""
() => {
  function rgba(s) {
    const m = s.match(/[\d.]+/g).map(Number);
    return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1};
  }
  function lum(c) {
    return [c.r, c.g, c.b]
      .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
      .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  }
  function blend(top, bottom) {
    const a = top.a;
    const mix = k => top[k] * a + bottom[k] * (1 - a);
    return {r: mix("r"), g: mix("g"), b: mix("b"), a: 1};
  }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.a > 0) { layers.push(c); if (c.a === 1) break; }
    }
    let out = {r: 255, g: 255, b: 255, a: 1};
    for (let i = layers.length - 1; i >= 0; i--) out = blend(layers[i], out);
    return out;
  }
  function ratio(fg, bg) {
    const l1 = lum(fg), l2 = lum(bg);
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
  }
  const bad = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest("svg, .visually-hidden, .skip")) continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || el.getClientRects().length === 0) continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = background(el);
    const colour = rgba(st.color);
    const r = ratio(blend({...colour, a: colour.a * opacity}, bg), bg);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const large = size >= 24 || (size >= 18.66 && bold);
    checked++;
    const where = `<${el.tagName.toLowerCase()} class="${el.className}">`;
    if (r < (large ? 3 : 4.5)) bad.push(`${r.toFixed(2)} ${where} ${n.textContent.trim().slice(0, 40)}`);
  }
  for (const input of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
    if (input.getClientRects().length === 0) continue;
    const r = ratio(rgba(getComputedStyle(input, "::placeholder").color), background(input));
    checked++;
    if (r < 4.5) bad.push(`${r.toFixed(2)} placeholder of ${input.id}`);
  }
  return {checked, bad: [...new Set(bad)]};
}
"""


def contrast_problems(page: Any) -> list[str]:
    result = page.evaluate(CONTRAST_JS)
    assert result["checked"] > 10  # the walk saw the page's text
    return list(result["bad"])


def test_the_contrast_check_finds_pale_text(page: Any, server: str) -> None:
    page.goto(server + "/about")
    assert contrast_problems(page) == []
    page.evaluate("document.querySelector('h1').style.color = '#aaaaaa'")
    assert any("<h1" in problem for problem in contrast_problems(page))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_contrast_meets_wcag_aa(
    page: Any, server: str, console_errors: list[str], path: str, lang: str
) -> None:
    sep = "&" if "?" in path else "?"
    page.goto(f"{server}{path}{sep}lang={lang}")
    if path == "/no-such-page":
        console_errors.clear()  # the browser logs the 404 status we asked for
    # every step of the form, as a person without JavaScript sees it
    page.evaluate("document.querySelectorAll('fieldset.step, .mode-panel').forEach(el => el.hidden = false)")
    assert contrast_problems(page) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_contrast_and_phone_width(browser: Any, server: str, shots: Path, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{server}/lang/{lang}?next=/assess")
    fill_steps(phone, "almonds" if lang == "en" else "杏仁", lang)
    # the red-flag box too (its question was on step 4, already behind us)
    phone.evaluate("document.querySelector(\"input[name='warning_signs'][value='seizure']\").checked = true")
    phone.click("[data-testid=submit]")
    phone.wait_for_selector("[data-testid=red-flags]")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert contrast_problems(phone) == []
    # every source id is a link that lands on its full citation
    first = phone.locator("a[href^='#src-']").first
    target = first.get_attribute("href")
    first.click()
    assert phone.evaluate(f"document.querySelector({target!r}).getBoundingClientRect().top") < 740
    phone.screenshot(path=str(shots / f"a11y-results-{lang}-360.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("path", ["/api/docs", "/no-such-page", "/signs/fatigue", "/about"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_sideways_scroll_at_360(browser: Any, server: str, path: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(f"{server}{path}?lang={lang}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize(
    ("lang", "typed", "said", "gram"), [("en", "almonds", "foods found", "g"), ("zh", "杏仁", "种食物", "克")]
)
def test_food_suggestions_are_announced_and_portions_are_in_the_page_language(
    page: Any, server: str, lang: str, typed: str, said: str, gram: str
) -> None:
    page.goto(f"{server}/assess?lang={lang}")
    next_step(page, 1)
    box = page.locator("#f-food-0-text")
    box.click()
    box.press_sequentially(typed, delay=30)
    page.wait_for_selector("#sugg-0 li[role=option]")
    status = page.text_content("#food-status") or ""
    count = page.locator("#sugg-0 li[role=option]").count()
    assert said in status and str(count) in status
    assert page.get_attribute("#food-status", "role") == "status"
    other = "zh-Hans" if lang == "en" else "en"
    assert page.locator(f"#sugg-0 li[role=option] .sub span[lang='{other}']").count() >= 1
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_selector("#f-food-0-unit[data-food]", state="attached")
    portions = page.locator("#f-food-0-unit option").all_text_contents()
    assert any(text.endswith(f" {gram})") for text in portions), portions
    box.fill("")
    box.press_sequentially("zzqqxx", delay=30)
    page.wait_for_selector("#sugg-0 li.empty")
    assert page.text_content("#food-status") == page.text_content("#sugg-0 li.empty")


def test_an_error_in_a_folded_section_is_visible_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 900})
    plain = context.new_page()
    plain.goto(server + "/assess?lang=en")
    plain.fill("#f-profile-age_years", "35")
    plain.check("input[name='profile.sex'][value='female']")
    plain.click("details.more:has(#f-preferences-max_foods) summary")
    plain.fill("#f-preferences-max_foods", "lots")
    plain.click("[data-testid=submit]")
    plain.wait_for_selector("[data-testid=error-summary]")
    assert plain.locator("#err-preferences-max_foods").is_visible()
    plain.click("[data-testid=error-summary] a[href='#f-preferences-max_foods']")
    assert plain.locator("#f-preferences-max_foods").is_visible()
    context.close()


def test_the_step_list_takes_you_to_a_step(page: Any, server: str) -> None:
    page.goto(server + "/assess?lang=zh")
    steps = page.locator(".steps-nav button.step-link")
    assert steps.count() == 5
    steps.nth(2).click()
    assert page.locator("#step-3").is_visible() and not page.locator("#step-1").is_visible()
    assert page.evaluate("document.activeElement.closest('fieldset').id") == "step-3"
    assert page.get_attribute(".steps-nav li:nth-child(3)", "aria-current") == "step"
    steps.nth(0).focus()
    page.keyboard.press("Enter")  # a real button: the keyboard works too
    assert page.locator("#step-1").is_visible()


def test_tick_boxes_keep_their_size_beside_long_answers_on_a_phone(browser: Any, server: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    phone.goto(server + "/assess?lang=en")
    phone.evaluate(
        "document.querySelectorAll('fieldset.step, details')"
        ".forEach(el => { el.hidden = false; el.open = true; })"
    )
    widths = phone.evaluate(
        "[...document.querySelectorAll('input[type=checkbox], input[type=radio]')]"
        ".filter(el => el.getClientRects().length).map(el => Math.round(el.getBoundingClientRect().width))"
    )
    assert len(widths) > 50 and len(set(widths)) == 1, sorted(set(widths))
    # each answer's whole row (its label) is the tap target, at least 24 px high (WCAG 2.5.8)
    heights = phone.evaluate(
        "[...document.querySelectorAll('label.choice')]"
        ".filter(el => el.getClientRects().length).map(el => el.getBoundingClientRect().height)"
    )
    assert len(heights) > 50 and min(heights) >= 24
    context.close()
