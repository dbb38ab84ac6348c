"""Fitting a reply into a push channel's limits without losing what it says.

Telegram and WhatsApp cap the length of a message, of a button title and of a list row.
Long texts are cut where a reader expects a break (between paragraphs, then after a
sentence, then between words), and titles are shortened by whole words with "…", while
the buttons of one message stay distinguishable.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

ELLIPSIS = "…"

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# after ". ", "! ", "? ", "… " (or the same before a line end), after ":" at a line end,
# and at any line end
_SENTENCE = re.compile(r"(?<=[.!?…])\s|\n")
_WORD = re.compile(r"\s")
_LIST_NUMBER = re.compile(r"\s*\d+[.)]")
# what may not end a shortened title before its "…"
_TRAILING_SEPARATORS = " \t,;:·-–—/(&+|"


@dataclass(frozen=True)
class Option:
    """A button as a push channel sends it; ``id`` is the short key the channel echoes back when pressed."""

    id: str
    title: str


def _is_list_number(text: str, position: int) -> bool:
    """Whether ``text`` just before ``position`` is only a list number ("3." or "3)") on its line."""
    line_start = text.rfind("\n", 0, position) + 1
    return _LIST_NUMBER.fullmatch(text, line_start, position) is not None


def _last_boundary(pattern: re.Pattern[str], text: str, limit: int, *, sentences: bool = False) -> int:
    """The last place at most ``limit`` characters in where ``pattern`` allows a cut; 0 when none."""
    best = 0
    for match in pattern.finditer(text):
        position = match.start()
        if position > limit:
            break
        if not (sentences and _is_list_number(text, position)):
            best = position
    return best


def _cut(text: str, limit: int) -> int:
    """Where to end the next chunk of ``text`` (which starts with a visible character)."""
    return (
        _last_boundary(_PARAGRAPH, text, limit)
        or _last_boundary(_SENTENCE, text, limit, sentences=True)
        or _last_boundary(_WORD, text, limit)
        or limit
    )


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in chunks of at most ``limit`` characters, in order, none empty.

    A chunk ends between paragraphs when it can, else after a sentence or a line, else
    between words; a word is cut only when it alone is longer than ``limit``. A text that
    fits is returned unchanged; an empty (or blank) text gives no chunk.
    """
    if limit < 1:
        raise ValueError(f"a chunk holds at least one character, not {limit}")
    if not text.strip():
        return []
    if len(text) <= limit:
        return [text]
    chunks = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut(rest, limit)
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def shorten(title: str, limit: int) -> str:
    """``title`` in at most ``limit`` characters: whole words followed by "…" when it is too long.

    Only a first word longer than the limit is cut (and ends with "…").
    """
    if limit < 1:
        raise ValueError(f"a title holds at least one character, not {limit}")
    if len(title) <= limit:
        return title
    kept = ""
    for word in title.split():
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) + len(ELLIPSIS) > limit:
            break
        kept = candidate
    kept = kept.rstrip(_TRAILING_SEPARATORS)
    if not kept:
        kept = title.strip()[: limit - len(ELLIPSIS)].rstrip()
    return kept + ELLIPSIS


def _with_tail(title: str, words: int, limit: int) -> str | None:
    """``title`` shortened at its start but keeping its last ``words`` words ("Course… A2")."""
    parts = title.split()
    if words >= len(parts):
        return None
    tail = " ".join(parts[-words:])
    room = limit - len(tail) - 1
    if len(parts[0]) + len(ELLIPSIS) > room:  # not even the first word fits before the tail
        return None
    return f"{shorten(' '.join(parts[:-words]), room)} {tail}"


def _distinguish_by_tail(titles: list[str], result: list[str], group: list[int], limit: int) -> None:
    """Give the titles in ``group`` (equal once shortened) their last words, as few as tell them apart."""
    others = {result[i].casefold() for i in range(len(result)) if i not in group}
    different = len({titles[i].casefold() for i in group})  # the same title twice is numbered later
    if different == 1:
        return
    longest = max(len(titles[i].split()) for i in group)
    for words in range(1, longest):
        variants = [_with_tail(titles[i], words, limit) for i in group]
        keys = {v.casefold() for v in variants if v is not None}
        if None not in variants and len(keys) == different and not keys & others:
            for i, variant in zip(group, variants, strict=True):
                result[i] = variant or result[i]
            return


def _numbered(shown: str, title: str, number: int, limit: int) -> str:
    """``shown`` (the shortened ``title``) followed by ``number``, within ``limit``."""
    suffix = f" {number}"
    if len(shown) + len(suffix) <= limit:
        return shown + suffix
    if len(suffix) >= limit:
        return str(number)
    return shorten(title, limit - len(suffix)) + suffix


def _number_duplicates(titles: list[str], result: list[str], limit: int) -> None:
    """Number the titles still equal to an earlier one: "Training", "Training 2"."""
    seen: set[str] = set()
    for i, title in enumerate(result):
        key = title.casefold()
        if key in seen:
            taken = {t.casefold() for t in result}
            number = 2
            candidate = _numbered(title, titles[i], number, limit)
            while candidate.casefold() in taken:
                number += 1
                candidate = _numbered(title, titles[i], number, limit)
            result[i] = candidate
            key = candidate.casefold()
        seen.add(key)


def distinct_titles(titles: list[str], limit: int) -> list[str]:
    """Each title shortened to ``limit`` characters, no two the same (ignoring case).

    Titles that become equal once shortened keep their last words ("Dutch course… A1",
    "Dutch course… A2"); titles that stay equal anyway are numbered ("Training 2").
    """
    if limit < 4:
        raise ValueError(f"titles of {limit} characters cannot be told apart")
    result = [shorten(title, limit) for title in titles]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(result):
        groups[title.casefold()].append(i)
    for group in groups.values():
        if len(group) > 1:
            _distinguish_by_tail(titles, result, group, limit)
    _number_duplicates(titles, result, limit)
    return result
