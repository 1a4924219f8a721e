"""The sociaal-educatieve kaart: partners, their services and courses, where and when (seed 001 "De juiste
doorverwijzing", seed 004). Shaped after Open Referral HSDS 3.0 (docs/adr/0090): organization, service,
location, service_at_location, schedule (RFC 5545 recurrence), phone, contact.

Ownership: every row belongs to the library that keeps it (``library``) and only that library edits it. An
organization can be shared with the other libraries of a region (``shared_with``): they see it and its
services at the desk and may add services of their own to it, but cannot change what is not theirs.

Nothing here is about visitors: partner contacts are organisations' public desks and roles.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from dateutil import rrule
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Gemeente, Library
from baken.core.taxonomy import TargetGroup, Topic

# After this many days a service is due for a check (issue 4: "after 6 months").
FRESHNESS_DAYS = 183


class ServiceKind(models.TextChoices):
    HELP = "hulp", _("Help")
    COURSE = "cursus", _("Course")


class ServiceStatus(models.TextChoices):
    # HSDS 3.0 service.status values
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Stopped")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class ReferralMethod(models.TextChoices):
    TELEFOON = "telefoon", _("By phone")
    EMAIL = "email", _("By e-mail")
    AFSPRAKENSYSTEEM = "afsprakensysteem", _("Appointment system")
    BINNENLOPEN = "binnenlopen", _("Walk in")


class Language(models.TextChoices):
    # ISO 639-1; the languages a desk most often needs to refer in.
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    AR = "ar", _("Arabic")
    TR = "tr", _("Turkish")
    PL = "pl", _("Polish")
    UK = "uk", _("Ukrainian")
    TI = "ti", _("Tigrinya")
    DE = "de", _("German")
    FR = "fr", _("French")
    ES = "es", _("Spanish")


class OwnedQuerySet(models.QuerySet):
    """Rows a library may see (own or shared with it) and rows it may edit (own only)."""

    def editable_by(self, library_id: int) -> OwnedQuerySet:
        return self.filter(library_id=library_id)


class Organization(models.Model):
    """A partner organisation (HSDS organization)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    shared_with = models.ManyToManyField(
        Library,
        blank=True,
        related_name="+",
        verbose_name=_("shared with the libraries"),
        help_text=_("Libraries in the region that may see this partner and add their own services."),
    )
    name = models.CharField(_("name"), max_length=150)
    alternate_name = models.CharField(_("also known as"), max_length=150, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    email = models.EmailField(_("general e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [models.UniqueConstraint(fields=["library", "name"], name="directory_org_unique_name")]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A place where services are given (HSDS location with its address). May be a library branch."""

    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Address")
        VIRTUAL = "virtual", _("Online or by phone only")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="locations",
        verbose_name=_("partner organisation"),
    )
    branch = models.ForeignKey(
        Branch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library branch"),
        help_text=_(
            "Fill in when this location is one of your library's branches (spreekuur in the library)."
        ),
    )
    location_type = models.CharField(
        _("kind of location"), max_length=10, choices=Type.choices, default=Type.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postcode"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{4} ?[A-Z]{2}$", _("Use a Dutch postcode, for example 1234 AB."))],
    )
    city = models.CharField(_("place"), max_length=100, blank=True)
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    # The BAG nummeraanduiding id (16 digits), ready for a later link with the Basisregistratie.
    bag_id = models.CharField(
        _("BAG id"),
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^\d{16}$", _("A BAG id has 16 digits."))],
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def in_library(self) -> bool:
        return self.branch_id is not None

    def clean(self) -> None:
        super().clean()
        if self.location_type == self.Type.PHYSICAL and not (self.address_1 and self.city):
            raise ValidationError({"address_1": _("Give the street, number and place of this location.")})
        if self.branch is not None and self.branch.library_id != self.library_id:
            raise ValidationError({"branch": _("Choose a branch of your own library.")})


class Service(models.Model):
    """Help or a course offered by a partner (HSDS service), with the ways a desk can refer to it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="+", verbose_name=_("kept by")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("partner organisation"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ServiceKind.choices, default=ServiceKind.HELP)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    name = models.CharField(_("name"), max_length=150)
    alternate_name = models.CharField(_("also known as"), max_length=150, blank=True)
    description = models.TextField(_("what they help with"), max_length=2000)
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("general e-mail address"), blank=True)
    application_process = models.TextField(_("how to apply"), max_length=1000, blank=True)
    eligibility_description = models.TextField(_("who can come"), max_length=1000, blank=True)
    fees_description = models.CharField(_("cost"), max_length=300, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    gemeenten = models.ManyToManyField(
        Gemeente,
        blank=True,
        related_name="+",
        verbose_name=_("for residents of"),
        help_text=_("Leave empty when residents of every municipality may come."),
    )
    # How a desk refers (seed 001 "Warm doorverwijzen"); a method is offered when its field is filled.
    referral_phone = models.CharField(_("phone number for referrals"), max_length=30, blank=True)
    referral_phone_script = models.TextField(_("what to say on the phone"), max_length=1000, blank=True)
    referral_email = models.EmailField(
        _("e-mail address for warm referrals"),
        blank=True,
        help_text=_("Warm referral e-mails go to this address."),
    )
    appointment_url = models.URLField(_("appointment system (web address)"), blank=True)
    walk_in = models.BooleanField(_("visitors can walk in"), default=False)
    # Freshness (issue 4): after FRESHNESS_DAYS the coordinator's task list shows the service.
    last_verified_on = models.DateField(_("last checked on"))
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last checked by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["library", "status"]), models.Index(fields=["last_verified_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(maximum_age__gte=models.F("minimum_age")),
                name="directory_service_age_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.maximum_age < self.minimum_age
        ):
            raise ValidationError({"maximum_age": _("The maximum age is lower than the minimum age.")})

    @property
    def referral_methods(self) -> list[str]:
        """The referral methods this service accepts, in the order a desk tries them."""
        return accepted_referral_methods(
            phone=self.referral_phone,
            email=self.referral_email,
            appointment_url=self.appointment_url,
            walk_in=self.walk_in,
        )

    def is_stale(self, today: date) -> bool:
        return verification_is_stale(self.last_verified_on, today)


# Module functions as well as Service methods, so the search can answer them from plain rows.


def accepted_referral_methods(*, phone: str, email: str, appointment_url: str, walk_in: bool) -> list[str]:
    """The referral methods a service accepts, in the order a desk tries them."""
    methods: list[str] = []
    if phone:
        methods.append(ReferralMethod.TELEFOON)
    if email:
        methods.append(ReferralMethod.EMAIL)
    if appointment_url:
        methods.append(ReferralMethod.AFSPRAKENSYSTEEM)
    if walk_in:
        methods.append(ReferralMethod.BINNENLOPEN)
    return methods


def verification_is_stale(last_verified_on: date, today: date) -> bool:
    """Not checked for FRESHNESS_DAYS: the desk sees a warning, the coordinator a task."""
    return last_verified_on < today - timedelta(days=FRESHNESS_DAYS)


class ServiceTerm(models.Model):
    """A code attached to a service: a national topic, a target group or a language (HSDS attribute)."""

    class Vocabulary(models.TextChoices):
        TOPIC = "topic", _("topic")
        TARGET_GROUP = "target_group", _("target group")
        LANGUAGE = "language", _("language")

    VALID_CODES: dict[str, frozenset[str]] = {
        Vocabulary.TOPIC: frozenset(Topic.values),
        Vocabulary.TARGET_GROUP: frozenset(TargetGroup.values),
        Vocabulary.LANGUAGE: frozenset(Language.values),
    }

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="terms")
    vocabulary = models.CharField(max_length=20, choices=Vocabulary.choices)
    code = models.CharField(max_length=30)

    class Meta:
        ordering = ["vocabulary", "code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "vocabulary", "code"], name="directory_term_unique")
        ]
        indexes = [models.Index(fields=["vocabulary", "code"])]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code}"

    def clean(self) -> None:
        super().clean()
        if self.code not in self.VALID_CODES.get(self.vocabulary, frozenset()):
            raise ValidationError({"code": _("Unknown code.")})


class ServiceAtLocation(models.Model):
    """Where a service is given (HSDS service_at_location)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.CharField(_("remark"), max_length=300, blank=True)

    class Meta:
        ordering = ["service", "location"]
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_BYDAY_RE = r"^([+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))(,[+-]?[1-5]?(MO|TU|WE|TH|FR|SA|SU))*$"


class Schedule(models.Model):
    """Opening hours or a spreekuur, as an RFC 5545 recurrence (HSDS schedule).

    Belongs to a service at a location (a spreekuur, also one held in a library branch) or to a location
    (its opening hours). ``byday`` takes iCal day codes: "MO,WE" weekly, "1TU" (first Tuesday) or "-1FR"
    monthly.
    """

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("every week")
        MONTHLY = "MONTHLY", _("every month")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(_("repeats"), max_length=10, choices=Freq.choices, default=Freq.WEEKLY)
    interval = models.PositiveSmallIntegerField(
        _("every how many weeks or months"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    byday = models.CharField(
        _("days"),
        max_length=60,
        validators=[RegexValidator(_BYDAY_RE, _("Use day codes such as MO,WE or 1TU (first Tuesday)."))],
    )
    opens_at = models.TimeField(_("from"))
    closes_at = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_spreekuur = models.BooleanField(_("consultation hour"), default=False)
    where = models.CharField(_("where exactly"), max_length=150, blank=True)
    host = models.CharField(_("who is there (role or team)"), max_length=150, blank=True)
    description = models.CharField(_("remark"), max_length=300, blank=True)

    class Meta:
        ordering = ["opens_at"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="directory_schedule_closes_after"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(service_at_location__isnull=False, location__isnull=True)
                    | models.Q(service_at_location__isnull=True, location__isnull=False)
                ),
                name="directory_schedule_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rrule_text} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The end time must be after the start time.")})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        if self.freq == self.Freq.WEEKLY and any(
            part.lstrip("+-")[:1].isdigit() for part in self.byday.split(",")
        ):
            raise ValidationError({"byday": _("A weekly schedule takes plain day codes such as MO,WE.")})

    @property
    def rrule_text(self) -> str:
        """The recurrence as an RFC 5545 RRULE value."""
        parts = [f"FREQ={self.freq}", f"BYDAY={self.byday}"]
        if self.interval != 1:
            parts.insert(1, f"INTERVAL={self.interval}")
        if self.valid_to:
            parts.append(f"UNTIL={self.valid_to:%Y%m%d}T235959")
        return ";".join(parts)

    def _rule(self, anchor: date) -> rrule.rrule:
        start = self.valid_from or anchor
        return rrule.rrulestr(self.rrule_text, dtstart=datetime.combine(start, self.opens_at))  # type: ignore[return-value]

    def occurrences(self, *, start: date, end: date) -> list[tuple[datetime, datetime]]:
        """Each (opens, closes) from ``start`` through ``end`` (naive local times)."""
        anchor = self.valid_from or _monday_before(start, weeks=52 * max(1, self.interval))
        first = datetime.combine(max(start, anchor), time.min)
        last = datetime.combine(end, time.max)
        duration = datetime.combine(start, self.closes_at) - datetime.combine(start, self.opens_at)
        return [(when, when + duration) for when in self._rule(anchor).between(first, last, inc=True)]

    def is_open_at(self, moment: datetime) -> bool:
        day = moment.date()
        return any(opens <= moment < closes for opens, closes in self.occurrences(start=day, end=day))

    def next_opening(self, moment: datetime, *, horizon_days: int = 62) -> tuple[datetime, datetime] | None:
        """The first period that is open at or after ``moment`` (the current one when open now)."""
        for opens, closes in self.occurrences(
            start=moment.date(), end=moment.date() + timedelta(days=horizon_days)
        ):
            if closes > moment:
                return opens, closes
        return None


