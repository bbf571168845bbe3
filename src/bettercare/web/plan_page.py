"""What the plan page shows, built from a stored version: values beside their source lines,
fields with their read state and any correction, findings with their evidence lines and the
review that stands, the plan's own text. Document text is passed on as plain strings for the
templates to escape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from bettercare.web.assurance import standing_corrections, value_at
from bettercare.web.decisions import describe, latest_seq
from bettercare.web.models import Version


@dataclass
class Value:
    label: str
    text: str
    line: int | None = None


@dataclass
class FieldRow:
    pointer: str
    label: str
    extracted: str
    corrected: str | None
    state: str
    needs_review: bool
    reason: str | None
    line: int | None
    seq: int
    slug: str
    correctable: bool = True


@dataclass
class FindingRow:
    finding: dict[str, Any]
    lines: list[dict[str, Any]]
    review: str | None
    seq: int
    slug: str


@dataclass
class ActionRow:
    action: dict[str, Any]
    seq: int
    response: str = ""
    slug: str = ""


@dataclass
class PlanPage:
    details: list[Value] = field(default_factory=list)
    signatories: list[list[Value]] = field(default_factory=list)
    schemes: list[dict[str, Any]] = field(default_factory=list)
    money: list[Value] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    fields: list[FieldRow] = field(default_factory=list)
    findings: list[FindingRow] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    text: list[dict[str, Any]] = field(default_factory=list)
    category_seq: int = 0
    categories: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    statuses: list[str] = field(default_factory=list)
    checks: list[tuple[str, str]] = field(default_factory=list)


def shown(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return "; ".join(shown(item) for item in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"£{value:,}"
    return str(value)


def label(pointer: str) -> str:
    """A field's pointer as words: /pooled_budget/minimum/2015~116 → pooled budget minimum
    2015/16."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.strip("/").split("/")]
    words = []
    for part in parts:
        words.append(str(int(part) + 1) if part.isdigit() else part.replace("_", " "))
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-").lower() or "x"


def _line(plan: dict[str, Any], pointer: str) -> int | None:
    source = plan.get("sources", {}).get(pointer)
    return int(source["line"]) if source else None


def build(version: Version) -> PlanPage:
    from bettercare.frameworks import load_framework
    from bettercare.model import CategoryName, Severity

    plan: dict[str, Any] = version.plan or {}
    assessment: dict[str, Any] = version.assessment or {}
    corrections = standing_corrections(version)
    page = PlanPage(categories=get_args(CategoryName), severities=get_args(Severity))
    try:
        framework = load_framework(plan["framework"])
    except Exception:  # an unknown framework leaves the lists empty, nothing else
        framework = None
    if framework is not None:
        page.statuses = list(framework.assurance.statuses)
        page.checks = sorted(
            ((c.code, f"{c.title} ({c.risk}, {c.code})") for c in framework.checks),
            key=lambda item: item[1],
        )

    def value(pointer: str, title: str) -> Value:
        current = corrections.get(pointer, value_at(plan, pointer))
        return Value(title, shown(current), _line(plan, pointer))

    page.details = [
        value("/health_and_wellbeing_board", "Health and Wellbeing Board"),
        value("/local_authorities", "Local authorities"),
        value("/ccgs", "Clinical commissioning groups"),
        value("/boundary_differences", "Boundary differences"),
        value("/date_agreed_at_hwb", "Date agreed at HWB"),
        value("/date_submitted", "Date submitted"),
    ]
    for index, _ in enumerate(plan.get("signatories", [])):
        base = f"/signatories/{index}"
        page.signatories.append(
            [
                value(f"{base}/on_behalf_of", "On behalf of"),
                value(f"{base}/organisation", "Organisation"),
                value(f"{base}/name", "Name"),
                value(f"{base}/position", "Position"),
                value(f"{base}/date", "Date"),
            ]
        )
    budget = plan.get("pooled_budget", {})
    for kind in ("minimum", "total"):
        for year in budget.get(kind, {}):
            pointer = f"/pooled_budget/{kind}/{year.replace('~', '~0').replace('/', '~1')}"
            page.money.append(value(pointer, f"Pooled budget {kind} {year}"))
    for index, scheme in enumerate(plan.get("schemes", [])):
        page.schemes.append(
            {
                "ref": scheme.get("ref") or "",
                "name": scheme.get("name") or "",
                "investment": shown(scheme.get("investment")),
                "line": _line(plan, f"/schemes/{index}/name") or _line(plan, f"/schemes/{index}"),
            }
        )
    for index, metric in enumerate(plan.get("metrics", [])):
        page.metrics.append(
            {
                "label": metric.get("label", ""),
                "values": ", ".join(
                    f"{v['period']}: {v['value']:g}" for v in metric.get("values", [])
                ),
                "line": _line(plan, f"/metrics/{index}"),
            }
        )
    reads: dict[str, Any] = plan.get("fields", {})
    seqs: dict[str, int] = dict.fromkeys(reads, 0)  # one query, not one a field
    for pointer, seq in version.corrections.values_list("pointer", "seq"):
        seqs[pointer] = max(seqs.get(pointer, 0), seq)
    for pointer, read in sorted(
        reads.items(), key=lambda kv: (not kv[1].get("needs_review"), kv[0])
    ):
        extracted = value_at(plan, pointer)
        whole = isinstance(extracted, dict) or (
            isinstance(extracted, list) and any(isinstance(item, dict) for item in extracted)
        )  # a block of fields (the sign-offs): each of its fields is corrected on its own
        page.fields.append(
            FieldRow(
                pointer=pointer,
                label=label(pointer),
                extracted=f"{len(extracted)} entries, shown above" if whole else shown(extracted),
                correctable=not whole,
                corrected=shown(corrections[pointer]) if pointer in corrections else None,
                state=str(read.get("state", "")),
                needs_review=bool(read.get("needs_review")),
                reason=read.get("reason"),
                line=_line(plan, pointer),
                seq=seqs[pointer],
                slug=slug(pointer),
            )
        )
    reviews = {}
    for review in version.reviews.order_by("pk"):
        reviews[review.finding] = review
    for finding in assessment.get("findings", []):
        standing = reviews.get(finding["id"])
        page.findings.append(
            FindingRow(
                finding=finding,
                lines=list(finding.get("evidence", [])),
                review=f"{describe(standing)} — {standing.reason}" if standing else None,
                seq=standing.seq if standing else 0,
                slug=slug(finding["id"]),
            )
        )
    updates = {}
    for update in version.action_updates.order_by("pk"):
        updates[update.risk] = update
    for action in assessment.get("actions", []):
        standing = updates.get(action["risk"])
        page.actions.append(
            ActionRow(
                action,
                standing.seq if standing else 0,
                standing.response if standing else "",
                slug(action["risk"]),
            )
        )
    page.category_seq = latest_seq(version.categories.all())
    page.text = list(plan.get("text", []))
    return page
