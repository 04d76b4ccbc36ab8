"""Security headers and the answer while the database is away."""

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/fr/")
    policy = response["Content-Security-Policy"]
    directives = {
        part.split()[0]: part.split()[1:] for part in policy.split("; ") if part
    }
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_csp_can_report_without_blocking(client, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/fr/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


@pytest.mark.django_db
def test_pages_carry_a_permissions_policy(client):
    policy = client.get("/fr/")["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy


@pytest.mark.django_db
def test_database_outage_answers_503_with_a_retry_page(client, monkeypatch, settings):
    settings.PAGE_CACHE = False

    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/nl/organisations/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert 'lang="nl"' in response.content.decode()
