"""Making people: the first admin of `serve --admin-email`, and users with a role and areas."""

from __future__ import annotations

import getpass
import secrets
import sys
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from bettercare.web import audit
from bettercare.web.models import Area, Profile


def make_user(
    username: str, password: str | None, role: str, areas: Iterable[Area] = (), email: str = ""
) -> Any:
    """A user with a role and areas (no password: one that cannot sign in with one)."""
    areas = list(areas)
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, email=email, password=password
        )
        if role == "admin":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        profile = Profile.objects.create(user=user, role=role)
        profile.areas.set(areas)
        audit.record(
            None,
            "create user",
            username,
            after={"role": role, "areas": [a.ons_code for a in areas]},
        )
    return user


def _typed_password() -> str:
    while True:
        first = getpass.getpass("Password for the admin: ")
        if len(first) >= 8 and first == getpass.getpass("Again: "):
            return first
        print("At least 8 characters, the same twice.", file=sys.stderr)


def ensure_admin(email: str, interactive: bool | None = None) -> str | None:
    """The first admin, named by its e-mail. With a terminal the password is asked for;
    without one it is generated and returned, to be printed once. None when it exists."""
    if get_user_model().objects.filter(username=email).exists():
        return None
    interactive = sys.stdin.isatty() if interactive is None else interactive
    password = _typed_password() if interactive else secrets.token_urlsafe(18)
    make_user(email, password, "admin", email=email)
    return None if interactive else password
