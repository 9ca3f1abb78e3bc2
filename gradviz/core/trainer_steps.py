"""Stepping a trainer: ``step``, ``advance`` and the loops behind them (whole-data and
mini-batch), with the divergence checks that keep every accepted step finite.

A mixin of :class:`gradviz.core.trainer.Trainer` (see that module for the stepping rules);
the methods work on the trainer's own state and lock.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .divergence import divergence_message
from .linefit import max_stable_lr
from .models import Line
from .snapshot import Snapshot

__all__ = ["SteppingMixin"]


class SteppingMixin:
    """The methods of :class:`Trainer` that take optimizer steps and check them."""

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
        k = int(k)
        while k and self._diverged is None:  # in chunks that end where a checkpoint may be due
            n = self._replay.steps_before_checkpoint(self._step, k)
            self._snap = None
            if self._full_batch():
                self._run_full(n)
            else:
                self._run_mini(n)
            k -= n
            self._settle()
            self._replay.stepped(self)

    def _rates(self, k):
        """The rates of the next k steps, read one per step by the loops; without a
        schedule one number repeated, as cheap to loop over as range(k)."""
        if self._schedule is None:
            return itertools.repeat(self._lr, k)
        return self._schedule.rates(self._lr, self._step, k)

    def _full_batch(self) -> bool:
        return self._optimizer.whole_data or self._batch is None or self._batch >= self._y.size

    def _update_check_every(self):
        """How often a mini-batch run checks the whole-data loss (1 = every step)."""
        if self._full_batch() or self._obj.quadratic:
            self._every = 1
            return
        width = self._model._width()
        step_work = min(self._batch, self._y.size) * width + 2000  # ~ Python overhead of a step
        self._every = max(1, self._obj.full_work() // (2 * step_work))

    def _run_full(self, k):
        obj, hist, limit = self._obj, self._hist, self._limit
        p, q, g, gq = self._p, self._q, self._g, self._gq
        step, L = self._step, self._L
        opt_step = self._optimizer.step
        add = np.add.reduce
        isfinite = math.isfinite
        done = 0
        failed = None
        for lr in self._rates(k):
            opt_step(p, g, lr, q)
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
        self._perm = perm = self._rng.permutation(self._y.size)
        self._xs = self._x[perm]
        self._ys = self._y[perm]
        self._pos = 0
        self._epochs.new_pass()

    def _run_mini(self, k):
        obj, hist, limit, every = self._obj, self._hist, self._limit, self._every
        n, B = self._y.size, self._batch
        scale_est = self._loss not in ("mse", "bce")  # a sum over the batch, not a mean
        p, q, gb = self._p, self._q, self._gq
        step, epoch = self._step, self._epoch
        opt_step = self._optimizer.step
        add = np.add.reduce
        isfinite = math.isfinite
        log, ev = self._epochs, self._evaluator
        for lr in self._rates(k):
            if self._pos >= n:
                self._new_epoch_order()
            pos = self._pos
            xb = self._xs[pos:pos + B]
            yb = self._ys[pos:pos + B]
            self._pos = pos = pos + B
            Lb = obj.batch(p, xb, yb, gb)
            log.total += Lb
            log.count += 1
            opt_step(p, gb, lr, q)
            step += 1
            if pos >= n:
                epoch += 1
                log.close(epoch - 1, step, q, None if ev is None else ev.loss_at(q))
            est = Lb * (n / yb.size) if scale_est else Lb
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
                log.save()
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
        top = None
        factor = self._optimizer.stable_lr_factor()
        if type(self._model) is Line and self._loss in ("l2", "mse") and self._full_batch() and factor is not None:
            top = max_stable_lr(self._x, self._y, self._loss) * factor
        self._diverged = divergence_message(at_step, L, q, g, self._limit, top)
        if rollback:  # back to the last checked point (it is the path's last entry)
            np.copyto(self._p, self._vp)
            self._step, self._epoch = self._v_step, self._v_epoch
            self._epochs.rollback()
            g2 = np.empty(self._p.size)
            self._L = self._obj.full(self._p, g2)
            self._g, self._g_step = g2, self._step
        self._snap = None
