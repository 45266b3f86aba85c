"""No code picks a language by comparing its code: every choice goes through `Say` and the language
profiles, so a third language is catalogue files plus data columns (tests/i18n/test_say.py builds one)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from magcheck.i18n import LOCALES

SRC = Path(__file__).resolve().parents[1] / "src" / "magcheck"
CODES = {tag for profile in LOCALES.profiles.values() for tag in profile.tags} | {
    profile.web_tag.lower() for profile in LOCALES.profiles.values()
}
# a language code compared with anything in a template or a script: `lang == 'zh'`, `"en" != x`, `=== "zh"`
_ANY_CODE = "|".join(map(re.escape, sorted(CODES)))
TEXT_COMPARISON = re.compile(
    rf"""[=!]==?\s*['"](?:{_ANY_CODE})['"]|['"](?:{_ANY_CODE})['"]\s*[=!]==?|\blang\s*[=!]==?\s*['"]""",
    re.IGNORECASE,
)


def _is_code(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lower() in CODES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_code(item) for item in node.elts)
    return False


def python_comparisons() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(_is_code(n) for n in (node.left, *node.comparators)):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
            if isinstance(node, ast.Dict) and {"en", "zh"} <= {
                k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} (a table keyed by language codes)")
    return found


def text_comparisons() -> list[str]:
    found = []
    for path in sorted([*SRC.rglob("*.html"), *SRC.rglob("*.js")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if TEXT_COMPARISON.search(line):
                found.append(f"{path.relative_to(SRC)}:{number}")
    return found


def test_no_python_module_compares_a_language_code() -> None:
    assert python_comparisons() == []


def test_no_template_or_script_compares_a_language_code() -> None:
    assert text_comparisons() == []


def test_the_checks_see_a_comparison() -> None:
    """Guards the checks themselves."""
    tree = ast.parse('x = "a" if lang == "zh" else "b"\ny = lang in ("en", "zh-cn")')
    assert (
        sum(
            isinstance(n, ast.Compare) and any(_is_code(m) for m in (n.left, *n.comparators))
            for n in ast.walk(tree)
        )
        == 2
    )
    for line in ('{% if lang != "en" %}', "{{ 'a' if other_lang == 'zh' else 'b' }}", 'lang === "zh" && f'):
        assert TEXT_COMPARISON.search(line), line
    assert not TEXT_COMPARISON.search('{{ say.name(f) }} lang="{{ say.web_tag }}"')
