"""Positions of every object: SGP4 (the `sgp4` package's vectorized SatrecArray) plus a cheap
per-frame path.

Frames are drawn in the inertial TEME frame (SGP4's own): the Earth turns underneath, so
orbits stay closed ellipses and the per-frame path needs no rotation of the points.

The per-frame path (`Animator`) does not run SGP4 for every object every frame. It keeps
two SGP4 keyframes (positions and velocities at t0 and t1 = t0 + step) and interpolates
with cubic Hermite polynomials, which follow a LEO orbit to well under a kilometre for
steps of a few minutes (see tests/model/test_propagate.py for the measured error). The next
keyframe is computed a slice of objects at a time over the frames before it is needed, so
no single frame pays for a whole propagation. When one frame jumps further than a step
(very high rates, or a date typed in), it propagates directly at that time instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sgp4.api import WGS72, Satrec, SatrecArray

from atlas.model.population import EARTH_RADIUS_KM, MU_KM3_S2 as MU

DAY_S = 86400.0
_SGP4_EPOCH_JD = 2433281.5  # 1949-12-31 00:00 UT, the origin of sgp4init's epoch argument
_XPDOTP = 1440.0 / (2.0 * math.pi)  # rev/day per rad/min


def _jd_of(t: np.ndarray) -> np.ndarray:
    """datetime64 -> Julian date (float64)."""
    us = np.asarray(t).astype("M8[us]").astype(np.int64)
    return us / 86_400_000_000.0 + 2440587.5


def build_satrecs(objects: np.ndarray) -> list[Satrec]:
    """One Satrec per row, initialised from the mean elements (SGP4 'improved' mode, WGS-72 as
    the element sets assume). Rows whose elements SGP4 rejects propagate to error codes and are
    hidden, never dropped silently from the population."""
    epoch_days = _jd_of(objects["epoch"]) - _SGP4_EPOCH_JD
    deg = math.pi / 180.0
    cols = {
        k: objects[k].astype(np.float64).tolist()
        for k in ("bstar", "ndot", "nddot", "ecc", "argp", "incl", "mean_anomaly", "mean_motion", "raan")
    }
    norads = objects["norad"].tolist()
    epochs = epoch_days.tolist()
    sats = []
    for i in range(len(objects)):
        s = Satrec()
        s.sgp4init(
            WGS72,
            "i",
            norads[i] if norads[i] < 340000 else 0,
            epochs[i],
            cols["bstar"][i],
            cols["ndot"][i] / (_XPDOTP * 1440.0),
            cols["nddot"][i] / (_XPDOTP * 1440.0 * 1440.0),
            cols["ecc"][i],
            cols["argp"][i] * deg,
            cols["incl"][i] * deg,
            cols["mean_anomaly"][i] * deg,
            cols["mean_motion"][i] / _XPDOTP,
            cols["raan"][i] * deg,
        )
        sats.append(s)
    return sats


class Propagator:
    """SGP4 for a whole population at once. Positions in Earth radii, velocities in Earth
    radii per second, TEME frame; objects SGP4 cannot place (decayed, bad elements) get NaN.

    The satellites are kept in fixed chunks (SatrecArrays) so that a slice of the population
    can be propagated without building anything per object."""

    CHUNK = 2048

    def __init__(self, objects: np.ndarray):
        self.n = len(objects)
        self._objects = objects
        # Only the SatrecArrays are kept (they copy the satellites' C structures); the Python Satrec
        # objects are dropped chunk by chunk, which halves the memory of a 100,000-object sky.
        self.chunks = []
        for lo in range(0, self.n, self.CHUNK):
            hi = min(lo + self.CHUNK, self.n)
            self.chunks.append((lo, hi, SatrecArray(build_satrecs(objects[lo:hi]))))

    def at_jd(self, jd, chunks=None):
        """Positions and velocities at Julian dates `jd`, shape (n, len(jd), 3); with `chunks`
        (indices into self.chunks) only those rows are filled (the rest left NaN)."""
        jd = np.atleast_1d(np.asarray(jd, dtype=np.float64))
        whole = np.floor(jd - 0.5) + 0.5
        frac = jd - whole
        r = np.full((self.n, len(jd), 3), np.nan)
        v = np.full((self.n, len(jd), 3), np.nan)
        for c in range(len(self.chunks)) if chunks is None else chunks:
            lo, hi, arr = self.chunks[c]
            e, rc, vc = arr.sgp4(whole, frac)
            bad = e != 0
            rc[bad] = np.nan
            vc[bad] = np.nan
            r[lo:hi] = rc
            v[lo:hi] = vc
        r /= EARTH_RADIUS_KM
        v /= EARTH_RADIUS_KM
        return r, v

    def positions_at(self, jd: float) -> np.ndarray:
        return self.at_jd(np.array([jd]))[0][:, 0, :]

    def chunk_at(self, c: int, jd: float) -> tuple[np.ndarray, np.ndarray]:
        """Positions and velocities of chunk c at one time (NaN where SGP4 cannot place it)."""
        _lo, _hi, arr = self.chunks[c]
        whole = math.floor(jd - 0.5) + 0.5
        e, r, v = arr.sgp4(np.array([whole]), np.array([jd - whole]))
        bad = e[:, 0] != 0
        r = r[:, 0, :] / EARTH_RADIUS_KM
        v = v[:, 0, :] / EARTH_RADIUS_KM
        r[bad] = np.nan
        v[bad] = np.nan
        return r, v

    def orbit_path(self, index: int, jd: float, period_min: float, points: int = 240) -> np.ndarray:
        """One revolution of object `index` starting at `jd`, as (points, 3) positions."""
        t = jd + np.linspace(0.0, period_min / 1440.0, points)
        whole = np.floor(t - 0.5) + 0.5
        sat = build_satrecs(self._objects[index : index + 1])[0]
        e, r, _v = sat.sgp4_array(whole, t - whole)
        r = r / EARTH_RADIUS_KM
        r[e != 0] = np.nan
        return r


@dataclass
class _Key:
    jd: float
    r: np.ndarray  # (n, 3) float64, Earth radii
    v: np.ndarray  # (n, 3) Earth radii per second


class Animator:
    """Positions for the frame at any time, cheaply. See the module docstring.

    step_s: keyframe spacing in simulated seconds. `positions(jd, frame_dt_s, rate)` returns
    float32 (n, 3); hidden objects (SGP4 errors) sit at the origin, inside the Earth.
    """

    def __init__(self, propagator: Propagator, step_s: float = 120.0):
        self.prop = propagator
        self.step_s = float(step_s)
        self._k0: _Key | None = None
        self._k1: _Key | None = None
        self._pending: _Key | None = None  # the next keyframe, filled a chunk at a time
        self._pending_chunks = 0
        self._out = np.zeros((propagator.n, 3), dtype=np.float32)
        self.full_propagations = 0  # frames that had to run SGP4 on everything at once

    def invalidate(self) -> None:
        self._k0 = self._k1 = self._pending = None

    def _reset(self, jd: float, direction: int) -> None:
        step = self.step_s / DAY_S
        t0 = math.floor(jd / step) * step
        r, v = self.prop.at_jd(np.array([t0, t0 + step]))
        self.full_propagations += 1
        self._k0 = _Key(t0, r[:, 0, :], v[:, 0, :])
        self._k1 = _Key(t0 + step, r[:, 1, :], v[:, 1, :])
        self._start_pending(direction)

    def _start_pending(self, direction: int) -> None:
        step = self.step_s / DAY_S
        jd = self._k1.jd + step if direction >= 0 else self._k0.jd - step
        n = self.prop.n
        self._pending = _Key(jd, np.empty((n, 3)), np.empty((n, 3)))
        self._pending_chunks = 0

    def _advance_pending(self, chunks: int) -> None:
        p = self._pending
        todo = range(self._pending_chunks, min(len(self.prop.chunks), self._pending_chunks + chunks))
        for c in todo:
            lo, hi = self.prop.chunks[c][:2]
            p.r[lo:hi], p.v[lo:hi] = self.prop.chunk_at(c, p.jd)
        self._pending_chunks = todo.stop

    def positions(self, jd: float, frame_dt_s: float = 0.0, rate: float = 1.0) -> np.ndarray:
        """Positions at `jd`. `frame_dt_s` (wall seconds per frame) and `rate` (simulated seconds
        per wall second) let it spread the next keyframe over the frames before it is due."""
        n = self.prop.n
        if n == 0:
            return self._out
        step = self.step_s / DAY_S
        sim_per_frame = abs(frame_dt_s * rate)
        if sim_per_frame > self.step_s:
            # Frames jump further than a keyframe step: interpolation buys nothing.
            self.invalidate()
            self.full_propagations += 1
            np.copyto(self._out, np.nan_to_num(self.prop.positions_at(jd), nan=0.0), casting="same_kind")
            return self._out
        if self._k0 is None or not (self._k0.jd - step <= jd <= self._k1.jd + step):
            self._reset(jd, 1 if rate >= 0 else -1)
        nchunks = len(self.prop.chunks)
        while jd > self._k1.jd or jd < self._k0.jd:  # shift keyframes by one step
            forward = jd > self._k1.jd
            want = self._k1.jd + step if forward else self._k0.jd - step
            if abs(self._pending.jd - want) > 1e-9:
                self._start_pending(1 if forward else -1)
            if self._pending_chunks < nchunks:
                self.full_propagations += 1
                self._advance_pending(nchunks)
            if forward:
                self._k0, self._k1 = self._k1, self._pending
            else:
                self._k0, self._k1 = self._pending, self._k0
            self._start_pending(1 if forward else -1)
        if self._pending_chunks < nchunks and sim_per_frame > 0:
            frames_left = max(1.0, self.step_s / sim_per_frame - 1.0)
            self._advance_pending(int(math.ceil(nchunks / frames_left)))
        return self._hermite(jd)

    def _hermite(self, jd: float) -> np.ndarray:
        k0, k1 = self._k0, self._k1
        h = (k1.jd - k0.jd) * DAY_S
        s = (jd - k0.jd) * DAY_S / h
        s2, s3 = s * s, s * s * s
        out = self._out
        np.multiply(k0.r, 2 * s3 - 3 * s2 + 1, out=out, casting="same_kind")
        out += (k0.v * ((s3 - 2 * s2 + s) * h) + k1.r * (-2 * s3 + 3 * s2) + k1.v * ((s3 - s2) * h)).astype(np.float32)
        np.nan_to_num(out, copy=False, nan=0.0)
        return out


J2 = 1.08262668e-3  # Earth's oblateness (WGS-84)


class KeplerPropagator:
    """Two-body motion with the secular J2 drift of node, perigee and mean anomaly, for every
    object at once (numpy only). For modeled populations, whose elements are rebuilt for each
    day (atlas.data.history.population_at) and whose positions along the orbit are illustrative:
    it needs no per-object set-up, so a new day's sky is ready in milliseconds. Same interface
    as Propagator."""

    CHUNK = 8192

    def __init__(self, objects: np.ndarray):
        self.n = len(objects)
        self.chunks = [(lo, min(lo + self.CHUNK, self.n), None) for lo in range(0, self.n, self.CHUNK)]
        deg = np.pi / 180.0
        n0 = objects["mean_motion"].astype(np.float64) * 2.0 * np.pi / 86400.0  # rad/s
        with np.errstate(divide="ignore", invalid="ignore"):
            a = np.cbrt(MU / (n0 * n0))  # km
        e = np.clip(objects["ecc"].astype(np.float64), 0.0, 0.99)
        i = objects["incl"].astype(np.float64) * deg
        p = a * (1.0 - e * e)
        k = 1.5 * J2 * (EARTH_RADIUS_KM / p) ** 2 * n0  # rad/s
        ci = np.cos(i)
        self._a, self._e, self._i = a, e, i
        self._n = n0 + k * np.sqrt(1.0 - e * e) * (1.5 * ci * ci - 0.5)
        self._raan0 = objects["raan"].astype(np.float64) * deg
        self._argp0 = objects["argp"].astype(np.float64) * deg
        self._m0 = objects["mean_anomaly"].astype(np.float64) * deg
        self._raan_dot = -k * ci
        self._argp_dot = 0.5 * k * (5.0 * ci * ci - 1.0)
        self._epoch_jd = _jd_of(objects["epoch"]) if self.n else np.zeros(0)
        self._ok = np.isfinite(a) & (a * (1.0 - e) > EARTH_RADIUS_KM)

    def _state(self, sl: slice, jd: float) -> tuple[np.ndarray, np.ndarray]:
        dt = (jd - self._epoch_jd[sl]) * DAY_S
        a, e, i = self._a[sl], self._e[sl], self._i[sl]
        n = self._n[sl]
        m = self._m0[sl] + n * dt
        raan = self._raan0[sl] + self._raan_dot[sl] * dt
        argp = self._argp0[sl] + self._argp_dot[sl] * dt
        E = m + e * np.sin(m)
        for _ in range(4):  # Newton on Kepler's equation; e < 0.99, converged to < 1e-10 for e < 0.8
            E -= (E - e * np.sin(E) - m) / (1.0 - e * np.cos(E))
        cE, sE = np.cos(E), np.sin(E)
        b = np.sqrt(1.0 - e * e)
        x, y = a * (cE - e), a * b * sE  # perifocal position, km
        edot = n / (1.0 - e * cE)
        vx, vy = -a * sE * edot, a * b * cE * edot  # km/s
        cO, sO, cw, sw, cI, sI = np.cos(raan), np.sin(raan), np.cos(argp), np.sin(argp), np.cos(i), np.sin(i)
        P = np.stack([cO * cw - sO * sw * cI, sO * cw + cO * sw * cI, sw * sI], axis=1)
        Q = np.stack([-cO * sw - sO * cw * cI, -sO * sw + cO * cw * cI, cw * sI], axis=1)
        r = (x[:, None] * P + y[:, None] * Q) / EARTH_RADIUS_KM
        v = (vx[:, None] * P + vy[:, None] * Q) / EARTH_RADIUS_KM
        bad = ~self._ok[sl]
        r[bad] = np.nan
        v[bad] = np.nan
        return r, v

    def chunk_at(self, c: int, jd: float) -> tuple[np.ndarray, np.ndarray]:
        lo, hi, _ = self.chunks[c]
        return self._state(slice(lo, hi), jd)

    def at_jd(self, jd, chunks=None):
        jd = np.atleast_1d(np.asarray(jd, dtype=np.float64))
        r = np.full((self.n, len(jd), 3), np.nan)
        v = np.full((self.n, len(jd), 3), np.nan)
        for k, t in enumerate(jd):
            for c in range(len(self.chunks)) if chunks is None else chunks:
                lo, hi, _ = self.chunks[c]
                r[lo:hi, k], v[lo:hi, k] = self._state(slice(lo, hi), float(t))
        return r, v

    def positions_at(self, jd: float) -> np.ndarray:
        return self._state(slice(0, self.n), float(jd))[0]

    def orbit_path(self, index: int, jd: float, period_min: float, points: int = 240) -> np.ndarray:
        t = jd + np.linspace(0.0, period_min / 1440.0, points)
        return np.stack([self._state(slice(index, index + 1), float(x))[0][0] for x in t])
