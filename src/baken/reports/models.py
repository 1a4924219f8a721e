"""Figures: rollups of the anonymous registrations, the visitor impact survey, and IDO funding (seed 002).

``RollupMargin`` holds the counts per day or month, per branch (or the whole country), per dimension
and code: what a dashboard without code filters reads, a bounded number of rows whatever the number of
questions. ``Rollup`` holds the country's counts per combination of the codes (national views with
code filters read it). ``RollupFact`` holds one narrow row per live question, for views below national
level with code filters and for the refresh by difference.
All three are derived data, kept current from the registrations per changed branch-day (docs/adr/0092).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from baken.core.models import Branch, Gemeente, Library

# Seed 002: the specific uitkering per gemeente per year.
EURO_PER_INHABITANT = Decimal("0.83")
EURO_PER_LOW_EDUCATED = Decimal("0.70")
RESERVE_CAP = Decimal("0.25")


class Referral(models.TextChoices):
    """How a question was referred, derived from its helps (the closed loop adds outcomes later)."""

    WARM = "warm", _("Referred warmly")
    KOUD = "koud", _("Referred (contact details given)")
    GEEN = "geen", _("Not referred")


class Grain(models.TextChoices):
    DAY = "d", _("day")
    MONTH = "m", _("month")


class Rollup(models.Model):
    """The country's counts for one (day or month, combination of codes).

    ``help == ""`` rows count questions (and, in ``contacts``, the contacts whose first question falls
    in the row); ``help != ""`` rows count the questions that got that help. Kept for the country only
    (docs/adr/0092): branch, library and gemeente stay empty; below national level the facts answer.
    """

    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    # Derived data, rebuilt in bulk: no database constraints (deferred FK checks would make every
    # rebuild crawl at commit); the registrations it comes from carry them.
    branch = models.ForeignKey(
        Branch, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    library = models.ForeignKey(
        Library, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False, db_index=False
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.DO_NOTHING,
        null=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    topic = models.CharField(max_length=32, blank=True)
    organisation = models.CharField(max_length=32, blank=True)
    bestuurslaag = models.CharField(max_length=16, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    referral = models.CharField(max_length=8, blank=True)
    help = models.CharField(max_length=32, blank=True)
    questions = models.PositiveIntegerField(default=0)
    contacts = models.PositiveIntegerField(default=0)

    class Meta:
        # Combinations are kept for the country only (docs/adr/0092): no indexes by area.
        indexes = [
            models.Index(
                fields=["grain", "period"], name="rollup_national", condition=models.Q(branch__isnull=True)
            ),
            # A topic filter, the one most asked for, reads only that topic's combinations of the period
            # instead of all of them (their number grows with the volume until the codes run out).
            models.Index(
                fields=["grain", "topic", "period"],
                name="rollup_national_topic",
                condition=models.Q(branch__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.period} {self.branch_id or 'NL'} {self.topic} {self.questions}"


class RollupMargin(models.Model):
    """Counts for one (day or month, branch or nation, dimension, code): the margins of ``Rollup``.

    ``dimension == ""`` is the total (questions, and contacts); ``dimension == "help"`` counts questions
    that got that help; every other dimension counts questions per code (and, in ``contacts``, the
    contacts whose first question has the code). A branch-month has about 60 of these rows however
    many questions it holds, so dashboards without code filters read a bounded number of rows.
    """

    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    branch = models.ForeignKey(
        Branch, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    library = models.ForeignKey(
        Library, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    dimension = models.CharField(max_length=16, blank=True)
    code = models.CharField(max_length=32, blank=True)
    questions = models.PositiveIntegerField(default=0)
    contacts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["library", "grain", "period"], name="margin_library"),
            models.Index(fields=["gemeente", "grain", "period"], name="margin_gemeente"),
            models.Index(fields=["branch", "grain", "period"], name="margin_branch"),
            models.Index(
                fields=["grain", "period"], name="margin_national", condition=models.Q(branch__isnull=True)
            ),
            # The national "per municipality" table: every branch's totals of a period.
            models.Index(
                fields=["grain", "period"],
                name="margin_branch_totals",
                condition=models.Q(dimension="", branch__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grain} {self.period} {self.branch_id or 'NL'} {self.dimension}={self.code}"


class RollupFact(models.Model):
    """One live question as the figures see it: its codes, its contact's channel, its referral level and
    its helps (a bit per code, ``rollups.HELP_BITS``), without any link back to the contact.

    Derived data like the rollups: replaced per dirty branch-day by the refresh, in the same transaction
    as the rollups, so it always holds exactly what the rollups count. The refresh subtracts a
    branch-day's old facts and adds its new ones (work per changed branch-day, not per day or month of
    the country), and views below national level that the margins cannot answer (code filters, days
    outside whole months) count an area's facts: one narrow table by index, no joins.
    """

    # No single-column indexes: the (area, date) indexes below serve every lookup by area.
    branch = models.ForeignKey(
        Branch, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    library = models.ForeignKey(
        Library, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    date = models.DateField()
    topic = models.CharField(max_length=32, blank=True)
    organisation = models.CharField(max_length=32, blank=True)
    bestuurslaag = models.CharField(max_length=16, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    referral = models.CharField(max_length=8, blank=True)
    helps = models.PositiveIntegerField(default=0)
    # The contact's first question: counts the contact once.
    first = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["branch", "date"], name="fact_branch"),
            models.Index(fields=["library", "date"], name="fact_library"),
            models.Index(fields=["gemeente", "date"], name="fact_gemeente"),
        ]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.date} {self.topic}"


class RollupDirty(models.Model):
    """A branch-day whose registrations changed and whose rollups must be rebuilt.

    Written in the same transaction as the change (signals), so no change is ever missed; read and
    cleared by the refresh. Duplicates are fine: plain inserts never wait on a refresh in progress.
    """

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()

    def __str__(self) -> str:
        return f"{self.branch_id} {self.date}"


class Answer(models.TextChoices):
    JA = "ja", _("Yes")
    BEETJE = "beetje", _("A little")
    NEE = "nee", _("No")


class ImpactResponse(models.Model):
    """One visitor's anonymous answers after a visit. No time, no staff member, no link to a contact.

    The primary key is the random key of the form (so a double submit stores once) and is random, so
    the order of responses cannot be matched to the order of contacts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    helped = models.CharField(_("Were you helped?"), max_length=8, choices=Answer.choices, blank=True)
    self_next_time = models.CharField(
        _("Can you do this yourself next time?"), max_length=8, choices=Answer.choices, blank=True
    )
    knows_where = models.CharField(
        _("Do you know where to go now?"), max_length=8, choices=Answer.choices, blank=True
    )

    class Meta:
        indexes = [models.Index(fields=["branch", "date"], name="impact_branch_date")]

    def __str__(self) -> str:
        return f"{self.branch_id} {self.date}"


class FundingInput(models.Model):
    """The inputs of a gemeente's specific uitkering for one year, with where they come from."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2023), MaxValueValidator(2100)]
    )
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    inhabitants_low_education = models.PositiveIntegerField(
        _("inhabitants aged 15–75 with at most vmbo"),
    )
    source_year = models.PositiveSmallIntegerField(
        _("source year of these numbers"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source_note = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["gemeente__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "year"], name="funding_input_unique")]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.year}"

    @property
    def grant(self) -> Decimal:
        amount = (
            EURO_PER_INHABITANT * self.inhabitants + EURO_PER_LOW_EDUCATED * self.inhabitants_low_education
        )
        return amount.quantize(Decimal("0.01"))


class SpendingEntry(models.Model):
    """Money of the uitkering spent in a year (financing the library, promotion, network)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["year", "id"]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.year} {self.amount}"


class Reserve(models.Model):
    """Unspent money of ``year`` reserved for the next year: at most 25 % of that year's grant (seed 002)."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "year"], name="reserve_unique")]

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.year} {self.amount}"