def _monday_before(day: date, *, weeks: int) -> date:
    # A fixed anchor keeps an "every 2 weeks" rule on the same weeks whatever day one asks about.
    epoch = date(2024, 1, 1)  # a Monday
    return epoch if day >= epoch else day - timedelta(days=day.weekday() + 7 * weeks)


class Phone(models.Model):
    """A phone number of an organisation, service or location (HSDS phone)."""

    class Type(models.TextChoices):
        VOICE = "voice", _("phone")
        TEXT = "text", _("text message")
        VIDEO = "video", _("video call")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=30)
    type = models.CharField(_("kind"), max_length=10, choices=Type.choices, default=Type.VOICE)
    description = models.CharField(_("when to call"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class Contact(models.Model):
    """A partner's contact point: a team or role, never a visitor (HSDS contact)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def service_terms(service: Service, vocabulary: str) -> list[str]:
    """Codes of one vocabulary, from a prefetched ``terms`` relation when there is one."""
    return sorted(term.code for term in service.terms.all() if term.vocabulary == vocabulary)


def prefetch_for_display(queryset: models.QuerySet[Service]) -> models.QuerySet[Service]:
    """Everything a result card needs, in a fixed number of queries."""
    return queryset.select_related("organization").prefetch_related(
        "terms",
        "gemeenten",
        models.Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location", "location__gemeente", "location__branch"
            ).prefetch_related("schedules"),
        ),
    )


class SearchToken(models.Model):
    """The desk search's own index (docs/adr/0091): one row per (service, token), kept by ``search.py``.

    Text tokens are Dutch stems; tokens starting with "#" carry the filters (topic, gemeente, days and hours
    open, in the library). Rebuilt with ``search.rebuild_index``; never edit by hand.
    """

    # No index of its own on service: the unique (service, token) index serves lookups by service.
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", db_index=False)
    token = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "token"], name="directory_searchtoken_unique")
        ]
        # The search reads each token's rows best first (weight desc, then service id), and stops early.
        indexes = [models.Index(fields=["token", "-weight", "service"], name="directory_token_ranked")]

    def __str__(self) -> str:
        return self.token


class SearchWord(models.Model):
    """Every word (as written, lowercased) the index has seen: the vocabulary for typo tolerance."""

    word = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.word
