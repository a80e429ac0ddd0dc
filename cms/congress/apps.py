from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "cms.congress"
    label = "congress"
    verbose_name = _("Congress")
