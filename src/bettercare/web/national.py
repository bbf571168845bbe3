"""The national roll-up of the workspace's plans: the latest read version of each area's
submission, each as its assessment stands (the assurer's view, corrections applied), rolled up
by the core's `bettercare.national` builder through its `DatabaseSource`. No file is read and
nothing is assessed again; nothing is counted here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from bettercare.web.assurance import stored_plan
from bettercare.web.models import Status, Version

_ENTRIES: dict[str, Any] = {}
"""The entry made of each version, used again while its row version (bumped by every
decision) is the same: one entry a version, in each web process."""


def latest_versions(versions: QuerySet[Version]) -> QuerySet[Version]:
    """Of the versions given, the latest read one of each submission."""
    newer = Version.objects.filter(
        submission=OuterRef("submission"), status=Status.DONE, number__gt=OuterRef("number")
    )
    return (
        versions.filter(status=Status.DONE)
        .exclude(Exists(newer))
        .select_related("submission__area")
        .order_by("submission__area__name", "submission__round")
    )


def filtered(
    versions: QuerySet[Version], region: str = "", round: str = "", category: str = ""
) -> QuerySet[Version]:
    if region:
        versions = versions.filter(submission__area__region=region)
    if round:
        versions = versions.filter(submission__round=round)
    if category:
        versions = versions.filter(category=category)
    return versions


def file_name(version: Version) -> str:
    """How the roll-up names a version: area, round and version, then the uploaded file."""
    area = version.submission.area
    return f"{area.name} {version.submission.round} v{version.number} ({version.original_name})"


def stored_plans(versions: QuerySet[Version]) -> Iterator[Any]:
    """Each version as the core's `StoredPlan` (plan and assessment JSON as they stand)."""
    from bettercare.national.sources import StoredPlan

    for version in versions.prefetch_related("corrections"):
        yield StoredPlan(
            file=file_name(version),
            id=f"version-{version.pk}",
            key=f"version-{version.pk}-{version.row_version}",
            plan=stored_plan(version),
            assessment=version.assessment,
            part2=bool(version.part2_stored_name),
        )


def rollup(versions: QuerySet[Version], on: dt.date | None = None) -> Any:
    """The core's national roll-up of the latest read version of each submission given."""
    from bettercare.frameworks import DEFAULT_FRAMEWORK, load_framework
    from bettercare.national.rollup import build_rollup
    from bettercare.national.sources import DatabaseSource

    source = DatabaseSource(stored_plans(latest_versions(versions)), cache=_ENTRIES)
    outcomes = list(source.outcomes(lambda: None))
    return build_rollup(outcomes, load_framework(DEFAULT_FRAMEWORK), on or dt.date.today())


@dataclass
class NationalPage:
    """What the national page shows: the core's roll-up, and the choices of its filters."""

    rollup: Any
    query: dict[str, str]
    rounds: list[str]
    regions: list[str]
    categories: list[str]
    missing: list[Any] = field(default_factory=list)
    by_region: list[Any] = field(default_factory=list)


def national_page(
    versions: QuerySet[Version], query: dict[str, str], areas: set[str] | None = None
) -> NationalPage:
    """The roll-up of the versions a person may see, filtered by region, round and category
    (query parameters). The round defaults to the latest one with a plan. `areas`: the ONS
    codes of the areas the person sees (None: every area), the only missing ones listed."""
    from bettercare.frameworks import DEFAULT_FRAMEWORK, load_framework

    done = versions.filter(status=Status.DONE)
    rounds = sorted(set(done.values_list("submission__round", flat=True)), reverse=True)
    regions = sorted(set(done.values_list("submission__area__region", flat=True)))
    categories = [c.name for c in load_framework(DEFAULT_FRAMEWORK).assurance.categories]
    chosen = {
        "region": query.get("region", "") if query.get("region", "") in regions else "",
        "round": query.get("round") or (rounds[0] if rounds else ""),
        "category": query.get("category", "") if query.get("category", "") in categories else "",
    }
    if chosen["round"] not in rounds:
        chosen["round"] = rounds[0] if rounds else ""
    result = rollup(filtered(versions, **chosen))
    region = chosen["region"]
    page = NationalPage(result, chosen, rounds, regions, categories)
    page.missing = [
        m
        for m in result.missing_areas
        if (not region or m.region == region) and (areas is None or m.code in areas)
    ]
    page.by_region = [
        row
        for name, row in result.by_region.items()
        if row.plans or (not region and name != "Area not identified") or name == region
    ]
    return page
