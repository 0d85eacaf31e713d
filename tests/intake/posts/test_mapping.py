"""From a payload or an export row to a post (pure)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doleances.intake.posts.mapping import Post, PostUnreadable, parse_date, read_post

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=12,
)


def test_fields_are_read_under_their_own_names_by_default():
    post = read_post(
        {
            "author": "Jeanne Martin",
            "handle": "@jeanne",
            "text": "Colis jamais livré",
            "url": "https://social.example/p/1",
            "rating": "2",
            "date": "2026-12-01T09:30:00Z",
            "external_id": "p-1",
        },
        {},
    )
    assert post == Post(
        text="Colis jamais livré",
        author="Jeanne Martin",
        handle="@jeanne",
        url="https://social.example/p/1",
        rating=Decimal("2.00"),
        posted_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        external_id="p-1",
    )


def test_a_mapping_reads_dotted_paths_into_nested_json():
    payload = {"message": {"body": "Toujours pas de remboursement"}, "user": {"screen_name": "@paul"}, "id": 42}
    post = read_post(payload, {"text": "message.body", "handle": "user.screen_name", "external_id": "id"})
    assert (post.text, post.handle, post.external_id) == ("Toujours pas de remboursement", "@paul", "42")


def test_a_key_holding_dots_is_found_whole():
    assert read_post({"review.text": "Mauvais accueil"}, {"text": "review.text"}).text == "Mauvais accueil"


def test_a_post_without_text_is_refused_naming_the_field():
    with pytest.raises(PostUnreadable) as refused:
        read_post({"body": "  "}, {"text": "body"})
    assert (refused.value.code, refused.value.field) == ("text_missing", "text")


def test_a_url_that_is_not_http_is_refused():
    with pytest.raises(PostUnreadable) as refused:
        read_post({"text": "x", "url": "javascript:alert(1)"}, {})
    assert refused.value.code == "invalid_url"


def test_a_rating_that_is_not_a_number_is_refused():
    with pytest.raises(PostUnreadable) as refused:
        read_post({"text": "x", "rating": "excellent"}, {})
    assert refused.value.code == "invalid_rating"


def test_ratings_read_like_people_write_them():
    assert [read_post({"text": "x", "rating": r}, {}).rating for r in ("4,5", "3/5", 5)] == [
        Decimal("4.50"),
        Decimal("3.00"),
        Decimal("5.00"),
    ]


def test_dates_are_iso_or_unix_times_and_naive_ones_are_utc():
    assert parse_date("2026-12-16") == datetime(2026, 12, 16, tzinfo=UTC)
    assert parse_date("1800000000") == datetime.fromtimestamp(1_800_000_000, UTC)
    assert parse_date("1800000000000") == datetime.fromtimestamp(1_800_000_000, UTC)  # milliseconds


def test_a_date_that_is_not_one_is_refused():
    with pytest.raises(PostUnreadable):
        read_post({"text": "x", "date": "le 3 mars"}, {})


def test_zero_width_and_control_characters_are_removed():
    assert read_post({"text": "Re\u200bmbour\x00se\ufeffment"}, {}).text == "Remboursement"


def test_emoji_joiners_are_kept():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert read_post({"text": f"Famille {family}"}, {}).text == f"Famille {family}"


def test_a_formula_is_kept_as_the_text_it_is():
    assert read_post({"text": '=HYPERLINK("http://evil.example","clic")'}, {}).text == '=HYPERLINK("http://evil.example","clic")'


@given(payload=JSON_VALUES, mapping=st.dictionaries(st.sampled_from(["text", "url", "rating", "date"]), st.text(max_size=10)))
def test_any_json_gives_a_post_or_a_refusal_never_a_crash(payload, mapping):
    try:
        post = read_post(payload, mapping)
    except PostUnreadable as refused:
        code = refused.code
    else:
        code = "" if post.text else "empty"
    assert code in {"", "invalid_payload", "invalid_field", "text_missing", "invalid_url", "invalid_rating", "invalid_date"}
