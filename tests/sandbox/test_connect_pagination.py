"""Page-number pagination as DRF serves it: count, next, previous and results agree across pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from connect_cert.sandbox.connect.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


@pytest.fixture
def user_ids(api) -> list[str]:
    return [api.create_user(external_id=f"p-{i}").body["id"] for i in range(23)]


def test_walking_next_links_visits_every_user_once(api, user_ids):
    seen, pages = [], 0
    first = api.list_users(page_size=5).body
    page = first
    while True:
        pages += 1
        assert page["count"] == len(user_ids)
        assert len(page["results"]) <= 5
        seen += [u["id"] for u in page["results"]]
        if page["next"] is None:
            break
        next_url = urlsplit(page["next"])
        assert next_url.scheme == "http" and next_url.path == "/api/v1/users/"
        page = api.request("GET", page["next"]).body
    assert seen == user_ids and pages == 5
    assert first["previous"] is None


def test_previous_links_mirror_next_links(api, user_ids):
    page2 = api.list_users(page=2, page_size=5).body
    page3 = api.list_users(page=3, page_size=5).body
    assert parse_qs(urlsplit(page3["previous"]).query) == {"page": ["2"], "page_size": ["5"]}
    # DRF drops `page` from the link to the first page
    assert parse_qs(urlsplit(page2["previous"]).query) == {"page_size": ["5"]}
    assert api.request("GET", page3["previous"]).body == page2


def test_other_query_parameters_survive_in_links(api, user_ids):
    page = api.list_users(search="p-", page_size=2).body
    assert parse_qs(urlsplit(page["next"]).query) == {"page": ["2"], "page_size": ["2"], "search": ["p-"]}


def test_default_and_maximum_page_sizes(api, user_ids):
    assert len(api.list_users().body["results"]) == DEFAULT_PAGE_SIZE
    assert len(api.list_users(page_size=10_000).body["results"]) == min(23, MAX_PAGE_SIZE)


@pytest.mark.parametrize("page_size", ["0", "-3", "abc", ""])
def test_unusable_page_size_falls_back_to_default(api, user_ids, page_size):
    response = api.list_users(page_size=page_size)
    assert response.status == 200
    assert len(response.body["results"]) == DEFAULT_PAGE_SIZE


@pytest.mark.parametrize("page", ["0", "-1", "99", "abc", "1.5", ""])
def test_invalid_page_is_404_invalid_page(api, user_ids, page):
    response = api.list_users(page=page)
    assert response.status == 404
    assert response.body == {"detail": "Invalid page."}


def test_last_page_keyword_and_empty_first_page(api, api_b, user_ids):
    last = api.list_users(page="last", page_size=10).body
    assert len(last["results"]) == 3 and last["next"] is None
    empty = api_b.list_users().body
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}
