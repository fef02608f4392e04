from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "tenants.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        from core.background import enqueue_refused, recovered_periodically

        from .receivers import keep_refused_task

        # The sweep re-sends every pending e-mail: a lost "send" message needs no record of its own.
        recovered_periodically("outbox.send", by="outbox.sweep_all")
        enqueue_refused.connect(keep_refused_task, dispatch_uid="outbox.keep_refused_task")
