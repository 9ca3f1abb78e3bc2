"""Training: optimizer steps, divergence detection and a bounded path history.

    tr = Trainer(Line(), dataset, loss="l2", optimizer="gd", lr=0.001)
    snap = tr.step(1000)        # advance 1000 steps, get an immutable Snapshot

Optimizers (``OPTIMIZERS``):

* ``gd``        plain gradient descent on the WHOLE data set (seed 001's ``update()``);
                ``batch_size`` is ignored.
* ``sgd``       the same step on mini-batches of ``batch_size`` points (None or >= n:
                the whole data set; 1: seed 002's per-sample update). The order is
                reshuffled every epoch by a ``np.random.Generator`` seeded with ``seed``.
* ``momentum``  heavy ball on mini-batches: v <- μ·v + g, params <- params - lr·v.
* ``adam``      Adam (Kingma & Ba) with bias correction, on mini-batches.

A mini-batch's loss is the chosen loss applied to the batch alone (for l2 a sum over
the batch, for mse its mean), so seed 002's update is ``sgd`` with batch_size=1, mse.

Snapshots always report the loss and gradient over the whole data set.

Divergence: after a step, if the whole-data loss is not finite or exceeds the limit
``max(1e12, 1e4 x the loss where the run last (re)started)``, or a parameter or the
gradient is not finite, training stops *before* accepting that step: the parameters
stay at the last good point and ``diverged`` holds a sentence for the learner. Further
``step()`` calls do nothing. Only ``reset()``, ``set_params()`` and ``set_model()``
clear it; ``set_lr()`` alone does not (lower the rate, then press reset or move the
point). With large data and small batches the whole-data loss is checked every few
steps (cost-balanced; always at the end of ``step()``), plus whenever the batch loss
hints at trouble; a failing check rolls back to the last checked point.

Path history: every checked step is recorded as (step, params, loss). The most recent
2000 entries are kept in full; older ones go to a second buffer of 2000 that, when
full, drops every other entry and doubles its recording stride. So a path never holds
more than 4000 entries whatever the number of steps, always starts with the start
point and ends with the current point. Its losses are those of the current data and
loss (``set_loss`` recomputes them, ``set_dataset`` too unless that would cost more
than RECOMPUTE_BUDGET point evaluations), so the path lies on the landscape.

Thread safety: every public method takes an internal lock, so a GUI thread may call a
setter while a worker thread is inside ``step(k)``; the setter waits for that call.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from .linefit import LineSums, max_stable_lr
from .losses import _value, check_loss
from .models import Line, Model

__all__ = ["OPTIMIZERS", "Snapshot", "Trainer"]

OPTIMIZERS = ("gd", "sgd", "momentum", "adam")

DIVERGENCE_LOSS = 1e12  # absolute loss limit
DIVERGENCE_GROWTH = 1e4  # ... or this many times the loss at the last (re)start
HISTORY_RECENT = 2000  # most recent path entries kept in full
HISTORY_OLD = 2000  # thinned older entries
HISTORY_MAX = HISTORY_RECENT + HISTORY_OLD
# set_dataset recomputes the path's losses on the new data when that costs at most this
# many point evaluations (always for the line under l2/mse: O(1) per entry); otherwise
# the entries keep the loss they were recorded with (the GUI may call set_dataset
# for every mouse move while a point is dragged).
RECOMPUTE_BUDGET = 1 << 24
NOT_FINITE_AT_START = ("The loss is not finite at the start point with this data (the numbers are too "
                       "large for this loss). Try the L1 loss, another start point or smaller values.")


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Immutable state of a trainer; every array is a read-only copy (safe across threads).

    ``loss`` and ``grad`` are over the whole data set. ``path_*`` is the bounded path
    history (step, params, loss), oldest first, the current point last."""

    step: int
    params: np.ndarray
    loss: float
    grad: np.ndarray
    diverged: str | None
    lr: float
    epoch: int
    path_steps: np.ndarray
    path_params: np.ndarray
    path_losses: np.ndarray


