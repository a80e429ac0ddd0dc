from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "cms.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from cms.contests import bank  # noqa: F401  (its signals keep the kept banks current)
