"""The modeled history of the sky: one row per object from 1957 to the present, built from the facts in
resources/history (atlas.data.history_facts), deterministically (fixed seed, same output every run).

How an object lives and dies
  * Each object starts on its launch date (fragments: on the break-up date) with an orbit drawn from the
    facts. Constellation satellites are kept on station for their design life, then de-orbited (with the
    constellation's disposal success) or left to drag.
  * Re-entry comes from a drag-exposure model (decay.toml): an orbit needs exposure(perigee) *
    (1 + (apogee - perigee) / 2H) "reference years" to decay; an object with ballistic coefficient B uses
    them at the rate (B / B_ref) * g(t), where g(t) follows the sunspot cycle. tau(t) = integral of g is
    tabulated monthly, so every re-entry date is one interpolation (vectorized; no per-object loop).

Elements and epochs (for the SGP4 propagator)
  The stored rows carry mean elements at epoch = the object's start date, with bstar = 0: SGP4 then keeps
  the orbit's size fixed, so propagating a stored row to any date stays well defined. For the globe use
  `population_at(date)`: it returns the objects in orbit that day with epoch = that date and elements
  rebuilt for it (perigee/apogee lowered along the drag model, node and perigee advanced by the J2
  secular rates, mean anomaly advanced), so SGP4 only ever propagates within a day of the epoch.
  Positions along the orbit and node angles are illustrative (drawn deterministically), not historical.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import zlib
from dataclasses import dataclass

import numpy as np

from atlas.data.history_facts import FILES, Cloud, Facts, Named, OrbitClass, history_dir, load_facts
from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS, event_index
from atlas.model.population import (
    CONSTELLATION_KEYS,
    DEBRIS,
    EARTH_RADIUS_KM,
    KIND_KEYS,
    MU_KM3_S2,
    PAYLOAD,
    ROCKET_BODY,
    SRC_MODELED,
    Population,
    empty,
    fill_derived,
)
from atlas.paths import user_data_dir

GENERATOR_VERSION = 2  # 2: real named objects (named.toml)
SEED = 19571004
MODELED_NORAD_BASE = 800_000_000  # modeled objects get numbers no real object has (real parents keep theirs)
DAY = np.timedelta64(1, "D")
J2 = 1.08262668e-3
_EPOCH_YEAR0 = np.datetime64("1957-01-01", "D")
_GRID_END_YEAR = 2500.0
_SPUTNIK = np.datetime64("1957-10-04", "D")
_EVENT_NORAD_BASE = MODELED_NORAD_BASE + 900_000_000 // 10  # fragments of named events: stable numbers


def _years(d: np.ndarray) -> np.ndarray:
    """datetime64[D] -> decimal years (365.25-day years from 1957-01-01)."""
    return 1957.0 + (d.astype("M8[D]") - _EPOCH_YEAR0).astype(np.float64) / 365.25


def _dates(y: np.ndarray) -> np.ndarray:
    """Decimal years -> datetime64[D]."""
    return _EPOCH_YEAR0 + np.round((np.asarray(y) - 1957.0) * 365.25).astype(np.int64) * DAY


def _rng(*key: str | int) -> np.random.Generator:
    """A generator per component, so leaving one event out changes no other object."""
    return np.random.default_rng([SEED, *(zlib.crc32(str(k).encode()) for k in key)])


# ---- drag and the solar cycle ---------------------------------------------------------------------------


class DecayModel:
    """Drag exposure and the solar-cycle clock tau(t) (see the module docstring)."""

    def __init__(self, facts: Facts):
        d = facts.decay
        self.ref_bc = d.reference_bc
        self.reentry_km = d.reentry_altitude_km
        self.H = d.scale_height_km
        self.alt = np.asarray(d.lifetime_alt_km)
        self.log_years = np.log(np.asarray(d.lifetime_years))
        # monthly solar-activity grid from the first cycle to _GRID_END_YEAR
        t = np.arange(1957.0, _GRID_END_YEAR, 1.0 / 12.0)
        ssn = self._sunspots(t, d)
        g = np.exp(d.solar_sensitivity * (ssn - ssn[t < 2025].mean()))
        g /= g[t < 2025].mean()  # the lifetime table is for average activity over the observed cycles
        self.t = t
        self.g = g
        self.tau = np.concatenate(([0.0], np.cumsum(g[:-1]) / 12.0))

    @staticmethod
    def _sunspots(t: np.ndarray, d) -> np.ndarray:
        """Smoothed sunspot number: each cycle rises as sin^2 to its peak and falls as cos^2 to the next minimum."""
        cycles = list(d.cycles)
        end = cycles[-1][0] + d.future_length
        while end < t[-1] + d.future_length:  # repeat the average cycle into the future
            cycles.append((end, end + d.future_rise, d.future_peak))
            end += d.future_length
        mins = np.array([c[0] for c in cycles] + [end])
        maxs = np.array([c[1] for c in cycles])
        peaks = np.array([c[2] for c in cycles])
        i = np.clip(np.searchsorted(mins, t, side="right") - 1, 0, len(cycles) - 1)
        rise = t < maxs[i]
        frac_up = np.clip((t - mins[i]) / (maxs[i] - mins[i]), 0, 1)
        frac_dn = np.clip((t - maxs[i]) / (mins[i + 1] - maxs[i]), 0, 1)
        shape = np.where(rise, np.sin(0.5 * np.pi * frac_up) ** 2, np.cos(0.5 * np.pi * frac_dn) ** 2)
        return 5.0 + peaks[i] * shape

    def tau_at(self, years: np.ndarray) -> np.ndarray:
        return np.interp(years, self.t, self.tau)

    def circular_years(self, h: np.ndarray) -> np.ndarray:
        """Lifetime (reference years) of a circular orbit at altitude h; 0 at or below re-entry altitude."""
        h = np.asarray(h, dtype=np.float64)
        life = np.exp(np.interp(h, self.alt, self.log_years, right=np.inf))
        beyond = h > self.alt[-1]
        if beyond.any():  # continue the last decade's log-slope
            slope = (self.log_years[-1] - self.log_years[-2]) / (self.alt[-1] - self.alt[-2])
            life[beyond] = np.exp(self.log_years[-1] + slope * (h[beyond] - self.alt[-1]))
        life[h <= self.reentry_km] = 0.0
        return life

    def altitude_for(self, years: np.ndarray) -> np.ndarray:
        """Inverse of circular_years (altitude whose circular lifetime is `years`)."""
        y = np.maximum(np.asarray(years, dtype=np.float64), 1e-12)
        return np.interp(np.log(y), self.log_years, self.alt)

    def exposure(self, hp: np.ndarray, ha: np.ndarray) -> np.ndarray:
        return self.circular_years(hp) * (1.0 + (ha - hp) / (2.0 * self.H))

    def decay_dates(self, start: np.ndarray, hp, ha, bc) -> np.ndarray:
        """Re-entry dates (datetime64[D], NaT beyond the grid) for drag starting on `start`."""
        need = self.exposure(hp, ha) * (self.ref_bc / bc)
        target = self.tau_at(_years(start)) + need
        ok = target < self.tau[-1]
        out = np.full(len(start), np.datetime64("NaT"), dtype="M8[D]")
        out[ok] = _dates(np.interp(target[ok], self.tau, self.t))
        return np.maximum(out, start + DAY) if ok.any() else out


# ---- building blocks ------------------------------------------------------------------------------------


@dataclass
class _Block:
    """Columns of one generated group of objects before they are merged."""

    kind: np.ndarray
    start: np.ndarray  # M8[D]: launch, or break-up date for fragments
    hp: np.ndarray
    ha: np.ndarray
    incl: np.ndarray
    bc: np.ndarray
    name: np.ndarray
    owner: np.ndarray
    cospar: np.ndarray
    constellation: int | np.ndarray = -1
    event: int = -1
    norad: np.ndarray | int | None = None  # real numbers, a fixed first number, or None (numbered by position)
    drag_start: np.ndarray | None = None  # when drag begins (end of station keeping); default start
    fixed_decay: np.ndarray | None = None  # forced re-entry date (de-orbit, destruction), NaT where none
    fixed_life_years: np.ndarray | None = None  # luni-solar classes: lifetime instead of drag
    hold: np.ndarray | None = None  # bool: orbit held as given (no drag), e.g. named objects still in orbit
    exact_decay: bool = False  # re-entry is fixed_decay exactly (NaT: never), whatever the drag model says


def _pieces(n: int) -> np.ndarray:
    """COSPAR piece letters A, B, ..., Z, AA, AB, ... (I and O skipped, as in the real scheme)."""
    letters = [c for c in "ABCDEFGHJKLMNPQRSTUVWXYZ"]
    out, k = [], 0
    while len(out) < n:
        if k < len(letters):
            out.append(letters[k])
        else:
            q, r = divmod(k - len(letters), len(letters))
            out.append(letters[q % len(letters)] + letters[r] if q < len(letters) else f"{letters[r]}{q}")
        k += 1
    return np.array(out, dtype="U4")


_PIECES = _pieces(4000)


def _sample_orbits(rng: np.random.Generator, cls: OrbitClass, n: int):
    """Perigee, apogee, inclination, ballistic coefficient and optional fixed lifetime for n objects."""
    hp = rng.uniform(*cls.perigee_km, n)
    ha = np.maximum(rng.uniform(*cls.apogee_km, n), hp)
    w = np.asarray(cls.weights) / np.sum(cls.weights)
    incl = np.asarray(cls.inclinations)[rng.choice(len(w), size=n, p=w)] + rng.normal(0, 0.3, n)
    bc = np.exp(rng.uniform(np.log(cls.bc[0]), np.log(cls.bc[1]), n))
    life = None
    if cls.lifetime_years is not None:
        lo, hi = cls.lifetime_years
        life = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    return hp, ha, np.clip(incl, 0, 180), bc, life


def _spread(rng, n, hp, ha, incl, dv_median, dv_sigma, am_median, am_sigma):
    """Fragment orbits after a break-up: a random velocity kick at a point of the parent orbit.

    hp/ha/incl may be scalars or per-fragment arrays. Returns perigee, apogee, inclination and
    ballistic coefficient (2.2 x A/m) per fragment."""
    hp, ha, incl = (np.broadcast_to(np.asarray(x, dtype=np.float64), (n,)) for x in (hp, ha, incl))
    a0 = EARTH_RADIUS_KM + 0.5 * (hp + ha)
    r = EARTH_RADIUS_KM + hp + rng.uniform(0, 1, n) * (ha - hp)
    v = np.sqrt(MU_KM3_S2 * (2.0 / r - 1.0 / a0))
    dv = np.exp(rng.normal(np.log(dv_median), dv_sigma, n)) / 1000.0  # km/s
    u = rng.normal(size=(3, n))
    u /= np.linalg.norm(u, axis=0)
    vr, vt, vn = dv * u[0], v + dv * u[1], dv * u[2]
    v2 = vr**2 + vt**2 + vn**2
    v2 = np.minimum(v2, 1.9 * MU_KM3_S2 / r)  # keep every fragment bound
    a = 1.0 / (2.0 / r - v2 / MU_KM3_S2)
    h2 = (r * r) * (vt**2 + vn**2)
    e = np.sqrt(np.clip(1.0 - h2 / (MU_KM3_S2 * a), 0.0, 0.99))
    f_hp = a * (1 - e) - EARTH_RADIUS_KM
    f_ha = a * (1 + e) - EARTH_RADIUS_KM
    f_incl = incl + np.degrees(np.arctan2(vn, vt)) * np.cos(rng.uniform(0, 2 * np.pi, n))
    bc = 2.2 * np.exp(rng.normal(np.log(am_median), am_sigma, n))
    return f_hp, f_ha, np.clip(np.abs(f_incl), 0, 180), bc


def _random_days(rng, year: int, n: int, fraction: float = 1.0) -> np.ndarray:
    """n sorted dates in the first `fraction` of `year`, never before Sputnik 1."""
    start = max(np.datetime64(f"{year}-01-01", "D"), _SPUTNIK)
    span = (np.datetime64(f"{year}-01-01", "D") + int(365 * fraction) * DAY - start).astype(np.int64)
    return np.sort(start + (rng.uniform(0, max(span, 1), n)).astype(np.int64) * DAY)


def _spread_counts(values: np.ndarray) -> np.ndarray:
    """Whole numbers per year whose running sum follows the running sum of the (fractional) values."""
    c = np.round(np.cumsum(values)).astype(np.int64)
    return np.diff(np.concatenate(([0], c)))


def _background(facts: Facts) -> list[_Block]:
    """Payloads outside the named constellations, their rocket bodies, mission debris and unnamed break-ups."""
    years = np.arange(1957, facts.last_year + 1)
    ay = np.array([a.year for a in facts.anchors], dtype=float)

    def interp(get) -> np.ndarray:
        return np.interp(years, ay, [get(a) for a in facts.anchors])

    scale = np.where(years == facts.last_year, facts.last_year_fraction, 1.0)
    payloads = _spread_counts(interp(lambda a: a.payloads) * scale)
    rbs = _spread_counts(interp(lambda a: a.payloads * a.rocket_bodies_per_payload) * scale)
    mds = _spread_counts(interp(lambda a: a.payloads * a.mission_debris_per_payload) * scale)
    frs = _spread_counts(interp(lambda a: a.breakup_fragments) * scale)
    # named objects replace modeled ones of their launch year; complete years are all named
    payloads = np.maximum(payloads - _named_per_year(facts, years, PAYLOAD, geo=False), 0)
    rbs = np.maximum(rbs - _named_per_year(facts, years, ROCKET_BODY, geo=None), 0)
    complete = np.isin(years, facts.complete_years)
    for counts in (payloads, rbs, mds, frs):
        counts[complete] = 0
    class_keys = [k for k in facts.anchors[0].shares]
    shares = np.stack([interp(lambda a, k=k: a.shares[k]) for k in class_keys], axis=1)
    owner_keys = sorted({k for a in facts.anchors for k in a.owners})
    owner_sh = np.stack([interp(lambda a, k=k: a.owners.get(k, 0.0)) for k in owner_keys], axis=1)
    owner_arr = np.array(owner_keys, dtype="U8")

    blocks: list[_Block] = []
    rng = _rng("background")
    for yi, year in enumerate(years):
        n = int(payloads[yi])
        frac = float(scale[yi])
        if n:
            cls_idx = rng.choice(len(class_keys), size=n, p=shares[yi] / shares[yi].sum())
            launch = _random_days(rng, int(year), n, frac)
            owners = owner_arr[rng.choice(len(owner_keys), size=n, p=owner_sh[yi] / owner_sh[yi].sum())]
            seq = np.arange(1, n + 1)
            cospar = np.char.add(np.char.add(f"{year}-M", np.char.zfill(seq.astype("U4"), 3)), "A")
            parts = {"hp": [], "ha": [], "incl": [], "bc": [], "life": [], "launch": [], "owner": [], "cospar": []}
            for ci, key in enumerate(class_keys):
                sel = cls_idx == ci
                m = int(sel.sum())
                if not m:
                    continue
                hp, ha, incl, bc, life = _sample_orbits(rng, facts.classes[key], m)
                for k, v in (("hp", hp), ("ha", ha), ("incl", incl), ("bc", bc)):
                    parts[k].append(v)
                parts["life"].append(life if life is not None else np.full(m, np.nan))
                parts["launch"].append(launch[sel])
                parts["owner"].append(owners[sel])
                parts["cospar"].append(cospar[sel])
            pl = {k: np.concatenate(v) for k, v in parts.items()}
            blocks.append(
                _Block(
                    np.full(n, PAYLOAD, np.int8), pl["launch"], pl["hp"], pl["ha"], pl["incl"], pl["bc"],
                    np.full(n, "PAYLOAD (MODELED)", "U32"), pl["owner"], pl["cospar"], fixed_life_years=pl["life"],
                )
            )
            # rocket bodies and mission debris follow randomly chosen payloads of the year
            for count, kind, label, bc_range, piece in (
                (int(rbs[yi]), ROCKET_BODY, "R/B (MODELED)", (0.005, 0.02), "B"),
                (int(mds[yi]), DEBRIS, "DEB (MODELED)", (0.02, 0.3), "C"),
            ):
                if not count:
                    continue
                p = rng.integers(0, n, count)
                drop = rng.uniform(0, 80, count) if kind == ROCKET_BODY else rng.uniform(-30, 30, count)
                hp2 = np.maximum(pl["hp"][p] - drop, 120.0)
                ha2 = np.maximum(pl["ha"][p] + rng.uniform(-30, 30, count), hp2)
                life = pl["life"][p]
                if kind == ROCKET_BODY:  # upper stages of high orbits are left in transfer orbits
                    hi = pl["hp"][p] > 2000
                    if hi.any():
                        g_hp, g_ha, g_in, _bc, g_life = _sample_orbits(rng, facts.classes["gto"], int(hi.sum()))
                        hp2[hi], ha2[hi], life = g_hp, g_ha, life.copy()
                        life[hi] = g_life
                bc = np.exp(rng.uniform(np.log(bc_range[0]), np.log(bc_range[1]), count))
                blocks.append(
                    _Block(
                        np.full(count, kind, np.int8), pl["launch"][p], hp2, ha2, pl["incl"][p], bc,
                        np.full(count, label, "U32"), pl["owner"][p],
                        np.char.add(np.char.rstrip(pl["cospar"][p], "A"), piece), fixed_life_years=life,
                    )
                )
        nf = int(frs[yi])
        if nf:
            blocks.append(_unnamed_breakups(rng, facts, int(year), nf, frac, owner_arr, owner_sh[yi]))
    return blocks


def _unnamed_breakups(rng, facts: Facts, year: int, n: int, frac: float, owner_arr, owner_share) -> _Block:
    """Fragments of the break-ups events.toml does not name, grouped in clouds of `breakup_size`."""
    b = facts.breakup
    n_events = max(1, int(np.ceil(n / b["breakup_size"])))
    hp, ha, incl, _bc, _life = _sample_orbits(rng, facts.classes["fragments"], n_events)
    high = rng.uniform(0, 1, n_events) < b["breakup_high_share"]
    if high.any():
        hp[high], ha[high], incl[high], _bc, _life = _sample_orbits(rng, facts.classes["gto"], int(high.sum()))
    dates = _random_days(rng, year, n_events, frac)
    owners = owner_arr[rng.choice(len(owner_arr), size=n_events, p=owner_share / owner_share.sum())]
    which = rng.integers(0, n_events, n)
    f_hp, f_ha, f_in, bc = _spread(
        rng, n, hp[which], ha[which], incl[which],
        b["breakup_dv_median_m_s"], b["breakup_dv_sigma"], b["breakup_am_median"], b["breakup_am_sigma"],
    )
    cospar = np.char.add(np.char.add(f"{year}-F", np.char.zfill(which.astype("U4"), 3)), "X")
    return _Block(
        np.full(n, DEBRIS, np.int8), dates[which], f_hp, f_ha, f_in, bc,
        np.full(n, "BREAKUP DEB (MODELED)", "U32"), owners[which], cospar,
    )


def _constellations(facts: Facts, background_owner: tuple[np.ndarray, np.ndarray]) -> list[_Block]:
    blocks: list[_Block] = []
    for c in facts.constellations:
        rng = _rng("constellation", c.key)
        cidx = CONSTELLATION_KEYS.index(c.key) if c.key in CONSTELLATION_KEYS else -1
        for year, count in c.deploy:
            if c.key == "geo-belt":  # named geostationary payloads replace modeled ones of their year
                count -= int(_named_per_year(facts, np.array([year]), PAYLOAD, geo=True)[0])
            if count <= 0:
                continue
            frac = facts.last_year_fraction if year == facts.last_year else 1.0
            n_launch = max(1, int(round(count / c.payloads_per_launch)))
            ldates = _random_days(rng, year, n_launch, frac)
            which = np.sort(rng.integers(0, n_launch, count))
            launch = ldates[which]
            shell_p = np.array([s.share for s in c.shells])
            shell_of_launch = rng.choice(len(c.shells), size=n_launch, p=shell_p / shell_p.sum())
            sh = shell_of_launch[which]
            alt = np.array([s.altitude_km for s in c.shells])[sh] + rng.normal(0, 3, count)
            incl = np.array([s.inclination for s in c.shells])[sh] + rng.normal(0, 0.05, count)
            hp = alt - rng.uniform(0, 5, count)
            ha = alt + rng.uniform(0, 5, count)
            bc = np.exp(rng.uniform(np.log(0.005), np.log(0.02), count))
            kept_until = launch + np.round(c.design_life_years * 365.25).astype(np.int64) * DAY
            disposed = rng.uniform(0, 1, count) < c.disposal
            fixed = np.where(disposed, kept_until + 180 * DAY, np.datetime64("NaT", "D"))
            if c.key == "geo-belt":
                owner_arr, owner_share = background_owner
                yi = min(year - 1957, len(owner_share) - 1)
                owners = owner_arr[rng.choice(len(owner_arr), size=count, p=owner_share[yi] / owner_share[yi].sum())]
            else:
                owners = np.full(count, c.owner, "U8")
            seq = np.arange(1, count + 1)
            names = np.char.add(f"{c.name} M{year % 100:02d}-", seq.astype("U5"))
            cospar = np.char.add(
                np.char.add(f"{year}-K", np.char.zfill(which.astype("U4"), 3)),
                _PIECES[(seq - 1) % len(_PIECES)],
            )
            blocks.append(
                _Block(
                    np.full(count, PAYLOAD, np.int8), launch, hp, ha, incl, bc, names, owners, cospar,
                    constellation=cidx, drag_start=kept_until, fixed_decay=fixed,
                )
            )
            if c.rocket_bodies_per_launch and c.rocket_body_orbit != "none":
                m = n_launch * c.rocket_bodies_per_launch
                rl = np.repeat(ldates, c.rocket_bodies_per_launch)
                if c.rocket_body_orbit == "shell":
                    s = np.repeat(shell_of_launch, c.rocket_bodies_per_launch)
                    r_alt = np.array([x.altitude_km for x in c.shells])[s]
                    r_hp = r_alt - rng.uniform(20, 150, m)
                    r_ha = r_alt + rng.uniform(0, 30, m)
                    r_in = np.array([x.inclination for x in c.shells])[s]
                    life = None
                else:
                    r_hp, r_ha, r_in, _b, life = _sample_orbits(rng, facts.classes[c.rocket_body_orbit], m)
                blocks.append(
                    _Block(
                        np.full(m, ROCKET_BODY, np.int8), rl, r_hp, r_ha, r_in,
                        np.exp(rng.uniform(np.log(0.005), np.log(0.02), m)),
                        np.full(m, f"{c.name} R/B (MODELED)", "U32"), np.full(m, owners[0], "U8"),
                        np.char.add(np.char.add(f"{year}-K", np.char.zfill(np.arange(m).astype("U4"), 3)), "R"),
                        fixed_life_years=life,
                    )
                )
    return blocks


_GEO_PERIGEE_KM = 30_000.0  # named payloads above this replace modeled "geo-belt" ones, not background ones


def _named_per_year(facts: Facts, years: np.ndarray, kind: int, geo: bool | None) -> np.ndarray:
    """How many named objects of `kind` (not event parents, which were always extra rows) each launch year
    has; geo=True counts only geostationary ones, geo=False only the others, None all."""
    out = np.zeros(len(years), np.int64)
    for o in facts.named:
        if o.kind != kind or o.event is not None or (geo is not None and (o.perigee_km > _GEO_PERIGEE_KM) != geo):
            continue
        out[years == o.launch.year] += 1
    return out


def _named(facts: Facts, model: DecayModel) -> list[_Block]:
    """The named real objects that are not event parents (those come with their event, see _parent).

    An object that re-entered gets the ballistic coefficient that makes the drag model bring it down on its
    real decay date, so its orbit shrinks plausibly and it is gone on the right day; one still in orbit, or
    destroyed, keeps its listed orbit until then."""
    rows = [o for o in facts.named if o.event is None]
    if not rows:
        return []
    col = lambda f, dt=None: np.array([f(o) for o in rows], dtype=dt)  # noqa: E731 - tiny local helper
    start = col(lambda o: np.datetime64(o.launch, "D"), "M8[D]")
    decay = col(lambda o: np.datetime64(o.decay, "D") if o.decay else np.datetime64("NaT"), "M8[D]")
    hp, ha = col(lambda o: o.perigee_km, float), col(lambda o: o.apogee_km, float)
    hold = col(lambda o: o.decay is None or o.destroyed, bool)
    span = model.tau_at(_years(np.where(hold, start, decay))) - model.tau_at(_years(start))
    with np.errstate(divide="ignore", invalid="ignore"):
        bc = np.where(hold, 0.01, model.ref_bc * model.exposure(hp, ha) / np.maximum(span, 1e-9))
    return [
        _Block(
            col(lambda o: o.kind, np.int8), start, hp, ha, col(lambda o: o.inclination, float), bc,
            col(lambda o: o.name, "U32"), col(lambda o: o.owner, "U8"), col(lambda o: o.cospar, "U12"),
            norad=col(lambda o: o.norad, np.int64), fixed_decay=decay, hold=hold, exact_decay=True,
        )
    ]


def _events(facts: Facts, without: tuple[str, ...]) -> list[_Block]:
    blocks: list[_Block] = []
    named = {(o.event, o.norad): o for o in facts.named if o.event is not None}
    for ev in facts.events:
        eidx = event_index(ev.id)
        happened = ev.id not in without
        edate = np.datetime64(ev.date, "D")
        for ci, cl in enumerate(ev.clouds):
            stand_in = _EVENT_NORAD_BASE + eidx * 1_000_000 + ci * 100_000 + 99_999
            blocks.append(_parent(cl, named.get((ev.id, cl.norad)), edate, happened, stand_in))
            if not happened:
                continue
            rng = _rng("event", ev.id, ci)
            n = cl.fragments
            f_hp, f_ha, f_in, bc = _spread(
                rng, n, cl.perigee_km, cl.apogee_km, cl.inclination,
                ev.dv_median_m_s, ev.dv_sigma, ev.am_median, ev.am_sigma,
            )
            appear = edate + np.round(rng.exponential(ev.catalog_lag_days, n)).astype(np.int64) * DAY
            pieces = _PIECES[1 : n + 1] if n < len(_PIECES) else np.char.add("F", np.arange(n).astype("U5"))
            blocks.append(
                _Block(
                    np.full(n, DEBRIS, np.int8), appear, f_hp, f_ha, f_in, bc,
                    np.full(n, f"{cl.parent} DEB", "U32"), np.full(n, cl.owner, "U8"),
                    np.char.add(cl.designator, pieces), event=eidx, drag_start=np.full(n, edate),
                    norad=_EVENT_NORAD_BASE + eidx * 1_000_000 + ci * 100_000,
                )
            )
    return blocks


def _parent(cl: Cloud, named: Named | None, edate: np.datetime64, destroyed: bool, stand_in_norad: int) -> _Block:
    """The real parent object: in orbit from its launch until the event (or, without the event, until drag).
    Where named.toml lists it, that row is the parent (its name, owner and orbit; load_facts checked that
    number, designator and launch agree). Parents whose NORAD number we could not confirm get a stable
    modeled number."""
    one = lambda v, dt=None: np.array([v], dtype=dt)  # noqa: E731 - tiny local helper
    if named is not None:
        name, owner, hp, ha, incl = named.name, named.owner, named.perigee_km, named.apogee_km, named.inclination
    else:
        name, owner, hp, ha, incl = cl.parent, cl.owner, cl.perigee_km, cl.apogee_km, cl.inclination
    return _Block(
        one(cl.kind, np.int8), one(np.datetime64(cl.parent_launch, "D")), one(hp, float),
        one(ha, float), one(incl, float), one(0.01, float),
        one(name, "U32"), one(owner, "U8"), one(cl.designator + cl.piece, "U12"),
        norad=one(cl.norad if cl.norad is not None else stand_in_norad, np.int64),
        drag_start=one(edate),
        fixed_decay=one(edate if destroyed else np.datetime64("NaT"), "M8[D]"),
    )


def _unit_hash(x: np.ndarray, salt: int) -> np.ndarray:
    """A uniform number in [0, 1) per integer (splitmix64 finalizer), vectorized."""
    z = x.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(salt * 0xD1B54A32D192ED03 % 2**64)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(2**53)


# ---- assembling the population ------------------------------------------------------------------------------


@dataclass
class History:
    """A generated population plus what `population_at` and `count` need (all numpy, cacheable)."""

    objects: np.ndarray
    drag_start_y: np.ndarray  # decimal years when drag decay starts
    exposure: np.ndarray  # reference years of exposure needed at drag start
    drag_rate: np.ndarray  # B / B_ref
    hp0: np.ndarray
    x0: np.ndarray  # apogee - perigee at start
    drag: np.ndarray  # bool: altitude follows the drag model (False for luni-solar classes)
    without: tuple[str, ...]
    _sorted: dict | None = None

    AUX = ("drag_start_y", "exposure", "drag_rate", "hp0", "x0", "drag")

    def sorted_dates(self) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Per kind: sorted launch dates and sorted decay dates (as int days) for searchsorted counts."""
        if self._sorted is None:
            out = {}
            la = self.objects["launch"].astype(np.int64)
            de = self.objects["decay"]
            for k in range(len(KIND_KEYS)):
                sel = self.objects["kind"] == k
                d = de[sel]
                out[k] = (np.sort(la[sel]), np.sort(d[~np.isnat(d)].astype(np.int64)))
            self._sorted = out
        return self._sorted


