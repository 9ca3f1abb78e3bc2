"""The ready-made comparisons: the settings of each run, the run in focus first."""

from __future__ import annotations

from dataclasses import replace

from gradviz.gui.state.settings import Settings

ADAM_LR = 0.05  # Adam moves each parameter about this far a step: a usual rate for these problems
KINDS = {
    "rates": "Learning rates: a tenth of, half of and just over the largest stable rate",
    "optimizers": "Optimizers: gradient descent, momentum and Adam from the same start",
    "batches": "Batch sizes: 1, a few and the whole data set (stochastic gradient descent)",
}


def comparison(kind: str, base: Settings, stable_lr: float | None, n_points: int) -> list[Settings]:
    """The runs of comparison ``kind`` on data of ``n_points`` points. ``stable_lr``: the
    largest stable rate of gradient descent where known (else rates around ``base.lr``)."""
    plain = replace(base, schedule="constant")
    if kind == "rates":
        factors = (0.1, 0.5, 1.05) if stable_lr else (0.5, 1.0, 2.0)
        ref = stable_lr or base.lr
        opt = base.optimizer if stable_lr is None else "gd"
        return [replace(plain, optimizer=opt, lr=f * ref) for f in factors]
    lr = 0.5 * stable_lr if stable_lr else base.lr
    if kind == "optimizers":
        return [replace(plain, optimizer="gd", lr=lr), replace(plain, optimizer="momentum", lr=lr),
                replace(plain, optimizer="adam", lr=ADAM_LR)]
    if kind == "batches":
        n = max(1, n_points)
        sizes = sorted({1, min(n, max(2, n // 4)), n})
        return [replace(plain, optimizer="sgd", lr=lr, batch_size=b) for b in sizes]
    raise ValueError(f"no comparison called {kind!r}; allowed: {', '.join(KINDS)}")


def start_comparison(session, kind: str) -> None:
    """Race the runs of ``kind`` from the session's start point."""
    runs = comparison(kind, session.settings, session.stable_lr(), len(session.dataset))
    race(session, runs, KINDS[kind].split(":")[0])


def readable_rate(lr: float) -> float:
    """``lr`` to three significant figures: a rate the Controls show whole and a learner can
    read aloud (a change of at most 0.05 %, so "just over the largest stable rate" stays over)."""
    return float(f"{lr:.3g}")


def race(session, runs: list[Settings], title: str) -> None:
    """Race ``runs`` from the session's start point: the focused run takes the first
    settings, companions the others; everything starts again at step 0. Rates are rounded
    to three significant figures (``readable_rate``)."""
    runs = [replace(s, lr=readable_rate(s.lr)) for s in runs]
    session.pause()
    session.timeline.back_to_now()  # a comparison starts afresh, never a branch of a past step
    session.runs.clear()
    first = runs[0]
    session.update_settings(optimizer=first.optimizer, lr=first.lr, batch_size=first.batch_size,
                            schedule=first.schedule, standardize=first.standardize)
    session.reset()
    for s in runs[1:]:
        session.runs.add(s)
    session.notify(title + " side by side: press Play (Space) to race them.")
