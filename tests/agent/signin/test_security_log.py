"""Failed sign-ins, lockouts, wrong codes and refusals are written to the security log, with the
username, the address and the time, and never the password."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.agent.signin.conftest import browser, enrolled, sign_in
from tests.fixtures.objects import make_user

pytestmark = pytest.mark.django_db


def security_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "doleances.security"]


def test_failed_sign_ins_and_the_lockout_are_logged_without_the_password(agent, caplog):
    caplog.set_level(logging.INFO, logger="doleances.security")
    client = browser("203.0.113.5")

    for _ in range(5):
        sign_in(client, "agent", "Hunter2-wrong-pass")

    lines = security_lines(caplog)
    failed = "signin.failed username='agent' ip='203.0.113.5' path='/agent/login/'"
    locked = "signin.locked_out username='agent' ip='203.0.113.5' path='/agent/login/'"
    assert lines == [failed] * 4 + [locked, failed]
    assert not any("Hunter2" in line for line in lines)


def test_wrong_second_factor_code_and_refused_page_are_logged(caplog):
    caplog.set_level(logging.INFO, logger="doleances.security")
    supervisor = make_user("supervisor", username="claire")
    enrolled(supervisor)
    agent = make_user("agent", username="alice")
    client = browser("203.0.113.6")

    sign_in(client, "claire")
    client.post(reverse("agent:two_factor_verify"), {"code": "000000"})
    agent_client = browser("203.0.113.7")
    sign_in(agent_client, agent.username)
    agent_client.get(reverse("agent:outbox"))

    lines = security_lines(caplog)
    assert "2fa.failed username='claire' ip='203.0.113.6' path='/agent/login/verify/'" in lines
    assert "permission.refused username='alice' ip='203.0.113.7' path='/agent/outbox/'" in lines


def test_security_log_file_is_in_the_data_folder(agent):
    log_file = Path(settings.DATA_DIR) / "security.log"
    client = browser("203.0.113.58")  # an address no other test uses

    sign_in(client, "agent", "wrong-password")

    for handler in logging.getLogger("doleances.security").handlers:
        handler.flush()
    # The data folder (and so the file) is shared by the test workers: find this test's line.
    ours = [line for line in log_file.read_text().splitlines() if "ip='203.0.113.58'" in line]
    assert len(ours) == 1
    assert ours[0].endswith("WARNING signin.failed username='agent' ip='203.0.113.58' path='/agent/login/'")
    assert ours[0][:4].isdigit()  # starts with the time
