"""The public bodies of 2014 and the code that finds them in a plan's text.

Why: a BCF plan names its partners however its author liked ("NHS Fylde & Wyre CCG",
"Blackpool Council", "the HWB", a run of CCG names with no commas). Checks and reports need
the body behind each name: its code, its NHS England region, its area team. The lists
shipped beside this module (``councils.csv``, ``ccgs.csv``, ``districts.csv``) say where
they come from in their ``#`` header lines.

``kind`` is ``"council"`` (an upper-tier local authority, which is a Health and Wellbeing
Board area) or ``"ccg"`` (a clinical commissioning group of 2013-15).
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from rapidfuzz import fuzz, process

__all__ = ["Body", "Gazetteer", "Mention", "gazetteer"]

Kind = Literal["council", "ccg"]
KINDS: tuple[Kind, ...] = ("council", "ccg")

FUZZY_CUTOFF = 92.0
"""Lowest rapidfuzz ratio (0-100) on a normalised name for a match: an OCR slip, not a guess."""

MAX_NAME_TOKENS = 16
"""A text with more words than the longest written form of a name is a sentence, not a name."""


@dataclass(frozen=True)
class Body:
    """A council (upper-tier local authority = HWB area) or a CCG, as of 2014."""

    kind: Kind
    name: str
    code: str
    region: str
    ons_region: str | None = None
    area_team: str | None = None


@dataclass(frozen=True)
class Mention:
    """Where a body is named in a text: ``text[start:end]`` is how the text wrote it."""

    body: Body
    start: int
    end: int
    text: str


# --- normalising names -------------------------------------------------------------------

_TOKEN = re.compile(r"c\.\s?c\.\s?g\.?|[^\W_]+(?:['’][^\W_]+)*|&", re.IGNORECASE)
_SENTENCE = re.compile(r"[a-z]{3,}[.!?]\s+\S", re.IGNORECASE)

Tokens = tuple[str, ...]


def _norm_token(raw: str) -> str:
    text = unicodedata.normalize("NFKD", raw.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if text == "&":
        return "and"
    text = text.replace("'", "").replace("’", "").replace(".", "").replace(" ", "")
    return "st" if text == "saint" else text


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Normalised words of ``text`` with their character spans ("Well-being" is one word)."""
    out: list[tuple[str, int, int]] = []
    for match in _TOKEN.finditer(text):
        word = _norm_token(match.group())
        if out and out[-1][0] == "well" and word == "being":
            out[-1] = ("wellbeing", out[-1][1], match.end())
            continue
        out.append((word, match.start(), match.end()))
    return out


def _key(text: str) -> Tokens:
    return tuple(word for word, _, _ in _tokens(text))


def _t(text: str) -> Tokens:
    return tuple(text.split())


_CCG_PREFIXES = [_t("nhs")]
_CCG_SUFFIXES = [_t("clinical commissioning group"), _t("ccg")]
_COUNCIL_PREFIXES = [
    _t("the london borough of"),
    _t("london borough of"),
    _t("the royal borough of"),
    _t("royal borough of"),
    _t("borough of"),
    _t("council of the"),
    _t("council of"),
    _t("the city of"),
    _t("city of"),
    _t("county of"),
]
_COUNCIL_SUFFIXES = [
    _t("metropolitan borough council"),
    _t("metropolitan district council"),
    _t("county borough council"),
    _t("borough council"),
    _t("county council"),
    _t("city council"),
    _t("district council"),
    _t("council"),
    _t("corporation"),
]
_HWB_SUFFIXES = [_t("health and wellbeing board"), _t("hwb")]
_DISTRICT_SUFFIXES = [_t("borough council"), _t("district council"), _t("city council")]
_DISTRICT_SUFFIXES += [_t("council")]


def _strip(words: Tokens, affixes: Iterable[Tokens], *, prefix: bool) -> tuple[Tokens, bool]:
    for affix in affixes:
        n = len(affix)
        if len(words) > n and (words[:n] if prefix else words[-n:]) == affix:
            return (words[n:] if prefix else words[:-n]), True
    return words, False


def _strip_all(words: Tokens) -> tuple[Tokens, bool, bool]:
    """The core of a name with its organisation words removed, and which kind they signal."""
    ccg = council = False
    changed = True
    while changed:
        changed = False
        if len(words) > 1 and words[0] == "the":
            words, changed = words[1:], True
        for affixes, prefix, is_ccg in (
            (_CCG_PREFIXES, True, True),
            (_CCG_SUFFIXES, False, True),
            (_HWB_SUFFIXES, False, False),
            (_COUNCIL_SUFFIXES, False, False),
            (_COUNCIL_PREFIXES, True, False),
        ):
            stripped, hit = _strip(words, affixes, prefix=prefix)
            if hit and stripped != _t("london"):  # "City of London" keeps its "City of"
                words, changed = stripped, True
                ccg, council = ccg or is_ccg, council or not is_ccg
    return words, ccg, council