def _assemble(facts: Facts, model: DecayModel, blocks: list[_Block], without: tuple[str, ...]) -> History:
    n = sum(len(b.kind) for b in blocks)
    a = empty(n)
    start = np.empty(n, "M8[D]")
    drag_start = np.empty(n, "M8[D]")
    fixed = np.full(n, np.datetime64("NaT"), "M8[D]")
    life = np.full(n, np.nan)
    hp = np.empty(n)
    ha = np.empty(n)
    bc = np.empty(n)
    hold = np.zeros(n, bool)
    exact = np.zeros(n, bool)
    i = 0
    for bi, b in enumerate(blocks):
        m = len(b.kind)
        s = slice(i, i + m)
        a["kind"][s] = b.kind
        a["name"][s] = b.name
        a["owner"][s] = b.owner
        a["cospar"][s] = b.cospar
        a["constellation"][s] = b.constellation
        a["event"][s] = b.event
        a["incl"][s] = b.incl
        if b.norad is None:
            a["norad"][s] = MODELED_NORAD_BASE + bi * 100_000 + np.arange(m)
        elif np.isscalar(b.norad):
            a["norad"][s] = b.norad + np.arange(m)
        else:
            a["norad"][s] = b.norad
        start[s] = b.start
        drag_start[s] = b.start if b.drag_start is None else b.drag_start
        if b.fixed_decay is not None:
            fixed[s] = b.fixed_decay
        if b.fixed_life_years is not None:
            life[s] = b.fixed_life_years
        if b.hold is not None:
            hold[s] = b.hold
        exact[s] = b.exact_decay
        hp[s], ha[s], bc[s] = b.hp, b.ha, b.bc
        i += m
    hp = np.maximum(hp, 100.0)
    ha = np.maximum(ha, hp)

    decay = model.decay_dates(drag_start, hp, ha, bc)
    has_life = ~np.isnan(life)
    decay[has_life] = start[has_life] + np.maximum(np.round(life[has_life] * 365.25), 1).astype(np.int64) * DAY
    forced = ~np.isnat(fixed)
    decay[forced] = np.where(np.isnat(decay[forced]), fixed[forced], np.minimum(decay[forced], fixed[forced]))
    decay[exact] = fixed[exact]
    decay = np.maximum(decay, start + DAY)  # every object spends at least a day in orbit
    a["launch"] = start
    a["decay"] = decay
    a["epoch"] = start.astype("M8[us]")

    sma = EARTH_RADIUS_KM + 0.5 * (hp + ha)
    a["ecc"] = (ha - hp) / (2.0 * sma)
    a["mean_motion"] = np.sqrt(MU_KM3_S2 / sma**3) * 86400.0 / (2.0 * np.pi)
    # angles from the object's own number, so leaving an event out moves no other object
    a["raan"] = 360.0 * _unit_hash(a["norad"], 1)
    a["argp"] = 360.0 * _unit_hash(a["norad"], 2)
    a["mean_anomaly"] = 360.0 * _unit_hash(a["norad"], 3)
    a["bstar"] = 0.0
    a["source"] = SRC_MODELED
    fill_derived(a)
    return History(
        objects=a,
        drag_start_y=_years(drag_start),
        exposure=model.exposure(hp, ha),
        drag_rate=bc / model.ref_bc,
        hp0=hp,
        x0=ha - hp,
        drag=~has_life & ~hold,
        without=without,
    )


