"""The GL window the 3D landscape draws in: pyqtgraph's GL view as a QOpenGLWindow in a
window container, with the rarely changing part of the scene (the backdrop) cached.

A QOpenGLWidget anywhere in a top-level window makes Qt compose the whole window through
OpenGL on every repaint of any panel, which with software GL (llvmpipe: CI, remote
sessions) cost most of each frame. A native child window leaves the rest of the window on
the raster backing store. ``QWidget.grab()`` does not capture it, so ``GLView.render_image()``
renders the scene itself.

While training, only a few items move. The rest of the scene (the backdrop) is drawn into
an offscreen framebuffer when it or the camera changes, and each frame copies that image
and draws the moving items over it: with software GL this cut a frame's GL time from
~10 ms to ~3.

Sizes: Qt measures a window in logical pixels, GL in device pixels (logical x the device
pixel ratio, 1.5 on a HiDPI laptop): every viewport, framebuffer and copy here is in
device pixels.

Import this module only when ``opengl_available()`` says yes.
"""

from __future__ import annotations

import atexit
import weakref

import shiboken6
from OpenGL import GL
from PySide6 import QtCore, QtGui, QtOpenGL, QtWidgets
from pyqtgraph.opengl import shaders
from pyqtgraph.opengl.GLViewWidget import GLViewMixin

__all__ = ["GLView", "embed", "grab_with_scene"]

_painting_view: weakref.ref | None = None

# GL windows' containers still alive. createWindowContainer leaves the window owned
# by its Python wrapper, and at exit PySide deletes every Python-owned QObject in no
# particular order: a window deleted before its container leaves the container a
# dangling pointer, and destroying the top-level widget then crashes. So delete the
# containers (each deletes its window) first: this atexit hook is registered after
# PySide's (at import), so it runs before it.
_containers: weakref.WeakSet = weakref.WeakSet()


@atexit.register
def _delete_containers() -> None:
    for container in list(_containers):
        if shiboken6.isValid(container):
            container.setParent(None)   # Python's now (keeps PySide's books straight)
            shiboken6.delete(container)


def _reset_pyqtgraph_shader_caches() -> None:
    """Forget compiled programs (they belong to another, unshared context)."""
    from pyqtgraph.opengl.items import GLImageItem, GLLinePlotItem, GLScatterPlotItem, GLVolumeItem
    for mod, name in ((GLLinePlotItem, "GLLinePlotItem"), (GLScatterPlotItem, "GLScatterPlotItem"),
                      (GLImageItem, "GLImageItem"), (GLVolumeItem, "GLVolumeItem")):
        cls = getattr(mod, name, None)
        if cls is not None and hasattr(cls, "_shaderProgram"):
            cls._shaderProgram = None
    for prog in shaders.ShaderProgram.names.values():
        prog.prog = None


