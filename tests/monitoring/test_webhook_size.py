"""The inbound webhook refuses an over-size body with its JSON 413, whatever the size."""

from __future__ import annotations

import pytest
from django.test import Client

from tatakelola.monitoring.views import MAX_WEBHOOK_BODY


@pytest.mark.parametrize("size", [MAX_WEBHOOK_BODY + 1, 2 * MAX_WEBHOOK_BODY, 3 * 1024 * 1024])
def test_over_size_bodies_get_json_413(db: None, size: int) -> None:
    # 3 MiB is above Django's own DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MiB), which used to answer HTML 400.
    response = Client().post("/hooks/1/", b"x" * size, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "payload too large"


def test_a_body_within_the_limit_reaches_the_signature_check(db: None) -> None:
    response = Client().post("/hooks/1/", b"{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"] == "invalid signature"
