from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    name = "tenants.regulations"
    label = "regulations"
    verbose_name = _("Complaints regulation")

    def ready(self) -> None:
        # The receiver reads this app's models, which cannot be imported before the registry is ready.
        from tenants.complaints.messages import regulation_link_requested

        from .receivers import regulation_link

        regulation_link_requested.connect(regulation_link, dispatch_uid="regulations.regulation_link")