class GLView(GLViewMixin, QtOpenGL.QOpenGLWindow):
    """pyqtgraph's GL view as a QOpenGLWindow (a native child window, embedded with
    ``QWidget.createWindowContainer``) instead of a QOpenGLWidget.

    A QOpenGLWidget switches its whole top-level window to OpenGL composition: with
    software GL every repaint of any panel then composes the full window through GL.
    A native GL child window leaves the rest of the window on the raster backing store
    and only swaps its own buffers. The price: ``QWidget.grab()`` leaves it blank,
    hence ``render_image()``."""

    painted = QtCore.Signal()  # paintGL has run (the buffer swap comes next)

    def __init__(self) -> None:
        share = QtGui.QOpenGLContext.globalShareContext()
        no_partial = QtOpenGL.QOpenGLWindow.UpdateBehavior.NoPartialUpdate
        if share is not None and share.isValid():   # what a QOpenGLWidget would share
            super().__init__(share, no_partial)
        else:
            super().__init__(no_partial)
        fmt = QtGui.QSurfaceFormat(self.requestedFormat())
        fmt.setDepthBufferSize(24)     # as a QOpenGLWidget's framebuffer has
        fmt.setStencilBufferSize(8)
        self.setFormat(fmt)
        self._paint_pending = False
        self._stopped = False
        # the backdrop: items that change rarely (surface, floor, axes, labels), drawn
        # into an offscreen framebuffer when they or the camera change, and copied in
        # each frame before the moving items (ball, path, arrow) are drawn over it
        self.cache_backdrop = True
        self._backdrop: list = []
        self._backdrop_fbo = None
        self._backdrop_key = None
        self._backdrop_dirty = True
        self.backdrop_renders = 0  # how often the backdrop was drawn (tests, bench)

    def set_backdrop(self, items, watched=()) -> None:
        """``items`` (top-level items of this view) form the backdrop; a change to any
        of them or to ``watched`` (their children) redraws it. They must be drawn
        before every other item, as they are when cached."""
        self._backdrop = list(items)
        me = weakref.ref(self)
        every = [*self._backdrop, *watched]
        for item in every:
            every.extend(item.childItems())  # e.g. the grid's line item
        for item in every:
            plain = item.update

            def update(plain=plain) -> None:
                view = me()
                if view is not None:
                    view._backdrop_dirty = True
                plain()

            item.update = update  # every setData / setVisible / transform ends here
        self._backdrop_dirty = True

    def update(self) -> None:
        # every item change and camera move comes through here (GLViewMixin, items)
        self._paint_pending = True
        super().update()

    def paint_pending(self) -> bool:
        """An update was asked for and the window is on screen to paint it."""
        return self._paint_pending and self.isExposed()

    # the bits of the QWidget API that GLViewMixin and GLTextItem use
    def devicePixelRatioF(self) -> float:
        return float(self.devicePixelRatio())

    def rect(self) -> QtCore.QRect:
        return QtCore.QRect(0, 0, self.width(), self.height())

    def device_size(self) -> tuple[int, int]:
        """The window's size in device pixels: what GL draws into."""
        size = self.size() * self.devicePixelRatio()  # rounded as Qt sizes the framebuffer
        return max(1, size.width()), max(1, size.height())

    def event(self, ev: QtCore.QEvent) -> bool:
        # deliver update() as a QPaintEvent, as a widget gets it (QPaintDeviceWindow
        # repaints straight from the UpdateRequest): event filters see every frame
        if ev.type() == QtCore.QEvent.Type.UpdateRequest and self._stopped:
            return True
        if ev.type() == QtCore.QEvent.Type.UpdateRequest and self.isExposed():
            QtCore.QCoreApplication.sendEvent(self, QtGui.QPaintEvent(self.rect()))
            return True
        return super().event(ev)

    def stop_painting(self) -> None:
        """From now on paint nothing: the window is closing. A paint that slipped in
        between (a modal dialog's event loop delivering an expose or update request
        while its window was being torn down) crashed in pyqtgraph's GL calls."""
        self._stopped = True

    def paintGL(self) -> None:
        global _painting_view
        if self._stopped:
            return
        if self.context().shareContext() is None:
            # contexts are not shared: pyqtgraph's class-wide shader caches are only
            # valid for the view that filled them
            last = _painting_view() if _painting_view is not None else None
            if last is not self:
                _reset_pyqtgraph_shader_caches()
                _painting_view = weakref.ref(self)
        self._paint_pending = False
        # the whole window, in device pixels (pyqtgraph's regions are in logical pixels:
        # only their ratios reach the projection)
        GL.glViewport(0, 0, *self.device_size())
        if self.cache_backdrop and self._backdrop:
            try:
                self._paint_over_backdrop()
            except Exception:
                # a GL without framebuffer objects or glBlitFramebuffer (before 3.0):
                # draw everything every frame, as without the cache (self.items is
                # already whole again: every swap of it is undone in a finally)
                self.cache_backdrop = False
                GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, self.defaultFramebufferObject())
                super().paintGL()
        else:
            super().paintGL()
        # the Python side of the frame is done; the swap that follows runs in C (the GIL
        # free), so the trainer may start its turn now
        self.painted.emit()

    def _camera_key(self, region) -> tuple:
        # (the context too: a framebuffer object is not shared between contexts)
        return (id(self.context()), tuple(region), tuple(self.projectionMatrix(region, region).data()),
                tuple(self.viewMatrix().data()), tuple(self.opts["bgcolor"]))

    def _paint_over_backdrop(self) -> None:
        """Copy the backdrop (drawn again only when it or the camera changed), then
        draw the other items over it: with software GL the surface, floor, axes and
        labels were ~2/3 of a frame's GL time, and they only move when the camera does."""
        items = self.items
        region = self.getViewport()
        w, h = self.device_size()
        key = (*self._camera_key(region), w, h)
        fbo = self._backdrop_fbo
        if fbo is None or fbo.width() != w or fbo.height() != h or key[0] != self._backdrop_key[0]:
            fbo = self._backdrop_fbo = QtOpenGL.QOpenGLFramebufferObject(
                w, h, QtOpenGL.QOpenGLFramebufferObject.Attachment.CombinedDepthStencil,
                GL.GL_TEXTURE_2D, GL.GL_RGB8)
            if not fbo.isValid():
                raise RuntimeError("no framebuffer object for the 3D backdrop")
            self._backdrop_dirty = True
        screen = self.defaultFramebufferObject()
        if self._backdrop_dirty or key != self._backdrop_key:
            self._backdrop_dirty = False
            self._backdrop_key = key
            self.backdrop_renders += 1
            fbo.bind()
            GL.glViewport(0, 0, w, h)
            try:
                self.items = self._backdrop
                self.paint(region=region, viewport=region)
            finally:
                self.items = items
                GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, screen)
        # colour only: the moving items are drawn on top, without a depth test (and a
        # depth copy fails as a whole where the two depth formats differ)
        GL.glBindFramebuffer(GL.GL_READ_FRAMEBUFFER, fbo.handle())
        GL.glBindFramebuffer(GL.GL_DRAW_FRAMEBUFFER, screen)
        GL.glBlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL.GL_COLOR_BUFFER_BIT, GL.GL_NEAREST)
        GL.glBindFramebuffer(GL.GL_FRAMEBUFFER, screen)
        GL.glViewport(0, 0, w, h)  # (a QPainter on the backdrop may have changed it)
        # a moving item drawn with the depth test (a surface that changes while training)
        # tests against itself only, not against the last frame's depths
        GL.glClear(GL.GL_DEPTH_BUFFER_BIT)
        self.setProjection(region, region)
        self.setModelview()
        backdrop = set(map(id, self._backdrop))
        try:
            self.items = [i for i in items if id(i) not in backdrop]
            self.drawItemTree()
        finally:
            self.items = items

    def render_image(self) -> QtGui.QImage | None:
        """A fresh frame, text labels included; None when the window is not on screen.

        Drawn into the back buffer and read back before any swap (after a swap the
        back buffer's content is undefined); the next frame draws over it."""
        if self._stopped or not (self.isExposed() and self.isValid()):
            return None
        self.makeCurrent()
        try:
            self.paintGL()
            return self.grabFramebuffer()
        finally:
            self.doneCurrent()


def embed(view: GLView, parent: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """A widget container for ``view`` inside ``parent``; the container owns the window from
    here on, and is deleted before PySide's own clean-up at exit (see ``_containers``)."""
    container = QtWidgets.QWidget.createWindowContainer(view, parent)
    _containers.add(container)
    return container


def grab_with_scene(widget: QtWidgets.QWidget, view: GLView, container: QtWidgets.QWidget) -> QtGui.QImage:
    """``widget`` as a QImage with a fresh frame of ``view`` (embedded as ``container``, a
    child of ``widget``) painted in: ``QWidget.grab()`` leaves a native GL window blank (and
    so does this when the window is not on screen)."""
    image = widget.grab().toImage()
    frame = view.render_image()
    if frame is not None and not frame.isNull():
        painter = QtGui.QPainter(image)
        # where the container sits in ``widget`` (it may be nested in a frame or layout inside it)
        at = container.mapTo(widget, QtCore.QPoint(0, 0))
        painter.drawImage(QtCore.QRectF(QtCore.QRect(at, container.size())), frame)
        painter.end()
    return image
