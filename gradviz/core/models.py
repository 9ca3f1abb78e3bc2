"""The three models of seed 001: the line, the neuron and a one-hidden-layer network.

Every model maps a 1-D input ``x`` to a prediction and exposes a flat float64 parameter
vector (``param_names`` gives the meaning of each entry). Gradients are analytic:

* ``Line``     y = w·x + b
* ``Neuron``   y = σ(w·x + b)
* ``Network``  y = Σᵢ vᵢ·σ(wᵢ·x + bᵢ) + c,  i = 1..H  (backpropagation)

The public methods validate and convert their arguments; the trainer and the
landscape call the underscore methods, which assume float64 1-D arrays of the right
length, to keep a gradient step on a handful of points down to a few microseconds.
"""

from __future__ import annotations

import numpy as np

from .bce import BCE, _bce_dz, _bce_rows, _bce_value, check_any_loss, check_bce
from .losses import _dpred, _value, _value_rows

__all__ = ["Model", "Line", "Neuron", "Network", "make_model", "sigmoid", "SEED001_NETWORKS",
           "MODEL_NAMES", "MIN_HIDDEN", "MAX_HIDDEN"]

#: The models' names, in menu order (what :func:`make_model` takes).
MODEL_NAMES = ("line", "neuron", "network")
#: A network has from MIN_HIDDEN to MAX_HIDDEN hidden neurons (the GUI's range too).
MIN_HIDDEN = 1
MAX_HIDDEN = 16

# exp(709.78) is the largest finite double; clipping the exponent there keeps the
# logistic function free of overflow while staying accurate to an ulp for z >= -709.
_EXP_MAX = 709.0


