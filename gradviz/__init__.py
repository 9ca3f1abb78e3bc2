"""gradviz: watch a machine-learning model learn."""

__version__ = "0.1.0"
