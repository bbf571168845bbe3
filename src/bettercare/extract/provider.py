"""Annex 2: commentary from each main acute provider, with its non-elective figures."""

from __future__ import annotations

import re

from bettercare.extract.context import Extraction, pointer
from bettercare.extract.values import is_placeholder, parse_figure
from bettercare.frameworks import compiled
from bettercare.model import Figure, ProviderCommentary
from bettercare.read import Line

_HWB = re.compile(r"^name of health (?:&|and) ?well-?being board", re.IGNORECASE)


def read_provider_commentary(
    lines: list[Line], ctx: Extraction
) -> tuple[list[ProviderCommentary], tuple[str, Line] | None]:
    """The commentaries, and the HWB named at the top of the annex (if any)."""
    commentaries: list[ProviderCommentary] = []
    hwb: tuple[str, Line] | None = None
    for line in lines:
        cells = [c for c in line.cells if c]
        if len(cells) < 2:
            continue
        label, value = " ".join(cells[:-1]), cells[-1]
        if is_placeholder(value, ctx.framework):
            continue
        if _HWB.search(label):
            hwb = (value, line)
            continue
        for rule in ctx.framework.provider_commentary:
            if not compiled(rule.pattern).search(label):
                continue
            if rule.id == "provider" or not commentaries:
                commentaries.append(ProviderCommentary())
            current = commentaries[-1]
            number = len(commentaries) - 1
            if rule.id in ("provider", "ceo", "signature"):
                setattr(current, rule.id, value)
                ctx.cite(pointer("provider_commentary", number, rule.id), line)
            else:
                count, percent = parse_figure(value)
                current.figures[rule.id] = Figure(text=value, value=count, percent=percent)
                ctx.cite(pointer("provider_commentary", number, "figures", rule.id), line)
            break
    return commentaries, hwb
