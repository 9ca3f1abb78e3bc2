"""Models of two inputs, and the network whose output is a probability (seed 001's plane
and the sigmoid's linear boundary):

* ``Plane``      y = w1·x1 + w2·x2 + b                      (parameters w1, w2, b)
* ``Neuron2``    y = σ(w1·x1 + w2·x2 + b)                   (parameters w1, w2, b)
* ``FlexNetwork`` y = Σₖ vₖ·σ(wₖ·x + bₖ) + c with one or two inputs (``inputs``), and with
  ``output="sigmoid"`` the probability σ(Σₖ vₖ·σ(wₖ·x + bₖ) + c). Hidden neuron k has
  ``wk_1, wk_2, bk, vk`` (two inputs) or ``wk, bk, vk`` (one input, as ``Network``); the
  output bias is ``c``.

Two-input data has x of shape (n, 2). The private methods take float64 arrays of the right
shape, as in ``models``; probability models also give their pre-activation (``_logits``),
from which the loss 'bce' is computed without ever taking the log of 0.
"""

from __future__ import annotations

import numpy as np

from .bce import BCE, _bce_dz, _bce_value
from .losses import _dpred, _value
from .models import Model, _rows_of, _sigmoid_into, check_hidden

__all__ = ["Plane", "Neuron2", "FlexNetwork", "make_more_model", "OUTPUTS"]

#: What a network's output can be: the weighted sum itself, or that passed through σ.
OUTPUTS = ("linear", "sigmoid")


class _Linear2(Model):
    """z = w1·x1 + w2·x2 + b on x of shape (n, 2)."""

    param_names = ("w1", "w2", "b")
    n_inputs = 2

    def init_params(self, seed=0) -> np.ndarray:
        return np.array([1.0, 1.0, 0.0])  # as the line: unit weights, no bias

    def _width(self) -> int:
        return 3

    def _logits(self, p, x):
        z = x @ p[:2]
        z += p[2]
        return z

    def _logits_many(self, P, x):
        Z = P[:, :2] @ x.T
        Z += P[:, 2:3]
        return Z

    @staticmethod
    def _grad_of(s, x):
        """The gradient from dL/dz at every point: (Σ s·x1, Σ s·x2, Σ s)."""
        g = np.empty(3)
        g[:2] = s @ x
        g[2] = np.add.reduce(s)
        return g

    def _point_gradients(self, p, x, y, loss):
        """Each point's share of the gradient, shape (n, 3)."""
        s = self._point_dz(p, x, y, loss)
        return np.column_stack([s[:, None] * x, s]) if y.size else np.zeros((0, 3))

    def _hessian(self, p, x, y, loss, c2):
        """Σ kᵢ·fᵢ·fᵢᵀ with fᵢ = (x1, x2, 1), kᵢ = ∂²Lᵢ/∂zᵢ² (z is linear in the parameters)."""
        F = np.column_stack([x, np.ones(y.size)])
        k = self._curvature_dz(p, x, y, loss, c2)
        return (F * k[:, None]).T @ F


class Plane(_Linear2):
    """y = w1·x1 + w2·x2 + b: the line with a second input (seed 001)."""

    name = "plane"

    def describe(self) -> str:
        return "y = w1·x1 + w2·x2 + b"

    def _predict(self, p, x):
        return self._logits(p, x)

    def _predict_many(self, P, x):
        return self._logits_many(P, x)

    def _loss_and_grad(self, p, x, y, loss):
        e = self._logits(p, x)
        e -= y
        return _value(e, loss), self._grad_of(_dpred(e, loss), x)

    def _point_dz(self, p, x, y, loss):
        return _dpred(self._logits(p, x) - y, loss)

    def _curvature_dz(self, p, x, y, loss, c2):
        return np.full(y.size, c2)


