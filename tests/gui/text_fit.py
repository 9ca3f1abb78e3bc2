"""Does every text on screen fit the room it is drawn in? (the zoom tests' checker)

``clipped_texts(window)`` lists each visible text that is cut: a label, button or check
box whose text is wider or taller than its rectangle, a wrapped label shorter than its
lines, a combo box or spin box whose shown value is wider than its edit field, a text
inside a plot (title, axis label, legend entry, text item in the view) that runs past the
plot's edge or the view box that clips it, and a status-bar message wider than the room
left of the permanent widgets (unless the bar shows it elided, its tooltip the full text).

``cramped_panels(window)`` lists the layout's faults that cut no single text: a dock that
scrolls its panel sideways, a plot whose data area is smaller than ``MIN_PLOT_AREA``.

Not a test module; the test files import it by name (tests/gui is on sys.path).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QCheckBox, QComboBox, QDockWidget, QGraphicsItem, QGraphicsSimpleTextItem,
    QGraphicsTextItem, QGraphicsView, QLabel, QRadioButton, QScrollArea, QSizeGrip, QStatusBar, QStyle,
    QStyleOptionButton, QStyleOptionComboBox, QWidget,
)

SLACK = 1  # pixels of rounding allowed
LINE_EDIT_MARGIN = 2  # QLineEdit keeps this many pixels free each side of its text
MIN_PLOT_AREA = (80, 50)  # a plot's data area (its view box) at least this wide and tall


def _shown(w, window) -> bool:
    """On screen: shown, and not in a dock tab behind another (placed outside the window)."""
    if not (w.isVisibleTo(window) and w.isVisible() and w.width() > 1):
        return False
    return window.rect().intersects(QRect(w.mapTo(window, QPoint(0, 0)), w.size()))


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _too_big(what: str, need_w: float, need_h: float, room_w: float, room_h: float) -> str | None:
    if need_w > room_w + SLACK or need_h > room_h + SLACK:
        return f"{what}: needs {need_w:.0f}x{need_h:.0f}, has {room_w:.0f}x{room_h:.0f}"
    return None


# ----- widgets ---------------------------------------------------------------------------------
def _label(w: QLabel) -> str | None:
    text = _plain(w.text())
    if not text or w.pixmap() is not None and not w.pixmap().isNull():
        return None
    room = w.contentsRect().adjusted(w.margin(), w.margin(), -w.margin(), -w.margin())
    rich = w.textFormat() == 1 or (w.textFormat() == 2 and "<" in text)  # Qt.RichText, or AutoText with tags
    if w.wordWrap() or rich or "\n" in text:
        # its lines at its width: the height they need (a wrapped label's width is its own)
        need_h = w.heightForWidth(w.width()) if w.wordWrap() else w.sizeHint().height()
        need_w = room.width() if w.wordWrap() else w.sizeHint().width() - 2 * w.margin()
        return _too_big(f"QLabel {text[:60]!r}", need_w, need_h - 2 * w.margin(), room.width(), room.height())
    fm = w.fontMetrics()
    room_w = room.width() - max(w.indent(), 0)
    return _too_big(f"{type(w).__name__} {text!r}", fm.horizontalAdvance(text), fm.height(), room_w, room.height())


def _button(w: QAbstractButton) -> str | None:
    text = _plain(w.text())
    if not text or "\n" in text:
        return None
    fm = w.fontMetrics()
    if isinstance(w, (QCheckBox, QRadioButton)):
        opt = QStyleOptionButton()
        opt.initFrom(w)
        element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(w, QCheckBox)
                   else QStyle.SubElement.SE_RadioButtonContents)
        room = w.style().subElementRect(element, opt, w)
        room_w, room_h = room.width(), room.height()
    else:
        room_w = w.width() - 8 - (w.iconSize().width() + 4 if not w.icon().isNull() else 0)
        room_h = w.height()
    return _too_big(f"{type(w).__name__} {text!r}", fm.horizontalAdvance(text), fm.height(), room_w, room_h)


def _combo(w: QComboBox) -> str | None:
    text = w.currentText()
    if not text:
        return None
    if w.isEditable():
        return _edit_field(f"QComboBox {text!r}", w.lineEdit(), text)
    opt = QStyleOptionComboBox()
    w.initStyleOption(opt)
    room = w.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                    QStyle.SubControl.SC_ComboBoxEditField, w)
    icon = w.iconSize().width() + 4 if not w.itemIcon(w.currentIndex()).isNull() else 0
    fm = w.fontMetrics()
    return _too_big(f"QComboBox {text!r}", fm.horizontalAdvance(text) + icon, fm.height(), room.width() - 2,
                    room.height())


def _edit_field(what: str, edit, text: str) -> str | None:
    m = edit.textMargins()
    room = edit.contentsRect().adjusted(m.left() + LINE_EDIT_MARGIN, m.top(), -m.right() - LINE_EDIT_MARGIN,
                                        -m.bottom())
    fm = edit.fontMetrics()
    return _too_big(what, fm.horizontalAdvance(text), fm.height(), room.width(), room.height())


def _spin(w: QAbstractSpinBox) -> str | None:
    edit = w.lineEdit()
    text = edit.text()
    return _edit_field(f"{type(w).__name__} {text!r}", edit, text) if text else None


def _widget_texts(window) -> list[str]:
    bad = []
    for kind, check in ((QLabel, _label), (QAbstractButton, _button), (QComboBox, _combo),
                        (QAbstractSpinBox, _spin)):
        for w in window.findChildren(kind):
            if _shown(w, window):
                problem = check(w)
                if problem:
                    bad.append(problem)
    return bad


# ----- plots -----------------------------------------------------------------------------------
def _clip_rect(item, view: QGraphicsView) -> QRectF:
    """Where ``item`` can be seen, in scene coordinates: the view's visible part, cut by
    every ancestor that clips its children."""
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape:
            visible = visible.intersected(parent.sceneBoundingRect())
        parent = parent.parentItem()
    return visible


def _is_shown(item) -> bool:
    while item is not None:
        if not item.isVisible() or item.opacity() == 0:
            return False
        item = item.parentItem()
    return True


def _text_of(item) -> str:
    return item.toPlainText() if isinstance(item, QGraphicsTextItem) else item.text()


def _plot_texts(window) -> list[str]:
    bad = []
    for view in window.findChildren(QGraphicsView):
        if not _shown(view, window) or view.scene() is None:
            continue
        for item in view.scene().items():
            if not isinstance(item, (QGraphicsTextItem, QGraphicsSimpleTextItem)) or not _is_shown(item):
                continue
            text = _text_of(item).strip()
            if not text:
                continue
            # the text's ink, not its frame: a text item pads its text by a few pixels
            box = item.sceneBoundingRect()
            pad = item.document().documentMargin() if isinstance(item, QGraphicsTextItem) else 0.0
            scale = item.sceneTransform().m11() ** 2 + item.sceneTransform().m12() ** 2
            pad *= scale ** 0.5
            ink = box.adjusted(pad, pad, -pad, -pad)
            room = _clip_rect(item, view)
            if not room.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(ink):
                name = view.accessibleName() or type(view).__name__
                bad.append(f"plot text {text[:50]!r} in {name}: drawn at {_r(ink)}, visible {_r(room)}")
    return bad


def _r(rect) -> str:
    return f"({rect.x():.0f},{rect.y():.0f} {rect.width():.0f}x{rect.height():.0f})"


# ----- the status bar --------------------------------------------------------------------------
def message_room(bar: QStatusBar) -> QRect:
    """Where QStatusBar draws its message: from 6 px in to 2 px before the first shown
    permanent widget (or 12 px before the right edge)."""
    right = bar.width() - 12
    for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if w.isVisible() and not isinstance(w, QSizeGrip):  # (a message hides the other widgets)
            right = min(right, w.x() - 2)
    return QRect(6, 0, right - 6, bar.height())


def _status(window) -> list[str]:
    bar = window.findChild(QStatusBar)
    if bar is None or not _shown(bar, window) or not bar.currentMessage():
        return []
    full = bar.currentMessage()
    shown = bar.shown_message() if hasattr(bar, "shown_message") else full
    if shown != full and bar.toolTip() != full:
        return [f"status message {full[:50]!r} is shortened but its tooltip is {bar.toolTip()[:50]!r}"]
    room = message_room(bar)
    fm = bar.fontMetrics()
    problem = _too_big(f"status message {shown!r}", fm.horizontalAdvance(shown), fm.height(), room.width(),
                       room.height())
    return [problem] if problem else []


def clipped_texts(window) -> list[str]:
    """The texts in ``window`` that do not fit where they are drawn (empty: all fit)."""
    return _widget_texts(window) + _plot_texts(window) + _status(window)


# ----- the layout ------------------------------------------------------------------------------
def cramped_panels(window) -> list[str]:
    """Docks whose panel scrolls sideways, and plots whose data area is under MIN_PLOT_AREA."""
    bad = []
    for dock in window.findChildren(QDockWidget):
        area = dock.widget()
        if _shown(dock, window) and isinstance(area, QScrollArea) and area.horizontalScrollBar().maximum() > 0:
            bad.append(f"dock {dock.windowTitle()!r} scrolls sideways by {area.horizontalScrollBar().maximum()} px")
    for plot in window.findChildren(pg.PlotWidget):
        if not _shown(plot, window):
            continue
        vb = plot.getPlotItem().getViewBox()
        w, h = vb.width(), vb.height()
        if w < MIN_PLOT_AREA[0] or h < MIN_PLOT_AREA[1]:
            name = plot.accessibleName() or type(plot).__name__
            bad.append(f"plot {name}: data area {w:.0f}x{h:.0f}, under {MIN_PLOT_AREA[0]}x{MIN_PLOT_AREA[1]}")
    return bad
