"""A zoomed panel's rows give way instead of widening the panel past its dock: form rows
put their field under their label when the two do not fit side by side, a row of buttons
wider than the room stacks them, and a group's title wider than the room ends in "…"
(the whole title in the group's tooltip). At 100 % every row is as it was built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton, QBoxLayout, QFormLayout, QGroupBox, QLabel, QStyle, QStyleOptionGroupBox, QWidget,
)

_FULL_TITLE = "full_title"      # a group's own title, kept while a shortened one is shown
_OWN_TIP = "own_tooltip"
_BUILT_DIRECTION = "built_direction"
_BUILT_WRAP = "built_wrap"


def _stackable(row: QBoxLayout) -> bool:
    """A row of buttons, check boxes and labels only (a row with a slider or an entry
    stays a row: those shrink)."""
    if row.direction() != QBoxLayout.Direction.LeftToRight or row.count() < 2:
        return False
    widgets = [row.itemAt(k).widget() for k in range(row.count())]
    return all(w is None or isinstance(w, (QAbstractButton, QLabel)) for w in widgets)


def _width_as_row(row: QBoxLayout) -> int:
    """The least width of ``row``'s items side by side (whichever way it now runs)."""
    items = [row.itemAt(k) for k in range(row.count())]
    widths = [item.minimumSize().width() for item in items if not item.isEmpty()]
    m = row.contentsMargins()
    return sum(widths) + max(0, row.spacing()) * max(0, len(widths) - 1) + m.left() + m.right()


def _rows(panel: QWidget) -> list[QBoxLayout]:
    layouts = panel.findChildren(QBoxLayout)
    if isinstance(panel.layout(), QBoxLayout):
        layouts.append(panel.layout())
    return layouts


def _title_room(group: QGroupBox, room: int) -> int:
    """The width a group's title may take in a group ``room`` wide."""
    opt = QStyleOptionGroupBox()
    group.initStyleOption(opt)
    indicator = group.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, opt, group) if group.isCheckable() else 0
    return room - indicator - 2 * group.fontMetrics().averageCharWidth() - 8


def _fit_title(group: QGroupBox, room: int | None) -> None:
    full = group.property(_FULL_TITLE) or group.title()
    text = full
    if room is not None:
        text = group.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, max(0, _title_room(group, room)))
    if text == full:
        if group.property(_FULL_TITLE) is not None:
            group.setTitle(full)
            group.setToolTip(group.property(_OWN_TIP) or "")
            group.setProperty(_FULL_TITLE, None)
        return
    if group.property(_FULL_TITLE) is None:
        group.setProperty(_FULL_TITLE, full)
        group.setProperty(_OWN_TIP, group.toolTip())
    if group.title() != text:
        group.setTitle(text)
        group.setToolTip(full)


def full_title(group: QGroupBox) -> str:
    """A group's title as built, whether shown whole or shortened."""
    return group.property(_FULL_TITLE) or group.title()


def fit_rows(panel: QWidget, room: int | None) -> None:
    """Fit ``panel``'s rows to ``room`` pixels (None: every row as built)."""
    for form in panel.findChildren(QFormLayout):
        if form.property(_BUILT_WRAP) is None:
            form.setProperty(_BUILT_WRAP, int(form.rowWrapPolicy().value))
        built = QFormLayout.RowWrapPolicy(form.property(_BUILT_WRAP))
        want = built if room is None else QFormLayout.RowWrapPolicy.WrapLongRows
        if form.rowWrapPolicy() != want:
            form.setRowWrapPolicy(want)
    for group in panel.findChildren(QGroupBox):
        _fit_title(group, room)
    for row in _rows(panel):
        if row.property(_BUILT_DIRECTION) is None and not _stackable(row):
            continue
        if row.property(_BUILT_DIRECTION) is None:
            row.setProperty(_BUILT_DIRECTION, int(row.direction().value))
        built = QBoxLayout.Direction(row.property(_BUILT_DIRECTION))
        want = QBoxLayout.Direction.TopToBottom if room is not None and _width_as_row(row) > room else built
        if row.direction() != want:
            row.setDirection(want)
