"""Health and Wellbeing Board areas, loaded from the core's gazetteer of 2014 councils."""

from __future__ import annotations

from django.db import transaction

from bettercare.web.models import Area

FICTIONAL_REGION = "Fictional (examples)"


def load_areas() -> int:
    """Add or update every HWB area of the gazetteer; the number of areas it holds."""
    from bettercare.gazetteer import gazetteer

    councils = gazetteer().bodies("council")
    with transaction.atomic():
        for body in councils:
            Area.objects.update_or_create(
                ons_code=body.code, defaults={"name": body.name, "region": body.region}
            )
    return len(councils)


def fictional_area(name: str, number: int) -> Area:
    """An area for a fictional example plan (its code is not an ONS code: X and a number)."""
    area, _ = Area.objects.get_or_create(
        ons_code=f"X{number:08d}",
        defaults={"name": name, "region": FICTIONAL_REGION, "fictional": True},
    )
    return area
