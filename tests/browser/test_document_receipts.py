"""The federation editor (bientap.ldld) follows a document it sent down to the grassroots unions:
who received it, opened it, acknowledged it, reported, who is overdue; and reminds those late.

The demo's 155/LĐLĐ-VP (support for members hit by the storms) went to the upper-level unions and
four grassroots unions; the Luxshare clerk reported on it, the Everwin clerk acknowledged it but
sent no report by the due date.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EDITOR = "bientap.ldld"
DOCUMENT = "155/LĐLĐ-VP"


def test_the_issuing_editor_reads_the_receipts_and_sends_a_reminder(officer):
    admin = officer(EDITOR)
    # From the sidebar's "Sent documents", to the document's receipts.
    sent = admin.page.locator("#wagtail-sidebar a[href='/admin/documents/sent/']")
    admin.follow(sent)
    admin.follow(admin.page.get_by_role("link", name=DOCUMENT, exact=True))

    rows = admin.page.locator("[data-testid=receipt-row]")
    luxshare = rows.and_(admin.page.locator("[data-organisation=cdcs-luxshare]"))
    everwin = rows.and_(admin.page.locator("[data-organisation=cdcs-everwin]"))
    expect(luxshare.locator("a[href*='/admin/documents/sent/report-file/']")).to_have_count(1)
    expect(everwin.locator("[data-testid=receipt-overdue]")).to_have_count(1)
    expect(luxshare.locator("[data-testid=receipt-overdue]")).to_have_count(0)
    counts = admin.page.locator("[data-testid=receipt-counts]")
    assert int(counts.locator("[data-count=reported]").inner_text()) >= 1
    assert int(counts.locator("[data-count=overdue]").inner_text()) >= 1

    # The overdue filter keeps Everwin and drops Luxshare.
    admin.page.locator("select[name=state]").select_option("overdue")
    admin.follow(admin.page.locator("[data-testid=receipt-filter] button[type=submit]"))
    expect(everwin).to_have_count(1)
    expect(luxshare).to_have_count(0)

    # Remind: the unions still owing a report are told, and the editor is told how many.
    admin.follow(admin.page.locator("[data-testid=receipt-remind] button[type=submit]"))
    messages = admin.success_messages()
    assert len(messages) == 1 and any(ch.isdigit() for ch in messages[0]), messages
    expect(everwin.locator("td").last).not_to_have_text("—")
