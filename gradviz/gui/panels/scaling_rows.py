"""The readout's line for a run on standardized x: the scale, and the fit in x's own units."""

from __future__ import annotations

from gradviz.gui.state.scaling import params_in_data_units
from gradviz.gui.widgets.formatting import num


def scaling_rows(frame, values: dict) -> list[str]:
    """One row when the frame's run trains on standardized x (else none); the parameters in
    x's units go into ``values`` as "<name> (x units)"."""
    st = frame.scaling
    if st is None:
        return []
    names = frame.model.param_names
    orig = params_in_data_units(frame)
    for name, v in zip(names, orig):
        values[f"{name} (x units)"] = float(v)
    k = 2 if st.n_inputs == 1 else 3  # the line's w, b; the plane's w1, w2, b
    shown = ", ".join(f"{n} = {num(v)}" for n, v in list(zip(names, orig))[:k])
    more = " …" if len(names) > k else ""
    if st.n_inputs == 1:
        scaled = f"xᵢ here is (x − {num(st.mean)}) / {num(st.std)}"
    else:  # each input on its own scale
        scaled = " and ".join(f"x{j} here is (x{j} − {num(m)}) / {num(sd)}"
                              for j, (m, sd) in enumerate(zip(st.mean, st.std), start=1))
    return [f"<b>Standardized x</b>: {scaled}; the same fit on x itself: {shown}{more}"]
