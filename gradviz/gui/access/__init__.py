"""Using the window without a mouse and with a screen reader: accessible names, visible
focus, tab order, and the keys that reach every action."""

from gradviz.gui.access.feature import KeyboardAccess

__all__ = ["KeyboardAccess"]
