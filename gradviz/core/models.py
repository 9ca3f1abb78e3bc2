# PLACEHOLDER until the models module lands.
SEED001_NETWORKS = {}
Line = Model = Network = Neuron = make_model = sigmoid = None
