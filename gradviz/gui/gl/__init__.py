"""OpenGL for the 3D views: whether it works here (checked once), the GL window and the
items drawn in it.

Only ``availability`` is imported with the package; ``gl_view`` and ``items`` import
pyqtgraph.opengl and are imported by a view once ``opengl_available()`` says yes.
"""

from gradviz.gui.gl.availability import GL_IMPORT_ERROR, gl_importable, opengl_available, share_gl_contexts

__all__ = ["GL_IMPORT_ERROR", "gl_importable", "opengl_available", "share_gl_contexts"]
