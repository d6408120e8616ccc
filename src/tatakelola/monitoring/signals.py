"""Signals other apps listen to, so monitoring never imports them."""

from django.dispatch import Signal

# Sent inside the scan's transaction with ``message_ids``: messages that now have findings.
findings_stored = Signal()
