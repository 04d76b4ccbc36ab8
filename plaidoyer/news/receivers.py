"""What the provider's tracking webhook (core.suppressions) means for news:
the last newsletter delivered to a bouncing or complaining address says so."""

from anymail.signals import EventType, tracking
from django.dispatch import receiver

from . import services
from .models import Delivery

STATUSES = {
    EventType.BOUNCED: Delivery.Status.BOUNCED,
    EventType.COMPLAINED: Delivery.Status.COMPLAINED,
    EventType.UNSUBSCRIBED: Delivery.Status.UNSUBSCRIBED,
}


@receiver(tracking, dispatch_uid="plaidoyer.news.receivers")
def record_tracking(sender, event, esp_name: str, **kwargs) -> None:
    status = STATUSES.get(event.event_type)
    if status and event.recipient:
        services.record_delivery_event(email=event.recipient, status=status)
