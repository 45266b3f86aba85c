"""Whole meals in one line, and what the jieba segmenter costs.

Target (issue 14): parse a one-line meal of 5 items ≤ 2 ms median over the full store (USDA SR28
imported, TFDA when the store holds it, the built-in dishes), with the store's search cache and parse
memos (entries and lines) cleared before every line. Baseline in the same run: the same five items
parsed one by one as separate entries — the ratio is what cutting a sentence into items costs. jieba
is measured cold in a fresh interpreter (import + dictionary load), against importing the meal parser
itself, because that is the cost any command using the segmenter pays once, and the one every other
command must not pay.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import Figure, Stats

if TYPE_CHECKING:
    from magcheck.i18n import Lang

ROOT = Path(__file__).resolve().parents[1]
SR28 = ROOT.parent / "shared" / "data" / "usda_sr28"
MEALS: list[tuple[str, Lang]] = [
    ("早餐：一个馒头、一杯牛奶、两个鸡蛋、一根香蕉和30克杏仁", "zh"),
    ("午饭：一碗米饭，一份西红柿炒鸡蛋，一份清炒菜心，一碗紫菜蛋花汤还有一个苹果", "zh"),
    ("晚饭吃了一碗牛肉面、两个包子、一盘拍黄瓜、一杯豆浆和一把花生", "zh"),
    ("1 cup oatmeal with milk, 1 banana, 30 g almonds, 2 eggs and 1 cup orange juice", "en"),
    ("chicken fried rice, a cheeseburger, 1 cup black beans, 2 cups cooked spinach plus 1 apple", "en"),
    ("lunch: a bowl of chili, caesar salad, 1 slice whole-wheat bread, 1 cup milk and 1 brownie", "en"),
]
RUN_ON: tuple[str, Lang] = ("一个馒头两个鸡蛋一杯牛奶一根香蕉一碗米饭", "zh")
COLD_JIEBA = (
    "import time, logging; t = time.perf_counter(); import jieba; jieba.setLogLevel(logging.WARNING); "
    "tk = jieba.Tokenizer(); tk.initialize(); print((time.perf_counter() - t) * 1000)"
)
COLD_MEAL = (
    "import time; t = time.perf_counter(); import magcheck.foods.meal; "
    "print((time.perf_counter() - t) * 1000)"
)


def _cold(code: str, rounds: int = 3) -> Stats:
    out = []
    for _ in range(rounds):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        out.append(float(result.stdout.strip().splitlines()[-1]))
    return Stats.of(out)


def figures() -> list[Figure]:
    from magcheck.core.errors import InputError
    from magcheck.core.models import NotUnderstood
    from magcheck.foods.meal import parse_meal, read_meal, split_meal
    from magcheck.foods.parse import parse_entry
    from magcheck.foods.store import FoodStore

    figs: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = FoodStore(Path(tmp) / "foods.sqlite3")
        store.import_path(SR28)
        store = FoodStore(store.path)
        index = store.index
        parts = {text: split_meal(text, store) for text, _ in MEALS}
        assert all(len(p) == 5 for p in parts.values()), parts

        def cold() -> None:
            index.clear_cache()
            store.parse_memo.clear()
            store.meal_memo.clear()

        for text, lang in MEALS:  # warm the segmenter and the code paths once, untimed
            parse_meal(text, store, lang)
        meal: list[float] = []
        one_by_one: list[float] = []
        for _ in range(20):
            for text, lang in MEALS:
                cold()
                start = time.perf_counter()
                parse_meal(text, store, lang)
                meal.append((time.perf_counter() - start) * 1000)
                cold()
                start = time.perf_counter()
                for part in parts[text]:
                    with contextlib.suppress(InputError):  # an entry it cannot read still took its time
                        parse_entry(part, store, lang)
                one_by_one.append((time.perf_counter() - start) * 1000)
        meal_stats = Stats.of(meal)
        read = [read_meal(text, store, lang) for text, lang in MEALS]
        figs.append(
            Figure(
                "meal.parse_5_items",
                meal_stats,
                baseline_name="the 5 entries parsed one by one",
                baseline=Stats.of(one_by_one),
                target="median ≤ 2 ms",
                met=meal_stats.median_ms <= 2,
                notes={
                    "lines": len(MEALS),
                    "foods": len(store),
                    "items_understood": sum(1 for r in read for p in r if not isinstance(p, NotUnderstood)),
                    "items": sum(len(r) for r in read),
                },
            )
        )
        run_on: list[float] = []
        for _ in range(50):
            cold()
            start = time.perf_counter()
            parse_meal(RUN_ON[0], store, RUN_ON[1])
            run_on.append((time.perf_counter() - start) * 1000)
        figs.append(
            Figure(
                "meal.parse_run_on_chinese",
                Stats.of(run_on),
                baseline_name="a 5-item line with separators",
                baseline=meal_stats,
                notes={
                    "line": RUN_ON[0],
                    "why": "no separators: the jieba segmenter cuts it (dictionary loaded)",
                },
            )
        )
    jieba = _cold(COLD_JIEBA)
    figs.append(
        Figure(
            "meal.jieba_import_and_dictionary",
            jieba,
            baseline_name="import the meal parser",
            baseline=_cold(COLD_MEAL),
            notes={"why": "paid once, only by a line of run-on Chinese; no other command imports jieba"},
        )
    )
    return figs