def _check_without(facts: Facts, without) -> tuple[str, ...]:
    known = {e.id for e in facts.events}
    for w in without:
        event_index(w)  # ValueError listing the known ids
        if w not in known:
            raise ValueError(f"event {w!r} has no data in resources/history/events.toml")
    return tuple(sorted(set(without)))


def build(without: tuple[str, ...] = (), facts: Facts | None = None) -> History:
    """Generate the modeled history from the facts (no cache)."""
    facts = facts or load_facts()
    without = _check_without(facts, without)
    model = DecayModel(facts)
    blocks = _named(facts, model) + _background(facts)
    years = np.arange(1957, facts.last_year + 1)
    ay = np.array([x.year for x in facts.anchors], dtype=float)
    owner_keys = sorted({k for x in facts.anchors for k in x.owners})
    owner_sh = np.stack([np.interp(years, ay, [x.owners.get(k, 0.0) for x in facts.anchors]) for k in owner_keys], axis=1)
    blocks += _constellations(facts, (np.array(owner_keys, dtype="U8"), owner_sh))
    blocks += _events(facts, without)
    return _assemble(facts, model, blocks, without)


# ---- cache ------------------------------------------------------------------------------------------------

_FACTS: dict[tuple, Facts] = {}


def _facts() -> Facts:
    """load_facts(), re-read only when a history file changes (count() must stay within milliseconds)."""
    d = history_dir()
    stamp = tuple((f, (d / f).stat().st_mtime_ns, (d / f).stat().st_size) for f in FILES)
    if stamp not in _FACTS:
        _FACTS.clear()
        _FACTS[stamp] = load_facts(d)
    return _FACTS[stamp]


