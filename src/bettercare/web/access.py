"""Who may see and do what. Every page and API endpoint asks here; a version outside a
person's areas is not found (404), never shown.

plan lead: own area only (upload, view, respond to actions); assurer: assigned areas (view,
correct, review, set the category, update actions); national viewer: read all; admin: all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from bettercare.web.models import Area, Version


def role_of(user: Any) -> str | None:
    """The user's role, or None for an anonymous or inactive user or one with no profile."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    profile = getattr(user, "profile", None)
    return None if profile is None else str(profile.role)


def _own_areas(user: Any) -> QuerySet[Area]:
    return Area.objects.filter(people__user=user)


def areas_seen(user: Any) -> QuerySet[Area]:
    role = role_of(user)
    if role in ("admin", "national"):
        return Area.objects.all()
    if role in ("lead", "assurer"):
        return _own_areas(user)
    return Area.objects.none()


def visible_versions(user: Any) -> QuerySet[Version]:
    """The versions a person may read."""
    versions = Version.objects.select_related("submission__area")
    role = role_of(user)
    if role in ("admin", "national"):
        return versions.all()
    if role in ("lead", "assurer"):
        return versions.filter(submission__area__in=_own_areas(user))
    return versions.none()


def version_for(user: Any, pk: int) -> Version:
    """A version the person may read, else 404 (whether or not it exists)."""
    try:
        return visible_versions(user).get(pk=pk)
    except Version.DoesNotExist:
        raise Http404("No such plan.") from None


def upload_areas(user: Any) -> QuerySet[Area]:
    """The areas a person may upload for: a plan lead's own, or any for an admin."""
    role = role_of(user)
    if role == "admin":
        return Area.objects.all()
    if role == "lead":
        return _own_areas(user)
    return Area.objects.none()


def can_upload(user: Any) -> bool:
    return upload_areas(user).exists()


def can_assure(user: Any, version: Version) -> bool:
    """Correct fields, review findings and set the category of this version."""
    role = role_of(user)
    if role == "admin":
        return True
    return role == "assurer" and _own_areas(user).filter(pk=version.submission.area_id).exists()


def can_update_actions(user: Any, version: Version) -> bool:
    """Record progress on the action plan: its assurer, or the area's plan lead."""
    if can_assure(user, version):
        return True
    return (
        role_of(user) == "lead" and _own_areas(user).filter(pk=version.submission.area_id).exists()
    )


def can_answer_actions(user: Any, version: Version) -> bool:
    """Give the plan's answer to its actions: the area's plan lead (or an admin)."""
    role = role_of(user)
    if role == "admin":
        return True
    return role == "lead" and _own_areas(user).filter(pk=version.submission.area_id).exists()


def version_pair(user: Any, pk: int, other: int) -> tuple[Version, Version]:
    """Two read versions of one submission, both visible to the person, older first; else
    404 (the same for a version not theirs, not read yet, or of another submission)."""
    from bettercare.web.models import Status

    first, second = version_for(user, pk), version_for(user, other)
    if (
        first.pk == second.pk
        or first.submission_id != second.submission_id
        or first.status != Status.DONE
        or second.status != Status.DONE
    ):
        raise Http404("No such comparison.")
    return (first, second) if first.number < second.number else (second, first)
