"""Several runs side by side: the ready-made comparisons, the Runs menu, --run."""
