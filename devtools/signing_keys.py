"""A self-signed PDF signing pair for development and tests (docs/adr/0008-signed-pdfs.md).

Production names its key and certificate in the environment (``PDF_SIGNING_KEY_FILE``,
``PDF_SIGNING_CERT_FILE``) and never comes here. Development keeps one pair in ``var/signing/``,
made on first start and reused, so PDFs signed yesterday still verify today; tests make one per run.
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

KEY_NAME = "signing-key.pem"
CERT_NAME = "signing-cert.pem"
#: A development certificate outlives any demo; nothing trusts it outside this installation.
VALID_DAYS = 10 * 365


def self_signed_pair(directory: Path, *, common_name: str) -> tuple[Path, Path]:
    """``(key_file, cert_file)`` in ``directory``, made on first use (an EC P-256 key and a
    self-signed certificate for it); an existing pair is kept.

    Several processes may start at once: the key is created exclusively and the losers wait for the
    certificate, which is written (atomically) after it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    key_file, cert_file = directory / KEY_NAME, directory / CERT_NAME
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):
            if cert_file.exists():
                return key_file, cert_file
            # Another process made the key a moment ago and is still writing the certificate.
            time.sleep(0.1)
        raise RuntimeError(f"{cert_file} is missing; delete {key_file} to make a new signing pair") from None
    key = ec.generate_private_key(ec.SECP256R1())
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Development signing key (not trusted)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    partial = cert_file.with_suffix(".tmp")
    partial.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    partial.replace(cert_file)
    return key_file, cert_file
