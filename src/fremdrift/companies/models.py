from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fremdrift.accounts.scoping import PersonalData
from fremdrift.core import clock
from fremdrift.core.versioning import Versioned


class Company(Versioned, PersonalData):
    """A company the municipality works with. Company data is not personal data, but the
    contact person is, so each municipality keeps its own record of a company."""

    cvr = models.CharField(_("CVR-nummer"), max_length=8)
    name = models.CharField(_("navn"), max_length=200)
    industry = models.CharField(_("branche"), max_length=200, blank=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    # The workplace (produktionsenhed) in the business register: one CVR, many P-numbers.
    p_number = models.CharField(_("P-nummer"), max_length=10, blank=True)
    # The responsible consultant: "own companies" (the citizen list's filter) are theirs.
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("ansvarlig konsulent"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cvr"], name="company_unique_cvr")
        ]

    def __str__(self) -> str:
        return self.name


class ReferralReason(models.TextChoices):
    """Why the caseworker refers the citizen (after Lejre's visitation form)."""

    PLACEMENT = "placement", _("Jobparat, klar til virksomhedspraktik")
    WAGE_SUBSIDY = "wage_subsidy", _("Ønsker løntilskud")
    ORDINARY_JOB = "ordinary_job", _("Klar til ordinært job")
    CLARIFICATION = "clarification", _("Afklaring af arbejdsevne")
    UPSKILLING = "upskilling", _("Opkvalificering inden job")
    OTHER = "other", _("Andet")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sendt")
    ACCEPTED = "accepted", _("Modtaget")
    RETURNED = "returned", _("Sendt retur")


class Referral(PersonalData):
    """A caseworker's referral of a citizen to a company consultant (visitation form)."""

    citizen_path = "citizen"  # whose row it is (accounts.scoping)

    citizen = models.ForeignKey(
        "citizens.Citizen",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("borger"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("henvist af"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("virksomhedskonsulent"),
    )
    reason = models.CharField(_("årsag"), max_length=20, choices=ReferralReason.choices)
    details = models.TextField(_("kompetencer, ønsker og hensyn"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    response_note = models.TextField(_("svar"), blank=True)
    # A manager may answer on the consultant's behalf, so who answered is kept apart.
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besvaret af"),
    )
    responded_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    # A default rather than auto_now_add, so the demo can date its referrals in the past.
    created_at = models.DateTimeField(_("sendt"), default=clock.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        indexes = [
            models.Index(fields=["municipality", "status", "consultant"]),
            models.Index(fields=["citizen", "-created_at"]),
        ]
        constraints = [
            # One open referral per citizen; the service says so first, this catches a race.
            models.UniqueConstraint(
                fields=["citizen"],
                condition=models.Q(status="sent"),
                name="referral_one_open_per_citizen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == ReferralStatus.SENT


class ContactPerson(Versioned, PersonalData):
    """A person at the company the consultant works with: the mentor of a placement.

    The company's personal data, not a citizen's: kept per municipality like the company.
    """

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("virksomhed")
    )
    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("stilling eller rolle"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Deactivated rather than deleted: past placements keep naming their mentor.
    active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["-active", "name", "id"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")

    def __str__(self) -> str:
        return self.name


class CompanyCapacity(Versioned, PersonalData):
    """How many citizens the company can take in one trade (a line of its capacity)."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="capacities", verbose_name=_("virksomhed")
    )
    trade = models.CharField(_("fag eller branche"), max_length=200)
    places = models.PositiveSmallIntegerField(_("pladser"), validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["trade", "id"]
        verbose_name = _("kapacitet")
        verbose_name_plural = _("kapacitet")
        constraints = [
            models.UniqueConstraint(fields=["company", "trade"], name="capacity_unique_trade")
        ]

    def __str__(self) -> str:
        return f"{self.trade}: {self.places}"


class Placement(Versioned, PersonalData):
    """What belongs to an offer at a company and not to the period: the mentor, the
    consultant following it and the agreed tasks. Dates, hours and the company stay on the
    period (periods are the truth the figures read); the outcome is derived from the
    citizen's next period, never stored here. A period without a row has nothing recorded
    yet; the first save creates it."""

    citizen_path = "period__citizen"  # whose row it is (accounts.scoping)

    period = models.OneToOneField(
        "journey.Period", on_delete=models.CASCADE, related_name="placement"
    )
    contact_person = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("kontaktperson"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("virksomhedskonsulent"),
    )
    tasks = models.TextField(_("aftalte arbejdsopgaver"), blank=True)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("praktikforløb")
        verbose_name_plural = _("praktikforløb")

    def __str__(self) -> str:
        return f"{self.period_id}"


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Kladde")
    SIGNED = "signed", _("Underskrevet")


class WorkAgreement(Versioned, PersonalData):
    """The work agreement (arbejdsaftale) between employer, citizen and job adviser for one
    placement. A signed agreement is never changed: a change is a new version, a new row
    that points to the one it replaces (`previous`), so what was signed stays as it was.

    It also sets the placement's wage point: the follow-up score and the hours per week at
    which the consultant should talk about paid work (wage subsidy, IGU or ordinary hours).
    """

    citizen_path = "placement__period__citizen"  # whose row it is (accounts.scoping)

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("forløb")
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("erstatter"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    paid_hours_goal = models.DecimalField(
        _("mål for ordinære timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    paid_hours_by = models.DateField(_("målet nås senest"), null=True, blank=True)
    sub_goals = models.TextField(_("delmål"), blank=True)
    tasks = models.TextField(_("arbejdsopgaver"), blank=True)
    # The wage point: every competence scored at least this on the follow-up instrument's
    # scale, and at least these hours a week at the company.
    wage_point_score = models.DecimalField(
        _("lønpoint: score i opfølgningen"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    wage_point_hours = models.DecimalField(
        _("lønpoint: timer pr. uge"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # The agreed working time, as written ("8.00-12.00" or "4 timer"); empty is a day off.
    hours_monday = models.CharField(_("mandag"), max_length=40, blank=True)
    hours_tuesday = models.CharField(_("tirsdag"), max_length=40, blank=True)
    hours_wednesday = models.CharField(_("onsdag"), max_length=40, blank=True)
    hours_thursday = models.CharField(_("torsdag"), max_length=40, blank=True)
    hours_friday = models.CharField(_("fredag"), max_length=40, blank=True)
    hours_saturday = models.CharField(_("lørdag"), max_length=40, blank=True)
    hours_sunday = models.CharField(_("søndag"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    signed_at = models.DateTimeField(_("underskrevet"), null=True, blank=True)

    class Meta:
        ordering = ["placement", "-number"]
        verbose_name = _("arbejdsaftale")
        verbose_name_plural = _("arbejdsaftaler")
        constraints = [
            models.UniqueConstraint(fields=["placement", "number"], name="agreement_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} v{self.number}"

    @property
    def is_signed(self) -> bool:
        return self.status == AgreementStatus.SIGNED


class FollowUp(PersonalData):
    """A follow-up held on a placement: the instrument's response (scores, who answered, the
    date) and what the respondent thinks should be worked on next, which the instrument
    engine has no item for (it holds points on a scale only)."""

    citizen_path = "placement__period__citizen"  # whose row it is (accounts.scoping)

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("forløb")
    )
    response = models.OneToOneField(
        "instruments.Response", on_delete=models.PROTECT, related_name="follow_up"
    )
    next_focus = models.TextField(_("det skal der arbejdes med næste gang"), blank=True)
    # The contact person who answered through a link; empty when the consultant did.
    contact_person = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontaktperson"),
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["placement", "created_at", "id"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")

    def __str__(self) -> str:
        return f"{self.placement_id} {self.created_at:%Y-%m-%d}"


class FollowUpLink(PersonalData):
    """A personal link for one follow-up by the company's contact person, without an account.

    Only the SHA-256 of the token is kept: the token itself is shown to the consultant once,
    so a copy of the database opens no form. A link serves one placement and one submission,
    until `expires_at`."""

    citizen_path = "placement__period__citizen"  # whose row it is (accounts.scoping)

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="follow_up_links"
    )
    contact_person = models.ForeignKey(
        ContactPerson, on_delete=models.PROTECT, related_name="follow_up_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now, editable=False)
    expires_at = models.DateTimeField(_("udløber"))
    used_at = models.DateTimeField(_("brugt"), null=True, blank=True)
    follow_up = models.OneToOneField(
        FollowUp, on_delete=models.PROTECT, null=True, blank=True, related_name="link"
    )

    class Meta:
        ordering = ["placement", "-created_at", "-id"]
        verbose_name = _("opfølgningslink")
        verbose_name_plural = _("opfølgningslinks")

    def __str__(self) -> str:
        return f"{self.placement_id} {self.created_at:%Y-%m-%d}"

    def state(self, now: object) -> str:
        """'used', 'expired' or 'open' at `now` (a datetime)."""
        if self.used_at is not None:
            return "used"
        return "expired" if self.expires_at <= now else "open"  # type: ignore[operator]


class AgreementFollowUp(PersonalData):
    """An agreed follow-up date: a row of its own, so the worklist can ask for the dates due."""

    citizen_path = "agreement__placement__period__citizen"  # whose row it is (accounts.scoping)

    agreement = models.ForeignKey(
        WorkAgreement,
        on_delete=models.CASCADE,
        related_name="follow_up_dates",
        verbose_name=_("arbejdsaftale"),
    )
    date = models.DateField(_("opfølgningsdato"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("opfølgningsdato")
        verbose_name_plural = _("opfølgningsdatoer")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "date"], name="agreement_follow_up_once")
        ]
        indexes = [models.Index(fields=["municipality", "date"])]

    def __str__(self) -> str:
        return self.date.isoformat()


class AgreementParty(models.TextChoices):
    EMPLOYER = "employer", _("Arbejdsgiver")
    CITIZEN = "citizen", _("Borger")
    ADVISER = "adviser", _("Jobkonsulent")


class AgreementSignature(PersonalData):
    """One party's signature on one version, as recorded by staff from the signed paper:
    who signed, for which party, on which day, and who recorded it when."""

    citizen_path = "agreement__placement__period__citizen"  # whose row it is (accounts.scoping)

    agreement = models.ForeignKey(
        WorkAgreement,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("arbejdsaftale"),
    )
    party = models.CharField(_("part"), max_length=10, choices=AgreementParty.choices)
    signer_name = models.CharField(_("underskrevet af"), max_length=200)
    signed_on = models.DateField(_("underskrevet den"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    recorded_at = models.DateTimeField(_("registreret"), default=clock.now, editable=False)

    class Meta:
        ordering = ["agreement", "party"]
        verbose_name = _("underskrift på arbejdsaftale")
        verbose_name_plural = _("underskrifter på arbejdsaftaler")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="agreement_signed_once")
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.party}"
