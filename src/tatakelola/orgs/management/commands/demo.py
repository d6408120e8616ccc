from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatakelola.orgs import demo_data, services
from tatakelola.orgs.choices import MeetingCadence
from tatakelola.orgs.models import Organisation

DEFAULT_PASSWORD = "tatakelola-demo"


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # translated lazily at --help time
        "Seed a realistic demo organisation (an Indonesian bank) and print its logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=str(gettext_lazy("Password for every demo login (default: %(default)s).")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password: str = options["password"]
        if Organisation.objects.filter(slug=demo_data.ORGANISATION["slug"]).exists():
            self.stdout.write(_("The demo organisation already exists; its logins are:"))
        else:
            with transaction.atomic():
                self._seed(password)
            self.stdout.write(self.style.SUCCESS(_("Demo organisation created.")))
        # The monitoring demo is seeded separately, so a database seeded before it existed gets it too.
        # Imported here, not at module level: organisations do not depend on the monitoring app.
        from tatakelola.monitoring.demo import demo_monitoring_seed

        with transaction.atomic():
            demo_monitoring_seed(organisation=Organisation.objects.get(slug=demo_data.ORGANISATION["slug"]))
        from tatakelola.cases.demo import demo_cases_seed

        with transaction.atomic():
            demo_cases_seed(organisation=Organisation.objects.get(slug=demo_data.ORGANISATION["slug"]))
        self._print_logins(password)

    def _seed(self, password: str) -> None:
        organisation = services.organisation_create(actor=None, **demo_data.ORGANISATION)
        # A demo is evaluation, not commercial use: the models trained on non-commercial data may run
        # (a real organisation's governance admin decides this on the Classifiers page).
        services.organisation_set_noncommercial_models(actor=None, organisation=organisation, allowed=True)
        services.organisation_set_domains(actor=None, organisation=organisation, domains=demo_data.DOMAINS)
        departments = {
            code: services.department_create(
                actor=None, organisation=organisation, name=name, code=code, description=description
            )
            for code, name, description in demo_data.DEPARTMENTS
        }
        committee = services.committee_create(
            actor=None,
            organisation=organisation,
            meeting_cadence=MeetingCadence.MONTHLY,
            next_meeting=(timezone.localdate() + timedelta(days=14)),
            **demo_data.COMMITTEE,
        )
        for username, full_name, dept, title, roles, language, position, duty in demo_data.PEOPLE:
            person = services.person_create(
                actor=None,
                organisation=organisation,
                full_name=full_name,
                department=departments[dept],
                job_title=title,
                roles=roles,
                username=username,
                password=password,
                language=language,
                email=f"{username}@banknusantara.example",
            )
            if position:
                services.committee_member_add(
                    actor=None, committee=committee, person=person, position=position, responsibility=duty
                )
        for full_name, dept, title in demo_data.STAFF_WITHOUT_LOGIN:
            services.person_create(
                actor=None,
                organisation=organisation,
                full_name=full_name,
                department=departments[dept],
                job_title=title,
            )

    def _print_logins(self, password: str) -> None:
        from tatakelola.orgs.choices import Role

        self.stdout.write("")
        self.stdout.write(_("Log in at http://127.0.0.1:8000/ with any of these:"))
        username_label, password_label, role_label = _("username"), _("password"), _("role")
        self.stdout.write(f"  {username_label:<12} {password_label:<18} {role_label}")
        for username, full_name, _dept, _title, roles, *_rest in demo_data.PEOPLE:
            labels = ", ".join(str(Role(r).label) for r in roles if r != Role.EMPLOYEE) or str(Role.EMPLOYEE.label)
            self.stdout.write(f"  {username:<12} {password:<18} {labels} ({full_name})")
