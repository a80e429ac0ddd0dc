"""The feedback handler's inbox (phananh.ldld): a member's feedback arrives, is opened, answered;
a handler of another union neither lists it nor opens it.

The feedback is submitted through the service by the demo member, and the other union's handler
made with the services an editor's screens call, both in the server's own database
(``manage.py shell``, as the facts are read), before the browser looks.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.server import DEMO_PASSWORD, _manage, newcomer_environment

pytestmark = pytest.mark.browser

HANDLER = "phananh.ldld"
OTHER_HANDLER = "phananh.khac"

SETUP_SCRIPT = r"""
import json
from django.contrib.auth import get_user_model
from cms.feedback.services import submit_feedback
from cms.members.models import Member
from cms.organisations.models import Organisation, OfficerRole
from cms.organisations.services import assign_officer_role

member = Member.objects.select_related("user", "organisation").get(phone="0912345678")
feedback = submit_feedback(
    member.user,
    category="wages",
    title="Công ty chậm trả lương tháng 11",
    description="Đến ngày 20 công nhân tổ SMT vẫn chưa nhận được lương tháng 11, công ty không thông báo lý do.",
    employer_name="Công ty TNHH Luxshare-ICT Nghệ An",
)
# A grassroots union beside the member's, neither above nor below it.
elsewhere = (
    Organisation.objects.active()
    .filter(level="grassroots")
    .exclude(path__in=member.organisation.ancestor_paths())
    .exclude(path__startswith=member.organisation.path)
    .order_by("path")
    .first()
)
user, _ = get_user_model().objects.get_or_create(
    username="%(other)s", defaults={"first_name": "Võ Thị", "last_name": "Nga", "is_staff": True}
)
user.set_password("%(password)s")
user.save()
admin = get_user_model().objects.get(username="admin")
assign_officer_role(user, elsewhere, OfficerRole.FEEDBACK_HANDLER, by=admin, title="Cán bộ phụ trách phản ánh")
print("FEEDBACK=" + json.dumps({"pk": feedback.pk, "reference": feedback.reference, "title": feedback.title,
      "member": member.full_name, "elsewhere": elsewhere.name}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def submitted(browser_session) -> dict:
    server = browser_session.server
    script = SETUP_SCRIPT % {"other": OTHER_HANDLER, "password": DEMO_PASSWORD}
    output = _manage(["shell", "-c", script], newcomer_environment(server.var_dir), server.log_path)
    line = next(line for line in output.splitlines() if line.startswith("FEEDBACK="))
    return json.loads(line[len("FEEDBACK=") :])


def test_the_handler_answers_a_members_feedback(officer, submitted):
    admin = officer(HANDLER)

    # The dashboard's "Việc cần xử lý" lists it among the new feedback.
    tasks = admin.page.locator("[data-tasks-panel]")
    expect(tasks).to_be_visible()
    expect(tasks.locator(f"[data-feedback-task='{submitted['pk']}']")).to_be_visible()

    # The inbox, from the sidebar.
    admin.follow(admin.sidebar.locator("a[href='/admin/feedback/']"))
    row = admin.page.locator("table.listing tbody tr").filter(has_text=submitted["reference"])
    expect(row).to_have_count(1)
    assert submitted["member"] not in admin.page.locator("table.listing").inner_text()  # no identity listed

    # The thread: who sent it, to the handler; then a final answer.
    admin.follow(row.locator("td.title a").first)
    assert admin.path == f"/admin/feedback/{submitted['pk']}/"
    thread = admin.page.locator("[data-feedback-thread]")
    expect(thread).to_have_attribute("data-feedback-status", "submitted")
    expect(admin.page.locator("[data-feedback-member]")).to_contain_text(submitted["member"])

    reply = admin.page.locator("[data-feedback-action-panel='reply']")
    reply.locator("summary").click()
    reply.locator("textarea[name='reply-body']").fill(
        "Công đoàn đã làm việc với công ty: lương tháng 11 được trả đủ trước ngày 25."
    )
    expect(reply.locator("input[name='reply-final']")).to_be_checked()
    admin.check()
    admin.follow(reply.locator("button[type=submit]"))

    assert admin.success_messages(), admin.messages()
    expect(admin.page.locator("[data-feedback-thread]")).to_have_attribute("data-feedback-status", "answered")
    expect(admin.page.locator("[data-feedback-message='reply']")).to_contain_text(
        "lương tháng 11 được trả đủ"
    )
    expect(admin.page.locator("[data-feedback-history]")).to_contain_text(re.compile(r"→"))


def test_a_handler_of_another_union_neither_lists_nor_opens_it(browser_session, guard, submitted):
    context = browser_session.officer_context(OTHER_HANDLER)
    page = context.new_page()
    guard.watch(page)
    page.goto("/admin/feedback/")
    page.wait_for_load_state("load")
    guard.check(page)
    expect(page.locator("main")).to_be_visible()
    assert submitted["reference"] not in page.locator("main").inner_text()

    # Its thread, asked for by id, does not exist for them.
    response = page.request.get(f"/admin/feedback/{submitted['pk']}/")
    assert response.status == 404
