"""OpenGL availability, checked once (marked gl: needs Xvfb + Mesa)."""

from __future__ import annotations

import pytest

from gradviz.gui.gl import opengl_available


@pytest.mark.gl
def test_opengl_is_available_under_xvfb(qapp):
    assert opengl_available() == (True, "")


@pytest.mark.gl
def test_opengl_check_uses_the_shared_context(qapp):
    from PySide6.QtGui import QOpenGLContext

    from gradviz.gui.gl.availability import check_global_context
    assert check_global_context() == (True, "")
    assert QOpenGLContext.globalShareContext().isValid()