def _sigmoid_into(z: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Logistic function of ``z`` written into ``out`` (which may be ``z``): 5 passes,
    no temporaries, no overflow. For z < -709 it returns σ(-709) ≈ 1.2e-308 instead of
    an even smaller number (absolute error below 1.3e-308)."""
    np.negative(z, out=out)
    np.minimum(out, _EXP_MAX, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.reciprocal(out, out=out)
    return out


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(-z)), numerically stable (never overflows, never warns).

    Scalars give a Python float, arrays a new float64 array of the same shape."""
    z = np.asarray(z, dtype=np.float64)
    out = _sigmoid_into(z, np.empty_like(z))
    return float(out) if out.ndim == 0 else out


def _as_xy(x, y, inputs=1):
    """float64 (x, y) for a model of ``inputs`` inputs: x 1-D, or of shape (n, 2) for two."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if inputs == 2:
        if x.ndim != 2 or x.shape[1] != 2 or y.ndim != 1 or x.shape[0] != y.size:
            if x.ndim == 1:
                raise ValueError("this model takes two inputs (x of shape (n, 2)), but the data has one input")
            raise ValueError(f"x must have shape (n, 2) and y shape (n,), got shapes {x.shape} and {y.shape}")
        return x, y
    if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
        if x.ndim == 2 and x.shape[1] == 2:
            raise ValueError("this model takes one input, but the data has two (x1, x2): "
                             "use the plane, or inputs=2 for the neuron or the network")
        raise ValueError(f"x and y must be 1-D arrays of the same length, got shapes {x.shape} and {y.shape}")
    return x, y


def _rows_of(x, inputs):
    """x as a float64 array of points: 1-D for one input, (m, 2) for two."""
    x = np.asarray(x, dtype=np.float64)
    if inputs == 1:
        return x.ravel()
    if x.ndim < 1 or x.shape[-1] != 2:
        raise ValueError(f"this model takes two inputs: x must have shape (..., 2), got {x.shape}")
    return x.reshape(-1, 2)


class Model:
    """Base class. Subclasses set ``name`` and ``param_names`` and implement
    ``_predict``, ``_loss_and_grad`` and ``init_params``."""

    name: str = "model"
    param_names: tuple = ()
    n_inputs: int = 1  # 1: x is 1-D; 2: x has shape (n, 2)
    probability: bool = False  # the output is σ(z): the model can use the loss 'bce'

    @property
    def n_params(self) -> int:
        return len(self.param_names)

    # -- conversions ------------------------------------------------------------------
    def as_params(self, params) -> np.ndarray:
        """``params`` as a float64 vector of length n_params (ValueError otherwise)."""
        p = np.asarray(params, dtype=np.float64)
        if p.shape != (self.n_params,):
            raise ValueError(
                f"{self.name} needs {self.n_params} parameters {self.param_names}, got shape {p.shape}")
        return p

    # -- public API ---------------------------------------------------------------------
    def predict(self, params, x) -> np.ndarray:
        """Model output at every x (x may have any shape; with two inputs its last axis
        holds (x1, x2) and the output has the shape of the other axes)."""
        p = self.as_params(params)
        x = np.asarray(x, dtype=np.float64)
        shape = x.shape if self.n_inputs == 1 else x.shape[:-1]
        return self._predict(p, _rows_of(x, self.n_inputs)).reshape(shape)

    def _checked_xy(self, x, y, loss):
        check_any_loss(loss)
        x, y = _as_xy(x, y, self.n_inputs)
        if loss == BCE:
            check_bce(self, y)
        return x, y

    def loss(self, params, x, y, loss="l2") -> float:
        p = self.as_params(params)
        x, y = self._checked_xy(x, y, loss)
        if loss == BCE:
            return _bce_value(self._logits(p, x), y)
        e = self._predict(p, x)
        e -= y
        return _value(e, loss)

    def loss_and_grad(self, params, x, y, loss="l2"):
        """(loss, gradient) with the analytic gradient (a new float64 array)."""
        p = self.as_params(params)
        x, y = self._checked_xy(x, y, loss)
        return self._loss_and_grad(p, x, y, loss)

    def predict_many(self, P, x) -> np.ndarray:
        """Predictions for many parameter vectors at once: P (m, n_params) -> (m, n)."""
        P = np.asarray(P, dtype=np.float64)
        if P.ndim != 2 or P.shape[1] != self.n_params:
            raise ValueError(f"P must have shape (m, {self.n_params}), got {P.shape}")
        return self._predict_many(P, _rows_of(x, self.n_inputs))

    def loss_many(self, P, x, y, loss="l2", chunk_elems: int = 1 << 18) -> np.ndarray:
        """Loss at every row of P (m, n_params), vectorised in memory-bounded chunks."""
        P = np.asarray(P, dtype=np.float64)
        if P.ndim != 2 or P.shape[1] != self.n_params:
            raise ValueError(f"P must have shape (m, {self.n_params}), got {P.shape}")
        x, y = self._checked_xy(x, y, loss)
        n = y.size
        out = np.empty(P.shape[0])
        rows = max(1, chunk_elems // max(1, n * self._width()))
        for s in range(0, P.shape[0], rows):
            if loss == BCE:
                out[s:s + rows] = _bce_rows(self._logits_many(P[s:s + rows], x), y)
                continue
            e = self._predict_many(P[s:s + rows], x)
            e -= y
            out[s:s + rows] = _value_rows(e, loss, n)
        return out

    def init_params(self, seed=0) -> np.ndarray:
        raise NotImplementedError

    def describe(self) -> str:
        return self.name

    # -- internals (unchecked: float64 1-D p, x, y of matching sizes) ----------------------
    def _width(self) -> int:
        """Rough work per data point of one evaluation, in 'array elements'."""
        return 1

    def _predict(self, p, x):
        raise NotImplementedError

    def _predict_many(self, P, x):
        return np.stack([self._predict(row, x) for row in P]) if len(P) else np.empty((0, x.shape[0]))

    def _logits(self, p, x):
        """The pre-activation z with output σ(z) (probability models only)."""
        raise NotImplementedError

    def _logits_many(self, P, x):
        raise NotImplementedError

    def _loss_and_grad(self, p, x, y, loss):
        raise NotImplementedError

    # -- identity -------------------------------------------------------------------------
    def _key(self):
        return (type(self),)

    def __eq__(self, other):
        return isinstance(other, Model) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return f"{type(self).__name__}()"


class Line(Model):
    """y = w·x + b (seed 001's model)."""

    name = "line"
    param_names = ("w", "b")

    def init_params(self, seed=0) -> np.ndarray:
        return np.array([1.0, 0.0])  # seed 001 starts at w = 1, b = 0

    def describe(self) -> str:
        return "y = w·x + b"

    def _predict(self, p, x):
        out = x * p[0]
        out += p[1]
        return out

    def _predict_many(self, P, x):
        out = np.multiply.outer(P[:, 0], x)
        out += P[:, 1:2]
        return out

    def _loss_and_grad(self, p, x, y, loss):
        e = x * p[0]
        e += p[1]
        e -= y
        if loss == "l2":
            return 0.5 * float(np.dot(e, e)), np.array([np.dot(e, x), np.add.reduce(e)])
        if loss == "mse":
            n = e.size
            if n == 0:
                return 0.0, np.zeros(2)
            k = 2.0 / n
            return float(np.dot(e, e)) / n, np.array([k * np.dot(e, x), k * np.add.reduce(e)])
        s = np.sign(e)
        return float(np.add.reduce(np.abs(e))), np.array([np.dot(s, x), np.add.reduce(s)])


class Neuron(Model):
    """y = σ(w·x + b): the line passed through the sigmoid (seed 001)."""

    name = "neuron"
    param_names = ("w", "b")
    probability = True

    def init_params(self, seed=0) -> np.ndarray:
        return np.array([1.0, 0.0])

    def describe(self) -> str:
        return "y = σ(w·x + b)"

    def _width(self) -> int:
        return 6

    def _logits(self, p, x):
        a = x * p[0]
        a += p[1]
        return a

    def _logits_many(self, P, x):
        a = np.multiply.outer(P[:, 0], x)
        a += P[:, 1:2]
        return a

    def _predict(self, p, x):
        a = self._logits(p, x)
        return _sigmoid_into(a, a)

    def _predict_many(self, P, x):
        a = self._logits_many(P, x)
        return _sigmoid_into(a, a)

    def _loss_and_grad(self, p, x, y, loss):
        if loss == BCE:
            z = self._logits(p, x)
            L = _bce_value(z, y)
            s = _bce_dz(_sigmoid_into(z, z), y)  # dL/dz
            return L, np.array([np.dot(s, x), np.add.reduce(s)])
        a = self._predict(p, x)
        e = a - y
        L = _value(e, loss)
        d = _dpred(e, loss)
        s = 1.0 - a
        s *= a
        s *= d  # dL/dz
        return L, np.array([np.dot(s, x), np.add.reduce(s)])


class Network(Model):
    """y = Σᵢ vᵢ·σ(wᵢ·x + bᵢ) + c with H hidden sigmoid neurons (MIN_HIDDEN <= H <= MAX_HIDDEN).

    Parameters are ordered neuron by neuron, ``("w1", "b1", "v1", "w2", ..., "c")``:
    wᵢ = input weight, bᵢ = bias, vᵢ = output weight of neuron i, c = output bias."""

    name = "network"
    MIN_HIDDEN = MIN_HIDDEN
    MAX_HIDDEN = MAX_HIDDEN

    def __init__(self, hidden: int = 4):
        self.hidden = check_hidden(hidden)
        names = []
        for i in range(1, hidden + 1):
            names += [f"w{i}", f"b{i}", f"v{i}"]
        self.param_names = tuple(names) + ("c",)

    def _key(self):
        return (type(self), self.hidden)

    def __repr__(self):
        return f"Network(hidden={self.hidden})"

    def describe(self) -> str:
        return f"y = Σᵢ vᵢ·σ(wᵢ·x + bᵢ) + c,  i = 1..{self.hidden}"

    def init_params(self, seed=0) -> np.ndarray:
        """Seeded small random start: w, b ~ N(0, 1), v ~ N(0, 1/H), c = 0."""
        rng = np.random.default_rng(seed)
        H = self.hidden
        w = rng.normal(0.0, 1.0, H)
        b = rng.normal(0.0, 1.0, H)
        v = rng.normal(0.0, 1.0 / np.sqrt(H), H)
        return self.pack(w, b, v, 0.0)

    def unpack(self, params):
        """(w, b, v, c): three new arrays of length H and a float."""
        p = self.as_params(params)
        H3 = 3 * self.hidden
        return p[0:H3:3].copy(), p[1:H3:3].copy(), p[2:H3:3].copy(), float(p[H3])

    def pack(self, w, b, v, c) -> np.ndarray:
        H = self.hidden
        p = np.empty(3 * H + 1)
        for k, arr in enumerate((w, b, v)):
            a = np.asarray(arr, dtype=np.float64)
            if a.shape != (H,):
                raise ValueError(f"{'wbv'[k]} must have length {H}, got shape {a.shape}")
            p[k:3 * H:3] = a
        p[3 * H] = float(c)
        return p

    def activations(self, params, x) -> np.ndarray:
        """σ(wᵢ·x + bᵢ) for every neuron: shape (H, n)."""
        p = self.as_params(params)
        return self._activations(p, np.asarray(x, dtype=np.float64).ravel())

    def contributions(self, params, x) -> np.ndarray:
        """vᵢ·σ(wᵢ·x + bᵢ) for every neuron: shape (H, n). Their sum + c is the output."""
        p = self.as_params(params)
        A = self._activations(p, np.asarray(x, dtype=np.float64).ravel())
        A *= p[2:3 * self.hidden:3, None]
        return A

    # -- internals --------------------------------------------------------------------------
    def _width(self) -> int:
        return 6 * self.hidden + 2

    def _activations(self, p, x):
        H3 = 3 * self.hidden
        A = np.multiply.outer(p[0:H3:3], x)
        A += p[1:H3:3, None]
        return _sigmoid_into(A, A)

    def _predict(self, p, x):
        A = self._activations(p, x)
        out = p[2:3 * self.hidden:3] @ A
        out += p[3 * self.hidden]
        return out

    def _predict_many(self, P, x):
        H3 = 3 * self.hidden
        Z = P[:, 0:H3:3, None] * x
        Z += P[:, 1:H3:3, None]
        _sigmoid_into(Z, Z)
        out = np.einsum("mh,mhn->mn", P[:, 2:H3:3], Z)
        out += P[:, H3:H3 + 1]
        return out

    def _loss_and_grad(self, p, x, y, loss):
        H3 = 3 * self.hidden
        A = self._activations(p, x)  # (H, n)
        v = p[2:H3:3]
        e = v @ A
        e += p[H3]
        e -= y
        L = _value(e, loss)
        d = _dpred(e, loss)  # dL/dy, shape (n,)
        g = np.empty(H3 + 1)
        g[2:H3:3] = A @ d  # dL/dv
        g[H3] = np.add.reduce(d)  # dL/dc
        S = 1.0 - A
        S *= A
        S *= d  # σ'(z)·dL/dy, broadcast over neurons
        g[0:H3:3] = (S @ x) * v  # dL/dw
        g[1:H3:3] = S.sum(axis=1) * v  # dL/db
        return L, g


def check_hidden(hidden) -> int:
    """``hidden`` as an int if a network can have that many hidden neurons, else ValueError."""
    if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)):
        raise ValueError(f"hidden must be an integer from {MIN_HIDDEN} to {MAX_HIDDEN}, got {hidden!r}")
    hidden = int(hidden)
    if not MIN_HIDDEN <= hidden <= MAX_HIDDEN:
        raise ValueError(f"a network has {MIN_HIDDEN} to {MAX_HIDDEN} hidden neurons, got hidden={hidden}")
    return hidden


