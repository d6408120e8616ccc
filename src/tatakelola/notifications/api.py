"""The notifications API router: one's own notifications and the catalogue of event types."""

from django.http import HttpRequest
from ninja import Router

from tatakelola.access import Capability, requires
from tatakelola.access.decorators import authenticated_user
from tatakelola.notifications import selectors, services
from tatakelola.notifications.schemas import EventTypeOut, NotificationOut, ReadIn, ReadOut

router = Router(tags=["notifications"])


@router.get("/", response=list[NotificationOut])
@requires(Capability.ORG_VIEW)
def notification_list(request: HttpRequest) -> list[NotificationOut]:
    """The caller's newest notifications (100), rendered in the caller's language."""
    return [
        NotificationOut(
            id=item.notification.pk,
            event=item.notification.event,
            label=item.label,
            text=item.text,
            url=item.notification.url,
            created_at=item.notification.created_at,
            read=item.notification.read_at is not None,
        )
        for item in selectors.notification_list(user=request.user)
    ]


@router.post("/read", response=ReadOut)
@requires(Capability.SELF_SERVICE)
def notification_read(request: HttpRequest, body: ReadIn) -> ReadOut:
    marked = services.notifications_mark_read(user=authenticated_user(request), ids=body.ids or None)
    return ReadOut(marked=marked)


@router.get("/events", response=list[EventTypeOut])
@requires(Capability.ORG_VIEW)
def event_type_list(request: HttpRequest) -> list[EventTypeOut]:
    """Every event type: its label, whether it notifies people, and the JSON schema of its webhook payload."""
    return [
        EventTypeOut(
            key=t.key,
            label=str(t.label),
            notifies=t.notifies,
            webhook=t.webhook,
            payload_schema=t.payload.model_json_schema() if t.payload is not None else None,
        )
        for t in selectors.event_types()
    ]
