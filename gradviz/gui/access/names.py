"""Accessible names: what a screen reader says for each control.

A control's name is what Qt's accessibility layer reads for it (``spoken_name``): its
accessibleName, else its own text (a button's caption) or the label whose buddy it is.
``name_from_labels`` gives a name to each control Qt would read nothing for, from the label
in front of it in its form row or row of widgets, else from its tooltip's first sentence.
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtGui import QAccessible
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QBoxLayout, QComboBox, QFormLayout, QLabel,
    QLineEdit, QPlainTextEdit, QSlider, QTextEdit, QWidget,
)

INTERACTIVE = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QSlider, QAbstractItemView,
               QPlainTextEdit, QTextEdit)
PLOTS = (pg.GraphicsView, QOpenGLWidget)  # a plot is a control when it takes focus


def spoken_name(widget: QWidget) -> str:
    """The name Qt's accessibility layer gives ``widget`` (what a screen reader says)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def spoken_description(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Description).strip() if iface is not None else ""


def _part_of_another(widget: QWidget) -> bool:
    """The line edit inside a spin box or combo box, a combo box's list: the outer control
    is the one that is named and read."""
    p = widget.parentWidget()
    while p is not None:
        if isinstance(p, (QAbstractSpinBox, QComboBox)):
            return True
        p = p.parentWidget()
    return False


def interactive_widgets(root: QWidget) -> list[QWidget]:
    """Every control under ``root`` a user can reach, shown or not."""
    out = []
    for w in root.findChildren(QWidget):
        if _part_of_another(w) or w.objectName().startswith("qt_"):
            continue  # (Qt's own parts, e.g. a dock's float and close buttons, name themselves)
        if isinstance(w, INTERACTIVE):
            out.append(w)
        elif isinstance(w, PLOTS) and w.focusPolicy() != Qt.FocusPolicy.NoFocus:
            out.append(w)
    return out


def _label_text(label: QLabel) -> str:
    text = re.sub(r"<[^>]+>", "", label.text()).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(":").strip()


def _tooltip_name(widget: QWidget) -> str:
    tip = re.sub(r"<[^>]+>", "", widget.toolTip()).strip()
    return re.split(r"(?<=[^.])[.:\n(]", tip, maxsplit=1)[0].strip()


def _form_labels(root: QWidget) -> dict[int, str]:
    """id(control) -> the text of the label of its form row (rows of several controls too)."""
    names: dict[int, str] = {}

    def fields(item):
        if item is None:
            return []
        if item.widget() is not None:
            return [item.widget()]
        lay = item.layout()
        return [] if lay is None else [w for k in range(lay.count()) for w in fields(lay.itemAt(k))]

    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is None or not isinstance(label.widget(), QLabel):
                continue
            text = _label_text(label.widget())
            for w in fields(form.itemAt(row, QFormLayout.ItemRole.FieldRole)):
                if text:
                    names.setdefault(id(w), text)
    return names


def _label_before(widget: QWidget) -> str:
    """The text of the QLabel just before ``widget`` in a row or column of widgets."""
    parent = widget.parentWidget()
    for lay in ([] if parent is None else parent.findChildren(QBoxLayout)) + (
            [parent.layout()] if parent is not None and isinstance(parent.layout(), QBoxLayout) else []):
        idx = lay.indexOf(widget)
        for k in range(idx - 1, -1, -1):
            w = lay.itemAt(k).widget()
            if isinstance(w, QLabel) and _label_text(w):
                return _label_text(w)
            if w is not None:
                break
    return ""


def needs_name(widget: QWidget) -> bool:
    """No name of its own: Qt would read a combo box's current entry, or a group's title,
    or nothing. A button is named by its caption."""
    if widget.accessibleName():
        return False
    return not (isinstance(widget, QAbstractButton) and widget.text().strip())


def name_from_labels(root: QWidget) -> list[QWidget]:
    """Give every control under ``root`` without a name of its own one; returns those still
    nameless (none, once every control has a label, a caption or a tooltip)."""
    form_names = _form_labels(root)
    left = []
    for w in interactive_widgets(root):
        if not needs_name(w):
            continue
        name = form_names.get(id(w)) or _label_before(w) or _tooltip_name(w)
        if not name and isinstance(w, QLineEdit):
            name = w.placeholderText()
        if name:
            w.setAccessibleName(name)
        else:
            left.append(w)
    return left
