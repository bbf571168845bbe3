"""Finding plans by area, region, category and risk code (the pages and the API share it)."""

from __future__ import annotations

from django.db.models import QuerySet

from bettercare.web.models import Version


def search_versions(
    versions: QuerySet[Version],
    area: str = "",
    region: str = "",
    category: str = "",
    risk: str = "",
    round: str = "",
) -> QuerySet[Version]:
    if area:
        versions = versions.filter(submission__area__name__icontains=area) | versions.filter(
            submission__area__ons_code__iexact=area
        )
    if region:
        versions = versions.filter(submission__area__region__iexact=region)
    if category:
        versions = versions.filter(category__iexact=category)
    if risk:
        versions = versions.filter(risk_codes__icontains=f",{risk.strip().upper()},")
    if round:
        versions = versions.filter(submission__round__iexact=round)
    # a list needs no plan or assessment JSON: loading and decoding them for every row made
    # the list of 150 plans take over 200 ms
    return versions.defer("plan", "assessment").order_by(
        "submission__area__name", "submission__round", "-number"
    )
