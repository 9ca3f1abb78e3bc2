"""Export: animations (GIF, MP4), pictures of one panel (PNG, SVG), the run's history
(CSV), from the File menu, the plots' right-click menu and the command line."""
