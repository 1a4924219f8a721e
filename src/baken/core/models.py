"""Tenancy (library organisation, branch, gemeente), users with one role, and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import LIBRARY_ROLES, Role


class Gemeente(models.Model):
    """A municipality; funds the IDO's in its territory since 2023 (seed 002)."""

    cbs_code = models.CharField(
        _("CBS municipality code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM\d{4}$", _("Use the CBS form GM0123."))],
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Library(models.Model):
    """A library organisation: the tenant."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    inactivity_timeout_minutes = models.PositiveSmallIntegerField(
        _("automatic sign-out after (minutes)"),
        default=15,
        validators=[MinValueValidator(2), MaxValueValidator(120)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("library organisation")
        verbose_name_plural = _("library organisations")

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    """A vestiging: lies in one gemeente and may run an IDO desk."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="branches")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="branches")
    slug = models.SlugField(_("slug"))
    name = models.CharField(_("name"), max_length=150)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    has_ido = models.BooleanField(_("has an IDO desk"), default=True)

    class Meta:
        ordering = ["library__name", "name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        constraints = [models.UniqueConstraint(fields=["library", "slug"], name="branch_unique_slug")]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class IdoOpeningHours(models.Model):
    """One opening period of the IDO desk on a weekday (from all library hours to a few a week: seed 004)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="ido_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["branch", "weekday", "opens"]
        verbose_name = _("IDO opening hours")
        verbose_name_plural = _("IDO opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="ido_hours_closes_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class User(AbstractUser):
    """A staff or official user with exactly one role, bound to one library, one gemeente or the nation."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("library"),
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("gemeente"),
    )
    # Kept in step with the staff register (staff.StaffProfile) by staff.services; it only decides for
    # a volunteer who has no profile yet.
    confidentiality_signed = models.BooleanField(_("confidentiality declaration signed"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role in LIBRARY_ROLES and self.library_id is None:
            raise ValidationError({"library": _("A library role needs a library.")})
        if self.role == Role.GEMEENTE and self.gemeente_id is None:
            raise ValidationError({"gemeente": _("A municipality role needs a municipality.")})

    @property
    def has_confidentiality(self) -> bool:
        """Paid staff (CAO clause) or a volunteer with a signed declaration: the staff register decides."""
        from baken.staff.selectors import staff_has_confidentiality  # staff depends on core, not back

        return staff_has_confidentiality(user=self)


class AuditEvent(models.Model):
    """Append-only record of who did what and when. Never holds visitor data."""

    class Action(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOGOUT = "logout", _("signed out")
        AUTO_LOGOUT = "auto_logout", _("signed out after inactivity")
        PERMISSION_DENIED = "permission_denied", _("access denied")
        LOCKED_OUT = "locked_out", _("locked out after failed sign-ins")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        READ = "read", _("read")
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        EXPORT = "export", _("exported")
        PURGE = "purge", _("purged")
        SEND = "send", _("sent")
        OTP_VERIFIED = "otp_verified", _("two-step verification passed")
        OTP_FAILED = "otp_failed", _("wrong two-step verification code")
        OTP_LOCKED_OUT = "otp_locked_out", _("signed out after wrong two-step codes")
        OTP_DEVICE_ADDED = "otp_device_added", _("two-step verification set up")
        RECOVERY_CODES_CREATED = "recovery_codes_created", _("recovery codes created")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Kept as text so the trail survives when an account is removed.
    actor_username = models.CharField(_("who"), max_length=150, blank=True)
    library = models.ForeignKey(Library, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(_("what"), max_length=40, choices=Action.choices, db_index=True)
    target = models.CharField(_("on"), max_length=200, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only.")
