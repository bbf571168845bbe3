"""What every extractor shares: the framework, the plan's lines, and where values came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from bettercare.frameworks import Framework
from bettercare.model import Body, FieldRead, ReadWarning, Source
from bettercare.model.warnings import WARNINGS
from bettercare.read import Line


def pointer(*parts: str | int) -> str:
    """A JSON Pointer (RFC 6901): pointer("pooled_budget", "minimum", "2014/15")."""
    escaped = (str(part).replace("~", "~0").replace("/", "~1") for part in parts)
    return "/" + "/".join(escaped)


@dataclass
class Extraction:
    """The running state of one extraction: sources cited, warnings raised, how each field
    of the form was read, and the bodies named."""

    framework: Framework
    sources: dict[str, Source] = field(default_factory=dict)
    warnings: list[ReadWarning] = field(default_factory=list)
    fields: dict[str, FieldRead] = field(default_factory=dict)
    bodies: list[Body] = field(default_factory=list)
    #: Fields whose value was placed by position (labels first, values after them).
    positional: set[str] = field(default_factory=set)

    def state(self, where: str, read: FieldRead) -> None:
        self.fields[where] = read

    def how(self, field_id: str, how: str) -> str:
        """How a field's label was found, or "position" where its value was placed by order."""
        return "position" if field_id in self.positional else how

    def cite(self, where: str, line: Line, last: Line | None = None) -> None:
        end = last.number if last is not None and last.number != line.number else None
        self.sources[where] = Source(
            line=line.number, page=line.page, text=line.raw.strip(), end_line=end
        )

    def warn(
        self, code: str, message: str, line: Line | None = None, where: str | None = None
    ) -> None:
        """Record a warning; `where` is the JSON Pointer of the value it left empty, if any."""
        if code not in WARNINGS:
            raise KeyError(f"unknown warning code {code!r}")
        self.warnings.append(
            ReadWarning(
                code=code, message=message, line=line.number if line else None, pointer=where
            )
        )
