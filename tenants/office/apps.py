from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from tenants.members.signals import member_provisioned


class OfficeConfig(AppConfig):
    name = "tenants.office"
    label = "member_office"
    verbose_name = _("Member back-office")

    def ready(self) -> None:
        # The receivers use models and tasks, which cannot be imported before the app registry is ready.
        from .receivers import onboard_new_member

        member_provisioned.connect(onboard_new_member, dispatch_uid="member_office.onboard_new_member")
