"""The database itself keeps the escalated dossier as it was: the snapshot table refuses TRUNCATE, and
the attachments copied with the snapshot refuse changes and deletion; only the secretary's decision
on confidentiality may change them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from commission.cases import services as procedure
from commission.cases.models import CaseDocument, CaseSnapshot, Party
from core.uploads import check_upload
from tenants.accounts.roles import Role

from .. import helpers
from ..images import png_bytes

pytestmark = pytest.mark.django_db


def raw_sql(sql: str, params: list | None = None) -> None:
    helpers.raw_sql(sql, params, pending_checks_first=True)


@pytest.fixture
def case(escalate, tmp_media):
    return escalate(
        claim="Vergoeding.",
        channel="web_form",
        attachments=[check_upload(SimpleUploadedFile("foto.png", png_bytes()))],
    )


@pytest.mark.parametrize(
    "sql", ["TRUNCATE cases_casesnapshot", "TRUNCATE cases_casesnapshot CASCADE", "TRUNCATE cases_case CASCADE"]
)
def test_truncating_the_snapshots_is_refused(case, sql):
    with pytest.raises(DatabaseError, match="immutable"):
        raw_sql(sql)
    assert CaseSnapshot.objects.filter(case=case).count() == 1


def test_truncating_the_documents_is_refused_while_snapshot_copies_exist(case):
    with pytest.raises(DatabaseError, match="immutable"):
        raw_sql("TRUNCATE cases_casedocument CASCADE")
    assert case.documents.filter(kind=CaseDocument.Kind.SNAPSHOT_ATTACHMENT).count() == 1


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_casedocument SET sha256 = 'x' WHERE id = %s",
        "UPDATE cases_casedocument SET file = 'elders.png' WHERE id = %s",
        "UPDATE cases_casedocument SET original_name = 'anders.png' WHERE id = %s",
        "UPDATE cases_casedocument SET party = 'commission' WHERE id = %s",
        "UPDATE cases_casedocument SET kind = 'other' WHERE id = %s",
        "DELETE FROM cases_casedocument WHERE id = %s",
    ],
)
def test_the_copied_attachments_refuse_changes(case, sql):
    document = case.documents.get(kind=CaseDocument.Kind.SNAPSHOT_ATTACHMENT)
    with pytest.raises(DatabaseError, match="immutable"):
        raw_sql(sql, [document.pk])
    fresh = CaseDocument.objects.get(pk=document.pk)
    assert (fresh.sha256, fresh.file.name, fresh.original_name, fresh.kind) == (
        document.sha256,
        document.file.name,
        document.original_name,
        document.kind,
    )


def test_no_document_becomes_a_snapshot_copy_afterwards(case):
    checked = check_upload(SimpleUploadedFile("factuur.png", png_bytes(colour=(1, 2, 3))))
    actor = procedure.PartyActor(party=Party.COMPLAINANT, label=case.complainant_name)
    added = procedure.case_documents_add(case=case, actor=actor, kind=CaseDocument.Kind.INVOICE, uploads=[checked])[0]
    with pytest.raises(DatabaseError, match="immutable"):
        raw_sql("UPDATE cases_casedocument SET kind = 'snapshot' WHERE id = %s", [added.pk])


def test_the_secretary_may_still_decide_on_confidentiality(case, make_user):
    document = case.documents.get(kind=CaseDocument.Kind.SNAPSHOT_ATTACHMENT)
    secretary = make_user(None, Role.SECRETARY)
    procedure.case_document_confidential(case=case, actor=secretary, document=document, reason="Medische gegevens.")
    document.refresh_from_db()
    assert document.confidential and document.confidential_reason == "Medische gegevens."
