"""Admin form for employers: their grassroots union, chosen in the organisation tree chooser.

``Employer`` (``cms/jobs/models.py``) takes it as its ``base_form_class``.
"""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm

from cms.organisations.chooser import register_scope
from cms.organisations.models import Organisation
from cms.organisations.widgets import use_single_tree_chooser

# An employer's union may be any active organisation (the directory of unions is public); one
# since dissolved stays until an editor changes it.
EMPLOYER_UNION_SCOPE = "employer-union"
register_scope(EMPLOYER_UNION_SCOPE, lambda user: Organisation.objects.active())


class EmployerForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields:
            use_single_tree_chooser(self, "organisation", EMPLOYER_UNION_SCOPE, keep_current=True)
