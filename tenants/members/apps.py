from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tenants.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from core.background import recovered_periodically

        # Beat refills the pool every few minutes: a lost refill message needs no record.
        recovered_periodically("members.pool_refill", by="members.pool_refill")
