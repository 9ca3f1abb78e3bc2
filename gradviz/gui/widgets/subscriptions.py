"""A view's signal subscriptions, undone together when it closes (the session and its
worker may outlive the view)."""

from __future__ import annotations


def disconnect_all(subscriptions) -> list:
    """Disconnect every (signal, slot) pair (ones already gone are skipped); returns []."""
    for signal, slot in subscriptions:
        try:
            signal.disconnect(slot)
        except (RuntimeError, TypeError):
            pass
    return []
