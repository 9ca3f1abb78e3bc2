"""Loss surfaces: the loss over a 2-D slice of parameter space, exact and fast.

Speed comes from the math:

* Line, L2/MSE: the loss is a quadratic in (w, b) whose coefficients are a few sums
  over the (centred) data. ``LineSums`` computes them once in O(n); a G x G surface
  then costs O(G^2), independent of n.
* Line, L1: for a fixed w the loss is S(b) = Σ|b - r_k| with r = y - w·x. Bucketing the
  r_k into the b-grid (arithmetic on a uniform grid, ``searchsorted`` otherwise) and
  one cumulative sum give every S(b_m) of a row in O(n + G) — exact, ties included.
* Neuron / network: only the neuron(s) whose parameters vary change across the grid.
  Everything else is a fixed vector computed once; terms that enter linearly (an
  output weight vᵢ, the output bias c) turn L2/MSE into quadratics again, and two
  different neurons combine through one matrix product.

Every fast route is checked against ``loss_surface_naive`` (a double loop calling
``model.loss``) in the tests, and timed against it in ``benchmarks/bench_core.py``.
"""

from __future__ import annotations

import operator

import numpy as np

from .bce import BCE, check_any_loss, check_bce
from .linefit import LineSums
from .models import Line, Model, Network, Neuron, _as_xy, _sigmoid_into
from .more_models import Plane
from .planefit import PlaneSums

__all__ = ["loss_surface", "loss_surface_naive"]

# Work arrays are kept around this many float64 elements (~1 MB), small enough to stay
# in cache and far below the ~32 MB per chunk the app allows itself.
_BLOCK = 1 << 17


