"""The audit trail: one row for every change, written in the same transaction as it."""

from __future__ import annotations

from typing import Any

from bettercare.web.models import AuditEntry, Version


def record(
    who: Any,
    what: str,
    target: str = "",
    *,
    version: Version | None = None,
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Write one audit row; `who` is a user (or None for the system)."""
    authenticated = who is not None and getattr(who, "is_authenticated", False)
    return AuditEntry.objects.create(
        who=who if authenticated else None,
        who_name=who.get_username() if authenticated else "system",
        what=what,
        target=target[:300],
        version=version,
        before=before,
        after=after,
    )
