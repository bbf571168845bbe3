"""What every check shares: the plan, its document lines for evidence, and the catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bettercare.frameworks import Framework, compiled
from bettercare.model import Evidence, Finding, Plan
from bettercare.read import Document, Line

_QUOTE_LIMIT = 300


@dataclass
class CheckContext:
    plan: Plan
    document: Document
    framework: Framework
    findings: list[Finding] = field(default_factory=list)

    # ------------------------------------------------------------- reading the plan
    def pattern(self, name: str) -> re.Pattern[str]:
        return compiled(self.framework.assurance.patterns[name])

    def line(self, number: int) -> Line | None:
        index = number - 1
        if 0 <= index < len(self.document.lines):
            return self.document.lines[index]
        return None

    def plan_lines(self) -> Iterator[Line]:
        """The plan's own lines (not the rest of a board pack), page furniture left out."""
        start = self.plan.start_line or 1
        end = self.plan.end_line or len(self.document.lines)
        for line in self.document.lines[start - 1 : end]:
            if not line.furniture and not line.blank:
                yield line

    def value_lines(self, pointer: str) -> list[Line]:
        """The document lines a value was read from (a narrative spans several)."""
        source = self.plan.sources.get(pointer)
        if source is None:
            return []
        last = source.end_line or source.line
        found = (self.line(number) for number in range(source.line, last + 1))
        return [line for line in found if line is not None and not line.blank]

    def section_of(self, number: int) -> str | None:
        """The template section a line falls in."""
        current = None
        for section in self.plan.sections:
            if section.line <= number:
                current = section.id
        return current

    # ------------------------------------------------------------ raising findings
    def evidence(self, *lines: Line | int | None) -> list[Evidence]:
        quoted: list[Evidence] = []
        seen: set[int] = set()
        for item in lines:
            line = self.line(item) if isinstance(item, int) else item
            if line is None or line.number in seen:
                continue
            seen.add(line.number)
            quoted.append(
                Evidence(line=line.number, page=line.page, text=line.raw.strip()[:_QUOTE_LIMIT])
            )
        return quoted[: int(self.framework.assurance.number("max_evidence"))]

    def source_evidence(self, *pointers: str) -> list[Evidence]:
        return self.evidence(*(self._source_line(p) for p in pointers))

    def _source_line(self, pointer: str) -> int | None:
        source = self.plan.sources.get(pointer)
        return source.line if source else None

    def raise_finding(
        self,
        code: str,
        subject: str | None = None,
        evidence: list[Evidence] | None = None,
        risk: str | None = None,
        section: str | None = None,
        **details: Any,
    ) -> Finding:
        """Record a finding of a catalogue code; `details` fill its message and action."""
        check = self.framework.check(code)
        evidence = evidence or []
        if section is None and evidence:
            section = self.section_of(evidence[0].line)
        finding = Finding(
            id=f"{code}:{subject}" if subject else code,
            code=code,
            subject=subject,
            title=check.title,
            severity=check.severity,
            risk=risk or check.risk,
            conditions=list(check.conditions),
            message=check.message.format(**details),
            section=section,
            action=check.action.format(**details),
            owner=check.owner,
            evidence=evidence,
        )
        self.findings.append(finding)
        return finding