def _check_slice(model, params, i, j, u, v, x, y, loss):
    if not isinstance(model, Model):
        raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
    check_any_loss(loss)
    p = np.array(model.as_params(params), dtype=np.float64)
    m = model.n_params
    try:
        i, j = operator.index(i), operator.index(j)
    except TypeError:
        raise ValueError(f"parameter indices must be integers, got {i!r} and {j!r}") from None
    if not (-m <= i < m and -m <= j < m):
        raise ValueError(f"parameter indices must be in 0..{m - 1} for {model.name} {model.param_names}, got {i} and {j}")
    i, j = i % m, j % m
    if i == j:
        raise ValueError(f"the two parameters of a slice must differ, got {model.param_names[i]!r} twice")
    u = np.asarray(u, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    if u.ndim != 1 or v.ndim != 1:
        raise ValueError(f"u and v must be 1-D grids, got shapes {u.shape} and {v.shape}")
    if not (np.isfinite(u).all() and np.isfinite(v).all()):
        raise ValueError("u and v must be finite")
    x, y = _as_xy(x, y, model.n_inputs)
    if loss == BCE:
        check_bce(model, y)
    return p, i, j, u, v, np.ascontiguousarray(x), np.ascontiguousarray(y)


def loss_surface_naive(model, params, i, j, u, v, x, y, loss):
    """Brute force: Z[a, b] = model.loss(params with params[i] = u[a], params[j] = v[b]).

    A double loop over the grid with a full parameter copy per point; the baseline the
    fast ``loss_surface`` is tested and timed against."""
    p, i, j, u, v, x, y = _check_slice(model, params, i, j, u, v, x, y, loss)
    Z = np.empty((u.size, v.size))
    for a in range(u.size):
        for b in range(v.size):
            q = p.copy()
            q[i] = u[a]
            q[j] = v[b]
            Z[a, b] = model.loss(q, x, y, loss)
    return Z


def loss_surface(model, params, i, j, u, v, x, y, loss):
    """Z[a, b] = loss with params[i] = u[a], params[j] = v[b], all other parameters fixed.

    Exact (to rounding) and fast; see the module docstring for the routes. ``u`` and
    ``v`` may be any finite 1-D grids (uniform grids are fastest for the line's L1).
    Overflow is not an error here: a window reaching absurd parameter values (beyond
    ~1e150) may give ``inf`` entries, never a warning."""
    p, i, j, u, v, x, y = _check_slice(model, params, i, j, u, v, x, y, loss)
    with np.errstate(over="ignore", invalid="ignore"):
        kind = type(model)
        if loss == BCE:
            return _generic_surface(model, p, i, j, u, v, x, y, loss)
        if kind is Plane and loss != "l1":
            return _plane_quadratic(p, i, j, u, v, x, y, loss)
        if kind is Line:
            # canonical orientation: rows = w, columns = b
            wg, bg = (u, v) if i == 0 else (v, u)
            if loss == "l1":
                Z = _line_l1(x, y, wg, bg)
            else:
                s = LineSums(x, y)
                Z = s.sse(wg[:, None], bg[None, :])
                Z = Z / s.n if (loss == "mse" and s.n) else (0.5 * Z if loss == "l2" else Z)
            return Z if i == 0 else np.ascontiguousarray(Z.T)
        if kind is Neuron or kind is Network:
            return _sigmoid_model_surface(model, p, i, j, u, v, x, y, loss)
        return _generic_surface(model, p, i, j, u, v, x, y, loss)


def _finish(S, loss, n):
    """Raw sums (Σe² for l2/mse, Σ|e| for l1) -> loss values."""
    if loss == "l2":
        S *= 0.5
    elif loss == "mse":
        if n:
            S /= n
    return S


def _plane_quadratic(p, i, j, u, v, x, y, loss):
    """The plane under l2/mse: O(n) sums once, then O(1) per grid point (``PlaneSums``)."""
    s = PlaneSums(x, y)
    P = [np.full((1, 1), p[k]) for k in range(3)]
    P[i] = u[:, None]
    P[j] = v[None, :]
    Z = np.broadcast_to(s.sse(*P), (u.size, v.size)).copy()
    return _finish(Z, loss, s.n)


def _generic_surface(model, p, i, j, u, v, x, y, loss):
    """Any model: vectorised over grid chunks with ``model.loss_many``."""
    G = u.size * v.size
    Z = np.empty(G)
    rows = max(1, _BLOCK // max(1, x.size))
    for s in range(0, G, rows):
        k = np.arange(s, min(G, s + rows))
        P = np.repeat(p[None, :], k.size, axis=0)
        P[:, i] = u[k // v.size]
        P[:, j] = v[k % v.size]
        Z[s:s + k.size] = model.loss_many(P, x, y, loss)
    return Z.reshape(u.size, v.size)


# -- line, L1 ------------------------------------------------------------------------------

def _line_l1(x, y, wg, bg):
    """Σ|w·x + b - y| on the grid wg x bg, O(n + G) per row of w."""
    G = bg.size
    n = x.size
    Z = np.empty((wg.size, G))
    if n == 0 or G == 0 or wg.size == 0:
        Z.fill(0.0)
        return Z
    order = None
    if G > 1 and not np.all(bg[1:] > bg[:-1]):
        order = np.argsort(bg, kind="stable")
        bg = bg[order]
    # Shift everything by the grid's first value so the running sums stay small (accuracy)
    # and the arithmetic bucketing needs no extra subtraction.
    bs = bg - bg[0]
    ys = y - bg[0]
    uniform = False
    if G > 1 and bs[-1] > bs[0]:
        db = (bs[-1] - bs[0]) / (G - 1)
        ideal = db * np.arange(G)
        uniform = bool(np.max(np.abs(bs - ideal)) <= 1e-8 * db)
    nc = min(n, _BLOCK)  # data points per chunk (very large n is split too)
    rows = max(1, _BLOCK // nc)
    Rbuf, Qbuf, Fbuf = np.empty(rows * nc), np.empty(rows * nc), np.empty(rows * nc)
    for s0 in range(0, wg.size, rows):
        wc = wg[s0:s0 + rows]
        cr = wc.size
        size = cr * (G + 1)
        cnt = np.zeros(size, dtype=np.intp)
        sm = np.zeros(size)
        for d0 in range(0, n, nc):
            xc, yc = x[d0:d0 + nc], ys[d0:d0 + nc]
            m = xc.size
            r = Rbuf[:cr * m].reshape(cr, m)
            np.multiply(wc[:, None], xc, out=r)
            np.subtract(yc, r, out=r)  # r = (y - b0) - w·x, so |b - r| = |w·x + b - y| (shifted)
            if uniform:
                # bucket t = smallest k with bs[k] >= r, by arithmetic: floor(r / db) + 1
                q = Qbuf[:cr * m].reshape(cr, m)
                f = Fbuf[:cr * m].reshape(cr, m)
                np.multiply(r, 1.0 / db, out=q)
                np.clip(q, -0.5, G - 0.5, out=q)  # below the grid -> 0, above -> G ("never")
                np.floor(q, out=f)
                # r within 1e-6 of a grid line: decide exactly against the real grid value
                np.subtract(q, f, out=q)
                q -= 0.5
                np.abs(q, out=q)
                near = np.flatnonzero(q > 0.5 - 1e-6)
                f += (np.arange(cr) * (G + 1.0) + 1.0)[:, None]  # +1, and the row's offset
                idx = f.astype(np.intp).ravel()
                if near.size:
                    t = np.searchsorted(bs, r.ravel()[near], side="left")
                    idx[near] = t + (near // m) * (G + 1)
            else:
                t = np.searchsorted(bs, r.ravel(), side="left")
                idx = t + np.repeat(np.arange(cr) * (G + 1), m)
            cnt += np.bincount(idx, minlength=size)
            sm += np.bincount(idx, weights=r.ravel(), minlength=size)
        cnt = cnt.reshape(cr, G + 1)
        sm = sm.reshape(cr, G + 1)
        cnt_le = np.cumsum(cnt[:, :G], axis=1)
        sum_le = np.cumsum(sm[:, :G], axis=1)
        tot = sm.sum(axis=1)
        # Σ|b - r| = Σ_{r<=b}(b - r) + Σ_{r>b}(r - b) = b·(2·cnt_le - n) + tot - 2·sum_le
        Zc = Z[s0:s0 + cr]
        np.multiply(bs, 2 * cnt_le - n, out=Zc)
        Zc += tot[:, None]
        Zc -= 2.0 * sum_le
    np.maximum(Z, 0.0, out=Z)
    if order is not None:
        out = np.empty_like(Z)
        out[:, order] = Z
        Z = out
    return Z


# -- neuron and network ----------------------------------------------------------------------

class _Units:
    """A sigmoid model as neurons (w_k, b_k, v_k) plus an output bias c.

    The neuron is one unit with v = 1 and c = 0 fixed."""

    def __init__(self, model, p):
        if type(model) is Neuron:
            self.w, self.b = p[0:1].copy(), p[1:2].copy()
            self.v = np.ones(1)
            self.c = 0.0
            self.roles = {0: (0, "w"), 1: (0, "b")}
        else:
            H3 = 3 * model.hidden
            self.w, self.b, self.v = p[0:H3:3].copy(), p[1:H3:3].copy(), p[2:H3:3].copy()
            self.c = float(p[H3])
            self.roles = {k: (k // 3, "wbv"[k % 3]) for k in range(H3)}
            self.roles[H3] = (None, "c")

    def activation(self, k, xc):
        a = xc * self.w[k]
        a += self.b[k]
        return _sigmoid_into(a, a)

    def contrib(self, k, role, vals, xc):
        """(G, nc): the unit's contribution to the prediction for each value of its param."""
        if role == "c":
            return np.repeat(vals[:, None], xc.size, axis=1)
        if role == "v":
            return np.multiply.outer(vals, self.activation(k, xc))
        if role == "w":
            Z = np.multiply.outer(vals, xc)
            Z += self.b[k]
        else:  # "b"
            Z = np.add.outer(vals, xc * self.w[k])
        _sigmoid_into(Z, Z)
        Z *= self.v[k]
        return Z


def _sigmoid_model_surface(model, p, i, j, u, v, x, y, loss):
    units = _Units(model, p)
    ki, ri = units.roles[i]
    kj, rj = units.roles[j]
    n = x.size
    varying = {k for k in (ki, kj) if k is not None}
    keep = np.array([k for k in range(units.w.size) if k not in varying], dtype=np.intp)
    c_fixed = 0.0 if "c" in (ri, rj) else units.c
    if ki == kj:  # two parameters of the same neuron
        if {ri, rj} == {"w", "b"}:
            wi_first = ri == "w"
            wg, bg = (u, v) if wi_first else (v, u)
            S = _same_neuron_wb(units, ki, wg, bg, x, y, keep, c_fixed, loss)
            Z = S if wi_first else S.T
        else:  # one of them is the output weight v_k, which enters linearly
            v_first = ri == "v"
            sg, vg = (v, u) if v_first else (u, v)
            srole = rj if v_first else ri
            S = _same_neuron_sv(units, ki, srole, sg, vg, x, y, keep, c_fixed, loss)
            Z = S.T if v_first else S
    else:
        Z = _two_units(units, (ki, ri, u), (kj, rj, v), x, y, keep, c_fixed, loss)
    return np.ascontiguousarray(_finish(Z, loss, n))


def _data_chunks(n, G):
    """Slices over the data so a (G, nc) block stays around _BLOCK elements."""
    nc = max(64, _BLOCK // max(1, G))
    return [slice(s, min(n, s + nc)) for s in range(0, n, nc)] or [slice(0, 0)]


def _fixed_residual(units, keep, c_fixed, xc, yc):
    """r = (prediction of the neurons that do not vary + fixed c) - y on a data chunk."""
    r = np.full(xc.size, c_fixed) - yc
    if keep.size:
        A = np.multiply.outer(units.w[keep], xc)
        A += units.b[keep, None]
        _sigmoid_into(A, A)
        r += units.v[keep] @ A
    return r


def _reduce_into(Zrows, T, loss):
    """Zrows += Σ_k of |T| (l1) or T² (l2/mse) over the last axis."""
    if loss == "l1":
        np.abs(T, out=T)
        Zrows += T.sum(axis=-1)
    else:
        Zrows += np.einsum("...k,...k->...", T, T)


def _same_neuron_wb(units, k, wg, bg, x, y, keep, c_fixed, loss):
    """w_k and b_k vary: v_k·σ(w·x + b) for every grid point (G_w·G_b·n sigmoids)."""
    Gw, Gb, n = wg.size, bg.size, x.size
    Z = np.zeros((Gw, Gb))
    vk = units.v[k]
    xmax = float(np.max(np.abs(x))) if n else 0.0
    # σ(w·x + b) = 1 / (1 + e^(-w·x)·e^(-b)): the exponentials separate, so the
    # G²·n part needs a multiply, an add and a division, no exp. Only when no
    # exponent can overflow (|w·x|, |b| <= 350); otherwise the stable direct route.
    separable = float(np.max(np.abs(wg))) * xmax <= 350.0 and float(np.max(np.abs(bg))) <= 350.0
    eb = np.exp(-bg) if separable else None
    for sl in _data_chunks(n, Gb):
        xc, yc = x[sl], y[sl]
        nc = xc.size
        if nc == 0:
            continue
        r = _fixed_residual(units, keep, c_fixed, xc, yc)
        ca = max(1, _BLOCK // (Gb * nc))
        T = np.empty((ca, Gb, nc))
        for a0 in range(0, Gw, ca):
            wa = wg[a0:a0 + ca]
            t = T[:wa.size]
            if separable:
                ew = np.exp(np.multiply.outer(-wa, xc))
                np.multiply(ew[:, None, :], eb[None, :, None], out=t)
                t += 1.0
                np.divide(vk, t, out=t)
            else:
                np.multiply(wa[:, None, None], xc[None, None, :], out=t)
                t += bg[None, :, None]
                _sigmoid_into(t, t)
                t *= vk
            t += r
            _reduce_into(Z[a0:a0 + wa.size], t, loss)
    return Z


def _same_neuron_sv(units, k, srole, sg, vg, x, y, keep, c_fixed, loss):
    """One of w_k/b_k (grid sg) and the output weight v_k (grid vg) vary.

    The prediction error is r + v·s with s = σ(...) depending on sg only."""
    Gs, Gv, n = sg.size, vg.size, x.size
    Z = np.zeros((Gs, Gv))
    for sl in _data_chunks(n, max(Gs, Gv)):
        xc, yc = x[sl], y[sl]
        if xc.size == 0:
            continue
        r = _fixed_residual(units, keep, c_fixed, xc, yc)
        if srole == "w":
            A = np.multiply.outer(sg, xc)
            A += units.b[k]
        else:
            A = np.add.outer(sg, xc * units.w[k])
        _sigmoid_into(A, A)  # (Gs, nc)
        if loss == "l1":
            ca = max(1, _BLOCK // (Gv * xc.size))
            T = np.empty((ca, Gv, xc.size))
            for a0 in range(0, Gs, ca):
                t = T[:min(ca, Gs - a0)]
                np.multiply(A[a0:a0 + ca, None, :], vg[None, :, None], out=t)
                t += r
                _reduce_into(Z[a0:a0 + ca], t, loss)
        else:
            # Σ(r + v·s)² = Σr² + 2v·Σr·s + v²·Σs²
            rs = A @ r
            ss = np.einsum("ak,ak->a", A, A)
            Z += float(np.dot(r, r))
            Z += 2.0 * rs[:, None] * vg[None, :]
            Z += ss[:, None] * (vg * vg)[None, :]
    return Z


def _two_units(units, first, second, x, y, keep, c_fixed, loss):
    """Parameters of two different units vary: error = r + C1[a] + C2[b]."""
    (k1, r1, g1), (k2, r2, g2) = first, second
    G1, G2, n = g1.size, g2.size, x.size
    Z = np.zeros((G1, G2))
    for sl in _data_chunks(n, G1 + G2):
        xc, yc = x[sl], y[sl]
        if xc.size == 0:
            continue
        r = _fixed_residual(units, keep, c_fixed, xc, yc)
        A = units.contrib(k1, r1, g1, xc)
        A += r
        B = units.contrib(k2, r2, g2, xc)
        if loss == "l1":
            ca = max(1, _BLOCK // (G2 * xc.size))
            T = np.empty((ca, G2, xc.size))
            for a0 in range(0, G1, ca):
                t = T[:min(ca, G1 - a0)]
                np.add(A[a0:a0 + ca, None, :], B[None, :, :], out=t)
                _reduce_into(Z[a0:a0 + ca], t, loss)
        else:
            # Σ(A + B)² = ΣA² + 2·A·Bᵀ + ΣB²; moving B's mean into A keeps the terms small
            m = B.mean(axis=0)
            A += m
            B -= m
            Z += np.einsum("ak,ak->a", A, A)[:, None]
            Z += 2.0 * (A @ B.T)
            Z += np.einsum("bk,bk->b", B, B)[None, :]
    np.maximum(Z, 0.0, out=Z)
    return Z
