"""Whether the 3D view can run here: pyqtgraph.opengl importable and an OpenGL context of
2.1 or later on this Qt platform. Checked once per process.

pyqtgraph 0.14 caches compiled shader programs per class, which breaks as soon as a second
GL view lives in another context (a floated dock, or the next test) unless contexts are
shared (pyqtgraph issues #2618, #3455). ``Qt.AA_ShareOpenGLContexts`` must be set before
the QApplication is created for Qt's global share context to exist: importing this module
sets it when no application exists yet, and ``share_gl_contexts()`` does the same
explicitly. If the application came first anyway, the GL view resets pyqtgraph's shader
caches whenever a different view paints (slower, but correct).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

try:  # PyOpenGL needs a GL library; everything but the 3D view must work without it
    import pyqtgraph.opengl  # noqa: F401
    GL_IMPORT_ERROR = ""
except Exception as exc:  # pragma: no cover - depends on the machine
    GL_IMPORT_ERROR = f"{type(exc).__name__}: {exc}"

__all__ = ["GL_IMPORT_ERROR", "gl_importable", "opengl_available", "share_gl_contexts"]

_NO_GL_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb")


def gl_importable() -> bool:
    """pyqtgraph.opengl (and PyOpenGL under it) can be imported."""
    return not GL_IMPORT_ERROR


def share_gl_contexts() -> bool:
    """Set ``Qt.AA_ShareOpenGLContexts`` if no Q(Core)Application exists yet (it must be set
    before). Returns True if contexts will be shared (set now or earlier)."""
    if QtCore.QCoreApplication.instance() is None:
        QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        return True
    return QtCore.QCoreApplication.testAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


share_gl_contexts()

_gl_check_cache: tuple[bool, str] | None = None


def opengl_available() -> tuple[bool, str]:
    """(True, "") if a QOpenGLContext (>= 2.1, what pyqtgraph.opengl needs) can be created
    and made current on this platform; else (False, reason). Needs a QGuiApplication."""
    global _gl_check_cache
    if _gl_check_cache is not None:
        return _gl_check_cache
    if QtGui.QGuiApplication.instance() is None:
        return False, "no QGuiApplication yet (create the application first)"
    if GL_IMPORT_ERROR:
        result = (False, f"pyqtgraph.opengl cannot be imported ({GL_IMPORT_ERROR})")
    else:
        platform = QtGui.QGuiApplication.platformName()
        if platform in _NO_GL_PLATFORMS:
            # checked by name: 'minimal' prints a Qt warning when asked for a context
            result = (False, f"the Qt platform '{platform}' has no OpenGL")
        else:
            result = check_global_context() or _try_context()
    _gl_check_cache = result
    return result


def check_global_context() -> tuple[bool, str] | None:
    """With ``AA_ShareOpenGLContexts`` Qt keeps one global share context (created on the
    first ask). The 3D view shares it, so checking it costs nothing extra, where a
    throw-away context cost as much again. None: no such context, ask ``_try_context``."""
    if not QtCore.QCoreApplication.testAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts):
        return None
    ctx = QtGui.QOpenGLContext.globalShareContext()
    if ctx is None or not ctx.isValid():
        return None
    version = ctx.format().version()
    if not ctx.isOpenGLES() and tuple(version) < (2, 1):
        return False, f"OpenGL {version[0]}.{version[1]} is too old (2.1 needed)"
    return True, ""


def _try_context() -> tuple[bool, str]:
    ctx = QtGui.QOpenGLContext()
    if not ctx.create():
        return False, f"no OpenGL context on the Qt platform '{QtGui.QGuiApplication.platformName()}'"
    surface = QtGui.QOffscreenSurface()
    surface.setFormat(ctx.format())
    surface.create()
    try:
        if not surface.isValid() or not ctx.makeCurrent(surface):
            return False, "an OpenGL context was created but cannot be made current"
        version = ctx.format().version()
        if not ctx.isOpenGLES() and tuple(version) < (2, 1):
            return False, f"OpenGL {version[0]}.{version[1]} is too old (2.1 needed)"
        ctx.doneCurrent()
        return True, ""
    finally:
        surface.destroy()
