"""The quantity at either end of a food-log entry: numbers in words or digits (English and Chinese),
fractions, and the unit word that follows them.

"2 cups cooked spinach" → (2, "cup", "cooked spinach"); "米饭一碗半" → (1.5, "碗", "米饭"); "二两米饭" →
(2, "两", "米饭"). Kept apart from parse.py, which finds the food and works out its grams, because this
part knows nothing of foods: only numbers and the unit words of units.py.
"""

from __future__ import annotations

import re
import unicodedata

from magcheck.foods import units

_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125, "⅜": 0.375,
              "⅝": 0.625, "⅞": 0.875, "⅙": 1 / 6, "⅚": 5 / 6}  # fmt: skip
_WORD_NUMBERS = {
    "a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
    "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0, "dozen": 12.0,
    "half": 0.5, "quarter": 0.25, "third": 1 / 3, "couple": 2.0, "few": 3.0,
}  # fmt: skip
_ZH_DIGITS = {ch: value for value, ch in enumerate("零一二三四五六七八九")} | {"两": 2}
_ZH_NUMERAL = "零一二两三四五六七八九十百半"

_NUM = r"(?:\d+\s+\d+/\d+|\d+/\d+|\d+(?:\.\d+)?\s*[½⅓⅔¼¾⅕⅛⅜⅝⅞⅙⅚]?|[½⅓⅔¼¾⅕⅛⅜⅝⅞⅙⅚])"
_EN_NUM_WORDS = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_LEAD_EN = re.compile(
    rf"^(?P<num>{_NUM}|an?\s+(?:half|quarter|third)\b"
    rf"|(?:(?:{_EN_NUM_WORDS})\b(?:\s+(?:and\s+)?an?\s+(?:half|quarter|third)\b)?))"
    r"(?:\s+(?:an?|of)(?=\s))?(?:\s*x\b)?\s*"
)
_LEAD_ZH = re.compile(rf"^(?P<num>[{_ZH_NUMERAL}]+)")
_ANY_NUM = re.compile(rf"{_NUM}|[{_ZH_NUMERAL}]+")
_LEAD_OF = re.compile(r"^(?:of\s+|-\s*)")


def normalise_entry(text: str) -> str:
    """An entry as the parser reads it: trimmed, lower-case, full-width digits made ASCII, ½ kept."""
    text = text.strip()
    # keep ½ etc. as themselves (NFKC would make them "1⁄2"), but make full-width digits ASCII
    text = "".join(ch if ch in _FRACTIONS else unicodedata.normalize("NFKC", ch) for ch in text)
    text = text.replace("⁄", "/").lower()
    return re.sub(r"\s+", " ", text).strip()


def _zh_number(text: str) -> float | None:
    """一 → 1, 两 → 2, 十二 → 12, 二十 → 20, 半 → 0.5, 一百 → 100."""
    if text == "半":
        return 0.5
    if "半" in text:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return float(total + current)


def _number(text: str) -> float | None:
    """ "2", "2.5", "1/2", "1 1/2", "½", "1½", "half", "a", "one and a half", "三", "十二", "半"."""
    text = text.strip()
    if not text:
        return None
    if text[0] in _ZH_NUMERAL:
        return _zh_number(text)
    words = text.split()
    if words[0] in _WORD_NUMBERS:
        value = _WORD_NUMBERS[words[0]]
        tail = words[-1] if len(words) > 1 else None
        if tail in ("half", "quarter", "third"):
            extra = _WORD_NUMBERS[tail]
            return (
                extra
                if value == 1.0 and "and" not in words and words[0] in ("a", "an", "one")
                else value + extra
            )
        return value
    if text in _FRACTIONS:
        return _FRACTIONS[text]
    if text[-1] in _FRACTIONS:
        return float(text[:-1].strip() or 0) + _FRACTIONS[text[-1]]
    if " " in text:
        whole, frac = text.split()
        num, den = frac.split("/")
        return float(whole) + float(num) / float(den) if float(den) else None
    if "/" in text:
        num, den = text.split("/")
        return float(num) / float(den) if float(den) else None
    return float(text)


def _take_unit(rest: str) -> tuple[str | None, str, str]:
    """(unit key, the unit as typed, the rest) when `rest` starts with a unit word."""
    for word in units.UNIT_WORDS:
        if not rest.startswith(word):
            continue
        after = rest[len(word) :]
        if word.isascii() and after[:1].isalnum():
            continue  # "cup" must not match the start of "cupcake"
        key = units.unit_key(word)
        if key is not None:
            after = after.lstrip(" .")
            if after.startswith(("of ", "-")):
                after = _LEAD_OF.sub("", after)
            return key, word, after
    return None, "", rest


def split_quantity(text: str) -> tuple[float | None, str | None, str, str]:
    """(quantity, unit key, food words, unit as typed) from a normalised entry."""
    if text[:1] in _ZH_NUMERAL:
        # a leading numeral counts only before a unit: 三个鸡蛋 is 3 eggs, 三文鱼 is salmon
        run = _LEAD_ZH.match(text)
        assert run is not None
        digits, rest = run.group("num"), text[run.end() :].strip()
        if len(digits) > 1 and digits.endswith("两") and _zh_number(digits[:-1]) is not None:
            return _zh_number(digits[:-1]), "两", rest, "两"  # 二两米饭: 两 after a numeral is 50 g
        value = _zh_number(digits)
        unit, typed, after = _take_unit(rest)
        if value is not None and unit is not None and not (digits == "两" and unit == "两"):
            if after.startswith("半"):  # 一碗半 = 1.5 bowls
                value, after = value + 0.5, after[1:]
            return value, unit, after, typed
    else:
        match = _LEAD_EN.match(text)
        if match:
            value = _number(match.group("num"))
            rest = text[match.end() :].strip()
            if value is not None and rest:
                unit, typed, rest = _take_unit(rest)
                return value, unit, rest, typed
    # the quantity may come last: "almonds 30 g", "米饭 200克", "三文鱼一块", "米饭一碗半"
    half = 0.0
    if len(text) > 2 and text.endswith("半") and text[-2] in units.CJK_UNIT_CHARS:
        text, half = text[:-1], 0.5
    for found in reversed(list(_ANY_NUM.finditer(text))):
        food = text[: found.start()].strip(" ,，、:：")
        tail = text[found.end() :].strip()
        if not food:
            continue
        value = _number(found.group())
        if value is None:
            continue
        if not tail:
            return value, None, food, ""
        unit, typed, leftover = _take_unit(tail)
        if unit is not None and not leftover.strip(" .。"):
            return value + half, unit, food, typed
        if tail.isascii() and " " not in tail and found.group()[0].isdigit():
            return value, None, food, tail  # "rice 2 zorps": an unknown unit, reported as such
    return None, None, text, ""
