"""The documents of a case: adding them, hiding one from the other party, disclosing it, receiving
one on paper, and who saw which (docs/procedure/commission.md, "Written rounds").
"""

from __future__ import annotations

from typing import IO, cast

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.uploads import CheckedUpload, check_upload
from tenants.accounts.actors import Actor, actor_label

from .. import events
from ..models import Case, CaseDocument, DocumentAccess, Party, Stage, Submission
from .common import PartyActor, locked, refuse_closed
from .notifications import notify


def store_document(
    *, case: Case, kind: str, party: str, checked: CheckedUpload, label: str, submission: Submission | None = None
) -> CaseDocument:
    upload = cast(IO[bytes], checked.upload)  # the file check_upload read
    upload.seek(0)
    document = CaseDocument(
        case=case,
        kind=kind,
        party=party,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by_label=label,
        submission=submission,
    )
    document.file.save(checked.name, File(upload), save=False)
    document.save()
    return document


def case_documents_add(*, case: Case, actor: PartyActor, kind: str, uploads: list[CheckedUpload]) -> list[CaseDocument]:
    """The complainant completes the file (complaint letter, the member's answer, invoice, contract)
    while the case is being filed. The member sees these documents too."""
    with schema_context("public"), transaction.atomic():
        case = locked(case)
        if case.stage != Stage.FILED:
            raise ValidationError(_("The file is complete; send documents in a written round."))
        if kind not in CaseDocument.Kind.values or kind in (CaseDocument.Kind.SNAPSHOT_ATTACHMENT,):
            raise ValidationError({"kind": [_("Choose what the document is.")]})
        if not uploads:
            raise ValidationError({"attachments": [_("Choose at least one file.")]})
        documents = [
            store_document(case=case, kind=kind, party=actor.party, checked=c, label=actor.label) for c in uploads
        ]
        events.case_documents_added_event(case=case, actor=actor, documents=documents)
    return documents


def case_document_confidential(*, case: Case, actor: Actor, document: CaseDocument, reason: str) -> CaseDocument:
    """Only the secretary hides a document from the other party, and only with a reason (kept on
    the document and in the audit trail). The commission still sees it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason why this document is confidential.")]})
    with transaction.atomic():
        document = CaseDocument.objects.select_for_update().get(pk=document.pk, case=case)
        document.confidential = True
        document.confidential_reason = reason
        document.confidential_marked_by_label = actor_label(actor)
        document.save(update_fields=["confidential", "confidential_reason", "confidential_marked_by_label"])
        events.case_changed_event(
            case=case, actor=actor, event="document_confidential",
            data={"document": str(document.uuid), "name": document.original_name, "reason": reason},
        )  # fmt: skip
    return document


def case_document_disclose(*, case: Case, actor: Actor, document: CaseDocument) -> CaseDocument:
    """The secretary decides that a confidential document is for both parties after all (such as a
    file the member had not shared with the complainant). Whoever did not see it yet is told; the
    reason it was confidential stays in the audit trail."""
    with transaction.atomic():
        document = CaseDocument.objects.select_for_update().get(pk=document.pk, case=case)
        if not document.confidential:
            raise ValidationError({"document": [_("This document is not confidential.")]})
        reason, seen_by = document.confidential_reason, document.visible_to_party
        document.confidential = False
        document.confidential_reason = ""
        document.confidential_marked_by_label = ""
        document.visible_to_party = ""
        document.save(
            update_fields=["confidential", "confidential_reason", "confidential_marked_by_label", "visible_to_party"]
        )
        events.case_changed_event(
            case=case, actor=actor, event="document_disclosed",
            data={"document": str(document.uuid), "name": document.original_name, "reason_was": reason},
        )  # fmt: skip
        notify(
            case=case, template="document_disclosed", complainant=seen_by != Party.COMPLAINANT,
            member=seen_by != Party.MEMBER, name=document.original_name,
        )  # fmt: skip
    return document


#: The parties for whom the commission can receive a document on paper or by post.
RECEIVED_DOCUMENT_PARTIES = (CaseDocument.Party.COMPLAINANT, CaseDocument.Party.MEMBER)


def case_document_receive(
    *,
    case: Case,
    actor: Actor,
    party: str,
    kind: str,
    upload: UploadedFile[bytes] | None,
    confidential: bool = False,
    confidential_reason: str = "",
) -> CaseDocument:
    """The commission received a document of a party on paper or by post and adds it to the file
    (scanned). The file is checked by its content; the other party is told that a new document is
    there to read, unless the secretary marks it confidential (which needs a reason)."""
    errors = {}
    if party not in RECEIVED_DOCUMENT_PARTIES:
        errors["party"] = [_("Choose the party the document comes from.")]
    if kind not in CaseDocument.Kind.values or kind == CaseDocument.Kind.SNAPSHOT_ATTACHMENT:
        errors["kind"] = [_("Choose what the document is.")]
    confidential_reason = (confidential_reason or "").strip()
    if confidential and not confidential_reason:
        errors["confidential_reason"] = [_("Give the reason why this document is confidential.")]
    checked = None
    if not upload:
        errors["upload"] = [_("Choose a file.")]
    else:
        try:
            checked = check_upload(upload)
        except ValidationError as exc:
            errors["upload"] = exc.messages
    if errors or checked is None:
        raise ValidationError(errors)
    label = actor_label(actor)
    with schema_context("public"), transaction.atomic():
        case = locked(case)
        refuse_closed(case)
        document = store_document(case=case, kind=kind, party=party, checked=checked, label=label)
        if confidential:
            document.confidential = True
            document.confidential_reason = confidential_reason
            document.confidential_marked_by_label = label
            document.save(update_fields=["confidential", "confidential_reason", "confidential_marked_by_label"])
        events.case_changed_event(
            case=case, actor=actor, event="document_received",
            data={"document": str(document.uuid), "name": document.original_name, "party": party, "kind": kind,
                  "sha256": document.sha256, "confidential": confidential, "reason": confidential_reason},
        )  # fmt: skip
        if not confidential:
            notify(
                case=case, template="submission_received", complainant=party == Party.MEMBER,
                member=party == Party.COMPLAINANT, round=document.get_kind_display(),
            )  # fmt: skip
    return document


def case_document_access_record(*, document: CaseDocument, party: str, viewer_label: str) -> DocumentAccess:
    """Who saw which document and when (append-only), from every download view."""
    with schema_context("public"):
        return DocumentAccess.objects.create(document=document, party=party, viewer_label=viewer_label[:254])
