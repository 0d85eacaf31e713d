"""The parser on its own (no database): bad input of every kind reads as far as it can, and never
crashes; what cannot be read at all raises MailUnreadable (the caller quarantines it)."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doleances.intake.mail.parsing import MailUnreadable, decode_header_value, dedupe_key, parse_mail
from doleances.intake.mail.text import decode_bytes, html_to_text, visible_reply

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.eml"))


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("déjà".encode(), "utf-8", "déjà"),
        ("l’été – 5 €".encode("cp1252"), "iso-8859-1", "l’été – 5 €"),  # cp1252 declared as Latin-1
        ("l’été".encode(), "iso-8859-1", "l’été"),  # UTF-8 declared as Latin-1
        ("déjà".encode("latin-1"), None, "déjà"),
        ("déjà".encode(), "x-unknown", "déjà"),
        ("déjà".encode("latin-1"), "utf-8", "déjà"),  # declared UTF-8, written Latin-1
        ("привет".encode("koi8-r"), "koi8-r", "привет"),
    ],
)
def test_bodies_decode_whatever_their_label(data, declared, expected):
    assert decode_bytes(data, declared) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?q?R=C3=A9clamation?=", "Réclamation"),
        ("=?iso-8859-1?q?caf=E9?= =?iso-8859-1?q?_cr=E8me?=", "café crème"),
        ("=?iso-8859-1?q?l=92=E9t=E9?=", "l’été"),  # cp1252 byte in a Latin-1 word
        ("=?utf-8?B?w6k?= texte", "é texte"),  # base64 without its padding
        ("=?utf-8?B?!!!?= texte", "texte"),  # junk inside a word reads as nothing (the stored message keeps it)
        ("=?utf-8?Q?unterminated texte", "=?utf-8?Q?unterminated texte"),
        ("=?klingon?q?abc?=", "abc"),
        ("plain   text", "plain text"),
    ],
)
def test_header_words_decode_or_stay_as_written(raw, expected):
    assert decode_header_value(raw) == expected


def test_a_message_without_message_id_is_keyed_by_its_bytes():
    assert dedupe_key(b"a\r\nb", "") == dedupe_key(b"a\nb", "") != dedupe_key(b"a\nc", "")
    assert dedupe_key(b"x", "<id@example.org>") == "<id@example.org>"
    assert dedupe_key(b"x", "<" + "a" * 300 + ">").startswith("mid-sha256:")


def test_deeply_nested_forwards_stop_at_a_depth_without_crashing():
    inner = b"From: a@example.org\nSubject: fond\n\nle fond"
    for depth in range(60):
        inner = b"From: a@example.org\nSubject: niveau %d\nContent-Type: message/rfc822\n\n" % depth + inner
    parsed = parse_mail(b"From: b@example.org\nSubject: haut\nContent-Type: message/rfc822\n\n" + inner)
    assert parsed.sender_email == "b@example.org"


def test_html_with_scripts_styles_and_images_reads_as_text_only():
    text = html_to_text(
        "<style>p{color:red}</style><script>alert(1)</script><p>Bonjour<img src='https://t.example/p.gif'></p>"
        "<blockquote>ancien message</blockquote><ul><li>un</li><li>deux</li></ul>"
    )
    assert text == "Bonjour\n\n> ancien message\n\n- un\n\n- deux"


def test_a_reply_that_is_all_quote_shows_the_whole_text_rather_than_nothing():
    assert visible_reply("> tout est cité\n> encore") == "> tout est cité\n> encore"


def mutate(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    data = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        choice = rng.random()
        position = rng.randrange(len(data) or 1)
        if choice < 0.4 and data:
            data[position] = rng.randrange(256)
        elif choice < 0.7:
            data[position:position] = rng.choice([b"\r\n", b"--", b"=?", b"?=", b"\x00", b":", b"\n\n", b"boundary="])
        else:
            del data[position : position + rng.randint(1, 50)]
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=3000))
def test_the_parser_never_crashes_on_any_bytes(raw):
    with contextlib.suppress(MailUnreadable):
        parse_mail(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(CORPUS) - 1), seed=st.integers(0, 2**32))
def test_the_parser_never_crashes_on_damaged_real_mail(index, seed):
    raw = mutate(CORPUS[index].read_bytes(), seed)
    with contextlib.suppress(MailUnreadable):
        parse_mail(raw)
