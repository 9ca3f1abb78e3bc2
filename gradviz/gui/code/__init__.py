"""The Code room: the learner writes seed 001's functions and Run trains with them.

``runner`` and ``feedback`` are free of Qt (``child.py`` runs as its own process);
``panel`` is the editor dock."""
