"""Review-queue benchmark: server time and query count of the queue page with 100,000 open alerts.

PostgreSQL only (the production path). Run from the repository root::

    uv run python benchmarks/queue_bench.py [--alerts 100000]

It creates a scratch database (dropped afterwards), seeds the demo organisation, bulk-loads N
messages with findings and one open alert each, ANALYZEs, then renders the queue page in-process
(URL resolution, middleware, permission check, queries, template) as the reviewer: the default
view, a severity filter, a rule filter (a semi-join on findings), a deep page and the HTMX rows
partial. The same pages are measured first on a baseline of 1,000 alerts in the same run, so the
report shows how the time scales and that the query count does not grow (no N+1).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_bench import _drop_database, _recreate_database

RULES = [
    ("PII-NIK-001", "id-uu-pdp-personal-data", "high"),
    ("PII-CARD-003", "id-uu-pdp-personal-data", "high"),
    ("PII-PHONE-005", "id-uu-pdp-personal-data", "medium"),
    ("SEC-CRED-012", "secrets", "critical"),
    ("SEC-PWD-101", "secrets", "high"),
    ("BRAND-PROF-ID-101", "brand-safety", "medium"),
    ("OFFCH-ID-101", "off-channel", "medium"),
    ("OJK-GUARANTEE-028", "id-ojk-marketing", "high"),
    ("FTC-DISCLOSE-041", "en-ftc-endorsement", "low"),
    ("ITE-HATE-ML-101", "id-uu-ite-content", "high"),
]
DEMO_PASSWORD = "tatakelola-demo"  # the public demo login, not a secret
RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
CASES = [
    ("default", {}),
    ("severity=critical", {"severity": "critical"}),
    ("rule=OJK-GUARANTEE-028", {"rule": "OJK-GUARANTEE-028"}),
    ("page 40", {"page": "40"}),
]


def _load(n: int, seed: int) -> None:
    from corpus import generate
    from django.db import connection

    from tatakelola.cases.models import Alert
    from tatakelola.monitoring.models import Finding, Message, MonitoredAccount
    from tatakelola.orgs.models import Organisation

    organisation = Organisation.objects.get(slug="bank-nusantara")
    accounts = list(MonitoredAccount.objects.filter(organisation=organisation))
    rng = random.Random(seed)
    texts = [m.text for m in generate(min(n, 20_000), seed=seed)]
    start = datetime(2026, 11, 1, tzinfo=UTC)
    batch = 5_000
    for offset in range(0, n, batch):
        size = min(batch, n - offset)
        messages = Message.objects.bulk_create(
            Message(
                organisation=organisation,
                account=(account := rng.choice(accounts)),
                platform=account.platform,
                external_id=f"bench-{seed}-{offset + i}",
                author=f"user{rng.randrange(5000)}",
                text=texts[(offset + i) % len(texts)],
                language=rng.choice(["id", "en"]),
                posted_at=start + timedelta(seconds=offset + i),
                scanned_at=start + timedelta(seconds=offset + i + 1),
                scan_count=1,
            )
            for i in range(size)
        )
        findings = []
        alerts = []
        for message in messages:
            hits = rng.sample(RULES, rng.choice([1, 1, 1, 2, 3]))
            for rule_id, pack, severity in hits:
                findings.append(
                    Finding(
                        organisation=organisation,
                        message=message,
                        rule_id=rule_id,
                        pack=pack,
                        title=rule_id,
                        severity=severity,
                        category="bench",
                        action="flag",
                        spans=[[0, min(10, len(message.text))]],
                        evidence="32************01",
                    )
                )
            top = max((h[2] for h in hits), key=RANK.__getitem__)
            alerts.append(
                Alert(
                    organisation=organisation,
                    message=message,
                    account_id=message.account_id,
                    department_id=message.account.department_id,
                    platform=message.platform,
                    language=message.language,
                    severity=top,
                    severity_rank=RANK[top],
                    finding_count=len(hits),
                    rule_ids=sorted(h[0] for h in hits),
                    packs=sorted({h[1] for h in hits}),
                    created_at=message.scanned_at,
                )
            )
        Finding.objects.bulk_create(findings, batch_size=batch)
        Alert.objects.bulk_create(alerts, batch_size=batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _measure(client: object, repeats: int) -> dict[str, tuple[float, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    pages = [*CASES, ("htmx rows", {"_htmx": "1"})]
    for name, params in pages:
        query = {k: v for k, v in params.items() if k != "_htmx"}
        headers = {"HTTP_HX_REQUEST": "true"} if "_htmx" in params else {}
        timings = []
        queries = 0
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get("/cases/queue/", query, **headers)  # type: ignore[attr-defined]
                timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{name}: HTTP {response.status_code}")
            queries = len(captured.captured_queries)
        if os.environ.get("QUEUE_BENCH_SQL"):
            slow = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:4]
            for q in slow:
                print(f"    {name}: {float(q['time']) * 1000:.1f} ms  {q['sql'][:300]}")
        results[name] = (statistics.median(timings) * 1000, queries)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tatakelola_queue_bench")
    args = parser.parse_args()

    os.environ.update(
        DATABASE_URL=args.database_url,
        CELERY_BROKER_URL="",
        DJANGO_SETTINGS_MODULE="tatakelola.config.settings",
        LOG_LEVEL="WARNING",
        TATAKELOLA_CLASSIFIERS="false",
    )
    _recreate_database(args.database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.context capture; no other effect
    try:
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0, stdout=io.StringIO())
        client = Client()
        if not client.login(username="reviewer", password=DEMO_PASSWORD):
            raise SystemExit("demo login failed")
        _load(args.baseline, seed=1)
        client.get("/cases/queue/")  # warm caches (templates, rule titles)
        baseline = _measure(client, args.repeats)
        started = time.perf_counter()
        _load(args.alerts - args.baseline, seed=2)
        load_seconds = time.perf_counter() - started
        full = _measure(client, args.repeats)
        from tatakelola.cases.models import Alert

        total = Alert.objects.filter(status="open").count()
    finally:
        from django.db import connections

        connections.close_all()
        _drop_database(args.database_url)
    print(f"queue: {total:,} open alerts on PostgreSQL (loaded in {load_seconds:.0f} s), median of {args.repeats}:")
    small, large = "ms @" + format(args.baseline, ","), "ms @" + format(total, ",")
    print(f"  {'page':<24} {small:>12} {large:>14} {'ratio':>6} {'queries':>8}")
    worst = 0.0
    for name, (ms, queries) in full.items():
        base_ms, base_queries = baseline[name]
        worst = max(worst, ms)
        growth = "" if queries == base_queries else f" (was {base_queries})"
        print(f"  {name:<24} {base_ms:>12.1f} {ms:>14.1f} {ms / base_ms:>6.2f} {queries:>8}{growth}")
    print(f"  slowest page: {worst:.0f} ms (target < 300 ms)")
    return 0 if worst < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
