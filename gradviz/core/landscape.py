# PLACEHOLDER until the landscape module lands.
least_squares = loss_surface = loss_surface_naive = max_stable_lr = suggest_window = None
