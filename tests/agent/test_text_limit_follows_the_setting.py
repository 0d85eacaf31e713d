"""Notes and replies stop at DOLEANCES_MAX_DESCRIPTION_CHARS, in the staff forms and in the
services alike: the number is read from its setting, not written out in each place."""

import pytest

from doleances.agent.forms import NoteForm, ReplyForm
from doleances.complaints.models import Message
from doleances.complaints.services import add_internal_note, reply_to_customer
from doleances.core.errors import DoleancesError
from tests.agent.test_case import url


@pytest.mark.parametrize("form_class", [NoteForm, ReplyForm])
def test_the_staff_forms_stop_at_the_setting(settings, form_class):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 30

    assert form_class({"body": "x" * 30}).is_valid()
    too_long = form_class({"body": "x" * 31})
    assert not too_long.is_valid()
    assert too_long.fields["body"].max_length == 30


@pytest.mark.parametrize("service", [add_internal_note, reply_to_customer])
def test_the_services_stop_at_the_setting(db, settings, agent, complaint, service):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 30

    service(complaint, body="x" * 30, actor=agent)
    with pytest.raises(DoleancesError) as error:
        service(complaint, body="x" * 31, actor=agent)

    assert (error.value.code, error.value.field) == ("too_long", "body")
    assert "30" in error.value.message


def test_a_reply_over_the_limit_is_refused_on_the_page(db, settings, agent_client, complaint):
    settings.DOLEANCES_MAX_DESCRIPTION_CHARS = 30

    response = agent_client.post(url("complaint_reply", complaint), {"body": "x" * 31})

    assert response.status_code == 400
    assert not Message.objects.filter(body="x" * 31).exists()
