"""core.access: one way to fetch, authorise and read numbers; junk is never a 500."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, QueryDict

from plaidoyer.core.access import found, get_for, int_list_param, int_param, parse_int
from plaidoyer.organisations.models import Organisation
from plaidoyer.organisations.permissions import can_edit_organisation
from plaidoyer.organisations.selectors import get_profile


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (12, 12),
        ("0", 0),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("99999999999999999999", None),
        ("²", None),
        ("٣", None),
        ("１", None),
        ("-1", None),
        ("1.5", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_int_takes_plain_ascii_digits_within_bigint(value, expected):
    assert parse_int(value) == expected


def test_int_param_reads_a_default_a_number_or_refuses_with_400():
    data = QueryDict("year=2024&empty=&bad=%C2%B2&huge=99999")
    assert int_param(data, "missing", default=7) == 7
    assert int_param(data, "empty") is None
    assert int_param(data, "year") == 2024
    for name in ("bad", "huge"):
        with pytest.raises(BadRequest):
            int_param(data, name, maximum=9999)
    assert int_list_param(QueryDict("ids=1&ids=2"), "ids") == [1, 2]
    with pytest.raises(BadRequest):
        int_list_param(QueryDict("ids=1&ids=%C2%B2"), "ids")


@pytest.mark.django_db
def test_get_for_answers_404_for_absent_or_junk_and_403_when_refused(
    organisation, staff_user, make_user
):
    assert get_for(staff_user, Organisation, pk=organisation.pk) == organisation
    assert (
        get_for(
            staff_user,
            Organisation,
            slug=organisation.slug,
            check=can_edit_organisation,
        )
        == organisation
    )
    for junk in ("abc", "²", "99999999999999999999", "", None, -1):
        with pytest.raises(Http404):
            get_for(staff_user, Organisation, pk=junk)
    with pytest.raises(Http404):
        get_for(staff_user, Organisation.objects.filter(pk=0), slug=organisation.slug)
    with pytest.raises(PermissionDenied):
        get_for(
            make_user("other@example.org"),
            Organisation,
            slug=organisation.slug,
            check=can_edit_organisation,
        )
    assert found(get_profile, organisation.slug) == organisation
    with pytest.raises(Http404):
        found(get_profile, "nobody")


PAGINATED = [
    "/api/v1/organisations",
    "/api/v1/events",
    "/api/v1/barometer/recommendations",
    "/api/v1/barometer/commitments",
    "/api/v1/barometer/updates",
]


def test_every_paginated_endpoint_is_listed_here():
    root = Path(__file__).resolve().parents[2]
    found_count = sum(
        len(re.findall(r"@paginate\(", p.read_text())) for p in root.glob("*/api.py")
    )
    assert found_count == len(PAGINATED)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGINATED)
@pytest.mark.parametrize(
    "query", ["page=99999999999999999999", "page=0", "page=abc", "page_size=-1"]
)
def test_junk_page_numbers_are_422_with_a_message(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"][-1] in ("page", "page_size") and detail["msg"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGINATED)
def test_pages_in_range_answer_and_huge_page_sizes_are_refused(client, url):
    assert client.get(f"{url}?page=1").status_code == 200
    assert client.get(f"{url}?page=2&page_size=5").status_code == 200
    response = client.get(f"{url}?page=1&page_size=99999999999999999999")
    assert response.status_code == 422


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, status",
    [
        ("/fr/processes/roms/drafts/99999999999999999999/", 404),
        ("/fr/commitments/99999999999999999999/", 404),
        ("/fr/campaigns/badges/99999999999999999999.svg", 404),
        ("/api/v1/barometer/updates?commitment=99999999999999999999", 422),
    ],
)
def test_ids_past_bigint_in_urls_are_4xx(client, process, url, status):
    assert client.get(url).status_code == status
