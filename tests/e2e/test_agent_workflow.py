"""A customer complains on the public form; an agent carries the case to closure by clicking."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from doleances.complaints.enums import Direction, Status
from doleances.complaints.models import Complaint
from tests.fixtures.objects import make_team, make_user


def submit_public_form(page) -> str:
    page.goto("/")
    page.fill("input[name=name]", "Jeanne Martin")
    page.fill("input[name=email]", "jeanne.martin@example.org")
    page.fill("input[name=phone]", "06 12 34 56 78")
    kind = page.locator("[name=kind]")
    if kind.first.evaluate("el => el.tagName") == "SELECT":
        kind.select_option("complaint")
    else:
        page.check("input[name=kind][value=complaint]")
    page.fill("input[name=subject]", "Double billing in March")
    page.fill("textarea[name=description]", "My March invoice charges the subscription twice.\nPlease refund.")
    page.check("input[name=consent]")
    # The header's language switch has submit buttons too: click the form's own.
    page.click("form:has(input[name=consent]) button[type=submit]")
    reference = page.locator("[data-testid=reference]").inner_text().strip()
    assert re.fullmatch(r"[A-Z]+-\d{4}-\d{6}", reference)
    return reference


def click_step(page, label: str, status: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator("#case .notice")).to_have_text(f"Status is now “{status}”.")
    expect(page.locator("[data-testid=status]")).to_have_text(status)


def test_customer_complains_and_agent_closes_the_case(page, screenshot, role_groups):
    reference = submit_public_form(page)
    make_user("agent", username="handler", is_superuser=True, first_name="Alice", last_name="Handler")

    page.goto("/agent/login/")
    page.fill("input[name=username]", "handler")
    page.fill("input[name=password]", "secret-pass-123")
    page.click("form:has(input[name=username]) button[type=submit]")
    expect(page.locator(f"tr[data-reference='{reference}']")).to_be_visible()
    screenshot(page, "1-list")

    page.click(f"tr[data-reference='{reference}'] td.c-ref a")
    expect(page.locator("[data-testid=case-reference]")).to_have_text(reference)
    screenshot(page, "2-detail")

    page.get_by_role("button", name="Take it").click()
    expect(page.locator("#case .notice")).to_have_text("You now handle this complaint.")
    click_step(page, "Mark as qualified", "Qualified")
    click_step(page, "Start handling", "In progress")
    page.fill("#id_reply_body", "We are sorry: the duplicate charge will be refunded within 5 days.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator("#case .notice")).to_contain_text("is queued for sending")
    screenshot(page, "3-replied")
    click_step(page, "Mark as answered", "Answered")
    click_step(page, "Mark as resolved", "Resolved")
    click_step(page, "Close", "Closed")
    expect(page.locator("[data-testid=status]")).to_have_text("Closed")
    screenshot(page, "4-closed")

    complaint = Complaint.objects.get(reference=reference)
    assert complaint.status == Status.CLOSED
    assert complaint.assignee.username == "handler"
    assert list(complaint.messages.values_list("direction", flat=True)) == [Direction.OUTBOUND]
    assert [e for e in complaint.events.values_list("action", flat=True) if e.startswith("complaint.")] == [
        "complaint.received",
        "complaint.acknowledged",
        "complaint.assigned",
        "complaint.qualified",
        "complaint.in_progress",
        "complaint.answered",
        "complaint.resolved",
        "complaint.closed",
    ]

    # Without JavaScript's help, a reload shows the same final state.
    page.reload()
    expect(page.locator("[data-testid=status]")).to_have_text("Closed")


def test_a_form_complaint_reaches_a_team_agent_who_takes_it(page, role_groups):
    """No administrator involved: the complaint lands in the intake team, whose agent finds it in the
    list, is offered in the "assign to" list, and takes it."""
    intake = make_team("Service réclamations")
    intake.is_intake = True
    intake.save()
    make_user("agent", username="nadia", teams=(intake,), first_name="Nadia", last_name="Benali")
    make_user("agent", username="other", teams=(make_team("Juridique"),))

    reference = submit_public_form(page)

    page.goto("/agent/login/")
    page.fill("input[name=username]", "nadia")
    page.fill("input[name=password]", "secret-pass-123")
    page.click("form:has(input[name=username]) button[type=submit]")
    expect(page.locator(f"tr[data-reference='{reference}']")).to_be_visible()
    page.click(f"tr[data-reference='{reference}'] td.c-ref a")
    expect(page.locator("[data-testid=case-reference]")).to_have_text(reference)
    assert "Nadia Benali" in page.locator("select[name=assignee]").inner_text()
    assert "other" not in page.locator("select[name=assignee]").inner_text()
    page.get_by_role("button", name="Take it").click()
    expect(page.locator("#case .notice")).to_have_text("You now handle this complaint.")

    complaint = Complaint.objects.get(reference=reference)
    assert (complaint.team, complaint.assignee.username) == (intake, "nadia")
