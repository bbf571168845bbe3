"""The risk log: rated (Risk | Risk rating | Mitigating Actions) or scored (impact × likelihood).

Extracted tables wrap each row over several lines; rows are rejoined here.
"""

from __future__ import annotations

import re

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.locate import is_template_heading
from bettercare.extract.values import is_placeholder, parse_number
from bettercare.frameworks import compiled
from bettercare.model import Risk, RiskScore
from bettercare.read import Line

# A wrapped line continues the row above when that row's text stops on one of these.
_CONNECTORS = frozenset(
    (
        "and or of the to a an with for in on by that which whilst while from at as is are be "
        "will may can their its our into than"
    ).split()
)
_INTEGER = re.compile(r"^\d{1,2}$")


def _join(*parts: str | None) -> str | None:
    text = " ".join(p for p in parts if p)
    return " ".join(text.split()) or None


def _ends_open(text: str) -> bool:
    words = text.rstrip().split()
    return not words or words[-1].lower() in _CONNECTORS or text.rstrip().endswith((",", "-", "–"))


def read_risks(lines: list[Line], ctx: Extraction) -> list[Risk]:
    for index, line in enumerate(lines):
        for header in ctx.framework.risk_headers:
            if compiled(header.pattern).search(line.text):
                body = lines[index + 1 :]
                risks = _scored(body, ctx) if header.kind == "scored" else _rated(body, ctx)
                for number, risk in enumerate(risks):
                    _cite(number, risk, ctx)
                return [risk for risk, _ in risks]
    return []


def _cite(number: int, item: tuple[Risk, Line], ctx: Extraction) -> None:
    risk, line = item
    for name in ("description", "rating", "mitigation", "gross", "net"):
        if getattr(risk, name) is not None:
            ctx.cite(pointer("risks", number, name), line)


def _rated(lines: list[Line], ctx: Extraction) -> list[tuple[Risk, Line]]:
    risks: list[tuple[Risk, Line]] = []
    for line in lines:
        if line.blank or line.furniture:
            continue
        if is_template_heading(line, ctx):
            break
        cells = line.cells
        text, rest = cells[0], [c for c in cells[1:]]
        filled = [c for c in rest if c]
        if risks and not text and filled:
            risk = risks[-1][0]
            risk.mitigation = _join(risk.mitigation, *filled)
            continue
        if not text:
            continue
        previous = risks[-1][0] if risks else None
        continues = (
            previous is not None
            and not filled
            and (text[0].islower() or _ends_open(previous.description))
        )
        if continues and previous is not None:
            previous.description = _join(previous.description, text) or previous.description
            continue
        rating = rest[0] if rest else ""
        rating_value = None if not rating or is_placeholder(rating, ctx.framework) else rating
        risks.append(
            (
                Risk(
                    number=len(risks) + 1,
                    description=" ".join(text.split()),
                    rating=rating_value,
                    mitigation=_join(*rest[1:]),
                ),
                line,
            )
        )
    return risks


def _score(cells: list[str], line: Line, what: str, ctx: Extraction) -> RiskScore | None:
    numbers = [parse_number(c) for c in cells]
    values = [int(n) if n is not None and n.is_integer() else None for n in numbers]
    if not any(v is not None for v in values):
        return None
    values += [None] * (3 - len(values))
    score = RiskScore(impact=values[0], likelihood=values[1], score=values[2])
    if None not in (score.impact, score.likelihood, score.score) and (
        score.impact * score.likelihood != score.score  # type: ignore[operator]
    ):
        ctx.warn(
            "risk-score-mismatch",
            f"{what} score {score.score} is not {score.impact} × {score.likelihood}",
            line,
        )
    return score


def _scored(lines: list[Line], ctx: Extraction) -> list[tuple[Risk, Line]]:
    """Rows "No | Description | I | L | Score | Mitigation | I | L | Score", wrapped."""
    risks: list[tuple[Risk, Line]] = []
    mitigation_column = 5
    for line in lines:
        if line.blank or line.furniture:
            continue
        cells = line.cells
        first = cells[0]
        if first and not _INTEGER.match(first) and sum(ch.isalpha() for ch in first) >= 3:
            if risks:
                break
            continue
        if first == str(len(risks) + 1):
            numeric = [i for i, c in enumerate(cells) if i > 1 and parse_number(c) is not None]
            if len(numeric) < 3:
                if len(cells) > 1 and sum(ch.isalpha() for ch in cells[1]) >= 3:
                    # A numbered row left unscored is a risk of its own, not a wrapped line.
                    unscored = Risk(
                        number=int(first),
                        description=" ".join(cells[1].split()),
                        mitigation=_join(*cells[mitigation_column:]),
                    )
                    risks.append((unscored, line))
                elif risks:
                    _continue(risks[-1][0], cells, mitigation_column)
                continue
            gross_cols = numeric[:3]
            net_cols = [i for i in numeric[3:] if i > gross_cols[-1] + 1][:3]
            mitigation_column = gross_cols[-1] + 1
            what = f"risk {first}"
            risk = Risk(
                number=int(first),
                description=" ".join(cells[1].split()),
                mitigation=_join(
                    *(c for c in cells[mitigation_column : net_cols[0] if net_cols else None])
                ),
                gross=_score([cells[i] for i in gross_cols], line, f"{what} gross", ctx),
                net=_score([cells[i] for i in net_cols], line, f"{what} net", ctx)
                if net_cols
                else None,
            )
            risks.append((risk, line))
        elif risks:
            _continue(risks[-1][0], cells, mitigation_column)
    return risks


def _continue(risk: Risk, cells: list[str], mitigation_column: int) -> None:
    """Add a wrapped line's description and mitigation cells; score-column debris is dropped."""
    if len(cells) > 1 and sum(ch.isalpha() for ch in cells[1]) >= 2:
        risk.description = _join(risk.description, cells[1]) or risk.description
    words = [
        c
        for c in cells[mitigation_column:]
        if parse_number(c) is None and sum(ch.isalpha() for ch in c) >= 2
    ]
    if words:
        risk.mitigation = _join(risk.mitigation, *words)
