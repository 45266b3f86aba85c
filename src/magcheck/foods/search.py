"""Bilingual, typo-tolerant food search over an in-memory index built once per process.

English (and pinyin) goes through an inverted index of stemmed words: every query word must match a
word of the food's names (exactly, as a prefix, or within one or two typos found by rapidfuzz over the
vocabulary of similar length), in any order. Chinese has no spaces, so Chinese names are matched
character by character: the query's characters must all occur in a name, and exact names beat names
that merely contain the query. Ranking then prefers the plain common form a person means: curated and
"common" rows first, baby food, fast food, restaurant and branded rows last, and short names over long
ones ("spinach" → "Spinach, raw", not "Spinach souffle").
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from magcheck.foods.postings import PackedPostings, pack
from magcheck.foods.tfda import to_simplified
from magcheck.knowledge.food_tables import load_synonyms

if TYPE_CHECKING:
    from magcheck.foods.model import Food

_WORD = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_PAREN = re.compile(r"[（(][^）)]*[）)]")
_STOP = frozenset({"of", "a", "an", "the", "some"})

# field weights: how strongly a match in this field says "this is the food"
_W_NAME, _W_ALIAS, _W_USDA, _W_PINYIN = 1.0, 0.95, 0.8, 0.9
# match qualities
_Q_EXACT, _Q_SYNONYM, _Q_PREFIX, _Q_TYPO1, _Q_TYPO2 = 1.0, 0.95, 0.8, 0.72, 0.6
# ranking priors (added to the match score)
_CURATED, _COMMON = 0.35, 0.35
_PENALTY_GROUP = {"0300": -0.8, "2100": -0.5, "3600": -0.5, "3500": -0.3, "2200": -0.15}
_BRANDED = -0.3
_TFDA_BEHIND, _TFDA_AVERAGE = 0.15, 0.1
_TOKEN_CACHE_SIZE = 4096


def _shared_start(a: str, b: str) -> int:
    """How many letters two words share from the start ("tofu"/"tofoo" → 3)."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def stem(word: str) -> str:
    """A tiny English stemmer for plurals, so "almonds" finds "almond" and "berries" finds "berry"."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "oes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    text = text.lower().replace("ü", "v")  # pinyin: 绿豆 is "lvdou" (also indexed as "ludou")
    return [stem(w) for w in _WORD.findall(text) if w not in _STOP]


@cache
def _synonyms() -> dict[str, str]:
    """Everyday word → USDA word (both stemmed), from knowledge/foods/synonyms.toml."""
    return {stem(k.lower()): stem(v.lower()) for k, v in load_synonyms().items()}


def _core(name: str) -> str:
    """A Chinese name without its bracketed qualifier: "菠菜（煮）" → "菠菜"."""
    return _PAREN.sub("", name).strip()


@dataclass(frozen=True, slots=True)
class SearchHit:
    food: Food
    score: float
    complete: bool = True  # False when no food matched every word (or character) of the query


class SearchIndex:
    """The index over a list of foods. It refers to them by position and keeps their ids (`ids`), so it
    can be pickled without them (`__getstate__`): the food store persists it and, for a search, reads
    only the rows of the hits (see foods/store.py)."""

    def __init__(self, foods: list[Food]) -> None:
        self.foods: list[Food] | None = foods
        self.ids = [food.id for food in foods]
        postings: dict[str, dict[int, float]] = {}
        exact: dict[str, dict[int, float]] = {}
        self._name_len: list[int] = []
        self._head: list[tuple[str, str]] = []
        self._prior: list[float] = []
        self._zh_names: list[list[tuple[str, str, float]]] = []
        self._zh_chars: dict[str, set[int]] = {}
        for i, food in enumerate(foods):
            self._add_food(i, food, postings, exact)
        # read-only from here on; read from disk they are PackedPostings (postings.py)
        self._postings: Mapping[str, dict[int, float]] = postings
        self._exact: Mapping[str, dict[int, float]] = exact
        self._vocab = sorted(self._postings)
        self._by_len: dict[int, list[str]] = {}
        for word in self._vocab:
            self._by_len.setdefault(len(word), []).append(word)
        self._token_cache: dict[str, list[tuple[str, float]]] = {}

    def __getstate__(self) -> dict[str, object]:
        # the foods are the store's rows (read back by id); the token cache is per-process scratch
        state = {k: v for k, v in self.__dict__.items() if k not in ("foods", "_token_cache")}
        for name in ("_postings", "_exact"):
            table = state[name]
            state[name] = table.packed if isinstance(table, PackedPostings) else pack(self.__dict__[name])
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._postings = PackedPostings(self.__dict__["_postings"])
        self._exact = PackedPostings(self.__dict__["_exact"])
        self.foods = None
        self._token_cache = {}

    # ------------------------------------------------------------ building

    def _add_food(
        self, i: int, food: Food, postings: dict[str, dict[int, float]], exact: dict[str, dict[int, float]]
    ) -> None:
        fields: list[tuple[str, float]] = [(food.name_en, _W_NAME)]
        fields += [(a, _W_ALIAS) for a in food.aliases_en]
        if food.usda_name and food.usda_name != food.name_en:
            fields.append((food.usda_name, _W_USDA))
        fields += [(p, _W_PINYIN) for p in food.pinyin if " " not in p]
        for text, weight in fields:
            for word in words(text):
                posting = postings.setdefault(word, {})
                if posting.get(i, 0.0) < weight:
                    posting[i] = weight
            key = " ".join(words(text))
            if key:
                named = exact.setdefault(key, {})
                named[i] = max(named.get(i, 0.0), weight)
        for p in food.pinyin:  # "bo cai" typed with a space still means 菠菜
            named = exact.setdefault(p.replace(" ", ""), {})
            named[i] = max(named.get(i, 0.0), _W_PINYIN)
        name_words = words(food.name_en)
        self._name_len.append(max(1, len(name_words)))
        if food.source != "tfda":
            self._head.append(
                (name_words[0] if name_words else "", name_words[1] if len(name_words) > 1 else "")
            )
        else:  # curated TFDA names are plain English, ending with the food ("Black bean tea" is tea)
            lead = (
                words(re.split(r"[,(]| with | in | and ", food.name_en, maxsplit=1)[0]) or name_words or [""]
            )
            self._head.append((lead[-1], lead[0] if len(lead) > 1 else ""))
        prior = (_CURATED if food.curated else 0.0) + (_COMMON if food.common else 0.0)
        if food.source == "tfda":
            # SR28 stays the main table: where both tables fit the words, the USDA row comes first;
            # an averaged TFDA row beats its single samples ("(1月取样)", "(2021年取样)")
            prior -= _TFDA_BEHIND
            name = food.name_zh or ""
            if not food.curated and "平均值" in name:
                prior += _TFDA_AVERAGE
            elif not food.curated and "取样" in name:
                prior -= _TFDA_AVERAGE
        prior += _PENALTY_GROUP.get(food.usda_group or "", 0.0)
        if food.manufacturer or (food.usda_name or "").lower().startswith("babyfood"):
            prior += _BRANDED if food.manufacturer else _PENALTY_GROUP["0300"]
        self._prior.append(prior)
        zh: list[tuple[str, str, float]] = []
        if food.name_zh:
            zh.append((food.name_zh, _core(food.name_zh), _W_NAME))
        zh += [(a, _core(a), _W_ALIAS) for a in food.aliases_zh]
        self._zh_names.append(zh)
        for full, _, _ in zh:
            for ch in full:
                if "\u3400" <= ch <= "\u9fff":
                    self._zh_chars.setdefault(ch, set()).add(i)

    # ------------------------------------------------------------ matching

    def _expand(self, token: str) -> list[tuple[str, float]]:
        """Vocabulary words that `token` may mean, with a quality: exact, prefix, then typo matches."""
        cached = self._token_cache.get(token)
        if cached is not None:
            return cached
        out: list[tuple[str, float]] = []
        if token in self._postings:
            out.append((token, _Q_EXACT))
        synonym = _synonyms().get(token)
        if synonym is not None and synonym in self._postings and synonym != token:
            out.append((synonym, _Q_SYNONYM))  # "ketchup" finds USDA's "Catsup"
        if len(token) >= 3:
            start = bisect_left(self._vocab, token)
            for word in self._vocab[start : start + 200]:
                if not word.startswith(token):
                    break
                if word != token:
                    out.append((word, _Q_PREFIX))
        if not out and len(token) >= 4 and not token.isdigit():
            # lazy: rapidfuzz (≈ 0.4 s to import on this loaded machine, -X importtime) only for a word with
            # no exact, synonym or prefix match; most searches and every start-up never need it
            from rapidfuzz import process
            from rapidfuzz.distance import OSA  # lazy: with rapidfuzz.process, above

            # one typo anywhere; two from five letters on, not in the first letter ("salmon" ≠ "almond")
            limit = 2 if len(token) >= 5 else 1
            near: list[str] = []
            far: list[str] = []
            for length in range(len(token) - limit, len(token) + limit + 1):
                candidates = self._by_len.get(length)
                if not candidates:
                    continue
                for word, dist, _ in process.extract(
                    # optimal string alignment: edits and adjacent swaps like Damerau-Levenshtein, the
                    # same fixes within two edits, ~4× faster (benchmarks/bench_foods.py: search p99)
                    token,
                    candidates,
                    scorer=OSA.distance,
                    score_cutoff=limit,
                    limit=None,
                ):
                    if dist <= 1:
                        near.append(word)
                    elif word[0] == token[0]:
                        far.append(word)
            # the closest fixes only: "almnds" means "almond", not every word two edits away
            out = [(w, _Q_TYPO1) for w in near] if near else [(w, _Q_TYPO2) for w in far]
        if len(self._token_cache) >= _TOKEN_CACHE_SIZE:
            self._token_cache.clear()
        self._token_cache[token] = out
        return out

    def _best_word(self, token: str) -> str | None:
        """The vocabulary word a token most likely means (itself, or its closest typo fix), not a prefix."""
        best = [
            # among equally good fixes, the one agreeing longest from the start, then the commoner word
            (quality, _shared_start(word, token), len(self._postings[word]), word)
            for word, quality in self._expand(token)
            if quality != _Q_PREFIX
        ]
        return max(best)[3] if best else None

    def clear_cache(self) -> None:
        self._token_cache.clear()

    def _match_word(self, token: str) -> dict[int, float]:
        scores: dict[int, float] = {}
        for word, quality in self._expand(token):
            for i, weight in self._postings[word].items():
                value = quality * weight
                if scores.get(i, 0.0) < value:
                    scores[i] = value
        return scores

    def _match_cjk(self, segment: str) -> tuple[dict[int, float], bool]:
        """Scores of the foods whose Chinese names fit `segment`, and whether the fit is only partial."""
        sets = [self._zh_chars.get(ch) for ch in segment]
        if any(s is None for s in sets):
            candidates: set[int] = set()
        else:
            candidates = set.intersection(*[s for s in sets if s is not None])
        if not candidates and len(segment) >= 3:
            # "煮熟的菠菜" has characters no name has: keep the foods holding all but one or two of them
            counts: dict[int, int] = {}
            for ch_set in sets:
                for i in ch_set or ():
                    counts[i] = counts.get(i, 0) + 1
            floor = max(2, len(segment) - 2)
            loose: dict[int, float] = {}
            for i, count in counts.items():
                if count < floor:
                    continue
                best = 0.0
                for _, core, weight in self._zh_names[i]:
                    # a name the query contains ("小米" in "小米粥") says more than scattered characters
                    quality = 0.5 + 0.3 * len(core) / len(segment) if core and core in segment else 0.0
                    best = max(best, max(quality, 0.4 * count / len(segment)) * weight)
                loose[i] = best
            return loose, bool(loose)
        scores: dict[int, float] = {}
        for i in candidates:
            best = 0.0
            for full, core, weight in self._zh_names[i]:
                if segment in (full, core):
                    quality = 1.0
                elif core.startswith(segment) or full.startswith(segment):
                    quality = 0.85
                elif segment in full:
                    quality = 0.75
                elif all(ch in full for ch in segment):
                    quality = 0.55
                else:
                    continue
                # "菠菜" in "菠菜" beats "菠菜" in "菠菜鸡蛋汤": share of the name the query covers
                quality *= 0.7 + 0.3 * min(1.0, len(segment) / max(1, len(core or full)))
                best = max(best, quality * weight)
            if best:
                scores[i] = best
        return scores, False

    # ------------------------------------------------------------ query

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """The best `limit` foods for `query` (an index built over foods in memory)."""
        assert self.foods is not None, "an index read from disk has no foods: rank(), then read the hits"
        best, complete = self.rank(query, limit)
        return [SearchHit(self.foods[i], score, complete) for score, i in best]

    def rank(self, query: str, limit: int = 10) -> tuple[list[tuple[float, int]], bool]:
        """(score, position) of the best `limit` foods, best first, and whether they match the whole
        query (False when no food matched every word, or the Chinese fit is only partial)."""
        text = query.strip().lower().replace("煮熟", "煮")
        if _CJK_RUN.search(text):  # Traditional characters (饅頭, 紅棗) are read as Simplified
            text = to_simplified(text)
        segments = _CJK_RUN.findall(text)
        tokens = words(_CJK_RUN.sub(" ", text))
        matched = [self._match_cjk(s) for s in segments]
        loose = any(partial for _, partial in matched)  # "小米粥": no food has 粥, so millet is a guess
        parts: list[dict[int, float]] = [scores for scores, _ in matched]
        parts += [self._match_word(t) for t in tokens]
        if not parts:
            return [], True
        joined = "".join(tokens)
        exact = self._exact.get(" ".join(tokens)) or (self._exact.get(joined) if len(tokens) > 1 else None)
        if exact is None and tokens:  # "brocoli" corrected to "broccoli" may still be a name exactly
            corrected = [self._best_word(token) for token in tokens]
            if all(corrected):
                exact = self._exact.get(" ".join(w for w in corrected if w))
        if exact and not segments:  # the whole query is a name, alias or pinyin: it matches outright
            parts = [{i: max(s, exact.get(i, 0.0)) for i, s in p.items()} | exact for p in parts]
        n = len(parts)
        ordered = sorted(parts, key=len)
        common = set(ordered[0]).intersection(*ordered[1:]) if n > 1 else set(ordered[0])
        penalty = 0.0
        if not common:  # nothing matches every word: fall back to the foods matching most of them
            counts: dict[int, int] = {}
            for p in parts:
                for i in p:
                    counts[i] = counts.get(i, 0) + 1
            if not counts:
                return [], True
            most = max(counts.values())
            if n > 1 and most < 1 + (n - 1) // 2:
                return [], True
            common = {i for i, c in counts.items() if c == most}
            penalty = 0.5 * (n - most) / n
        scored: list[tuple[float, int]] = []
        prior, name_len = self._prior, self._name_len
        n_words = len(tokens) + sum(len(s) > 0 for s in segments)
        meant = {word for t in tokens for word, quality in self._expand(t) if quality >= _Q_TYPO1}
        head = self._head
        for i in common:
            match = sum(p.get(i, 0.0) for p in parts) / n
            coverage = min(1.0, n_words / name_len[i]) if tokens else 1.0
            bonus = 0.6 if exact and i in exact else 0.0
            # USDA names lead with the food ("Spinach, raw"; "Nuts, almonds"), not what it is in/on
            first, second = head[i]
            bonus += 0.25 if first in meant else 0.1 if second in meant else 0.0
            scored.append((2.0 * match + 0.5 * coverage + prior[i] + bonus - penalty, i))
        best = heapq.nlargest(limit, scored, key=lambda item: (item[0], -item[1]))
        complete = penalty == 0.0 and not loose
        return [(round(score, 4), i) for score, i in best], complete