class Neuron2(_Linear2):
    """y = σ(w1·x1 + w2·x2 + b): a probability split by a straight line, w·x + b = 0."""

    name = "neuron"
    probability = True

    def describe(self) -> str:
        return "y = σ(w1·x1 + w2·x2 + b)"

    def _predict(self, p, x):
        z = self._logits(p, x)
        return _sigmoid_into(z, z)

    def _predict_many(self, P, x):
        Z = self._logits_many(P, x)
        return _sigmoid_into(Z, Z)

    def _loss_and_grad(self, p, x, y, loss):
        z = self._logits(p, x)
        if loss == BCE:
            L = _bce_value(z, y)
            return L, self._grad_of(_bce_dz(_sigmoid_into(z, z), y), x)
        a = _sigmoid_into(z, z)
        e = a - y
        s = _dpred(e, loss) * (a * (1.0 - a))
        return _value(e, loss), self._grad_of(s, x)

    def _point_dz(self, p, x, y, loss):
        a = self._predict(p, x)
        if loss == BCE:
            return _bce_dz(a, y)
        return _dpred(a - y, loss) * (a * (1.0 - a))

    def _curvature_dz(self, p, x, y, loss, c2):
        a = self._predict(p, x)
        d1 = a * (1.0 - a)
        if loss == BCE:
            return d1 / y.size if y.size else d1
        return c2 * d1 * d1 + _dpred(a - y, loss) * d1 * (1.0 - 2.0 * a)


class FlexNetwork(Model):
    """One hidden layer of H sigmoid neurons over one or two inputs, with a linear or a
    sigmoid output (see the module docstring for the parameters' order)."""

    name = "network"

    def __init__(self, hidden: int = 4, inputs: int = 2, output: str = "linear"):
        self.hidden = check_hidden(hidden)
        self.n_inputs = _check_inputs(inputs)
        if output not in OUTPUTS:
            raise ValueError(f"a network's output is 'linear' or 'sigmoid', got {output!r}")
        self.output = output
        self.probability = output == "sigmoid"
        names = []
        for k in range(1, self.hidden + 1):
            ws = [f"w{k}"] if inputs == 1 else [f"w{k}_{j}" for j in range(1, inputs + 1)]
            names += ws + [f"b{k}", f"v{k}"]
        self.param_names = tuple(names) + ("c",)
        self._stride = inputs + 2

    def _key(self):
        return (type(self), self.hidden, self.n_inputs, self.output)

    def __repr__(self):
        return f"FlexNetwork(hidden={self.hidden}, inputs={self.n_inputs}, output={self.output!r})"

    def describe(self) -> str:
        arg = "wₖ·x + bₖ" if self.n_inputs == 1 else "wₖ₁·x1 + wₖ₂·x2 + bₖ"
        body = f"Σₖ vₖ·σ({arg}) + c"
        return f"y = {'σ(' + body + ')' if self.probability else body},  k = 1..{self.hidden}"

    def init_params(self, seed=0) -> np.ndarray:
        """Seeded small random start: w, b ~ N(0, 1), v ~ N(0, 1/H), c = 0."""
        rng = np.random.default_rng(seed)
        H, k = self.hidden, self.n_inputs
        U = np.empty((H, self._stride))
        U[:, :k] = rng.normal(0.0, 1.0, (H, k))
        U[:, k] = rng.normal(0.0, 1.0, H)
        U[:, k + 1] = rng.normal(0.0, 1.0 / np.sqrt(H), H)
        return np.append(U.ravel(), 0.0)

    def activations(self, params, x) -> np.ndarray:
        """σ(wₖ·x + bₖ) for every hidden neuron: shape (H, n)."""
        return self._activations(self.as_params(params), _rows_of(x, self.n_inputs))

    # -- internals --------------------------------------------------------------------------
    def _parts(self, p):
        """(W (H, inputs), b (H,), v (H,), c): views into p."""
        U = p[:-1].reshape(self.hidden, self._stride)
        k = self.n_inputs
        return U[:, :k], U[:, k], U[:, k + 1], p[-1]

    def _width(self) -> int:
        return 6 * self.hidden + 2

    def _activations(self, p, x):
        W, b, _, _ = self._parts(p)
        A = np.multiply.outer(W[:, 0], x) if self.n_inputs == 1 else W @ x.T
        A += b[:, None]
        return _sigmoid_into(A, A)

    def _logits(self, p, x):
        _, _, v, c = self._parts(p)
        z = v @ self._activations(p, x)
        z += c
        return z

    def _logits_many(self, P, x):
        m, k = P.shape[0], self.n_inputs
        U = P[:, :-1].reshape(m, self.hidden, self._stride)
        Z = U[:, :, 0:1] * x if k == 1 else U[:, :, :k] @ x.T
        Z += U[:, :, k, None]
        _sigmoid_into(Z, Z)
        out = np.einsum("mh,mhn->mn", U[:, :, k + 1], Z)
        out += P[:, -1:]
        return out

    def _predict(self, p, x):
        z = self._logits(p, x)
        return _sigmoid_into(z, z) if self.probability else z

    def _predict_many(self, P, x):
        Z = self._logits_many(P, x)
        return _sigmoid_into(Z, Z) if self.probability else Z

    def _loss_dz(self, z, y, loss):
        """(loss, dL/dz) from the output's pre-activation z (which may be overwritten)."""
        if not self.probability:
            z -= y
            return _value(z, loss), _dpred(z, loss)
        if loss == BCE:
            L = _bce_value(z, y)
            return L, _bce_dz(_sigmoid_into(z, z), y)
        a = _sigmoid_into(z, z)
        e = a - y
        return _value(e, loss), _dpred(e, loss) * (a * (1.0 - a))

    def _loss_and_grad(self, p, x, y, loss):
        A = self._activations(p, x)  # (H, n)
        _, _, v, c = self._parts(p)
        z = v @ A
        z += c
        L, d = self._loss_dz(z, y, loss)
        g = np.empty(p.size)
        G = g[:-1].reshape(self.hidden, self._stride)
        k = self.n_inputs
        G[:, k + 1] = A @ d  # dL/dv
        g[-1] = np.add.reduce(d)  # dL/dc
        S = 1.0 - A
        S *= A
        S *= d
        S *= v[:, None]  # dL/dz of every hidden neuron at every point
        G[:, :k] = S @ (x[:, None] if k == 1 else x)  # dL/dw
        G[:, k] = S.sum(axis=1)  # dL/db
        return L, g

    def _point_gradients(self, p, x, y, loss):
        """Each point's share of the gradient, shape (n, n_params)."""
        n, k = y.size, self.n_inputs
        A = self._activations(p, x)
        _, _, v, c = self._parts(p)
        z = v @ A + c
        _, d = self._loss_dz(z, y, loss)
        S = A * (1.0 - A) * d * v[:, None]  # (H, n)
        out = np.empty((n, self.hidden, self._stride))
        X = x[:, None] if k == 1 else x
        out[:, :, :k] = S.T[:, :, None] * X[:, None, :]
        out[:, :, k] = S.T
        out[:, :, k + 1] = (A * d).T
        return np.column_stack([out.reshape(n, -1), d])

    def _hessian(self, p, x, y, loss, c2):
        """Central differences of the analytic gradient (step ~1e-5 of each parameter's size),
        made symmetric: accurate to about 1e-8 relative for these smooth models."""
        m = p.size
        out = np.empty((m, m))
        for i in range(m):
            h = 1e-5 * max(1.0, abs(p[i]))
            q = p.copy()
            q[i] = p[i] + h
            gp = self._loss_and_grad(q, x, y, loss)[1]
            q[i] = p[i] - h
            gm = self._loss_and_grad(q, x, y, loss)[1]
            out[i] = (gp - gm) / (2.0 * h)
        return 0.5 * (out + out.T)


