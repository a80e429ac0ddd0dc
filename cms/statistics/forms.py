"""The organisation of an observation, chosen in the organisation tree chooser.

``ObservationForm.__init__`` (``cms/statistics/views.py``) calls :func:`use_organisation_chooser`:
the organisations a federation editor manages are the whole province, too many for a select.
"""

from __future__ import annotations

from django import forms

from cms.organisations.chooser import register_scope
from cms.organisations.models import OrganisationStatus
from cms.organisations.permissions import organisations_managed_by
from cms.organisations.widgets import use_single_tree_chooser

# Figures are entered for the active organisations the user manages (the rule of ObservationForm).
OBSERVATION_SCOPE = "observation"


def observation_organisations(user):
    # Imported here: the views import this module.
    from cms.statistics.views import STATISTICS_ROLES

    return organisations_managed_by(user, STATISTICS_ROLES).filter(status=OrganisationStatus.ACTIVE)


register_scope(OBSERVATION_SCOPE, observation_organisations)


def use_organisation_chooser(form: forms.BaseForm) -> None:
    """The observation form's organisation: the scope above, plus the organisation an observation
    already has (one dissolved since keeps it, so that its figure can still be corrected)."""
    if "organisation" in form.fields:
        use_single_tree_chooser(form, "organisation", OBSERVATION_SCOPE, keep_current=True)
