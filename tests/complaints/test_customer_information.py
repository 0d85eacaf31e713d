"""Information from the customer records the door it came through: channel, sender, message id."""

from datetime import UTC, datetime

from doleances.complaints.enums import Channel, Direction, Visibility
from doleances.complaints.events import verify_chain
from doleances.complaints.services import add_customer_information

AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def recorded(message) -> tuple:
    return (message.direction, message.channel, message.sender, message.message_id, message.visibility, message.created_at)


def test_an_email_reply_records_its_channel_sender_and_message_id(db, complaint):
    message = add_customer_information(
        complaint,
        body="Voici le relevé demandé.",
        channel=Channel.EMAIL,
        sender="Jeanne Martin <jeanne.m@example.net>",
        message_id="<CAF1234@mail.example.net>",
        at=AT,
    )

    message.refresh_from_db()
    assert recorded(message) == (
        Direction.INBOUND,
        Channel.EMAIL,
        "Jeanne Martin <jeanne.m@example.net>",
        "<CAF1234@mail.example.net>",
        Visibility.PUBLIC,
        AT,
    )
    assert verify_chain(complaint) is None  # the event binds the channel and the sender


def test_the_sender_is_the_customers_address_unless_told(db, complaint):
    message = add_customer_information(complaint, body="Je rappelle demain.", channel=Channel.PHONE, at=AT)

    message.refresh_from_db()
    assert recorded(message) == (Direction.INBOUND, Channel.PHONE, "jeanne.martin@example.org", "", Visibility.PUBLIC, AT)
