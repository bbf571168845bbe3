"""`bettercare-web create_token USER [--name NAME]`: an API token, printed once."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bettercare.web import audit
from bettercare.web.api import token_digest
from bettercare.web.models import ApiToken


class Command(BaseCommand):
    help = "Make an API token for a user; the token is printed once and only its hash kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="script")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        token = secrets.token_urlsafe(32)
        ApiToken.objects.create(user=user, name=options["name"], digest=token_digest(token))
        audit.record(None, "create token", f"{user.get_username()}: {options['name']}")
        self.stdout.write(token)