def _check_inputs(inputs) -> int:
    if isinstance(inputs, bool) or inputs not in (1, 2):
        raise ValueError(f"a model has 1 or 2 inputs, got inputs={inputs!r}")
    return int(inputs)


def make_more_model(key, name, hidden, inputs, output) -> Model:
    """``make_model`` for the plane, two inputs and a sigmoid output (``key``: the cleaned name)."""
    from .models import Network, make_model

    if key == "plane":
        if inputs not in (None, 2) or output not in (None, "linear"):
            raise ValueError("the plane has two inputs and a linear output: make_model('plane')")
        return Plane()
    if key not in ("line", "neuron", "network"):
        return make_model(name)  # the unknown-model message
    inputs = 1 if inputs is None else _check_inputs(inputs)
    if key != "network" and output not in (None, "linear"):
        raise ValueError(f"output={output!r} is for the network only; the neuron's output is already σ")
    if key == "line":
        if inputs == 2:
            raise ValueError("the line has one input; for two inputs use 'plane'")
        return make_model("line")
    if key == "neuron":
        return Neuron2() if inputs == 2 else make_model("neuron")
    output = "linear" if output is None else output
    if inputs == 1 and output == "linear":
        return Network(hidden)
    return FlexNetwork(hidden, inputs, output)