_MEMORY: dict[tuple[str, tuple[str, ...]], History] = {}


def _cache_path(digest: str, without: tuple[str, ...]):
    key = hashlib.sha256(f"{GENERATOR_VERSION}|{SEED}|{digest}|{','.join(without)}".encode()).hexdigest()[:20]
    return user_data_dir() / "cache" / f"history-{key}.npz"


def history(without: tuple[str, ...] = (), *, use_cache: bool = True) -> History:
    """The modeled history, from memory, the disk cache (keyed by the facts' hash and the generator
    version) or freshly generated."""
    facts = _facts()
    without = _check_without(facts, without)
    mkey = (facts.digest, without)
    if use_cache and mkey in _MEMORY:
        return _MEMORY[mkey]
    path = _cache_path(facts.digest, without)
    h = None
    if use_cache and path.exists():
        try:
            with np.load(path, allow_pickle=False) as z:
                h = History(objects=z["objects"], without=without, **{k: z[k] for k in History.AUX})
        except (OSError, ValueError, KeyError):
            h = None  # a damaged cache is regenerated
    if h is None:
        h = build(without, facts)
        if use_cache:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            np.savez(tmp, objects=h.objects, **{k: getattr(h, k) for k in History.AUX})
            tmp.replace(path)
    if use_cache:
        _MEMORY[mkey] = h
    return h


