"""SMS channels: what a provider plugin implements (one class), and the example channel that logs instead of
sending. A plugin installs its channel through ``guanai_get_sms_channel``."""
from __future__ import annotations

import logging

log = logging.getLogger("guanai.outreach")


class ChannelError(RuntimeError):
    """The provider refused or failed to take a message; the delivery stays to retry."""


class SmsChannel:
    """A provider: ``send`` one text to one mainland mobile number, return the provider's reference.

    ``key`` is the delivery's own key, the same on every retry of that delivery: a provider that deduplicates
    (most Chinese SMS gateways take an out-id) passes it on, so a retry after a lost answer sends nothing twice.
    """

    name = "sms"

    def send(self, phone: str, text: str, key: str) -> str:
        raise NotImplementedError


class LoggingChannel(SmsChannel):
    """The example channel: writes each text to the log instead of sending it (for the demo and for trying)."""

    name = "log"

    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []

    def send(self, phone: str, text: str, key: str) -> str:
        log.info("SMS (logged, not sent) to %s****%s [%s]: %s", phone[:3], phone[-4:], key, text)
        self.sent.append((phone, text, key))
        return f"log-{key}"