def _reordered(name: str) -> list[str]:
    """ONS writes "Bristol, City of": also "City of Bristol" and "Bristol"."""
    head, sep, tail = name.rpartition(", ")
    if sep and tail.lower().startswith(("city of", "county of")):
        return [f"{tail} {head}", head]
    return []


# --- the index -------------------------------------------------------------------------------


class _Node:
    __slots__ = ("next", "payload")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.payload: tuple[Body | None, bool] | None = None


class _Trie:
    """Word-sequence trie: leftmost-longest matching of many names in one pass."""

    def __init__(self) -> None:
        self.root = _Node()

    def add(self, words: Tokens, body: Body | None, *, bare: bool = False) -> None:
        node = self.root
        for word in words:
            node = node.next.setdefault(word, _Node())
        if node.payload is None or node.payload[0] is None:  # a body beats a blocker
            node.payload = (body, bare)

    def scan(self, words: list[str]) -> Iterator[tuple[int, int, Body | None, bool]]:
        i = 0
        while i < len(words):
            node, best = self.root, None
            for j in range(i, len(words)):
                nxt = node.next.get(words[j])
                if nxt is None:
                    break
                node = nxt
                if node.payload is not None:
                    best = (j, *node.payload)
            if best is None:
                i += 1
                continue
            yield i, *best
            i = best[0] + 1


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines))


def _split_aliases(value: str) -> list[str]:
    return [a.strip() for a in value.split(";") if a.strip()]


