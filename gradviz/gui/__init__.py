"""Qt front end of gradviz: main window, panels and the training thread."""
