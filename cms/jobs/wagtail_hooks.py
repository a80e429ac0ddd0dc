"""Admin wiring of the jobs domain: the officers' job applications (``cms.jobs.admin``)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.jobs.admin.policy import job_application_permission_policy
from cms.jobs.admin.viewsets import JobApplicationViewSet
from cms.jobs.models import JobApplication

# Registered on import, before the viewset asks for it (Wagtail 8 refuses a late registration
# once a fallback policy exists).
register_permission_policy(JobApplication, job_application_permission_policy)


@hooks.register("register_admin_viewset")
def register_job_application_viewset():
    return JobApplicationViewSet()
