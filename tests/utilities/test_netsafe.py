"""SSRF guard for outgoing requests: internal addresses refused, the checked address is the one used."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from tatakelola.utilities import netsafe
from tatakelola.utilities.netsafe import UnsafeURL, address_problem, request, resolve_target

PUBLIC_V4 = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"


def fixed(*addresses: str) -> Any:
    calls: list[str] = []

    def resolver(host: str, port: int) -> Sequence[str]:
        calls.append(host)
        return list(addresses)

    resolver.calls = calls  # type: ignore[attr-defined]
    return resolver


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("0.0.0.0", "unspecified"),  # noqa: S104  # an address under test, nothing binds
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata service
        ("100.64.0.1", "not-global"),  # carrier-grade NAT
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),  # broadcast
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),  # unique-local
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("::127.0.0.1", "loopback"),  # IPv4-compatible (deprecated)
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("fec0::1", "site-local"),
        ("not an address", "unparsable"),
    ],
)
def test_internal_addresses_are_named(address: str, problem: str) -> None:
    assert address_problem(address) == problem


@pytest.mark.parametrize("address", [PUBLIC_V4, "8.8.8.8", "1.1.1.1", PUBLIC_V6, "64:ff9b::808:808", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(address) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "empty"),
        ("ftp://example.org/x", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("gopher://example.org/", "scheme"),
        ("https://user:pw@example.org/", "credentials"),
        ("https://example.org@127.0.0.1/", "credentials"),
        ("https:///nohost", "host"),
        ("https://example.org:99999/", "malformed"),
        ("https://exa mple.org/", "malformed"),
        ("https://example.org/\r\nX-Injected: 1", "malformed"),
        ("https://example.org:0/", "port"),
    ],
)
def test_malformed_or_foreign_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(UnsafeURL) as excinfo:
        resolve_target(url, resolver=fixed(PUBLIC_V4))
    assert excinfo.value.reason == reason


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://127.1/hook",  # inet_aton shorthand for 127.0.0.1
        "http://2130706433/hook",  # the same address as one number
        "http://0x7f000001/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5:8080/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fd00::1]/",
        "http://localhost/",
        "HTTP://LOCALHOST./",
    ],
)
def test_internal_targets_are_refused_with_the_system_resolver(url: str) -> None:
    with pytest.raises(UnsafeURL) as excinfo:
        resolve_target(url)
    assert excinfo.value.reason == "internal"


def test_a_name_resolving_to_an_internal_address_is_refused() -> None:
    with pytest.raises(UnsafeURL, match=r"169\.254\.169\.254"):
        resolve_target("https://metadata.attacker.test/", resolver=fixed("169.254.169.254"))


def test_any_internal_address_among_several_refuses_the_host() -> None:
    with pytest.raises(UnsafeURL, match=r"10\.0\.0\.7"):
        resolve_target("https://mixed.test/", resolver=fixed(PUBLIC_V4, "10.0.0.7"))


def test_public_name_passes_and_keeps_every_address() -> None:
    target = resolve_target("HTTPS://Receiver.Example.ORG./path?q=1", resolver=fixed(PUBLIC_V4, PUBLIC_V6, PUBLIC_V4))
    assert (target.scheme, target.host, target.port, target.path) == ("https", "receiver.example.org", 443, "/path?q=1")
    assert target.addresses == (PUBLIC_V4, PUBLIC_V6)
    assert not target.allowed_by_name


def test_unresolvable_host_is_refused() -> None:
    def failing(host: str, port: int) -> Sequence[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(UnsafeURL) as excinfo:
        resolve_target("https://nowhere.invalid/", resolver=failing)
    assert excinfo.value.reason == "unresolvable"
    with pytest.raises(UnsafeURL):
        resolve_target("https://empty.test/", resolver=fixed())


def test_allow_list_admits_named_internal_hosts_only() -> None:
    target = resolve_target("http://SIEM.intranet./hook", allow_hosts=["siem.intranet"], resolver=fixed("10.1.1.1"))
    assert target.allowed_by_name and target.addresses == ("10.1.1.1",)
    # The allow list names hosts, not addresses behind other names.
    with pytest.raises(UnsafeURL):
        resolve_target("http://other.intranet/", allow_hosts=["siem.intranet"], resolver=fixed("10.1.1.1"))


class _Receiver(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str, bytes]] = []
    redirect_to = ""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Receiver.seen.append(("POST", self.path, self.headers.get("Host", ""), body))
        if _Receiver.redirect_to:
            self.send_response(307)
            self.send_header("Location", _Receiver.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(202)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    _Receiver.seen = []
    _Receiver.redirect_to = ""
    httpd = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    httpd.server_close()


def test_request_connects_to_the_checked_address_and_names_the_host(server: int) -> None:
    resolver = fixed("127.0.0.1")
    answer = request(
        f"http://receiver.onprem:{server}/hook?x=1",
        body=b"{}",
        headers={"Content-Type": "application/json"},
        allow_hosts=["receiver.onprem"],
        resolver=resolver,
    )
    assert (answer.status, answer.body) == (202, b"ok")
    assert _Receiver.seen == [("POST", "/hook?x=1", f"receiver.onprem:{server}", b"{}")]
    assert resolver.calls == ["receiver.onprem"]  # resolved once: no second lookup to rebind


def test_request_never_resolves_again_between_check_and_connect(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the address validated is the address connected to, whatever DNS says next."""
    connected: list[tuple[str, int]] = []

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        connected.append(address)
        raise ConnectionRefusedError("test: no network")

    def rebinding(host: str, port: int) -> Sequence[str]:
        rebinding.answers += 1  # type: ignore[attr-defined]
        return [PUBLIC_V4] if rebinding.answers == 1 else ["127.0.0.1"]  # type: ignore[attr-defined]

    rebinding.answers = 0  # type: ignore[attr-defined]
    monkeypatch.setattr(netsafe.socket, "create_connection", create_connection)
    monkeypatch.setattr(netsafe.socket, "getaddrinfo", lambda *a, **k: pytest.fail("resolved a second time"))
    with pytest.raises(ConnectionRefusedError):
        request("http://rebind.attacker.test/hook", body=b"{}", resolver=rebinding)
    assert connected == [(PUBLIC_V4, 80)]
    assert rebinding.answers == 1  # type: ignore[attr-defined]


