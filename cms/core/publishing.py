"""Who may publish content for which organisation, and to which audience.

One rule for every path that saves content on behalf of someone (the admin's page form, the
admin's bulk publish, commands and the API):

- an editor publishes for the active organisations in the subtrees of their current editor
  roles (superusers: every organisation);
- federation editors (an editor role at the root) may publish to everyone (an empty audience)
  and to any audience;
- every other editor chooses an audience within the organisations they publish for.

The functions raise :class:`~cms.core.errors.ServiceError` (one failure) or
:class:`~cms.core.errors.ServiceErrors` (several) with a :class:`PublishingErrorCode`; they save
nothing. A missing organisation is the model's to refuse (``ContentPage.organisation`` is
required), so it is not checked here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cms.core.errors import PublishingErrorCode, ServiceError, ServiceErrors
from cms.organisations.models import OfficerRole, Organisation, OrganisationStatus


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose content the user edits: the subtrees of their current editor roles.

    Dissolved and merged organisations are included: their content stays editable by the
    editors of the subtree they were in.
    """
    from cms.organisations.permissions import organisations_managed_by

    return organisations_managed_by(user, role=OfficerRole.EDITOR)


def publishable_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may publish for: the active ones they edit, in tree order."""
    return editable_organisations(user).filter(status=OrganisationStatus.ACTIVE).order_by("path")


def is_federation_editor(user: Any) -> bool:
    """Whether the user publishes for the federation (an editor at the root, or a superuser)."""
    return publishable_organisations(user).filter(depth=1).exists()


def check_publication(
    user: Any, organisation: Organisation | None, audience: Iterable[Organisation] | None
) -> None:
    """Refuse publishing for ``organisation`` to ``audience`` unless ``user`` may.

    ``audience`` is the organisations whose subtrees receive the content; empty means
    everyone. ``None`` leaves the audience unchecked (a form whose audience field is already
    invalid); a caller that sets an audience always passes it.
    """
    publishable = publishable_organisations(user)
    errors = []
    if organisation is not None and not publishable.filter(pk=organisation.pk).exists():
        errors.append(
            ServiceError(
                PublishingErrorCode.ORGANISATION_NOT_ALLOWED,
                _("You can only publish for organisations you are an editor of."),
                "organisation",
            )
        )
    if audience is not None and not publishable.filter(depth=1).exists():
        audience_ids = {o.pk for o in audience}
        if not audience_ids:
            errors.append(
                ServiceError(
                    PublishingErrorCode.AUDIENCE_REQUIRED,
                    _(
                        "Choose the audience within your organisation; only federation editors publish to everyone."
                    ),
                    "audience",
                )
            )
        elif len(audience_ids) > publishable.filter(pk__in=audience_ids).count():
            errors.append(
                ServiceError(
                    PublishingErrorCode.AUDIENCE_NOT_ALLOWED,
                    _("The audience must be within the organisations you are an editor of."),
                    "audience",
                )
            )
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ServiceErrors(errors)


def check_page_publication(user: Any, page: Any) -> None:
    """``check_publication`` for a content page as it stands in memory (saved or not).

    Reads the page's organisation and audience, including an audience set on an unsaved page
    (``ParentalManyToManyField`` keeps it in memory until the page is saved).
    """
    check_publication(user, page.organisation, list(page.audience.all()))
