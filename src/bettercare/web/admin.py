"""The admin site: people (with their role and areas), areas and API tokens. Versions and
decisions are read-only here: they change only through the workspace, which audits them."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from bettercare.web.models import ApiToken, Area, AuditEntry, Profile


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "ons_code", "region", "fictional")
    search_fields = ("name", "ons_code")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role")
    filter_horizontal = ("areas",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "created", "last_used")
    readonly_fields = ("digest",)


@admin.register(AuditEntry)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("when", "who_name", "what", "target")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
