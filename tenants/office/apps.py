from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "tenants.office"
    label = "member_office"
    verbose_name = _("Member back-office")
