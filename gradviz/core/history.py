"""The bounded path history of a run: :class:`PathHistory`.

Every checked step is recorded as (step, params, loss). The most recent
:data:`HISTORY_RECENT` entries are kept in full in a ring buffer; older ones go to a
second buffer of :data:`HISTORY_OLD` that, when full, drops every other entry and doubles
its recording stride. So a path never holds more than :data:`HISTORY_MAX` entries
whatever the number of steps, always starts with the start point and ends with the
current point.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HISTORY_RECENT", "HISTORY_OLD", "HISTORY_MAX", "PathHistory"]

HISTORY_RECENT = 2000  # most recent path entries kept in full
HISTORY_OLD = 2000  # thinned older entries
HISTORY_MAX = HISTORY_RECENT + HISTORY_OLD


class PathHistory:
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
        """Forget every entry."""
        self.r0 = self.rn = self.on = self.count = 0
        self.stride = 1

    def __len__(self):
        return self.rn + self.on

    def add(self, step, p, loss):
        """Record an entry (p is copied)."""
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
        """(steps, params, losses): new arrays, oldest entry first."""
        idx = self._ring()
        o = self.on
        return (np.concatenate((self.os[:o], self.rs[idx])),
                np.concatenate((self.op[:o], self.rp[idx])),
                np.concatenate((self.ol[:o], self.rl[idx])))

    def state(self):
        """(steps, params, losses, recent, count, stride): every entry oldest first, the
        last ``recent`` of them the full-resolution ones, and the thinning counters."""
        steps, params, losses = self.arrays()
        return steps, params, losses, self.rn, self.count, self.stride

    def load(self, steps, params, losses, recent, count, stride):
        """Take the entries and counters :meth:`state` returned (checked by the caller);
        it then records exactly as the history they came from would."""
        self.clear()
        o = len(steps) - recent
        self.os[:o], self.op[:o], self.ol[:o] = steps[:o], params[:o], losses[:o]
        self.rs[:recent], self.rp[:recent], self.rl[:recent] = steps[o:], params[o:], losses[o:]
        self.on, self.rn, self.count, self.stride = o, recent, count, stride

    def params_at(self, step):
        """A copy of the params of the last entry at ``step``, or None if none is kept."""
        o = self.on
        idx = self._ring()
        hit = np.flatnonzero(self.rs[idx] == step)
        if hit.size:
            return self.rp[idx[hit[-1]]].copy()
        hit = np.flatnonzero(self.os[:o] == step)
        return self.op[hit[-1]].copy() if hit.size else None

    def truncated(self, step) -> "PathHistory":
        """A new history holding the entries up to ``step`` (a run rewound to it), thinned
        as they are here."""
        steps, params, losses, recent, count, stride = self.state()
        k = int(np.searchsorted(steps, step, side="right"))
        old = min(len(steps) - recent, k - 1)
        out = PathHistory(self.P, self.R, self.C)
        out.load(steps[:k], params[:k], losses[:k], k - old, old * stride, stride)
        return out

    def recompute_losses(self, fn):
        """Replace every entry's loss by fn(params rows), e.g. after the loss changed."""
        if self.on:
            self.ol[:self.on] = fn(self.op[:self.on])
        idx = self._ring()
        if idx.size:
            self.rl[idx] = fn(self.rp[idx])
