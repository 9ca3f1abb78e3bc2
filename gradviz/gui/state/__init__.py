"""The app's state: settings, the session that owns them, the frames it publishes, data edits."""
