"""Digitally signed PDFs (PAdES baseline B) with pyHanko, and checking them (docs/adr/0008-signed-pdfs.md).

- The signer's key and certificate are PEM files named by settings (``PDF_SIGNING_KEY_FILE``,
  ``PDF_SIGNING_CERT_FILE``, optional ``PDF_SIGNING_KEY_PASSWORD``). Production names them in the
  environment; development and test settings make a self-signed pair on first use.
- ``verify_pdf`` answers the questions a reader of the document has: is it signed, is it unchanged
  since (the signature covers the whole file and its hash matches), and was it signed with our
  certificate. It does not validate a certificate chain against a trust list.
- pyHanko is imported on first use (its import costs a few hundred milliseconds): only the
  processes that sign or check documents pay for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import functools
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from core.pdf import RenderedPdf

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import SimpleSigner

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The name of the signature field pyHanko adds (invisible: the reader's signature panel shows it).
FIELD_NAME = "Signature"


@dataclass(frozen=True)
class Verification:
    """What ``verify_pdf`` found; ``message`` says it in one plain sentence."""

    signed: bool
    #: The signature covers the whole document and the document's hash matches it.
    intact: bool
    #: The signer's certificate is the one in our settings.
    signed_by_us: bool
    signer_name: str
    signed_at: datetime.datetime | None
    message: str

    @property
    def valid(self) -> bool:
        """Signed by us and not changed since."""
        return self.signed and self.intact and self.signed_by_us


def _configured_files() -> tuple[str, str, str]:
    key_file = getattr(settings, "PDF_SIGNING_KEY_FILE", "") or ""
    cert_file = getattr(settings, "PDF_SIGNING_CERT_FILE", "") or ""
    if not key_file or not cert_file:
        raise ImproperlyConfigured(
            "PDF signing needs a key and a certificate: set PDF_SIGNING_KEY_FILE and PDF_SIGNING_CERT_FILE "
            "to PEM files (see deploy/env.example)."
        )
    return str(key_file), str(cert_file), str(getattr(settings, "PDF_SIGNING_KEY_PASSWORD", "") or "")


def _pades_attributes(signing_cert: asn1_x509.Certificate) -> Any:
    """The signed attributes of a PAdES baseline B signature, with the one that depends on the
    certificate serialised once.

    PAdES signs the content type, the message digest and the signing-certificate-v2 attribute (no
    signing time: the signature dictionary carries it). pyHanko's default provider builds the
    signing-certificate-v2 value afresh for every signature, and asn1crypto serialises a freshly
    built structure again each time an enclosing one is built: that cost ten times the rest of the
    signature (67 ms against 7 ms per document on the development machine). A value parsed from
    its DER bytes is not serialised again, so it is built once per signer and parsed per signature.
    """
    from asn1crypto import tsp
    from pyhanko.sign.attributes import CMSAttributeProvider, as_signing_certificate_v2
    from pyhanko.sign.signers.pdf_cms import SignedAttributeProviderSpec

    der = as_signing_certificate_v2(signing_cert).dump()

    class SigningCertificateV2(CMSAttributeProvider):
        attribute_type = "signing_certificate_v2"

        async def build_attr_value(self, dry_run: bool = False) -> Any:
            return tsp.SigningCertificateV2.load(der)

    class PadesBaselineB(SignedAttributeProviderSpec):
        def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str) -> Any:
            yield SigningCertificateV2()

    return PadesBaselineB()


@functools.lru_cache(maxsize=4)
def _signer(key_file: str, cert_file: str, password: str) -> SimpleSigner:
    """The signer for these files, loaded once per process (keyed by the settings, so tests that
    point the settings elsewhere get another one)."""
    from pyhanko.sign.signers import SimpleSigner  # heavy import, see the module docstring

    signer: SimpleSigner | None = SimpleSigner.load(
        key_file, cert_file, key_passphrase=password.encode() if password else None
    )
    if signer is None:
        raise ImproperlyConfigured(
            f"Cannot load the PDF signing key {key_file!r} and certificate {cert_file!r} "
            "(missing, unreadable, or PDF_SIGNING_KEY_PASSWORD is wrong)."
        )
    signer.signed_attr_prov_spec = _pades_attributes(signer.signing_cert)
    return signer


@functools.lru_cache(maxsize=4)
def _certificate(cert_file: str) -> asn1_x509.Certificate:
    from pyhanko.keys import load_cert_from_pemder  # heavy import, see the module docstring

    try:
        certificate: asn1_x509.Certificate = load_cert_from_pemder(cert_file)
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"Cannot read the PDF signing certificate {cert_file!r}.") from exc
    return certificate


def our_certificate() -> asn1_x509.Certificate:
    """The certificate PDFs are signed with (from settings)."""
    _key_file, cert_file, _password = _configured_files()
    return _certificate(cert_file)


@functools.lru_cache(maxsize=4)
def _reserved_bytes(signer: SimpleSigner) -> int:
    """Room for the signature container (DER bytes; the PDF holds it hex-encoded).

    Without it pyHanko signs twice, once to measure the container: that doubles the time to sign. The
    container holds the certificates, the signed attributes and the signature value; the certificates
    dominate, so reserve twice their size plus a margin for the rest (a signature that does not fit
    fails loudly rather than produce a broken file).
    """
    certificates = [signer.signing_cert, *signer.cert_registry]
    return 4096 + 2 * sum(len(certificate.dump()) for certificate in certificates if certificate is not None)


def _outside_event_loop(work: Callable[[], T]) -> T:
    """Run ``work`` here, or in a short-lived thread when this thread runs an asyncio event loop.

    pyHanko's synchronous API calls ``asyncio.run``, which refuses to start inside a running loop (an
    ASGI view, a browser driven from the same thread): without this, signing would fail there and a
    check would report an intact document as damaged.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def sign_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """``pdf`` with a PAdES baseline B signature by the commission's key (an incremental update)."""
    return _outside_event_loop(lambda: _sign_pdf(pdf, reason=reason, location=location))


