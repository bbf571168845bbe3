"""The workspace's addresses."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from bettercare.web import views
from bettercare.web.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("health", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/", views.plans, name="plans"),
    path("upload/", views.upload, name="upload"),
    path("national/", views.national, name="national"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/status", views.version_status, name="version-status"),
    path("versions/<int:pk>/correct", views.correct, name="correct"),
    path("versions/<int:pk>/review", views.review, name="review"),
    path("versions/<int:pk>/add-finding", views.add_finding, name="add-finding"),
    path("versions/<int:pk>/category", views.category, name="category"),
    path("versions/<int:pk>/action", views.action, name="action"),
    path("versions/<int:pk>/answer", views.answer, name="answer"),
    path("versions/<int:pk>/history", views.history, name="history"),
    path("versions/<int:pk>/compare/<int:other>/", views.compare, name="compare"),
    path("versions/<int:pk>/board-paper.pdf", views.board_paper, name="board_paper"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "bettercare.web.views.bad_request"
handler403 = "bettercare.web.views.forbidden"
handler404 = "bettercare.web.views.not_found"
handler500 = "bettercare.web.views.server_error"
