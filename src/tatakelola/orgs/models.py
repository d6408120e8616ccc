from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tatakelola.orgs.choices import CommitteePosition, Language, MeetingCadence, Role


class Organisation(models.Model):
    """The tenant: a company or agency whose social media use is governed. Owns everything else.

    ``noncommercial_models_allowed`` says whether classifiers trained on non-commercial data may
    score this organisation's messages (see docs/CLASSIFIERS.md). ``domains`` are its own internet
    domains (``banknusantara.co.id``): scans flag look-alikes of them and do not treat addresses at
    them as personal data (see docs/SCANNING.md).
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=255, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, default="ID")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Jakarta")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Off by default: the Indonesian abuse/hate models are trained on CC BY-NC-SA data, and an
    # organisation that uses the platform commercially must not run them. A governance admin opts
    # in, attesting non-commercial use (research, NGO, evaluation); the demo organisation does.
    # TATAKELOLA_NONCOMMERCIAL_MODELS=false still switches them off for the whole deployment.
    noncommercial_models_allowed = models.BooleanField(_("non-commercial models allowed"), default=False)
    # Normalised host names (lower case, IDNA), set through orgs.services.organisation_set_domains.
    domains = models.JSONField(_("own domains"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A unit of the organisation (departemen/divisi) that people belong to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="departments")
    name = models.CharField(_("name"), max_length=150)
    code = models.SlugField(_("code"), max_length=40)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="orgs_department_unique_code"),
            models.UniqueConstraint(fields=["organisation", "name"], name="orgs_department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone the organisation governs; with a login when they also work in the platform.

    Employees without a login are still governed (their posts are monitored, they attest
    to policies and take training), so the user link is optional.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="people", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="person", null=True, blank=True
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.INDONESIAN)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Jakarta")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name


class RoleAssignment(models.Model):
    """One governance role held by one person; a person may hold several."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="orgs_roleassignment_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="orgs_roleassignment_known_role"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"


class GovernanceCommittee(models.Model):
    """The cross-functional team (komite tata kelola) that owns social media governance."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="committee")
    name = models.CharField(_("name"), max_length=200)
    charter = models.TextField(_("charter"), blank=True)
    meeting_cadence = models.CharField(
        _("meeting cadence"), max_length=16, choices=MeetingCadence.choices, default=MeetingCadence.MONTHLY
    )
    next_meeting = models.DateField(_("next meeting"), null=True, blank=True)

    class Meta:
        verbose_name = _("governance committee")
        verbose_name_plural = _("governance committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMembership(models.Model):
    """A person's seat on the governance committee."""

    committee = models.ForeignKey(GovernanceCommittee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="committee_memberships")
    position = models.CharField(
        _("position"), max_length=16, choices=CommitteePosition.choices, default=CommitteePosition.MEMBER
    )
    responsibility = models.CharField(_("responsibility"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "person__full_name"]
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        constraints = [
            models.UniqueConstraint(fields=["committee", "person"], name="orgs_membership_unique_person"),
            models.UniqueConstraint(
                fields=["committee"], condition=Q(position="chair"), name="orgs_membership_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_position_display()})"


class LoginThrottle(models.Model):
    """Failed sign-ins counted against one account name or one client address, and the delay or
    temporary lock they have earned.

    ``key`` is a SHA-256 of the account name as typed (lower-cased) or of the address, so a password
    typed into the user-name field is never stored, and names that match no account are throttled
    exactly like real ones (the login page reveals nothing about which accounts exist).
    ``blocked_until`` holds both the growing delay between attempts and the lock; ``lock_count``
    makes each lock in a row twice as long as the one before.
    """

    class Scope(models.TextChoices):
        ACCOUNT = "account", _("account")
        ADDRESS = "address", _("client address")
        TOKEN = "token", _("API tokens from a client address")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    key = models.CharField(_("key"), max_length=64)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    first_failure_at = models.DateTimeField(_("first failure"), null=True, blank=True)
    last_failure_at = models.DateTimeField(_("last failure"), null=True, blank=True)
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    lock_count = models.PositiveIntegerField(_("locks in a row"), default=0)

    class Meta:
        verbose_name = _("login throttle")
        verbose_name_plural = _("login throttles")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="orgs_loginthrottle_unique")]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key[:8]} ({self.failures})"