def _frozen(a, dtype=np.float64):
    a = np.array(a, dtype=dtype, copy=True)
    if a.dtype.kind == "f" and not np.isfinite(a).all():  # last line of defence
        a = np.nan_to_num(a, nan=0.0, posinf=np.finfo(np.float64).max, neginf=-np.finfo(np.float64).max)
    a.flags.writeable = False
    return a


def _fmt_power(v: float) -> str:
    """1e12 -> '1e12', 3.5e13 -> '3.5e13'."""
    mant, _, exp = f"{v:.2g}".partition("e")
    return f"{mant}e{int(exp)}" if exp else mant


# ---------------------------------------------------------------------------------------
# objectives: loss and gradient of a model on fixed data
# ---------------------------------------------------------------------------------------

class _Objective:
    quadratic = False

    def __init__(self, model: Model, x, y, loss):
        self.model, self.x, self.y, self.loss = model, x, y, loss
        self.n = x.size
        self._lg = model._loss_and_grad
        self.scalar_line = type(model) is Line

    def full(self, p, g_out) -> float:
        L, g = self._lg(p, self.x, self.y, self.loss)
        g_out[:] = g
        return L

    def full_loss(self, p) -> float:
        e = self.model._predict(p, self.x)
        e -= self.y
        return _value(e, self.loss)

    def batch(self, p, xb, yb, g_out) -> float:
        if self.scalar_line and xb.size == 1:
            return _line_one_point(p, float(xb[0]), float(yb[0]), self.loss, g_out)
        L, g = self._lg(p, xb, yb, self.loss)
        g_out[:] = g
        return L

    def losses(self, P) -> np.ndarray:
        return self.model.loss_many(P, self.x, self.y, self.loss)

    def full_work(self) -> int:
        return self.n * self.model._width()


def _line_one_point(p, x, y, loss, g_out) -> float:
    """Loss and gradient of the line on one point with Python floats (seed 002's
    per-sample update costs a microsecond instead of a handful of numpy calls)."""
    w, b = p.tolist()
    e = w * x + b - y
    if loss == "l2":
        g_out[0] = e * x
        g_out[1] = e
        return 0.5 * e * e
    if loss == "mse":
        g_out[0] = 2.0 * e * x
        g_out[1] = 2.0 * e
        return e * e
    s = float((e > 0.0) - (e < 0.0))
    g_out[0] = s * x
    g_out[1] = s
    return abs(e)


class _LineQuadratic(_Objective):
    """The line under l2/mse: whole-data loss and gradient in O(1) from ``LineSums``."""

    quadratic = True

    def __init__(self, model, x, y, loss):
        super().__init__(model, x, y, loss)
        self.s = LineSums(x, y)
        n = self.n
        self.k_loss = 0.5 if loss == "l2" else (1.0 / n if n else 0.0)
        self.k_grad = 1.0 if loss == "l2" else (2.0 / n if n else 0.0)

    def full(self, p, g_out) -> float:
        w, b = p.tolist()
        q, sex, se = self.s.sse_and_grad(w, b)
        k = self.k_grad
        g_out[0] = k * sex
        g_out[1] = k * se
        return self.k_loss * q

    def full_loss(self, p) -> float:
        w, b = p.tolist()
        return self.k_loss * self.s.sse(w, b)

    def losses(self, P) -> np.ndarray:
        return self.k_loss * self.s.sse(P[:, 0], P[:, 1])

    def full_work(self) -> int:
        return 1


def _objective(model, x, y, loss) -> _Objective:
    if type(model) is Line and loss in ("l2", "mse"):
        return _LineQuadratic(model, x, y, loss)
    return _Objective(model, x, y, loss)


# ---------------------------------------------------------------------------------------
# bounded path history
# ---------------------------------------------------------------------------------------

