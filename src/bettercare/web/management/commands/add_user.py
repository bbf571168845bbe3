"""`bettercare-web add_user NAME --role lead|assurer|national|admin [--area CODE …]`: a person
with a role and areas; the password is read from standard input with --password-stdin, else
generated and printed once."""

from __future__ import annotations

import secrets
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bettercare.web.models import Area, Role
from bettercare.web.people import make_user


class Command(BaseCommand):
    help = "Add a person with a role and the areas they lead or assure."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=list(Role.values))
        parser.add_argument("--area", action="append", default=[], help="ONS code or name")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-stdin", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if get_user_model().objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} exists")
        areas = []
        for given in options["area"]:
            area = (
                Area.objects.filter(ons_code__iexact=given).first()
                or Area.objects.filter(name__iexact=given).first()
            )
            if area is None:
                raise CommandError(f"no area {given!r} (an ONS code or an area's name)")
            areas.append(area)
        if options["role"] in ("lead", "assurer") and not areas:
            raise CommandError(f"a {options['role']} needs at least one --area")
        typed = sys.stdin.readline().strip() if options["password_stdin"] else ""
        password = typed or secrets.token_urlsafe(18)
        make_user(options["username"], password, options["role"], areas, options["email"])
        if not typed:
            self.stdout.write(password)