def generate(without: tuple[str, ...] = ()) -> Population:
    """The modeled population (one row per object ever launched or created, with launch and decay dates)."""
    h = history(tuple(without))
    label = "modeled history" + (f" without {', '.join(h.without)}" if h.without else "")
    return Population(objects=h.objects, label=label, modeled=True, files=[], without=tuple(h.without))


# ---- questions by date ----------------------------------------------------------------------------------------


def _day(date) -> np.datetime64:
    if isinstance(date, str):
        return np.datetime64(_dt.date.fromisoformat(date), "D")
    return np.datetime64(date, "D")


def count(date, without: tuple[str, ...] = ()) -> dict:
    """Objects in orbit on `date`, by kind, from sorted launch and decay dates (searchsorted)."""
    h = history(tuple(without))
    d = _day(date).astype(np.int64)
    by_kind = {}
    for k, key in enumerate(KIND_KEYS):
        la, de = h.sorted_dates()[k]
        by_kind[key] = int(np.searchsorted(la, d, side="right") - np.searchsorted(de, d, side="right"))
    return {"date": str(_day(date)), "source": "modeled", "total": sum(by_kind.values()), "by_kind": by_kind}


def in_orbit(h: History, date) -> np.ndarray:
    d = _day(date)
    o = h.objects
    return (o["launch"] <= d) & (np.isnat(o["decay"]) | (o["decay"] > d))