def test_redirects_are_not_followed_by_default(server: int) -> None:
    _Receiver.redirect_to = "http://169.254.169.254/latest/meta-data/"
    answer = request(f"http://127.0.0.1:{server}/hook", body=b"{}", allow_hosts=["127.0.0.1"])
    assert answer.status == 307
    assert len(_Receiver.seen) == 1


def test_every_redirect_hop_is_checked(server: int) -> None:
    _Receiver.redirect_to = "http://localhost/internal"
    with pytest.raises(UnsafeURL) as excinfo:
        request(f"http://127.0.0.1:{server}/hook", body=b"{}", allow_hosts=["127.0.0.1"], max_redirects=3)
    assert excinfo.value.reason == "internal"
    assert len(_Receiver.seen) == 1  # the internal hop was never contacted


def test_allowed_redirect_hop_is_followed_with_method_and_body(server: int) -> None:
    _Receiver.redirect_to = f"http://127.0.0.1:{server}/moved"
    calls = 0

    def once_then_stop(host: str, port: int) -> Sequence[str]:
        nonlocal calls
        calls += 1
        if calls == 2:
            _Receiver.redirect_to = ""
        return ["127.0.0.1"]

    answer = request(
        f"http://127.0.0.1:{server}/hook",
        body=b"{}",
        allow_hosts=["127.0.0.1"],
        max_redirects=1,
        resolver=once_then_stop,
    )
    assert answer.status == 202
    assert [(method, path, body) for method, path, _host, body in _Receiver.seen] == [
        ("POST", "/hook", b"{}"),
        ("POST", "/moved", b"{}"),
    ]


def test_internal_target_is_refused_before_any_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netsafe.socket, "create_connection", lambda *a, **k: pytest.fail("connected"))
    with pytest.raises(UnsafeURL):
        request("http://10.0.0.1/hook", body=b"{}")
