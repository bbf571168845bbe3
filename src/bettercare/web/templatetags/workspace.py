"""Template filters for figures: pounds and per cents, as the core's reports write them."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def pounds(value: Any) -> str:
    """£1,234,567; a dash for no value."""
    if value is None or value == "":
        return "—"
    try:
        return f"£{round(float(value)):,}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def number(value: Any, places: int = 0) -> str:
    """A count or figure with thousands commas; a dash for no value."""
    if value is None or value == "":
        return "—"
    try:
        return f"{float(value):,.{int(places)}f}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key], or nothing."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
