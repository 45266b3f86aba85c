"""The fixed lists have one home (`magcheck.core.vocabulary`): nothing else writes them out again, the
data files and catalogues agree with them, and the derived rules (diets, allergens) stay consistent."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from magcheck.cli.assess_render import _LEVEL_STYLE
from magcheck.core import vocabulary as v
from magcheck.i18n import LANGS, Lang, catalogue
from magcheck.knowledge.loader import load_knowledge

SRC = Path(v.__file__).resolve().parents[1]

# every list of two or more words the vocabulary holds, as sets (order aside)
_LISTS = {
    name: frozenset(value)
    for name, value in vars(v).items()
    if name.isupper() and isinstance(value, tuple | frozenset) and len(value) >= 2
}
# the words a list is written out with in Python or a template: ("a", "b") / ["a", "b"] / {"a", "b"}
_TEMPLATE_LIST = re.compile(r"""[(\[{]\s*((?:["'][^"']*["']\s*,\s*)+["'][^"']*["'])\s*,?\s*[)\]}]""")


def _python_lists(path: Path) -> list[tuple[int, frozenset[str]]]:
    found: list[tuple[int, frozenset[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) >= 2:
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(words) == len(node.elts):
                found.append((node.lineno, frozenset(words)))
    return found


def _template_lists(path: Path) -> list[tuple[int, frozenset[str]]]:
    found = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in _TEMPLATE_LIST.finditer(line):
            found.append((lineno, frozenset(re.findall(r"""["']([^"']*)["']""", match.group(1)))))
    return found


def test_no_fixed_list_is_written_out_again() -> None:
    """A list equal to one of the vocabulary's, anywhere else in the package, is a second home."""
    repeats = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix == ".py" and path.name != "vocabulary.py":
            lists = _python_lists(path)
        elif path.suffix in (".html", ".js"):
            lists = _template_lists(path)
        else:
            continue
        for lineno, words in lists:
            where = f"{path.relative_to(SRC)}:{lineno}"
            repeats += [f"{where} = {name}" for name, listed in _LISTS.items() if listed == words]
    assert not repeats, "write these as imports from magcheck.core.vocabulary:\n" + "\n".join(repeats)


def test_the_repeat_finder_finds_repeats(tmp_path: Path) -> None:
    """The guard above is only worth something if it sees a list written out in either kind of file."""
    py = tmp_path / "m.py"
    py.write_text('DIETS = ("omnivore", "vegetarian", "vegan", "pescatarian")\nx: Literal["us", "cn"]\n')
    html = tmp_path / "t.html"
    html.write_text('{% for g in ("strong", "moderate", "weak", "insufficient", "against") %}')
    assert (1, _LISTS["DIETS"]) in _python_lists(py)
    assert (2, _LISTS["STANDARDS"]) in _python_lists(py)
    assert _template_lists(html) == [(1, _LISTS["EVIDENCE_GRADES"])]


def test_knowledge_files_use_the_vocabulary() -> None:
    base = load_knowledge()
    assert tuple(base.grades) == v.EVIDENCE_GRADES
    assert tuple(base.frequencies) == v.FREQUENCIES
    assert {s.id for s in base.signs} == set(v.SIGN_IDS)
    assert {w.id for w in base.warning_signs} == set(v.WARNING_SIGN_IDS)
    assert set(v.CONDITION_IDS) <= {c.id for c in base.conditions}  # plus ones told by age
    assert [r.id for r in base.gate.reason] == list(v.GATE_REASON_IDS)
    assert set(base.supplements.laxative) == set(v.LAXATIVE_LEVELS)
    assert {r.level for r in base.status.rule} <= set(v.STATUS_LEVELS)
    assert set(base.labs.default_unit) == set(v.STANDARDS)
    assert {g.id for g in load_knowledge().supplement_choice.goal} == set(v.GOALS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("web.diet.", v.DIETS),
        ("web.goal.", v.GOALS),
        ("web.family.", v.EXCLUDE_FAMILIES),
        ("web.cuisine.", v.CUISINES),
        ("web.grade.", v.EVIDENCE_GRADES),
        ("web.grade_desc.", v.EVIDENCE_GRADES),
        ("web.sex.", v.SEXES),
        ("web.standard.", v.STANDARDS),
        ("web.foods.per.", v.PERS),
        ("assess.freq.", v.FREQUENCIES),
        ("history.web.freq.", v.FREQUENCIES),
        ("plan.preference.", ("diet", "exclude", "cuisine")),
    ],
)
def test_every_word_has_its_text(lang: Lang, prefix: str, words: tuple[str, ...]) -> None:
    messages = catalogue(lang)
    assert [w for w in words if f"{prefix}{w}" not in messages] == []


def test_diet_and_allergen_rules_are_consistent() -> None:
    assert tuple(v.DIET_EXCLUDES) == v.DIETS
    assert v.DIET_EXCLUDES[v.DIETS[0]] == frozenset()  # the default diet leaves nothing out
    assert all(families <= set(v.FOOD_FAMILIES) for families in v.DIET_EXCLUDES.values())
    assert set(v.EXCLUDE_FAMILIES) >= v.ALLERGEN_FAMILIES
    # an allergen is exactly a family no diet is about (a diet's families are told by a food's group)
    diet_families = frozenset().union(*v.DIET_EXCLUDES.values())
    assert set(v.EXCLUDE_FAMILIES) - diet_families == v.ALLERGEN_FAMILIES
    assert set(v.FOOD_FAMILIES) == set(v.EXCLUDE_FAMILIES) | {"meat"}
    assert set(v.SUPPORT_GRADES) == set(v.EVIDENCE_GRADES) - {"against"}


def test_the_cli_styles_every_status_level() -> None:
    assert tuple(_LEVEL_STYLE) == v.STATUS_LEVELS
