# PLACEHOLDER until the trainer module lands.
OPTIMIZERS = ("gd", "sgd", "momentum", "adam")
Snapshot = Trainer = None