def make_model(name, hidden: int = 4, inputs=None, output=None) -> Model:
    """A model by name (see :data:`MODEL_NAMES`; case and surrounding spaces are ignored):
    'line', 'neuron' or 'network' with ``hidden`` neurons (``hidden`` is only used, and
    only checked, for the network), or 'plane' (two inputs).

    ``inputs`` (1 or 2; None: the model's own, 2 for the plane, else 1) gives the neuron and
    the network two inputs; ``output="sigmoid"`` passes the network's output through a
    sigmoid (a probability; "linear", the default, does not). See ``more_models``."""
    key = name.strip().lower() if isinstance(name, str) else name
    if key == "plane" or inputs not in (None, 1) or output not in (None, "linear"):
        from .more_models import make_more_model
        return make_more_model(key, name, hidden, inputs, output)
    if key == "line":
        return Line()
    if key == "neuron":
        return Neuron()
    if key == "network":
        return Network(hidden)
    raise ValueError(f"unknown model {name!r}: choose one of {', '.join(repr(m) for m in MODEL_NAMES)}")


def _seed001(hidden, wi, wo, b, label):
    p = Network(hidden).pack(wi, b, wo, 0.0)
    p.flags.writeable = False
    return {"hidden": hidden, "params": p, "label": label}


# The example networks drawn in seed 001 (wi = input weight wᵢ, wo = output weight vᵢ,
# b = bias bᵢ; the output neuron has no bias there, so c = 0). Arrays are read-only:
# copy before training from them.
SEED001_NETWORKS = {
    1: _seed001(1, [1.0], [6.28], [0.0], "One neuron: the output weight stretches the sigmoid"),
    2: _seed001(2, [-1.5, 1.5], [-5.0, 5.0], [-8.0, -8.0], "Two neurons in parallel stack up"),
    4: _seed001(4, [0.2, -0.5, 1.9, -0.8], [7.2, 9.7, -6.3, -6.3], [1.0, -5.7, 0.0, 7.1],
                "Four neurons draw a wiggly function"),
}
