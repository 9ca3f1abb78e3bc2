"""OpenGL: availability (checked once), the GL window and its items."""