def population_at(date, without: tuple[str, ...] = (), h: History | None = None) -> np.ndarray:
    """Rows in orbit at `date` with elements rebuilt for it (epoch = date; see the module docstring)."""
    h = h or history(tuple(without))
    when = np.datetime64(date, "us") if not isinstance(date, str) else np.datetime64(_dt.datetime.fromisoformat(date), "us")
    idx = np.flatnonzero(in_orbit(h, when))
    out = h.objects[idx]
    model = _decay_model()
    ty = _years(np.array([when.astype("M8[D]")]))[0] + (when - when.astype("M8[D]")).astype(np.float64) / 86400e6 / 365.25
    used = np.maximum(model.tau_at(np.full(len(idx), ty)) - model.tau_at(h.drag_start_y[idx]), 0.0) * h.drag_rate[idx]
    remaining = h.exposure[idx] - used
    hp0, x0 = h.hp0[idx], h.x0[idx]
    lc0 = model.circular_years(hp0)
    ecc_phase = remaining >= lc0
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(ecc_phase, (remaining / np.where(lc0 > 0, lc0, 1.0) - 1.0) * 2.0 * model.H, 0.0)
    hp = np.where(ecc_phase, hp0, model.altitude_for(remaining))
    x = np.clip(x, 0.0, x0)
    keep = ~h.drag[idx]
    hp = np.where(keep, hp0, np.maximum(hp, model.reentry_km))
    x = np.where(keep, x0, x)
    sma = EARTH_RADIUS_KM + hp + 0.5 * x
    n_rad_s = np.sqrt(MU_KM3_S2 / sma**3)
    ecc = 0.5 * x / sma
    dt_days = (when - out["epoch"]).astype(np.float64) / 86400e6
    n0 = out["mean_motion"] * 360.0  # deg/day at the stored epoch
    p = sma * (1.0 - ecc**2)
    ci = np.cos(np.radians(out["incl"]))
    j2f = 1.5 * J2 * (EARTH_RADIUS_KM / p) ** 2 * np.degrees(n_rad_s) * 86400.0  # deg/day
    out["raan"] = np.mod(out["raan"] - j2f * ci * dt_days, 360.0)
    out["argp"] = np.mod(out["argp"] + 0.5 * j2f * (5.0 * ci**2 - 1.0) * dt_days, 360.0)
    out["mean_anomaly"] = np.mod(out["mean_anomaly"] + n0 * dt_days, 360.0)
    out["mean_motion"] = n_rad_s * 86400.0 / (2.0 * np.pi)
    out["ecc"] = ecc
    out["epoch"] = when
    fill_derived(out)
    return out


_MODEL: dict[str, DecayModel] = {}


def _decay_model() -> DecayModel:
    facts = _facts()
    if facts.digest not in _MODEL:
        _MODEL.clear()
        _MODEL[facts.digest] = DecayModel(facts)
    return _MODEL[facts.digest]


def find(text: str, without: tuple[str, ...] = (), limit: int = 50, objects: np.ndarray | None = None) -> np.ndarray:
    """Rows whose name contains `text` (any case), whose NORAD number equals it or whose COSPAR id starts with it,
    among the modeled history's objects or the `objects` given (an imported catalog's)."""
    o = history(tuple(without)).objects if objects is None else objects
    t = text.strip().upper()
    if not t:
        return o[:0]
    hit = np.char.find(np.char.upper(o["name"]), t) >= 0
    hit |= np.char.startswith(o["cospar"], t)
    if t.isdigit():
        hit |= o["norad"] == int(t)
    return o[np.flatnonzero(hit)[:limit]]


__all__ = ["FRAGMENTATION_EVENT_IDS", "GENERATOR_VERSION", "History", "count", "find", "generate", "history", "population_at"]
