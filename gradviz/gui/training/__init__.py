"""The training loop's thread and the pacing of frames to the screen."""
