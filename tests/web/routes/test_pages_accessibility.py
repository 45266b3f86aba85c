"""What a screen-reader user and a Chinese reader meet on the pages: names, hints and messages read with
each field, headings in order, sources that can be followed, and no English UI words on zh pages."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from web_support import form_token

PAGES = ["/", "/assess", "/signs", "/signs/muscle_cramps", "/foods", "/foods?q=tofu", "/about", "/api/docs"]
FIELDS = ("input", "select", "textarea")

FORM: dict[str, str | list[str]] = {
    "profile.age_years": "35",
    "profile.sex": "female",
    "profile.state": "none",
    "standard": "us",
    "intake.mode": "food_log",
    "food_rows": "2",
    "food.0.day": "1",
    "food.0.text": "2 cups cooked spinach",
    "food.1.day": "1",
    "food.1.text": "30 g almonds",
    "signs.muscle_cramps": "often",
    "medications": "omeprazole",
}


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]
    duplicated: list[str]


class Page(HTMLParser):
    """Every start tag with its attributes, the `for` targets of labels, the fields inside labels, the ids
    and the heading levels in document order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[Tag] = []
        self.label_for: set[str] = set()
        self.ids: Counter[str] = Counter()
        self._open_labels = 0
        self.wrapped: set[int] = set()  # index of fields inside a <label>
        self.headings: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        values = {name: value or "" for name, value in attrs}
        item = Tag(tag, values, [n for n, count in Counter(names).items() if count > 1])
        self.tags.append(item)
        if "id" in values:
            self.ids[values["id"]] += 1
        if tag == "label":
            self._open_labels += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        if tag in FIELDS and self._open_labels:
            self.wrapped.add(len(self.tags) - 1)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._open_labels:
            self._open_labels -= 1

    def fields(self) -> list[tuple[int, Tag]]:
        return [
            (i, tag)
            for i, tag in enumerate(self.tags)
            if tag.name in FIELDS and tag.attrs.get("type") not in ("hidden", "submit")
        ]


def _post(client: TestClient, fields: dict[str, str | list[str]], lang: str = "en") -> str:
    client.cookies.set("magcheck_lang", lang)
    token = form_token(client)
    html: str = client.post("/assess", data={"csrf_token": token, **fields}).text
    return html


