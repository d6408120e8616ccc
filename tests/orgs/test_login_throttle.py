"""Sign-in throttling and lockout, invalid API tokens, and the role form's safety checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tatakelola.audit.models import AuditEntry
from tatakelola.orgs.choices import Role
from tatakelola.orgs.models import LoginThrottle, Person

PASSWORD = "tatakelola-demo"
STEP = timedelta(seconds=61)  # longer than the longest delay between attempts


def _login(client: Client, username: str, password: str) -> int:
    return client.post("/accounts/login/", {"username": username, "password": password}).status_code


def _fail_30_times(username: str, *, address: str = "203.0.113.7") -> tuple[Client, timezone.datetime]:
    client = Client(REMOTE_ADDR=address)
    now = timezone.now()
    for _ in range(30):
        now += STEP
        with time_machine.travel(now, tick=False):
            assert _login(client, username, "wrong password") == 200
    return client, now


def test_the_31st_attempt_after_30_failures_is_refused_even_with_the_right_password(demo: None) -> None:
    client, now = _fail_30_times("kepatuhan")
    with time_machine.travel(now + timedelta(seconds=1), tick=False):
        response = client.post("/accounts/login/", {"username": "kepatuhan", "password": PASSWORD})
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 14 * 60
        assert 'data-testid="login-throttled"' in response.content.decode()
        assert "_auth_user_id" not in client.session
    # Still locked a little before the 15 minutes are over, open after.
    with time_machine.travel(now + timedelta(minutes=14), tick=False):
        assert _login(client, "kepatuhan", PASSWORD) == 429
    with time_machine.travel(now + timedelta(minutes=16), tick=False):
        assert _login(client, "kepatuhan", PASSWORD) == 302
    failed = AuditEntry.objects.filter(action="auth.login.failed", object_repr="kepatuhan")
    assert failed.count() == 30
    assert failed.first().after["address"] == "203.0.113.7"  # type: ignore[union-attr]
    locked = AuditEntry.objects.get(action="auth.login.locked")
    assert locked.object_repr == "kepatuhan" and locked.after["scope"] == "account"
    assert locked.organisation_id == Person.objects.get(user__username="kepatuhan").organisation_id


def test_a_lock_applies_from_every_address(demo: None) -> None:
    _client, now = _fail_30_times("kepatuhan")
    with time_machine.travel(now + timedelta(seconds=5), tick=False):
        assert _login(Client(REMOTE_ADDR="198.51.100.9"), "kepatuhan", PASSWORD) == 429


def test_the_governance_admin_unlocks_at_once(demo: None, client_for: Callable[[str], Client]) -> None:
    client, now = _fail_30_times("kepatuhan")
    person = Person.objects.get(user__username="kepatuhan")
    with time_machine.travel(now + timedelta(seconds=5), tick=False):
        admin = client_for("admin")
        page = admin.get(f"/org/people/{person.pk}/roles/").content.decode()
        assert 'data-testid="unlock"' in page
        assert client_for("karyawan").post(f"/org/people/{person.pk}/unlock/").status_code == 403
        assert _login(client, "kepatuhan", PASSWORD) == 429
        assert admin.post(f"/org/people/{person.pk}/unlock/").status_code == 302
        assert _login(client, "kepatuhan", PASSWORD) == 302
    unlock = AuditEntry.objects.get(action="auth.login.unlock")
    assert unlock.actor == "admin" and unlock.before["locked"] is True


def test_delays_grow_after_five_failures(demo: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.8")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for _ in range(5):
            assert _login(client, "reviewer", "nope") == 200
        assert _login(client, "reviewer", "nope") == 200  # the 6th failure earns a 1-second delay
        response = client.post("/accounts/login/", {"username": "reviewer", "password": PASSWORD})
        assert response.status_code == 429 and response["Retry-After"] == "1"
    with time_machine.travel(now + timedelta(seconds=2), tick=False):
        assert _login(client, "reviewer", "nope") == 200  # 7th: now 2 seconds
    with time_machine.travel(now + timedelta(seconds=3), tick=False):
        assert _login(client, "reviewer", PASSWORD) == 429
    with time_machine.travel(now + timedelta(seconds=5), tick=False):
        assert _login(client, "reviewer", PASSWORD) == 302
    # Success clears the account's count.
    assert LoginThrottle.objects.get(scope="account").failures == 0


def test_unknown_and_real_accounts_are_refused_alike(demo: None) -> None:
    real, now = _fail_30_times("kepatuhan", address="203.0.113.10")
    ghost, _ = _fail_30_times("nobody-by-this-name", address="203.0.113.11")
    with time_machine.travel(now + timedelta(seconds=1), tick=False):
        answers = [
            c.post("/accounts/login/", {"username": u, "password": "x"})
            for c, u in ((real, "kepatuhan"), (ghost, "nobody-by-this-name"))
        ]
    assert [a.status_code for a in answers] == [429, 429]
    notices = [a.content.decode().split('data-testid="login-throttled">', 1)[1].split("<", 1)[0] for a in answers]
    assert notices[0] == notices[1]
    # Only hashes are kept, never the names as typed.
    assert not LoginThrottle.objects.filter(key__icontains="nobody").exists()
    assert AuditEntry.objects.filter(action="auth.login.failed", object_repr="(unknown account)").count() == 30


def test_an_address_spraying_many_accounts_is_slowed(demo: None) -> None:
    client = Client(REMOTE_ADDR="203.0.113.12")
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(51):
            assert _login(client, f"user{n}", "guess") == 200
        # Each name has failed once only, but the address is now delayed for any account.
        assert _login(client, "admin", PASSWORD) == 429
        assert _login(Client(REMOTE_ADDR="203.0.113.13"), "admin", PASSWORD) == 302


def test_invalid_api_tokens_are_throttled_per_client(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    token = admin.post("/api/tokens", {"name": "script"}, content_type="application/json").json()["token"]
    bad = Client(HTTP_AUTHORIZATION="Bearer tkl_abcdef012345_guessed", REMOTE_ADDR="203.0.113.20")
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        codes = [bad.get("/api/me").status_code for _ in range(20)]
        assert codes == [401] * 19 + [429]
        refused = bad.get("/api/me")
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        assert set(refused.json()) >= {"detail"}
        # The same client is refused with a good token too; another client is not.
        good_here = Client(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="203.0.113.20")
        assert good_here.get("/api/me").status_code == 429
        assert (
            Client(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="203.0.113.21").get("/api/me").status_code == 200
        )
    with time_machine.travel(now + timedelta(minutes=6), tick=False):
        assert good_here.get("/api/me").status_code == 200
    assert AuditEntry.objects.filter(action="auth.token.throttled").count() == 1


def test_role_form_asks_before_removing_every_role(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    person = Person.objects.get(user__username="reviewer")
    before = sorted(person.role_assignments.values_list("role", flat=True))
    response = admin.post(f"/org/people/{person.pk}/roles/", {})
    assert response.status_code == 400
    assert 'data-testid="roles-error"' in response.content.decode()
    assert sorted(person.role_assignments.values_list("role", flat=True)) == before
    response = admin.post(f"/org/people/{person.pk}/roles/", {"confirm_no_roles": "on"})
    assert response.status_code == 302
    assert not person.role_assignments.exists()


def test_the_last_governance_admin_keeps_the_role(client_for: Callable[[str], Client]) -> None:
    admin = client_for("admin")
    person = Person.objects.get(user__username="admin")
    assert person.role_assignments.filter(role=Role.GOVERNANCE_ADMIN).exists()
    response = admin.post(f"/org/people/{person.pk}/roles/", {"roles": [Role.COMPLIANCE_OFFICER]})
    assert response.status_code == 400
    assert "last governance admin" in response.content.decode() or "terakhir" in response.content.decode()
    assert person.role_assignments.filter(role=Role.GOVERNANCE_ADMIN).exists()
    # With a second governance admin it may go.
    other = Person.objects.get(user__username="kepatuhan")
    assert (
        admin.post(
            f"/org/people/{other.pk}/roles/", {"roles": [Role.GOVERNANCE_ADMIN, Role.COMPLIANCE_OFFICER]}
        ).status_code
        == 302
    )
    assert admin.post(f"/org/people/{person.pk}/roles/", {"roles": [Role.COMPLIANCE_OFFICER]}).status_code == 302


@pytest.mark.parametrize("proxies", [0, 1])
def test_client_address_trusts_only_our_own_proxies(proxies: int, settings: object) -> None:
    from django.test import RequestFactory

    from tatakelola.orgs.login_throttle import client_address

    settings.TATAKELOLA_PROXY_COUNT = proxies  # type: ignore[attr-defined]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.5")
    assert client_address(request) == ("10.0.0.2" if proxies == 0 else "198.51.100.5")
