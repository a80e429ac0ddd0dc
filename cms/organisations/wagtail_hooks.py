"""Admin wiring for the union tree: permission policies first, then the viewsets."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.organisations.models import Officer, Organisation, OrganisationChange
from cms.organisations.permissions import policy_for
from cms.organisations.viewsets import UnionViewSetGroup

# Policies must be registered before any viewset asks for one (Wagtail 8 then refuses).
for _model in (Organisation, OrganisationChange, Officer):
    register_permission_policy(_model, policy_for(_model))


@hooks.register("register_admin_viewset")
def register_union_viewsets():
    return UnionViewSetGroup()


@hooks.register("register_admin_urls")
def register_organisation_chooser_urls():
    from django.urls import path

    from cms.organisations.admin_api import organisation_chooser

    # Wagtail wraps admin URLs: a signed-in user with admin access, or a refusal.
    return [
        path("organisation-chooser/<slug:scope>/", organisation_chooser, name="organisation_chooser"),
    ]