class _History:
    """Recent entries in a ring buffer; evicted ones thinned into a second buffer."""

    def __init__(self, n_params: int, recent: int = HISTORY_RECENT, old: int = HISTORY_OLD):
        self.R, self.C, self.P = recent, old, n_params
        self.rs = np.empty(recent, np.int64)
        self.rp = np.empty((recent, n_params))
        self.rl = np.empty(recent)
        self.os = np.empty(old, np.int64)
        self.op = np.empty((old, n_params))
        self.ol = np.empty(old)
        self.clear()

    def clear(self):
        self.r0 = self.rn = self.on = self.count = 0
        self.stride = 1

    def __len__(self):
        return self.rn + self.on

    def add(self, step, p, loss):
        if self.rn == self.R:
            j = self.r0
            self._evict(j)
            self.r0 = j + 1 if j + 1 < self.R else 0
        else:
            j = self.r0 + self.rn
            if j >= self.R:
                j -= self.R
            self.rn += 1
        self.rs[j] = step
        self.rp[j] = p
        self.rl[j] = loss

    def _evict(self, j):
        c = self.count
        self.count = c + 1
        if c % self.stride:
            return
        if self.on == self.C:  # full: keep every other entry (the first, the start, stays)
            m = (self.C + 1) // 2
            self.os[:m] = self.os[0:self.C:2].copy()
            self.op[:m] = self.op[0:self.C:2].copy()
            self.ol[:m] = self.ol[0:self.C:2].copy()
            self.on = m
            self.stride *= 2
            if c % self.stride:
                return
        k = self.on
        self.os[k] = self.rs[j]
        self.op[k] = self.rp[j]
        self.ol[k] = self.rl[j]
        self.on = k + 1

    def _ring(self):
        return (self.r0 + np.arange(self.rn)) % self.R

    def arrays(self):
        idx = self._ring()
        o = self.on
        return (np.concatenate((self.os[:o], self.rs[idx])),
                np.concatenate((self.op[:o], self.rp[idx])),
                np.concatenate((self.ol[:o], self.rl[idx])))

    def recompute_losses(self, fn):
        if self.on:
            self.ol[:self.on] = fn(self.op[:self.on])
        idx = self._ring()
        if idx.size:
            self.rl[idx] = fn(self.rp[idx])


# ---------------------------------------------------------------------------------------
# the trainer
# ---------------------------------------------------------------------------------------

def _check_optimizer(name) -> str:
    if isinstance(name, str) and name in OPTIMIZERS:
        return name
    raise ValueError(f"unknown optimizer {name!r}: choose one of {', '.join(repr(o) for o in OPTIMIZERS)}")


def _check_lr(lr) -> float:
    try:
        v = float(lr)
    except (TypeError, ValueError):
        raise ValueError(f"learning rate must be a number, got {lr!r}") from None
    if not (math.isfinite(v) and v > 0.0):
        raise ValueError(f"learning rate must be finite and > 0, got {lr!r}")
    return v


def _check_batch(bs):
    if bs is None:
        return None
    if isinstance(bs, bool) or not isinstance(bs, (int, np.integer)) or bs < 1:
        raise ValueError(f"batch_size must be None (whole data set) or an integer >= 1, got {bs!r}")
    return int(bs)


def _check_fraction(name, v, lo_open=False):
    try:
        f = float(v)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in [0, 1), got {v!r}") from None
    if not (0.0 <= f < 1.0) or (lo_open and f == 0.0):
        raise ValueError(f"{name} must be in {'(0' if lo_open else '[0'}, 1), got {v!r}")
    return f


def _data_of(dataset):
    try:
        x, y = dataset.x, dataset.y
    except AttributeError:
        raise ValueError("dataset must have .x and .y arrays") from None
    x = np.array(x, dtype=np.float64, copy=True)
    y = np.array(y, dtype=np.float64, copy=True)
    if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"dataset .x and .y must be 1-D of the same length, got shapes {x.shape} and {y.shape}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("dataset values must be finite")
    return x, y


