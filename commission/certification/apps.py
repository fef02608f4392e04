from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "commission.certification"
    label = "certification"
    verbose_name = _("Criteria, standing and certificates")

    def ready(self) -> None:
        from core.background import recovered_periodically

        # A certificate whose render task the broker refused stays pending; the nightly run renders it.
        recovered_periodically("certification.render_certificate", by="certification.issue_due")
