"""The member's own settings, in the member's schema."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberProfile(models.Model):
    """Branding and public text of the member's pages (one row per member schema)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    logo = models.FileField(_("logo"), upload_to="branding/", blank=True)
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d4f91",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1d4f91."))],
    )
    public_intro = models.TextField(
        _("introduction on your public page"),
        blank=True,
        help_text=_("A few sentences shown to customers who visit your page on the platform."),
    )
    complaints_email = models.EmailField(_("e-mail address for complaints"), blank=True)
    complaints_phone = models.CharField(_("phone number for complaints"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return "profile"