def _sign_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(*_configured_files())
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    output = signers.sign_pdf(writer, metadata, signer=signer, bytes_reserved=_reserved_bytes(signer))
    signed: bytes = output.getvalue()
    return signed


def sign_rendered(rendered: RenderedPdf, *, reason: str, location: str) -> RenderedPdf:
    """``rendered`` with its PDF signed (and the SHA-256 of the signed file)."""
    pdf = sign_pdf(rendered.pdf, reason=reason, location=location)
    return RenderedPdf(html=rendered.html, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())


def _subject_name(certificate: asn1_x509.Certificate) -> str:
    subject: dict[str, Any] = certificate.subject.native
    name = subject.get("common_name") or subject.get("organization_name")
    return str(name) if name else str(certificate.subject.human_friendly)


def verify_pdf(pdf: bytes) -> Verification:
    """Check the last signature in ``pdf`` (the one that must cover the whole file)."""
    return _outside_event_loop(lambda: _verify_pdf(pdf))


def _verify_pdf(pdf: bytes) -> Verification:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    ours = our_certificate()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001  # a damaged file must get an answer, whatever the parser raises
        logger.info("unreadable PDF offered for verification: %s", exc)
        if b"/ByteRange" in pdf:
            # A signature dictionary is there, but the file around it no longer parses.
            return Verification(
                True, False, False, "", None, _("This PDF has a damaged signature: the document was altered.")
            )
        return Verification(False, False, False, "", None, _("This file cannot be read as a PDF document."))
    if not signatures:
        return Verification(False, False, False, "", None, _("This PDF is not digitally signed."))
    embedded = signatures[-1]
    try:
        status = validate_pdf_signature(
            embedded,
            ValidationContext(trust_roots=[ours], allow_fetching=False),
            skip_diff=True,
        )
    except Exception as exc:  # noqa: BLE001  # a damaged signature must read as "altered", whatever pyHanko raises
        logger.info("signature could not be validated: %s", exc)
        return Verification(
            True, False, False, "", None, _("This PDF has a damaged signature: the document was altered.")
        )
    certificate = status.signing_cert
    signed_by_us = certificate.dump() == ours.dump()
    intact = bool(status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE)
    signer_name = _subject_name(certificate)
    signed_at = status.signer_reported_dt
    if not intact:
        message = _("The document was altered after it was signed.")
    elif not signed_by_us:
        message = _("This PDF was not signed by the commission (it was signed by %(signer)s).") % {
            "signer": signer_name
        }
    else:
        message = _("Signed by %(signer)s; the document has not been changed since.") % {"signer": signer_name}
    return Verification(True, intact, signed_by_us, signer_name, signed_at, message)
