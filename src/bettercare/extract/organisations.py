"""Lists of councils and CCGs as plans write them, resolved against the gazetteer.

A list may be one name a cell or line, names joined by ";", ",", "and", or run together
with no separator at all ("NHS East Surrey CCG NHS Guildford and Waverley CCG …"); the
boundary text may be interleaved with it (a vertically centred cell read line by line).
Known bodies are found by name; what is left is kept as a name when it reads like one,
and otherwise handed back as prose.
"""

from __future__ import annotations

import re

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.form import Fragment
from bettercare.extract.values import is_placeholder, looks_like
from bettercare.frameworks import FormField
from bettercare.gazetteer import Body as KnownBody
from bettercare.gazetteer import gazetteer
from bettercare.model import Body, FieldRead
from bettercare.read import Line

_SEPARATORS = re.compile(r"\s*(?:;|,|\n|\t|\s&\s|\sand\s)\s*", re.IGNORECASE)
# Where one unknown name ends and the next begins with no separator.
_RUN_ON = {
    "ccg": re.compile(
        r"(?<=\bCCG)\s+(?=\S)|(?<=Clinical Commissioning Group)\s+(?=\S)", re.IGNORECASE
    ),
    "council": re.compile(r"(?<=\bCouncil)\s+(?=[A-Z])"),
}
_FILLER = {"and", "nhs", "the", "of", "also", "including", "plus"}
# A fragment with this many words besides the names in it is a sentence, not a list.
_PROSE_WORDS = 3
_NAME_WORDS = 9


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", text.lower()) if w not in _FILLER]


def _known(text: str, kind: str) -> tuple[list[tuple[str, KnownBody]], str]:
    """Known bodies mentioned in a text, and the text left without them."""
    mentions = gazetteer().find_all(text, kind)
    left = text
    for mention in reversed(mentions):
        left = f"{left[: mention.start]} ; {left[mention.end :]}"
    return [(mention.text.strip(), mention.body) for mention in mentions], left


def is_list_of(kind: str, text: str, ctx: Extraction) -> bool:
    """Whether a text is a list of organisations of a kind (not a sentence about them)."""
    known, left = _known(text, kind)
    if known:
        return len(_words(left)) < _PROSE_WORDS
    if gazetteer().resolve(text, kind) is not None:
        return True
    short = len(text.split()) <= _NAME_WORDS and not text.rstrip().endswith(".")
    return short and looks_like(kind, text, ctx.framework)


def _unknown(text: str, kind: str, ctx: Extraction) -> list[str]:
    """Names not in the gazetteer: split on separators and run-on boundaries, and kept
    where they read as an organisation of the kind ("… CCG", "… Council")."""
    names = []
    for part in _SEPARATORS.split(text):
        for name in _RUN_ON[kind].split(part):
            name = name.strip(" .:;-–")
            if not name or not _words(name):
                continue
            if looks_like(kind, name, ctx.framework) and len(name.split()) <= _NAME_WORDS:
                names.append(name)
    return names


# A line that opens with one of these ends a name begun on the line before it.
_TAIL = re.compile(
    r"^(?:\)|[Cc]ouncil\b|CCG\b|[Cc]linical\b|[Cc]ommissioning\b|[Gg]roup\b|[Bb]orough\b|[a-z])"
)
# The longest name of a body is under this many characters.
_NEAR_BREAK = 90
_OPEN_END = re.compile(r"(?:,|&|\band|\bof|\bthe|\bnhs|\bupon)$", re.IGNORECASE)


def _rejoin(fragments: list[Fragment], kind: str) -> list[Fragment]:
    """Names wrapped over lines of a narrow cell ("NHS Tameside and Glossop" / "Clinical
    Commissioning Group", "… Liverpool" / "Council, Dudley Council") put back together:
    where the next line opens with a name's tail, the line ends mid-phrase, or a known
    body's name runs across the break."""
    joined: list[Fragment] = []
    for fragment in fragments:
        if joined:
            previous = joined[-1]
            # Only the words either side of the break can form a name across it.
            tail, head = previous.text[-_NEAR_BREAK:], fragment.text[:_NEAR_BREAK]
            near = gazetteer().find_all(f"{tail} {head}", kind)
            across = any(m.start < len(tail) < m.end for m in near)
            text = f"{previous.text} {fragment.text}"
            if across or _TAIL.match(fragment.text) or _OPEN_END.search(previous.text):
                joined[-1] = Fragment(text, previous.line, previous.piece)
                continue
        joined.append(fragment)
    return joined


def read_organisations(
    item: FormField, fragments: list[Fragment], label_line: Line, how: str, ctx: Extraction
) -> tuple[list[str], list[Fragment]]:
    """The names of a councils or CCGs field, and the fragments that were prose."""
    kind = item.body or "council"
    names: list[str] = []
    prose: list[Fragment] = []
    for fragment in _rejoin(fragments, kind):
        text = fragment.text
        if is_placeholder(text, ctx.framework):
            message = f"{item.id.replace('_', ' ')}: '{text}' is a placeholder"
            ctx.warn("placeholder", message, fragment.line, pointer(item.id))
            continue
        known, left = _known(text, kind)
        whole = gazetteer().resolve(text, kind) if not known else None
        if whole is not None:  # a name that needs no suffix to be known ("Merton")
            known, left = [(text, whole)], ""
        if len(_words(left)) >= _PROSE_WORDS and not looks_like(kind, left, ctx.framework):
            prose.append(fragment)
            continue
        found: list[tuple[str, KnownBody | None]] = [(name, body) for name, body in known]
        found += [(name, None) for name in _unknown(left, kind, ctx)]
        if not found and _words(text):
            prose.append(fragment)
        for name, body in sorted(found, key=lambda nb: text.find(nb[0])):
            if any(_same(name, body, other) for other in names):
                continue
            ctx.cite(pointer(item.id, len(names)), fragment.line)
            names.append(name)
            ctx.bodies.append(_body(kind, name, body))
            if body is None:
                ctx.warn(
                    "organisation-unknown",
                    f"'{name}' is not a {kind} of 2014 in the gazetteer; kept as written",
                    fragment.line,
                    pointer(item.id),
                )
    where = pointer(item.id)
    if names:
        ctx.cite(where, fragments[0].line, fragments[-1].line)
        # A name the gazetteer does not hold is read well but unverified: its body is
        # `known: false` with an organisation-unknown warning, not a value to re-read.
        ctx.state(where, FieldRead(state="found", how=ctx.how(item.id, how)))
    else:
        ctx.state(where, FieldRead(state="blank", how=ctx.how(item.id, how)))
    return names, prose


def _same(name: str, body: KnownBody | None, other: str) -> bool:
    if body is not None:
        resolved = gazetteer().resolve(other, body.kind)
        if resolved is not None:
            return resolved.code == body.code
    return name.casefold() == other.casefold()


def _body(kind: str, name: str, known: KnownBody | None) -> Body:
    if known is None:
        return Body(kind="ccg" if kind == "ccg" else "council", name=name, known=False)
    return Body(
        kind=known.kind,
        name=name,
        official_name=known.name,
        code=known.code,
        region=known.region,
        known=True,
    )


def hwb_body(name: str) -> Body:
    """The HWB named in the plan, placed by the council whose area it serves."""
    known = gazetteer().resolve(name, "council")
    if known is None:
        return Body(kind="hwb", name=name, known=False)
    return Body(
        kind="hwb",
        name=name,
        official_name=known.name,
        code=known.code,
        region=known.region,
        known=True,
    )