class Gazetteer:
    """The 152 councils and 211 CCGs of 2014, with lookups by code and by name."""

    def __init__(self) -> None:
        self._bodies: list[Body] = []
        self._codes: dict[str, Body] = {}
        self._cores: dict[Kind, dict[Tokens, Body]] = {"council": {}, "ccg": {}}
        self._marked: list[tuple[Tokens, Body | None]] = []
        self._bare: dict[str, list[tuple[Tokens, Body | None]]] = {
            "council": [],
            "ccg": [],
            "district": [],
        }
        self._districts: set[Tokens] = set()
        for row in _read("councils.csv"):
            self._add_council(row)
        for row in _read("ccgs.csv"):
            self._add_ccg(row)
        for row in _read("districts.csv"):
            self._add_district(row["name"])
        self._choices: dict[Kind, list[str]] = {
            kind: [" ".join(core) for core in self._cores[kind]] for kind in KINDS
        }
        self._district_choices = [" ".join(words) for words in self._districts]

    # building

    def _core(self, kind: Kind, words: Tokens, body: Body) -> None:
        if words and words not in self._cores[kind]:
            self._cores[kind][words] = body

    def _add_council(self, row: dict[str, str]) -> None:
        body = Body(
            "council", row["name"], row["code"], row["nhs_region"], ons_region=row["ons_region"]
        )
        self._register(body, row["former_code"])
        names = [row["name"], *_reordered(row["name"]), *_split_aliases(row["aliases"])]
        cores: set[Tokens] = set()
        for name in [*names, row["official_name"]]:
            full = _key(name)
            core = _strip_all(full)[0]
            for words in (full, core):
                self._core("council", words, body)
            cores.add(core)
            if full != core:
                self._marked.append((full, body))
        for name in names:
            self._bare["council"].append((_key(name), body))
        for core in cores:
            for prefix in _COUNCIL_PREFIXES:
                self._marked.append((prefix + core, body))
            for suffix in _COUNCIL_SUFFIXES + _HWB_SUFFIXES:
                self._marked.append((core + suffix, body))

    def _add_ccg(self, row: dict[str, str]) -> None:
        body = Body("ccg", row["name"], row["code"], row["nhs_region"], area_team=row["area_team"])
        self._register(body, row["ons_code"])
        for name in [row["name"], *_split_aliases(row["aliases"])]:
            core = _strip_all(_key(name))[0]
            self._core("ccg", core, body)
            self._bare["ccg"].append((core, body))
            for prefix in ((), *_CCG_PREFIXES):
                for suffix in _CCG_SUFFIXES:
                    self._marked.append((prefix + core + suffix, body))
            self._marked.append((_CCG_PREFIXES[0] + core, body))

    def _add_district(self, name: str) -> None:
        core = _key(name)
        self._districts.add(core)
        self._bare["district"].append((core, None))
        for suffix in _DISTRICT_SUFFIXES:
            self._marked.append((core + suffix, None))
        self._marked.append((_t("city of") + core + _t("council"), None))

    def _register(self, body: Body, other_code: str) -> None:
        self._bodies.append(body)
        self._codes[body.code.upper()] = body
        if other_code:
            self._codes[other_code.upper()] = body

    @functools.cache  # noqa: B019 - one Gazetteer per process, see gazetteer()
    def _trie(self, kind: str | None) -> _Trie:
        trie = _Trie()
        for words, body in self._marked:
            trie.add(words, body)
        bare = ["ccg"] if kind == "ccg" else ["council", "district"]
        for group in bare:
            for words, body in self._bare[group]:
                trie.add(words, body, bare=True)
        return trie

    # queries

    def bodies(self, kind: str | None = None) -> list[Body]:
        """Every body, or every body of one kind, in the lists' order."""
        return [b for b in self._bodies if kind is None or b.kind == kind]

    def by_code(self, code: str) -> Body | None:
        """A body by ODS code (CCG), ONS code (council or CCG) or a council's pre-2013 code."""
        return self._codes.get(code.strip().upper())

    def resolve(self, text: str, kind: str | None = None) -> Body | None:
        """The one body ``text`` names, however it is written; None for anything else."""
        if _SENTENCE.search(text.strip()):
            return None
        full = _key(text)
        if not full or len(full) > MAX_NAME_TOKENS:
            return None
        core, ccg_marked, council_marked = _strip_all(full)
        kinds: list[Kind] = ["ccg"] if ccg_marked else ["council", "ccg"]
        if council_marked:
            kinds = [] if ccg_marked else ["council"]
        kinds = [k for k in kinds if kind is None or k == kind]
        if kind is None and not (ccg_marked or council_marked) and full in self._districts:
            return None  # "Swale": the district or the CCG? Say which with kind="ccg".
        for words in (full, core):
            for k in kinds:
                if words in self._cores[k]:
                    return self._cores[k][words]
        if core in self._districts or len(" ".join(core)) < 5:
            return None
        best: tuple[float, Body] | None = None
        for k in kinds:
            for words in {full, core}:
                hit = process.extractOne(
                    " ".join(words), self._choices[k], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
                )
                if hit is not None and (best is None or hit[1] > best[0]):
                    best = (float(hit[1]), self._cores[k][_t(hit[0])])
        if best is None or best[1].kind == "ccg":
            return None if best is None else best[1]
        district = process.extractOne(" ".join(core), self._district_choices, scorer=fuzz.ratio)
        return None if district is not None and district[1] >= best[0] else best[1]

    def _spans(self, text: str, kind: str | None) -> list[tuple[int, int, Body | None]]:
        """Matched names; a bare name ("Blackpool") counts only where it stands alone."""
        toks = _tokens(text)
        found = [
            (toks[i][1], toks[j][2], body, bare)
            for i, j, body, bare in self._trie(kind).scan([w for w, _, _ in toks])
        ]
        out: list[tuple[int, int, Body | None]] = []
        for n, (start, end, body, bare) in enumerate(found):
            prev_end = found[n - 1][1] if n else None
            next_start = found[n + 1][0] if n + 1 < len(found) else None
            if bare and not (
                _alone(text[prev_end or 0 : start], before=True, joined=prev_end is not None)
                and _alone(text[end:next_start], before=False, joined=next_start is not None)
            ):
                continue
            out.append((start, end, body))
        return out

    def find_all(self, text: str, kind: str | None = None) -> list[Mention]:
        """Every known body named in ``text``, in order, longest name first, no overlaps.

        Names need no separators between them. A district council, or a body of the other
        kind, is matched too (so that its words are not read as a body) but not returned.
        """
        return [
            Mention(body, start, end, text[start:end])
            for start, end, body in self._spans(text, kind)
            if body is not None and (kind is None or body.kind == kind)
        ]

    def split(self, text: str, kind: str) -> list[str]:
        """A written list of organisations as its names, known names kept whole.

        Splits on new lines, tabs, ";", ",", "and", "&" and between known names that run
        together, but never inside a known name ("Guildford and Waverley"). Names it does
        not know are kept as written.
        """
        out: list[str] = []
        for chunk in _HARD.split(text):
            pos = 0
            for start, end, _ in self._spans(chunk, kind):
                out += _soft_split(chunk[pos:start])
                out.append(chunk[start:end].strip())
                pos = end
            out += _soft_split(chunk[pos:])
        return [item for item in out if item]


_HARD = re.compile(r"[\r\n\t;|•]+")
_LEFT_EDGE = re.compile(r"(^|[,;:&(\n\t•|]|\band)\s*$", re.IGNORECASE)
_RIGHT_EDGE = re.compile(r"^\s*($|[,;:&).\n\t•|]|and\b)", re.IGNORECASE)


def _alone(gap: str, *, before: bool, joined: bool) -> bool:
    """Whether the text beside a bare name separates it from other words."""
    if joined and not gap.strip():
        return True
    if before:
        return bool(_LEFT_EDGE.search(gap[-40:]))
    return bool(_RIGHT_EDGE.match(gap[:40]))


_SOFT = re.compile(r",|&|\band\b", re.IGNORECASE)
_EDGE = " \t.,:;-–—()[]'\""


def _soft_split(text: str) -> list[str]:
    return [part.strip(_EDGE) for part in _SOFT.split(text) if part.strip(_EDGE)]


@functools.cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, read once per process."""
    return Gazetteer()
