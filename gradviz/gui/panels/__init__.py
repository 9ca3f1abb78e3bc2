"""The small docked panels: controls, the readout and the loss curve."""
