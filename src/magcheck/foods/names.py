"""How a food's names are stored: the list separator, and the pinyin a Chinese name is also found by."""

from __future__ import annotations

SEP = "|"


def pinyin(texts: list[str]) -> str:
    """Toneless pinyin of Chinese names, joined and syllable by syllable ("bocai", "bo cai")."""
    # lazy: pypinyin loads its whole pinyin dictionary on import (tens of ms; > 1 s on this loaded
    # machine, -X importtime): only a rebuild of the store's view needs it, never a search or a start-up
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    for text in texts:
        hanzi = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
        if len(hanzi) < 2:
            continue
        syllables = lazy_pinyin(hanzi, style=Style.NORMAL, errors="ignore")
        forms = ["".join(syllables), " ".join(syllables)]
        if any("v" in s for s in syllables):  # 绿豆: typed as "lvdou" or, without the umlaut, "ludou"
            forms += [f.replace("v", "u") for f in forms]
        for form in forms:
            if form not in out:
                out.append(form)
    return SEP.join(out)
