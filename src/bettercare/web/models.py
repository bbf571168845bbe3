"""What the workspace keeps: areas, submissions and their immutable versions, and every
person's decision about a version beside (never over) what the core extracted and assessed.

Decisions (a correction, a finding review, a category, an action update) are rows added, never
changed: the latest row of a target is the one that stands. Each carries `seq`, its place in
that target's history, unique per target, so a second save made from a stale form (the same
`seq` as one already written) is refused by the database itself.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    LEAD = "lead", "Plan lead"
    ASSURER = "assurer", "Assurer"
    NATIONAL = "national", "National viewer"
    ADMIN = "admin", "Administrator"


class Area(models.Model):
    """A Health and Wellbeing Board area (an upper-tier council of 2014)."""

    name = models.CharField(max_length=200)
    ons_code = models.CharField(max_length=16, unique=True)
    region = models.CharField(max_length=100, blank=True)
    fictional = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A user's role and areas: a plan lead's own area, an assurer's assigned areas."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.NATIONAL)
    areas = models.ManyToManyField(Area, blank=True, related_name="people")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A token for scripted use of the API; only its SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class Submission(models.Model):
    """An area's plan for a round: the versions uploaded for it."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="submissions")
    round = models.CharField(max_length=32)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["area", "round"], name="one_submission_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.round}"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    READING = "reading", "Reading"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Version(models.Model):
    """One upload: its files (kept under generated names), the plan the core extracted, and
    the assessment that stands (the core's, re-run with the decisions recorded)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    assessed_on = models.DateField(help_text="The assessment's date (target dates count from it).")
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=80, unique=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    part2_name = models.CharField(max_length=255, blank=True)
    part2_stored_name = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    plan = models.JSONField(null=True, blank=True, help_text="The plan as extracted: never edited.")
    assessment = models.JSONField(null=True, blank=True)
    category = models.CharField(max_length=64, blank=True)
    risk_codes = models.CharField(max_length=500, blank=True, help_text="',N1,F8,' for search.")
    row_version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar[list[str]] = ["-uploaded_at", "-pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_number")
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class Decision(models.Model):
    """What every decision row has: who, when, why, and its place in its target's history."""

    seq = models.PositiveIntegerField()
    reason = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Correction(Decision):
    """A field's corrected value; the extracted value is kept in the plan and copied here."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="corrections")
    pointer = models.CharField(max_length=300)
    extracted = models.JSONField(null=True)
    value = models.JSONField(null=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "pointer", "seq"], name="correction_seq")
        ]


class ReviewKind(models.TextChoices):
    DISMISS = "dismiss", "Dismiss"
    REGRADE = "regrade", "Re-grade"
    RESTORE = "restore", "Restore as found"
    ADD = "add", "Add"


class FindingReview(Decision):
    """An assurer's decision on one finding: dismiss it, re-grade it, restore it — or add one
    the checks did not raise (a code of the framework's catalogue, the reason as its message,
    a line of the plan as its evidence)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="reviews")
    finding = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=ReviewKind.choices)
    severity = models.CharField(max_length=32, blank=True)
    code = models.CharField(max_length=100, blank=True, help_text="For an added finding.")
    line = models.PositiveIntegerField(null=True, blank=True, help_text="Its evidence line.")

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "finding", "seq"], name="review_seq")
        ]


class CategoryDecision(Decision):
    """The category an assurer sets, in place of the rules' category."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField(max_length=64)

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "seq"], name="category_seq")
        ]


class ActionUpdate(Decision):
    """Progress on one action-plan row (by its risk code), from an assurer or the plan lead:
    its status, target date and evidence notes, and the plan lead's answer. Each row holds the
    row's whole state (what an update does not change is carried over from the one before)."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="action_updates")
    risk = models.CharField(max_length=16)
    status = models.CharField(max_length=200, blank=True)
    discussion_notes = models.TextField(blank=True, help_text="The evidence notes.")
    target_date = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True, help_text="The plan lead's answer to the action.")

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["version", "risk", "seq"], name="action_seq")
        ]


class AuditEntry(models.Model):
    """Every change: who, when, what, and the values before and after."""

    who = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    who_name = models.CharField(max_length=150, blank=True)
    when = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=100)
    target = models.CharField(max_length=300, blank=True)
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.CASCADE, related_name="audit"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-when", "-pk"]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.who_name} {self.what} {self.target}"
