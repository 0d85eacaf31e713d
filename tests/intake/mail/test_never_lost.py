"""hypothesis on the whole door: whatever the bytes, exactly one row keeps them (never lost, never
a crash), and receiving them again changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doleances.intake.mail.services import DUPLICATE, receive_mail
from doleances.intake.models import InboundMail
from tests.intake.mail.test_parsing import CORPUS, mutate


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(index=st.integers(0, len(CORPUS) - 1), seed=st.integers(0, 2**32), junk=st.binary(max_size=300))
def test_every_message_is_kept_once_whatever_it_contains(index, seed, junk):
    raw = mutate(CORPUS[index].read_bytes(), seed) + junk
    outcome = receive_mail(raw, origin="import")
    assert outcome.mail is not None
    with outcome.mail.raw.open("rb") as stored:
        kept = stored.read()
    if outcome.status != DUPLICATE:  # a mutation may keep a Message-ID seen in an earlier example
        assert kept == raw
    again = receive_mail(raw, origin="import")
    assert (again.status, again.mail.pk) == (DUPLICATE, outcome.mail.pk)
    assert InboundMail.objects.filter(pk=outcome.mail.pk).count() == 1