def _described_by(tag: Tag) -> list[str]:
    return tag.attrs.get("aria-describedby", "").split()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_field_of_the_form_has_a_name(client: TestClient, lang: str) -> None:
    page = Page(client.get(f"/assess?lang={lang}").text)
    assert page.fields()
    for i, tag in page.fields():
        named = (
            tag.attrs.get("id") in page.label_for
            or i in page.wrapped
            or bool(tag.attrs.get("aria-label") or tag.attrs.get("aria-labelledby"))
        )
        assert named, f"{tag.attrs.get('name')} has no label"
    groups = [t for t in page.tags if t.attrs.get("role") in ("group", "radiogroup")]
    assert len(groups) >= 15  # sex, pregnancy, intake mode, 11 signs, warning signs, conditions, exclusions
    for group in groups:
        label_id = group.attrs["aria-labelledby"]
        assert page.ids[label_id] == 1, f"group {group.attrs.get('id')} names a missing label {label_id}"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pages_have_unique_ids_one_h1_and_headings_in_order(client: TestClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    page = Page(client.get(f"{path}{sep}lang={lang}").text)
    assert [tag for tag in page.ids if page.ids[tag] > 1] == []
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    jumps = [(a, b) for a, b in zip(page.headings, page.headings[1:], strict=False) if b > a + 1]
    assert jumps == [], f"{path}: a heading level is skipped"
    assert all(not tag.duplicated for tag in page.tags)


def test_hints_are_read_with_their_fields(client: TestClient) -> None:
    page = Page(client.get("/assess?lang=en").text)
    by_id = {tag.attrs["id"]: tag for tag in page.tags if "id" in tag.attrs}
    for field_id, hint_id in [
        ("f-profile-age_years", "hint-profile-age_years"),
        ("f-medications", "hint-medications"),
        ("f-egfr", "hint-egfr"),
        ("f-labs-serum_magnesium-value", "hint-labs-serum_magnesium-value"),
        ("f-food-0-text", "hint-food"),
    ]:
        assert hint_id in _described_by(by_id[field_id]), field_id
        assert page.ids[hint_id] == 1


def test_a_field_with_an_error_points_to_its_message_and_its_hint(client: TestClient) -> None:
    html = _post(
        client,
        {
            **FORM,
            "profile.age_years": "abc",
            "medications": ", ".join(["aspirin"] * 200),
            "egfr": "ninety",
            "profile.sex": "",
        },
    )
    page = Page(html)
    invalid = [tag for tag in page.tags if tag.attrs.get("aria-invalid") == "true"]
    assert {tag.attrs["id"] for tag in invalid} >= {
        "f-profile-age_years",
        "f-egfr",
        "f-profile-sex",
        "f-medications",
    }
    for tag in invalid:
        key = tag.attrs["id"].removeprefix("f-")
        assert f"err-{key}" in _described_by(tag)  # the message is announced with the field
        assert all(page.ids[ref] == 1 for ref in _described_by(tag))
        assert not tag.duplicated
    age = next(tag for tag in invalid if tag.attrs["id"] == "f-profile-age_years")
    assert _described_by(age) == ["hint-profile-age_years", "err-profile-age_years"]
    medications = next(tag for tag in invalid if tag.attrs["id"] == "f-medications")
    assert _described_by(medications) == ["hint-medications", "err-medications"]


@pytest.mark.parametrize(
    ("field", "section"),
    [("preferences.max_foods", "preferences.diet"), ("supplement.compound_mg", "supplement.compound")],
)
def test_an_error_in_a_folded_section_opens_it(client: TestClient, field: str, section: str) -> None:
    """Without JavaScript a message inside a closed <details> is invisible and its summary link dead."""
    html = _post(client, {**FORM, field: "lots"})
    assert f'id="err-{field.replace(".", "-")}"' in html
    details = re.findall(r"<details[^>]*>.*?</details>", html, flags=re.S)
    holder = next(d for d in details if f'name="{field}"' in d)
    assert holder.startswith('<details class="more" open>')
    assert f'name="{section}"' in holder


def test_folded_sections_stay_closed_when_nothing_in_them_was_answered(client: TestClient) -> None:
    html = _post(client, {**FORM, "profile.age_years": "abc", "preferences.diet": "omnivore"})
    assert '<details class="more" open>' not in html
    html = _post(client, {**FORM, "profile.age_years": "abc", "preferences.diet": "vegan"})
    assert html.count('<details class="more" open>') == 1


def test_chinese_form_names_its_units_in_chinese(client: TestClient) -> None:
    html = client.get("/assess?lang=zh").text
    units = re.findall(r'<span class="unit">([^<]*)</span>', html)
    assert "毫克" in units and "千卡" in units
    assert not {"mg", "kcal", "g"} & set(units)


def test_every_source_cited_on_the_results_links_to_its_entry(client: TestClient) -> None:
    html = _post(client, FORM)
    cited = set(re.findall(r'<a href="#src-([^"]+)"', html))
    listed = set(re.findall(r'<li id="src-([^"]+)"', html))
    assert len(cited) >= 5
    assert cited <= listed


def test_api_docs_in_chinese_say_the_descriptions_are_english(client: TestClient) -> None:
    html = client.get("/api/docs?lang=zh").text
    assert "只有英文版" in html
    main = html.split("<main", 1)[1]
    # every English sentence from the OpenAPI schema is marked as English for screen readers
    for text in re.findall(r"<(?:p|td)>([^<]*[A-Za-z]{4,}[^<]*)</(?:p|td)>", main):
        assert re.search(r"[\u4e00-\u9fff]", text), f"unmarked English text: {text!r}"
    assert main.count('lang="en"') >= 10
    assert "只有英文版" not in client.get("/api/docs?lang=en").text


@pytest.mark.parametrize("path", ["/signs/muscle_cramps", "/signs/headaches", "/about"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sign_and_about_pages_link_each_source_id_to_its_citation(
    client: TestClient, path: str, lang: str
) -> None:
    html = client.get(f"{path}?lang={lang}").text
    cited = re.findall(r'<a href="#src-([^"]+)"', html)
    listed = re.findall(r'<li id="src-([^"]+)"><span class="src">\[\1\]</span> \S', html)
    assert cited and set(cited) <= set(listed)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_links_that_open_a_new_tab_say_so(client: TestClient, lang: str) -> None:
    html = client.get(f"/assess?lang={lang}").text
    links = re.findall(r'<a [^>]*target="_blank"[^>]*>.*?</a>', html)
    assert len(links) == 11
    notice = "opens in a new tab" if lang == "en" else "在新标签页中打开"
    assert all(notice in link for link in links)


def test_a_language_chosen_in_the_address_stays_for_the_form_and_the_next_pages(client: TestClient) -> None:
    """Someone who opens /assess?lang=zh gets the form's messages and the next pages in Chinese too."""
    page = client.get("/assess?lang=zh")
    assert "magcheck_lang=zh" in page.headers["set-cookie"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    errors = client.post("/assess", data={"csrf_token": token.group(1), **FORM, "profile.age_years": "abc"})
    assert errors.status_code == 422 and '<html lang="zh-Hans">' in errors.text
    assert "请检查" in errors.text.split('data-testid="error-summary">')[1][:300]
    assert '<html lang="zh-Hans">' in client.get("/signs").text
    assert '<html lang="en">' in client.get("/signs?lang=en").text
    assert '<html lang="en">' in client.get("/").text


@pytest.mark.parametrize(("lang", "grams"), [("en", r"\(\d+ g\)"), ("zh", r"（\d+ 克）")])
def test_foods_page_states_each_portion_weight_once(client: TestClient, lang: str, grams: str) -> None:
    html = client.get(f"/foods?lang={lang}").text
    table = html.split('data-testid="top-foods"')[1].split("</table>")[0]
    portions = re.findall(r"<tr><td>\d+</td><td>[^<]*</td><td>([^<]*)</td>", table)
    assert len(portions) >= 10
    for portion in portions:
        assert len(re.findall(grams, portion)) == 1, portion
        assert not re.search(r"\(\d+ g\)", portion) or lang == "en"


@pytest.mark.parametrize(
    ("path", "label"),
    [("/no-such-page", "页面"), ("/signs/no_such_sign", "信号"), ("/foods?per=weekly", "排序方式")],
)
def test_chinese_error_pages_name_the_problem_in_chinese(client: TestClient, path: str, label: str) -> None:
    sep = "&" if "?" in path else "?"
    response = client.get(f"{path}{sep}lang=zh")
    assert response.status_code in (404, 422)
    messages = re.findall(r"<li>([^<]*)</li>", response.text.split('role="alert"')[1].split("</div>")[0])
    assert messages and all(m.startswith(label + "：") for m in messages), messages
    assert not any(re.search(r"[A-Za-z_]{3,}[:：]", m) for m in messages)


def test_a_form_with_errors_says_so_in_the_window_title(client: TestClient) -> None:
    """The title is the first thing a screen reader reads after the page reloads with messages."""
    html = _post(client, {**FORM, "profile.age_years": "abc"}, lang="zh")
    title = re.search(r"<title>([^<]*)</title>", html)
    assert title and title.group(1).startswith("请检查以下回答 – ")
    fresh = re.search(r"<title>([^<]*)</title>", client.get("/assess?lang=zh").text)
    assert fresh and "请检查" not in fresh.group(1)


@pytest.mark.parametrize(("lang", "other"), [("en", "zh-Hans"), ("zh", "en")])
def test_food_names_in_the_other_language_are_marked_as_such(
    client: TestClient, lang: str, other: str
) -> None:
    html = client.get(f"/foods?q=tofu&lang={lang}").text
    table = html.split('data-testid="search-results"')[1].split("</table>")[0]
    assert table.count("<tr><td>") == table.count(f'<span lang="{other}">') > 0


def test_a_bad_choice_in_a_list_is_shown_beside_that_list(client: TestClient) -> None:
    html = _post(client, {**FORM, "preferences.diet": "carnivore"})
    page = Page(html)
    diet = next(tag for tag in page.tags if tag.attrs.get("id") == "f-preferences-diet")
    assert diet.attrs.get("aria-invalid") == "true"
    assert _described_by(diet) == ["err-preferences-diet"] and page.ids["err-preferences-diet"] == 1
    assert '<details class="more" open>' in html
