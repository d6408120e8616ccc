"""Outgoing HTTP to addresses people type in, without reaching the inside of the network (SSRF).

A URL an organisation enters (an outgoing webhook, later perhaps a connector's base URL) is
checked at save time and again, on every request, when it is used:

- only ``http`` and ``https``, no user name or password in the URL;
- the host is resolved, and the URL is refused if ANY of its addresses is loopback, link-local
  (169.254.169.254, the cloud metadata service, included), private, shared (100.64/10), unique-local,
  multicast, reserved, unspecified or otherwise not globally routable, IPv4 and IPv6 alike, with
  IPv4-mapped, IPv4-compatible, NAT64, 6to4 and Teredo IPv6 addresses judged by the IPv4 address
  inside them;
- hosts named in an explicit allow list (``TATAKELOLA_WEBHOOK_ALLOW_HOSTS`` in the settings) are
  exempt, for receivers inside an on-premise network;
- :func:`request` connects to the very address that was validated (the host is resolved once per
  request, so a DNS answer that changes between check and connect cannot redirect it: no
  DNS-rebinding window), sends the original host name in ``Host`` and for TLS (SNI and certificate
  check), ignores proxy variables, and follows no redirect unless asked to, validating every hop.

No Django here: callers pass the allow list, so the module is tested on its own.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

__all__ = [
    "Response",
    "Target",
    "UnsafeURL",
    "address_problem",
    "normalise_host",
    "request",
    "resolve_target",
]

Resolver = Callable[[str, int], Sequence[str]]

# The IPv6 prefixes that embed an IPv4 address a packet may end up at.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
MAX_BODY = 64 * 1024  # what is kept of a receiver's answer


class UnsafeURL(ValueError):
    """The URL may not be used. ``reason`` is a stable code; the message is English, for logs."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """A URL checked for use: where to connect (``addresses``, all validated) and what to ask for."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]
    allowed_by_name: bool = False


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str


def _system_resolver(host: str, port: int) -> Sequence[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def normalise_host(host: str) -> str:
    """Lower case, no trailing dot, IDNA (so ``ÉXAMPLE.com.`` and ``xn--xample-9ua.com`` compare equal)."""
    host = host.strip().rstrip(".").lower()
    if not host:
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def address_problem(address: str) -> str | None:
    """Why this address must not be reached, or None when it is a public, routable address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparsable"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded: ipaddress.IPv4Address | None = ip.ipv4_mapped
        if embedded is None and (ip in _NAT64 or ip in _NAT64_LOCAL or (ip in _IPV4_COMPATIBLE and int(ip) > 1)):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.sixtofour is not None:
            embedded = ip.sixtofour
        if embedded is None and ip.teredo is not None:
            embedded = ip.teredo[1]
        if embedded is not None:
            # Packets to these go to the IPv4 address inside: judge that one alone.
            return address_problem(str(embedded))
    for flag in ("is_unspecified", "is_loopback", "is_link_local", "is_multicast", "is_reserved", "is_private"):
        if getattr(ip, flag):
            return flag.removeprefix("is_").replace("_", "-")
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if not ip.is_global:
        return "not-global"  # e.g. 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24
    return None


def resolve_target(
    url: str,
    *,
    allow_hosts: Collection[str] = (),
    resolver: Resolver | None = None,
) -> Target:
    """Check ``url`` and resolve its host; raise :class:`UnsafeURL` if it must not be used."""
    if not isinstance(url, str) or not url.strip():
        raise UnsafeURL("empty", "no URL given")
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise UnsafeURL("malformed", "the URL contains spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURL("malformed", f"the URL cannot be parsed: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURL("scheme", "only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("credentials", "user names and passwords in the URL are not supported")
    host = normalise_host(parts.hostname or "")
    if not host:
        raise UnsafeURL("host", "the URL has no host")
    if port is None:
        port = 443 if scheme == "https" else 80
    if port == 0:
        raise UnsafeURL("port", "port 0 cannot be reached")
    allowed = {normalise_host(h) for h in allow_hosts if h.strip()}
    try:
        found = list((resolver or _system_resolver)(host, port))
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL("unresolvable", f"the host {host} cannot be resolved") from exc
    addresses = tuple(dict.fromkeys(found))
    if not addresses:
        raise UnsafeURL("unresolvable", f"the host {host} has no address")
    by_name = host in allowed
    if not by_name:
        for address in addresses:
            problem = address_problem(address)
            if problem is not None:
                raise UnsafeURL("internal", f"the host {host} resolves to a {problem} address ({address})")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(url=url, scheme=scheme, host=host, port=port, path=path, addresses=addresses, allowed_by_name=by_name)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Talks to ``address`` while naming ``host`` in the request (no second DNS lookup)."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        # SNI and certificate verification use the host name, not the address we connected to.
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _send_once(
    target: Target,
    *,
    method: str,
    body: bytes | None,
    headers: Mapping[str, str],
    timeout: float,
    tls_context: ssl.SSLContext | None,
) -> Response:
    last_error: OSError | None = None
    for address in target.addresses:
        connection: http.client.HTTPConnection
        if target.scheme == "https":
            context = tls_context or ssl.create_default_context()
            connection = _PinnedHTTPSConnection(
                target.host, target.port, address=address, timeout=timeout, context=context
            )
        else:
            connection = _PinnedHTTPConnection(target.host, target.port, address=address, timeout=timeout)
        try:
            connection.request(method, target.path, body=body, headers=dict(headers))
            answer = connection.getresponse()
            content = answer.read(MAX_BODY)
            return Response(
                status=answer.status,
                headers={k.lower(): v for k, v in answer.getheaders()},
                body=content,
                url=target.url,
            )
        except (ConnectionError, TimeoutError, socket.gaierror) as exc:
            last_error = exc  # try the next validated address of the same host
        finally:
            connection.close()
    raise last_error or OSError(f"no address of {target.host} answered")


def request(
    url: str,
    *,
    method: str = "POST",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
    allow_hosts: Collection[str] = (),
    max_redirects: int = 0,
    resolver: Resolver | None = None,
    tls_context: ssl.SSLContext | None = None,
) -> Response:
    """Send one HTTP request to a checked URL and return the answer (any status code).

    Raises :class:`UnsafeURL` when the URL, or a redirect's target, is refused, and ``OSError``
    (connection refused, timeout, TLS failure) when no validated address answered. With
    ``max_redirects=0`` a 3xx answer is returned as it is, never followed.
    """
    current_url, current_method, current_body = url, method.upper(), body
    for hop in range(max_redirects + 1):
        target = resolve_target(current_url, allow_hosts=allow_hosts, resolver=resolver)
        answer = _send_once(
            target,
            method=current_method,
            body=current_body,
            headers=headers or {},
            timeout=timeout,
            tls_context=tls_context,
        )
        location = answer.headers.get("location")
        if answer.status not in _REDIRECT_CODES or not location or hop == max_redirects:
            return answer
        current_url = urljoin(current_url, location)
        if answer.status in (301, 302, 303) and current_method != "HEAD":
            current_method, current_body = "GET", None
    raise AssertionError("unreachable")  # pragma: no cover
