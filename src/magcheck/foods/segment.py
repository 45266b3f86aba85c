"""Word lists the meal splitter needs from the store, and the jieba segmenter for run-on Chinese.

jieba is imported and its dictionary loaded only the first time a meal line has Chinese that the
punctuation and joining words did not cut into readable parts; loading costs a few hundred
milliseconds (measured in benchmarks/), which no other command should pay. The segmenter is taught
every Chinese food name in the store, so "西红柿炒鸡蛋" stays one dish while "馒头豆浆" becomes two foods.
"""

from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING, Any

from magcheck.foods.search import _core

if TYPE_CHECKING:
    from magcheck.foods.store import FoodStore

_JOINING = re.compile(r"\band\b|\bwith\b|\bplus\b|&|和|跟|加|配|及|与|同|还有|以及")
_CJK = re.compile(r"[\u3400-\u9fff]")
_QUANTITY = re.compile(
    r"^(?:[\d.]+|[零一二两三四五六七八九十百半几]+)\s*[个只颗枚碗杯勺片把根块条盒瓶份袋包罐听盘碟克两斤串粒]?半?$"
)
_FILLER = frozenset(
    [
        "了",
        "的",
        "吃",
        "喝",
        "还",
        "也",
        "又",
        "我",
        "再",
        "就",
        "是",
        "都",
        "点",
        "些",
        "一些",
        "一点",
        "然后",
        "今天",
        "早上",
        "中午",
        "晚上",
    ]
)
_NAME_FREQ = 200_000  # far above any everyday word in jieba's dictionary: a food name is never cut

_JOINED: weakref.WeakKeyDictionary[FoodStore, dict[str, tuple[str, ...]]] = weakref.WeakKeyDictionary()
_BEFORE = re.compile(r"([a-z0-9]+|[\u3400-\u9fff])[^a-z0-9\u3400-\u9fff]*$")
_VOCAB: weakref.WeakKeyDictionary[FoodStore, frozenset[str]] = weakref.WeakKeyDictionary()
_TOKENIZERS: weakref.WeakKeyDictionary[FoodStore, Any] = weakref.WeakKeyDictionary()


def _names(store: FoodStore) -> set[str]:
    names: set[str] = set()
    for food in store.iter_foods():
        for name in (food.name_en, *food.aliases_en):
            names.add(name.lower())
        for zh in (food.name_zh, *food.aliases_zh):
            if zh:
                names.add(zh)
                names.add(_core(zh))
    return names


def join_key(text: str, start: int, word: str) -> str:
    """What a joining word at `start` is filed under: the word (or character) before it, and itself."""
    before = _BEFORE.search(text[:start].lower())
    return f"{before.group(1) if before else ''}|{word.strip().lower()}"


def joined_names(store: FoodStore, key: str) -> tuple[str, ...]:
    """Lower-case food names holding a joining word with the `join_key` given ("oatmeal|with" →
    "oatmeal with milk"): a meal line is never cut inside them. The full store has thousands of such
    names ("…, meat and skin"), so they are filed by the word before the join and looked up per join."""
    by_key = _JOINED.get(store)
    if by_key is None:
        filed: dict[str, list[str]] = {}
        for name in _names(store):
            for match in _JOINING.finditer(name):
                filed.setdefault(join_key(name, match.start(), match.group()), []).append(name)
        by_key = {k: tuple(v) for k, v in filed.items()}
        _JOINED[store] = by_key
    return by_key.get(key, ())


def _vocabulary(store: FoodStore) -> frozenset[str]:
    vocab = _VOCAB.get(store)
    if vocab is None:
        vocab = frozenset(n for n in _names(store) if _CJK.search(n))
        _VOCAB[store] = vocab
    return vocab


def worth_segmenting(part: str) -> bool:
    """Only Chinese with no spaces and at least four characters can hold two foods run together."""
    return " " not in part.strip() and len(_CJK.findall(part)) >= 4


def _tokenizer(store: FoodStore) -> Any:
    tokenizer = _TOKENIZERS.get(store)
    if tokenizer is None:
        # lazy: jieba and its dictionary (meal.jieba_import_and_dictionary: 699 ms on an idle machine,
        # docs/benchmarks.md) only for a run-on Chinese meal line; logging only to quieten jieba
        import logging  # lazy: with jieba, above

        import jieba  # lazy: see above

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        for word in _vocabulary(store):
            tokenizer.add_word(word, freq=_NAME_FREQ * len(word))
        _TOKENIZERS[store] = tokenizer
    return tokenizer


def cut(part: str, store: FoodStore) -> list[str]:
    """Run-on Chinese cut into entries: "一个馒头两个鸡蛋" → ["一个馒头", "两个鸡蛋"].

    Amounts stay with their food. Which side they sit on follows the line's ends: a line that ends
    with an amount ("米饭一碗豆腐一块") puts amounts after foods; otherwise they come before them.
    """
    vocab = _vocabulary(store)
    tokens = [tok for tok in _tokenizer(store).cut(part, HMM=False) if tok.strip() and tok not in _FILLER]
    if not tokens:
        return []
    leading = bool(_QUANTITY.match(tokens[0])) or not _QUANTITY.match(tokens[-1])
    pieces: list[list[str]] = []
    current: list[str] = []
    has_food = False
    for tok in tokens:
        is_quantity = bool(_QUANTITY.match(tok))
        if is_quantity:
            if leading and has_food:
                pieces.append(current)
                current, has_food = [], False
            current.append(tok)
            if not leading and has_food:
                pieces.append(current)
                current, has_food = [], False
            continue
        if has_food and (tok in vocab or not current or not _QUANTITY.match(current[-1])):
            pieces.append(current)
            current, has_food = [], False
        current.append(tok)
        has_food = has_food or tok in vocab
    if current:
        if pieces and not has_food and all(_QUANTITY.match(tok) for tok in current):
            pieces[-1].extend(current)  # a trailing amount belongs to the last food
        else:
            pieces.append(current)
    return ["".join(p) for p in pieces]
