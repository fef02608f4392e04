from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "commission.office"
    label = "commission_office"
    verbose_name = _("Commission back-office")
