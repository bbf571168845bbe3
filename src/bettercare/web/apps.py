"""The Django application of the workspace."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "bettercare.web"
    label = "assurance"
    verbose_name = "BCF assurance"
    default_auto_field = "django.db.models.BigAutoField"
