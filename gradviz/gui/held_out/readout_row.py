"""The readout's line about the held-out points: their loss beside the training loss."""

from __future__ import annotations

from gradviz.gui.widgets.formatting import num, plural


def eval_readout_row(frame) -> str | None:
    """HTML of the held-out loss (the training loss's formula on the held-out points), or
    None while no point is held out."""
    loss = frame.snapshot.eval_loss
    if loss is None or frame.eval_dataset is None:
        return None
    gap = loss - frame.snapshot.loss
    return (f"<b>Held-out loss</b> (same formula, points never trained on) = <b>{num(loss)}</b> &nbsp; "
            f"<span style='color:#666'>(n = {plural(len(frame.eval_dataset))}; held-out − training = "
            f"{num(gap)})</span>")
