# PLACEHOLDER until the losses module lands.
LOSSES = ("l1", "l2", "mse")
loss_value = None
