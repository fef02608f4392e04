from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "commission.site"
    label = "commission_site"
    verbose_name = _("Public commission site")
