"""With the Content-Security-Policy enforced by the browser, the public form, the staff workflow,
the administration and the API docs work, and the browser reports no violation. The API docs
pass axe-core."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_agent_workflow import click_step, submit_public_form
from tests.fixtures.objects import make_user

# Reports every violation, also those the console shows only once per page.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports on `page` (events and console), page after page."""
    seen: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: "Content Security Policy" in message.text and seen.append(message.text))

    def collect() -> list[str]:
        return [*seen, *page.evaluate("window.__cspViolations")]

    return collect


def test_the_policy_is_enforced_by_the_browser(page, violations, db):
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    ran = page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';"
        " document.head.append(s); return window.__injected === 1; }"
    )

    assert ran is False
    assert len(violations()) >= 1  # the blocked inline script was reported


def test_public_form_and_staff_workflow_run_without_a_violation(page, violations, role_groups):
    reported = []
    reference = submit_public_form(page)
    reported += violations()
    make_user("agent", username="handler", is_superuser=True, is_staff=True)

    page.goto("/agent/login/")
    page.fill("input[name=username]", "handler")
    page.fill("input[name=password]", "secret-pass-123")
    page.click("form:has(input[name=username]) button[type=submit]")
    page.click(f"tr[data-reference='{reference}'] td.c-ref a")
    page.get_by_role("button", name="Take it").click()
    expect(page.locator("#case .notice")).to_have_text("You now handle this complaint.")
    click_step(page, "Mark as qualified", "Qualified")
    page.fill("#id_reply_body", "We are sorry: the duplicate charge will be refunded within 5 days.")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.locator("#case .notice")).to_contain_text("is queued for sending")
    reported += violations()

    page.goto("/admin/complaints/complaint/")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("#content h2, #content h1").first).to_be_visible()
    reported += violations()

    assert reported == []


def test_the_api_docs_run_under_the_policy_and_pass_axe(page, violations, db):
    page.goto("/api/docs/")
    # Open two operations: their parameters and responses are checked too.
    page.get_by_role("button", name="POST /api/v1/complaints", exact=True).click()
    page.get_by_role("button", name="GET /api/v1/complaints", exact=True).click()
    expect(page.get_by_text("Idempotency-Key").first).to_be_visible()
    expect(page.locator("tr[data-param-name=status]")).to_be_visible()

    results = Axe().run(page)

    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]] == []
    assert violations() == []
