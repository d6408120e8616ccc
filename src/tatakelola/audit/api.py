"""The audit log's API router."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from tatakelola.access import Capability, requires
from tatakelola.api.errors import BoundedPageNumberPagination
from tatakelola.audit import selectors
from tatakelola.audit.models import AuditEntry, AuditVerification
from tatakelola.audit.schemas import AuditEntryOut, VerificationOut, VerifyQueuedOut
from tatakelola.audit.tasks import audit_chain_verify
from tatakelola.orgs.selectors import viewer_organisation

router = Router(tags=["audit"])


@router.get("/entries", response=list[AuditEntryOut])
@requires(Capability.AUDIT_VIEW)
@paginate(BoundedPageNumberPagination, page_size=100)
def entries(request: HttpRequest, action: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    organisation = viewer_organisation(user=request.user)
    return selectors.audit_entry_list(
        organisation_id=organisation.pk, filters=selectors.AuditFilters(action=action, actor=actor)
    )


@router.get("/verifications", response=list[VerificationOut])
@requires(Capability.AUDIT_VIEW)
def verifications(request: HttpRequest) -> list[AuditVerification]:
    organisation = viewer_organisation(user=request.user)
    return selectors.verification_list(organisation_id=organisation.pk, limit=50)


@router.post("/verify", response={202: VerifyQueuedOut})
@requires(Capability.AUDIT_VERIFY)
def verify(request: HttpRequest) -> Status[Any]:
    organisation = viewer_organisation(user=request.user)
    result = audit_chain_verify.delay(requested_by=request.user.get_username(), organisation_id=organisation.pk)
    return Status(202, VerifyQueuedOut(task_id=str(result.id), queued=True))
