"""In front of a class: presenter zoom, the presenter layout (F11) and the key-press overlay."""