class Trainer:
    """Steps an optimizer over a model and data; see the module docstring."""

    def __init__(self, model, dataset, loss="l2", optimizer="gd", lr=0.001, params=None,
                 batch_size=None, seed=0, momentum=0.9, betas=(0.9, 0.999), eps=1e-8):
        if not isinstance(model, Model):
            raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
        self._lock = threading.RLock()
        self._loss = check_loss(loss)
        self._opt = _check_optimizer(optimizer)
        self._lr = _check_lr(lr)
        self._batch = _check_batch(batch_size)
        self._mu = _check_fraction("momentum", momentum)
        try:
            b1, b2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}") from None
        self._b1 = _check_fraction("beta1", b1)
        self._b2 = _check_fraction("beta2", b2)
        self._eps = float(eps)
        if not (math.isfinite(self._eps) and self._eps > 0):
            raise ValueError(f"eps must be finite and > 0, got {eps!r}")
        self._seed = seed
        np.random.default_rng(seed)  # validates the seed early
        self._dataset = dataset
        self._x, self._y = _data_of(dataset)
        self._model = model
        start = self._check_params(model, model.init_params(seed) if params is None else params)
        self._restart(model, start)

    # -- properties ---------------------------------------------------------------------------
    @property
    def step_count(self) -> int:
        return self._step

    @property
    def epoch(self) -> int:
        return self._epoch

    @property
    def params(self) -> np.ndarray:
        with self._lock:
            return self._p.copy()

    @property
    def diverged(self):
        return self._diverged

    @property
    def lr(self) -> float:
        return self._lr

    @property
    def loss_name(self) -> str:
        return self._loss

    @property
    def optimizer_name(self) -> str:
        return self._opt

    @property
    def batch_size(self):
        return self._batch

    @property
    def momentum(self) -> float:
        return self._mu

    @property
    def model(self) -> Model:
        return self._model

    @property
    def dataset(self):
        return self._dataset

    # -- stepping -------------------------------------------------------------------------------
    def step(self, k: int = 1) -> Snapshot:
        """Advance k optimizer steps (k >= 0) and return the snapshot. Does nothing once
        diverged (returns the same diverged snapshot)."""
        with self._lock, np.errstate(all="ignore"):
            self._advance(k)
            return self._snapshot()

    def advance(self, k: int = 1) -> str | None:
        """``step(k)`` without building the snapshot; returns the divergence reason (None
        while training is fine). A snapshot copies the path (up to ~4,000 entries of every
        parameter): a loop that steps in small chunks and looks at the state only now and
        then (the app's training thread) calls this, and ``snapshot()`` when it needs one."""
        with self._lock, np.errstate(all="ignore"):
            self._advance(k)
            self._settle()  # the same checks as a snapshot (mini-batch steps are verified here)
            return self._diverged

    def _advance(self, k) -> None:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise ValueError(f"k must be an integer >= 0, got {k!r}")
        if k and self._diverged is None:
            self._snap = None
            if self._full_batch():
                self._run_full(int(k))
            else:
                self._run_mini(int(k))

    def snapshot(self) -> Snapshot:
        with self._lock, np.errstate(all="ignore"):
            return self._snapshot()

    # -- mutators (apply at once, no restart unless said) ---------------------------------------
    def set_lr(self, lr):
        """New learning rate from the next step on. Does not clear a divergence."""
        lr = _check_lr(lr)
        with self._lock:
            self._lr = lr
            self._snap = None

    def set_loss(self, loss):
        """New loss: keeps params and step count; resets the optimizer state (the gradient
        scale changes); recomputes the path's losses and the divergence limit."""
        loss = check_loss(loss)
        with self._lock, np.errstate(all="ignore"):
            if loss == self._loss:
                return
            self._settle()
            self._loss = loss
            self._clear_optimizer_state()
            self._rebuild(recompute_limit=True)

    def set_optimizer(self, name):
        """New optimizer; resets the optimizer state only."""
        name = _check_optimizer(name)
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            self._opt = name
            self._clear_optimizer_state()
            self._update_check_every()
            self._snap = None

    def set_batch_size(self, batch_size):
        """None (whole data set) or an integer >= 1; the current epoch's order is kept."""
        bs = _check_batch(batch_size)
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            self._batch = bs
            self._update_check_every()
            self._snap = None

    def set_momentum(self, momentum):
        """Momentum coefficient μ in [0, 1); the velocity is kept."""
        mu = _check_fraction("momentum", momentum)
        with self._lock:
            self._mu = mu
            self._snap = None

    def set_dataset(self, dataset):
        """New data: keeps params, step count and optimizer state; starts a fresh shuffled
        epoch; recomputes the divergence limit and the path's losses (when cheap enough:
        see RECOMPUTE_BUDGET). A divergence stays until reset/set_params/set_model."""
        x, y = _data_of(dataset)
        with self._lock, np.errstate(all="ignore"):
            self._settle()
            self._dataset = dataset
            self._x, self._y = x, y
            self._pos = x.size  # next mini-batch step draws a new permutation
            self._rebuild(recompute_limit=True, data_change=True)

    def set_params(self, params):
        """Jump to ``params`` (the user moved the point): keeps the step count, clears a
        divergence and the optimizer state, records the point in the path."""
        with self._lock, np.errstate(all="ignore"):
            p = self._check_params(self._model, params)
            self._settle()
            L, g = self._evaluate(p)
            np.copyto(self._p, p)
            self._set_verified(L, g)
            self._diverged = None
            self._clear_optimizer_state()
            self._limit = max(DIVERGENCE_LOSS, DIVERGENCE_GROWTH * L)
            self._hist.add(self._step, self._p, L)
            self._snap = None

    def set_model(self, model, params=None):
        """New model: step 0, history and optimizer state cleared; params None ->
        ``model.init_params(seed)``. The new params become the start point."""
        if not isinstance(model, Model):
            raise ValueError(f"model must be a gradviz Model, got {type(model).__name__}")
        with self._lock, np.errstate(all="ignore"):
            p = self._check_params(model, model.init_params(self._seed) if params is None else params)
            self._restart(model, p)

    def reset(self, params=None):
        """Back to step 0: history, optimizer state, divergence and shuffling cleared.
        params None -> the start point (given at construction, set_model or the last
        reset(params)); otherwise ``params`` becomes the start point."""
        with self._lock, np.errstate(all="ignore"):
            p = self._start if params is None else self._check_params(self._model, params)
            self._restart(self._model, p)

    # -- internals ------------------------------------------------------------------------------
    def _check_params(self, model, params):
        try:
            p = np.array(model.as_params(params), dtype=np.float64, copy=True)
        except ValueError:
            raise
        except (TypeError, OverflowError):
            raise ValueError(f"params must be {model.n_params} numbers {model.param_names}") from None
        if not np.isfinite(p).all():
            raise ValueError(f"params must be finite, got {p.tolist()}")
        return p

    def _evaluate(self, p):
        """Whole-data (loss, grad) at p, computed before any state changes (ValueError if
        it is not finite there)."""
        g = np.empty(p.size)
        L = self._obj.full(p, g)
        if not (math.isfinite(L) and np.isfinite(g).all()):
            raise ValueError("the loss is not finite at these parameters; choose smaller values")
        return L, g

    @np.errstate(all="ignore")  # __init__ calls it too: data with huge values may overflow
    def _restart(self, model, p):
        obj = _objective(model, self._x, self._y, self._loss)
        g = np.empty(p.size)
        L = obj.full(p, g)
        # Not finite (data so large that its squares overflow): start diverged, with the
        # reason, rather than raise. A raise here left the GUI's worker without a trainer
        # (reset, model switch) or the app unable to start on such autosaved data.
        finite = math.isfinite(L) and bool(np.isfinite(g).all())
        self._model = model
        self._start = p.copy()
        P = p.size
        self._p = p.copy()
        self._q = np.empty(P)  # spare params buffer
        self._g = g  # whole-data gradient at _p (valid when _g_step == _step)
        self._gq = np.empty(P)  # spare gradient buffer
        self._d = np.empty(P)  # step direction
        self._vp = np.empty(P)  # last checked params (rollback target)
        self._step = 0
        self._epoch = 0
        self._diverged = None
        self._obj = obj
        self._rng = np.random.default_rng(self._seed)
        self._pos = self._x.size
        self._xs = self._ys = None
        self._clear_optimizer_state()
        self._set_verified(L, g)
        self._limit = max(DIVERGENCE_LOSS, DIVERGENCE_GROWTH * L)
        self._hist = _History(P)
        self._hist.add(0, self._p, L)
        self._update_check_every()
        if not finite:
            self._diverged = NOT_FINITE_AT_START
        self._snap = None

    def _rebuild(self, recompute_limit, data_change=False):
        """After a data or loss change: new objective, whole-data values at _p, path losses
        (for a data change only if that is cheap enough, see RECOMPUTE_BUDGET)."""
        self._obj = _objective(self._model, self._x, self._y, self._loss)
        g = np.empty(self._p.size)
        L = self._obj.full(self._p, g)
        self._set_verified(L, g)
        if not (math.isfinite(L) and np.isfinite(g).all()) and self._diverged is None:
            self._diverged = ("The loss is not finite at the current parameters with this data. "
                              "Press reset or move the point.")
        if recompute_limit and math.isfinite(L):
            self._limit = max(DIVERGENCE_LOSS, DIVERGENCE_GROWTH * L)
        if not data_change or len(self._hist) * self._obj.full_work() <= RECOMPUTE_BUDGET:
            self._hist.recompute_losses(self._obj.losses)
        self._update_check_every()
        self._snap = None

    def _set_verified(self, L, g):
        self._L = L
        self._g = g
        self._g_step = self._step
        self._v_step = self._step
        self._v_epoch = self._epoch
        self._vL = L
        np.copyto(self._vp, self._p)

    def _clear_optimizer_state(self):
        P = self._p.size
        self._vel = np.zeros(P)
        self._m1 = np.zeros(P)
        self._m2 = np.zeros(P)
        self._t = 0

    def _full_batch(self) -> bool:
        return self._opt == "gd" or self._batch is None or self._batch >= self._x.size

    def _update_check_every(self):
        """How often a mini-batch run checks the whole-data loss (1 = every step)."""
        if self._full_batch() or self._obj.quadratic:
            self._every = 1
            return
        width = self._model._width()
        step_work = min(self._batch, self._x.size) * width + 2000  # ~ Python overhead of a step
        self._every = max(1, self._obj.full_work() // (2 * step_work))

    def _direction(self, g):
        """Write lr·(update direction) for gradient g into self._d."""
        d = self._d
        opt = self._opt
        if opt == "momentum":
            self._vel *= self._mu
            self._vel += g
            np.multiply(self._vel, self._lr, out=d)
        elif opt == "adam":
            self._t += 1
            b1, b2 = self._b1, self._b2
            self._m1 *= b1
            np.multiply(g, 1.0 - b1, out=d)
            self._m1 += d
            self._m2 *= b2
            np.multiply(g, g, out=d)
            d *= 1.0 - b2
            self._m2 += d
            np.multiply(self._m2, 1.0 / (1.0 - b2 ** self._t), out=d)
            np.sqrt(d, out=d)
            d += self._eps
            np.divide(self._m1, d, out=d)
            d *= self._lr / (1.0 - b1 ** self._t)
        else:
            np.multiply(g, self._lr, out=d)
        return d

    def _run_full(self, k):
        obj, hist, limit = self._obj, self._hist, self._limit
        p, q, g, gq = self._p, self._q, self._g, self._gq
        step, L = self._step, self._L
        plain = self._opt in ("gd", "sgd")
        d = self._d
        lr = self._lr
        add = np.add.reduce
        isfinite = math.isfinite
        done = 0
        failed = None
        for _ in range(k):
            if plain:
                np.multiply(g, lr, out=d)
            else:
                self._direction(g)
            np.subtract(p, d, out=q)
            Lq = obj.full(q, gq)
            if not (Lq <= limit and isfinite(float(add(q)) + float(add(gq)))):
                failed = Lq
                break
            p, q = q, p
            g, gq = gq, g
            L = Lq
            step += 1
            done += 1
            hist.add(step, p, L)
        self._p, self._q, self._g, self._gq = p, q, g, gq
        self._step = step
        self._epoch += done
        self._set_verified(L, g)
        if failed is not None:
            self._declare_divergence(step + 1, failed, q, gq, rollback=False)

    def _new_epoch_order(self):
        perm = self._rng.permutation(self._x.size)
        self._xs = self._x[perm]
        self._ys = self._y[perm]
        self._pos = 0

    def _run_mini(self, k):
        obj, hist, limit, every = self._obj, self._hist, self._limit, self._every
        n, B = self._x.size, self._batch
        scale_est = self._loss != "mse"
        p, q, gb = self._p, self._q, self._gq
        step, epoch = self._step, self._epoch
        add = np.add.reduce
        isfinite = math.isfinite
        for _ in range(k):
            if self._pos >= n:
                self._new_epoch_order()
            pos = self._pos
            xb = self._xs[pos:pos + B]
            yb = self._ys[pos:pos + B]
            self._pos = pos = pos + B
            Lb = obj.batch(p, xb, yb, gb)
            d = self._direction(gb)
            np.subtract(p, d, out=q)
            step += 1
            if pos >= n:
                epoch += 1
            est = Lb * (n / xb.size) if scale_est else Lb
            ok = isfinite(float(add(q)))
            if not ok or not (est <= limit) or step - self._v_step >= every:
                L = obj.full_loss(q) if ok else math.nan
                if not (L <= limit):
                    self._p, self._q = p, q
                    self._step, self._epoch = step, epoch
                    self._declare_divergence(step, L, q, None, rollback=True)
                    return
                hist.add(step, q, L)
                self._v_step, self._v_epoch, self._vL = step, epoch, L
                np.copyto(self._vp, q)
            p, q = q, p
        self._p, self._q, self._gq = p, q, gb
        self._step, self._epoch = step, epoch

    def _settle(self):
        """Check (and record) pending unchecked mini-batch steps, then have the whole-data
        loss and gradient at the current point."""
        if self._diverged is not None:
            return
        if self._v_step != self._step:
            g = np.empty(self._p.size)
            L = self._obj.full(self._p, g)
            if not (L <= self._limit and np.isfinite(g).all() and np.isfinite(self._p).all()):
                self._declare_divergence(self._step, L, self._p, g, rollback=True)
                return
            self._hist.add(self._step, self._p, L)
            self._set_verified(L, g)
        elif self._g_step != self._step:
            g = np.empty(self._p.size)
            self._L = self._obj.full(self._p, g)
            self._g, self._g_step = g, self._step

    def _declare_divergence(self, at_step, L, q, g, rollback):
        if not np.isfinite(q).all() or (g is not None and not np.isfinite(g).all()):
            what = "the parameters or the gradient became infinite"
        elif not math.isfinite(L):
            what = "the loss became infinite"
        else:
            what = f"the loss grew past {_fmt_power(self._limit)}"
        advice = "Lower the learning rate"
        if type(self._model) is Line and self._loss in ("l2", "mse") and self._full_batch() \
                and self._opt != "adam":
            top = max_stable_lr(self._x, self._y, self._loss)
            if self._opt == "momentum":
                top *= 1.0 + self._mu
            if math.isfinite(top):
                advice += f" (largest stable: {top:.2g})"
        self._diverged = f"Diverged at step {at_step}: {what}. {advice}, then reset or move the point."
        if rollback:  # back to the last checked point (it is the path's last entry)
            np.copyto(self._p, self._vp)
            self._step, self._epoch = self._v_step, self._v_epoch
            g2 = np.empty(self._p.size)
            self._L = self._obj.full(self._p, g2)
            self._g, self._g_step = g2, self._step
        self._snap = None

    def _snapshot(self) -> Snapshot:
        if self._snap is not None:
            return self._snap
        self._settle()
        steps, P, Ls = self._hist.arrays()
        snap = Snapshot(
            step=int(self._step),
            params=_frozen(self._p),
            loss=float(np.nan_to_num(self._L, nan=0.0, posinf=np.finfo(np.float64).max)),
            grad=_frozen(self._g),
            diverged=self._diverged,
            lr=self._lr,
            epoch=int(self._epoch),
            path_steps=_frozen(steps, np.int64),
            path_params=_frozen(P),
            path_losses=_frozen(Ls),
        )
        self._snap = snap
        return snap
