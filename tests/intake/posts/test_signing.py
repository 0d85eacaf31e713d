"""Webhook signatures (pure): HMAC-SHA256 over the timestamp, a dot and the raw body."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from doleances.intake.posts.signing import check_signature, signature_for

SECRET = "s3cret-chat"
NOW = 1_800_000_000.0


def signed(body: bytes, timestamp: int = int(NOW)) -> dict:
    return {"timestamp": str(timestamp), "signature": "sha256=" + signature_for(SECRET, str(timestamp), body), "body": body}


def test_the_signature_is_the_hmac_of_timestamp_dot_body():
    expected = hmac.new(b"s3cret-chat", b"1800000000.{}", hashlib.sha256).hexdigest()
    assert signature_for(SECRET, "1800000000", b"{}") == expected


def test_a_fresh_authentic_request_passes_and_its_digest_identifies_it():
    digest, refusal = check_signature(SECRET, now=NOW, **signed(b'{"text": "x"}'))
    assert (refusal, digest) == (None, signature_for(SECRET, "1800000000", b'{"text": "x"}'))


def test_the_prefix_is_optional():
    request = signed(b"{}")
    request["signature"] = request["signature"].removeprefix("sha256=")
    assert check_signature(SECRET, now=NOW, **request)[1] is None


def test_a_forged_signature_is_refused():
    request = signed(b"{}")
    _digest, refusal = check_signature("another-secret", now=NOW, **request)
    assert refusal is not None
    assert refusal.code == "signature_invalid"


def test_a_body_changed_after_signing_is_refused():
    request = signed(b'{"rating": 5}')
    request["body"] = b'{"rating": 1}'
    assert check_signature(SECRET, now=NOW, **request)[1].code == "signature_invalid"


def test_a_timestamp_older_than_five_minutes_is_refused():
    _digest, refusal = check_signature(SECRET, now=NOW, **signed(b"{}", timestamp=int(NOW) - 301))
    assert refusal.code == "timestamp_expired"


def test_a_timestamp_within_five_minutes_passes():
    assert check_signature(SECRET, now=NOW, **signed(b"{}", timestamp=int(NOW) - 299))[1] is None


def test_a_timestamp_far_in_the_future_is_refused():
    assert check_signature(SECRET, now=NOW, **signed(b"{}", timestamp=int(NOW) + 3600))[1].code == "timestamp_expired"


def test_a_changed_timestamp_breaks_the_signature():
    request = signed(b"{}")
    request["timestamp"] = str(int(NOW) + 1)
    assert check_signature(SECRET, now=NOW, **request)[1].code == "signature_invalid"


def test_missing_headers_are_refused():
    assert check_signature(SECRET, now=NOW, timestamp="", signature="", body=b"{}")[1].code == "signature_missing"


def test_a_timestamp_that_is_not_a_number_is_refused():
    assert check_signature(SECRET, now=NOW, timestamp="yesterday", signature="sha256=00", body=b"")[1].code == (
        "timestamp_invalid"
    )


@given(timestamp=st.text(max_size=20), signature=st.text(max_size=80), body=st.binary(max_size=200))
def test_any_header_values_give_an_answer_never_a_crash(timestamp, signature, body):
    _digest, refusal = check_signature(SECRET, timestamp=timestamp, signature=signature, body=body, now=NOW)
    assert refusal is not None  # nothing random is authentic
