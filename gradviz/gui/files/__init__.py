"""Data files in and out: open/save, background loading, the column dialog, recent files,
autosave and the config folder."""
