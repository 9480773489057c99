"""The source-sink ("particle in a box") debris model behind the what-if lab.

Low Earth orbit is cut into altitude shells; each shell holds four species (active satellites,
derelict satellites, rocket bodies, fragments of 10 cm and more) as expected counts. Each year:
  - collisions happen at the kinetic-gas rate phi * n_i * n_j per pair of species in a shell,
    phi = pi (r_i + r_j)^2 v_rel / V_shell, reduced for active satellites that manoeuvre away;
    they destroy objects and add NASA-breakup-model fragments, spread over the shells by the
    breakup model's ejection speeds (a kick of ~100 m/s moves a fragment's mean altitude by
    ~100-200 km, so most fragments leave the shell of their parent);
  - derelicts and rocket bodies explode now and then (breakup model: 6 Lc^-1.6 fragments);
  - ASAT tests (a rate per decade) each break up a large target at a typical altitude;
  - launches keep each shell at its planned active population (today's actives, plus the chosen
    share of the announced constellations), scaled by the launch slider, and leave some upper
    stages behind;
  - satellites end their missions: a share (the disposal success rate) goes to an orbit that decays
    within the disposal rule (25 or 5 years), the rest stays where it was as derelicts;
  - active debris removal takes out the large derelicts that collide most;
  - drag moves derelicts, rocket bodies and fragments down the shells, with density following an
    11-year solar cycle. Drag over a year is applied exactly, as the matrix exponential of the
    shell-to-shell flow, so fast decay in low shells stays stable at a one-year step.
Why this shape: it is the structure of MIT's MOCAT-SSEM, reduced so that a century takes a few
milliseconds (everything is vectorized over shells; only the years are a Python loop).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from atlas.model.population import EARTH_RADIUS_KM, MU_KM3_S2
from atlas.model.whatif.atmosphere import MU_M3_S2, SECONDS_PER_YEAR, decay_time_years, density, f107_at
from atlas.model.whatif.constants import ACTIVE, DERELICT, FRAGMENTS, ROCKET_BODY, SPECIES, Constants, constants

DRAG_SPECIES = (DERELICT, ROCKET_BODY, FRAGMENTS)
PHASE_BINS_PER_YEAR = 4  # drag matrices are cached per quarter-year of solar-cycle phase


@dataclass(frozen=True)
class Params:
    """The what-if sliders. Defaults are the baseline: today's practice, no removal, no ASAT tests."""

    years: int = 100
    pmd: float = 0.9  # post-mission disposal success rate
    disposal_years: float = 25.0  # disposal rule: at most this many years in orbit after the mission
    launch_scale: float = 1.0  # multiplies the launch baseline
    adr_per_year: float = 0.0  # large derelicts removed each year
    asat_per_decade: float = 0.0  # destructive ASAT tests per decade
    # share of the announced megaconstellations (whatif.toml) built and kept up. The baseline keeps
    # today's fleet instead, as the published business-as-usual projections repeat recent launch
    # traffic (IADC 2013, ESA); building them all at 90% disposal success is a runaway scenario.
    constellations: float = 0.0

    def check(self) -> "Params":
        """Raise ValueError naming the first value out of range (the CLI shows it as is)."""
        limits = {
            "years": (1, 500), "pmd": (0.0, 1.0), "disposal_years": (1.0, 200.0),
            "launch_scale": (0.0, 10.0), "adr_per_year": (0.0, 1000.0), "asat_per_decade": (0.0, 100.0),
            "constellations": (0.0, 1.0),
        }
        for name, (lo, hi) in limits.items():
            value = getattr(self, name)
            if not lo <= value <= hi:
                raise ValueError(f"{name} must be between {lo:g} and {hi:g}, got {value:g}")
        return self


@dataclass
class Result:
    params: Params
    years: np.ndarray  # calendar years of the samples, start .. start + params.years
    by_species: dict[str, np.ndarray]  # total count per species at each sample
    collisions_per_year: np.ndarray  # expected collision rate (per year) in the state of each sample
    catastrophic_per_year: np.ndarray  # the part of it that destroys both objects (above 40 J/g)
    collisions_cumulative: np.ndarray  # expected collisions from the start to each sample
    final_by_shell: np.ndarray  # (4, n_shells) counts at the end
    start_source: str = "documented default starting state"
    cycle_years: int = 11
    extras: dict = field(default_factory=dict)

    def cycle_average(self, series: np.ndarray) -> float:
        """Mean over the last solar cycle, so that the cycle does not hide (or fake) an effect."""
        return float(np.mean(series[-min(self.cycle_years, len(series)):]))

    def cycle_averaged(self) -> dict[str, float]:
        out = {k: self.cycle_average(v) for k, v in self.by_species.items()}
        out["total"] = self.cycle_average(self.total())
        out["collisions_per_year"] = self.cycle_average(self.collisions_per_year)
        return out

    def total(self) -> np.ndarray:
        return sum(self.by_species.values())

    def as_dict(self) -> dict:
        """The JSON shape of `space-atlas whatif run --json` (documented in README)."""
        avg = self.cycle_averaged()
        return {
            "parameters": asdict(self.params),
            "years": [int(y) for y in self.years],
            "by_species": {k: [round(float(x), 1) for x in v] for k, v in self.by_species.items()},
            "collisions_per_year": [round(float(x), 4) for x in self.collisions_per_year],
            "catastrophic_per_year": [round(float(x), 4) for x in self.catastrophic_per_year],
            "collisions_cumulative": [round(float(x), 3) for x in self.collisions_cumulative],
            "cycle_averaged": {k: round(v, 3 if k == "collisions_per_year" else 1) for k, v in avg.items()},
            "cycle_average_window": [int(self.years[-min(self.cycle_years, len(self.years))]), int(self.years[-1])],
            "starting_state": self.start_source,
            "summary": summary(self),
        }


# --- set-up that does not depend on the sliders (cached) --------------------------------------


def _expm(a: np.ndarray) -> np.ndarray:
    """Matrix exponential of a stack of matrices (scaling and squaring with a Taylor series).
    numpy has none and the drag generators are small (shells x shells), so this is cheap."""
    norm = np.abs(a).sum(axis=-1).max()
    s = max(0, int(np.ceil(np.log2(norm))) + 1) if norm > 0 else 0
    b = a / 2.0**s
    term = np.broadcast_to(np.eye(a.shape[-1]), a.shape).copy()
    out = term.copy()
    for k in range(1, 14):
        term = term @ b / k
        out = out + term
    for _ in range(s):
        out = out @ out
    return np.clip(out, 0.0, None)


@dataclass(frozen=True)
class Setup:
    """Everything the yearly loop needs that depends only on the constants."""

    c: Constants
    volume_km3: np.ndarray  # (n_shells,)
    pair_a: np.ndarray  # species index of each pair's first member
    pair_b: np.ndarray
    pair_coef: np.ndarray  # (pairs, n_shells): collisions per year = coef * n_a * n_b
    loss: np.ndarray  # (4, pairs): objects of each species destroyed per collision
    catastrophic: np.ndarray  # (pairs,) bool: the pair's collisions destroy both objects
    fragments_per_collision: np.ndarray  # (pairs,)
    fragments_per_explosion: float
    fragments_per_asat: float
    spread: np.ndarray  # (n_shells, n_shells): where a shell's new collision fragments go (column = source)
    spread_explosion: np.ndarray  # the same for explosion fragments (slower ejecta, narrower spread)
    asat_shell: int
    shell_decay_years: np.ndarray  # derelict decay time from each shell centre to re-entry (moderate sun)
    drag: np.ndarray  # (phase bins, 3 drag species, n_shells, n_shells): one year of drag
    adr_mask: np.ndarray  # shells where removal missions work


def _fragments(c: Constants, m_a: float, m_b: float) -> tuple[float, bool]:
    """NASA standard breakup model: fragments above Lc from a collision, and whether it is catastrophic."""
    v_m_s = c["collision_velocity_km_s"] * 1e3
    small, big = min(m_a, m_b), max(m_a, m_b)
    catastrophic = 0.5 * small * v_m_s**2 / (big * 1e3) > c["catastrophic_threshold_j_per_g"]
    mass = (m_a + m_b) if catastrophic else small * c["collision_velocity_km_s"] ** 2
    return _breakup_count(c, mass), bool(catastrophic)


def _breakup_count(c: Constants, mass: float) -> float:
    """N(>Lc) = 0.1 M^0.75 Lc^-1.71: M is the total mass (catastrophic) or m_projectile v^2."""
    return float(c["collision_coefficient"] * mass ** c["collision_mass_exponent"]
                 * c["fragment_size_m"] ** c["collision_size_exponent"])


def spread_matrix(c: Constants, log10_dv_mean: float) -> np.ndarray:
    """Where fragments born in each shell end up, (n_shells, n_shells), column = source shell.

    NASA standard breakup model: a fragment leaves its parent with a speed change whose log10
    (m/s) is normal with mean `log10_dv_mean` and sigma `fragment_dv_sigma`, in a random
    direction. From a circular orbit at the shell centre, vis-viva gives the fragment's new
    semi-major axis, binned like the starting state (mean altitude). Fragments thrown below the
    lowest shell re-enter within weeks and those above the top leave the model: columns may sum
    to less than one. Deterministic quadrature (normal and uniform grids), computed once."""
    n_dv, n_dir = 41, 64
    z = np.linspace(-3.0, 3.0, n_dv)
    w_dv = np.exp(-0.5 * z**2)
    w_dv /= w_dv.sum()
    dv = 10.0 ** (log10_dv_mean + c["fragment_dv_sigma"] * z) * 1e-3  # km/s
    cos = (np.arange(n_dir) + 0.5) / n_dir * 2.0 - 1.0  # isotropic: cos(angle to velocity) uniform
    weight = (w_dv[:, None] * np.full(n_dir, 1.0 / n_dir)[None, :]).ravel()
    edges = c.shell_edges_km
    out = np.zeros((c.n_shells, c.n_shells))
    for j, h in enumerate(c.shell_centres_km):
        r = EARTH_RADIUS_KM + h
        v = np.sqrt(MU_KM3_S2 / r)
        v2 = (v + dv[:, None] * cos[None, :]) ** 2 + (dv[:, None] ** 2) * (1.0 - cos[None, :] ** 2)
        inv_a = 2.0 / r - v2 / MU_KM3_S2
        alt = np.where(inv_a > 0, 1.0 / np.maximum(inv_a, 1e-12), np.inf).ravel() - EARTH_RADIUS_KM
        out[:, j] = np.histogram(alt, bins=edges, weights=weight)[0]
    return out


def _shell_residence_base(c: Constants, f107: np.ndarray) -> np.ndarray:
    """Seconds to sink through each shell, times beta (so divide by beta to use), per F10.7 value."""
    edges = c.shell_edges_km
    fine = np.linspace(edges[0], edges[-1], int(edges[-1] - edges[0]) + 1)  # 1 km grid
    owner = np.minimum(np.searchsorted(edges, fine[:-1], side="right") - 1, c.n_shells - 1)
    out = np.empty((len(f107), c.n_shells))
    speed = np.sqrt(MU_M3_S2 * (EARTH_RADIUS_KM + fine) * 1e3)
    for i, f in enumerate(f107):
        per_km = 1e3 / (density(fine, f, c) * speed)
        seg = 0.5 * (per_km[1:] + per_km[:-1]) * np.diff(fine)
        out[i] = np.bincount(owner, weights=seg, minlength=c.n_shells)
    return out


@lru_cache(maxsize=4)
def setup(c: Constants | None = None) -> Setup:
    c = c or constants()
    n = c.n_shells
    r_out = EARTH_RADIUS_KM + c.shell_edges_km[1:]
    r_in = EARTH_RADIUS_KM + c.shell_edges_km[:-1]
    volume = 4.0 / 3.0 * np.pi * (r_out**3 - r_in**3)

    pairs = [(a, b) for a in range(4) for b in range(a, 4) if not (a == FRAGMENTS and b == FRAGMENTS)]
    # fragment-on-fragment collisions are left out: at the 10 cm threshold they make few countable pieces
    pair_a = np.array([p[0] for p in pairs])
    pair_b = np.array([p[1] for p in pairs])
    v_km_yr = c["collision_velocity_km_s"] * SECONDS_PER_YEAR
    coef = np.empty((len(pairs), n))
    loss = np.zeros((4, len(pairs)))
    catastrophic_pairs = np.zeros(len(pairs), dtype=bool)
    frags = np.empty(len(pairs))
    for p, (a, b) in enumerate(pairs):
        sa, sb = c.species[a], c.species[b]
        cross_km2 = np.pi * ((sa.radius_m + sb.radius_m) * 1e-3) ** 2
        residual = 1.0
        if a == ACTIVE:
            residual = c["residual_active_vs_active"] if b == ACTIVE else c["residual_active_vs_other"]
        same = 0.5 if a == b else 1.0  # each unordered pair once
        coef[p] = same * residual * cross_km2 * v_km_yr / volume
        frags[p], catastrophic = _fragments(c, sa.mass_kg, sb.mass_kg)
        catastrophic_pairs[p] = catastrophic
        if catastrophic:
            loss[a, p] += 1
            loss[b, p] += 1
        else:  # the lighter projectile is destroyed, the target survives damaged
            loss[a if sa.mass_kg <= sb.mass_kg else b, p] += 1

    # fragment kicks from the breakup model at the fragments' area-to-mass (chi = log10 A/m)
    chi = np.log10(c.species[FRAGMENTS].area_to_mass)
    spread = spread_matrix(c, c["dv_collision_slope"] * chi + c["dv_collision_offset"])
    spread_explosion = spread_matrix(c, c["dv_explosion_slope"] * chi + c["dv_explosion_offset"])

    # drag: one year of shell-to-shell flow for each quarter-year of solar-cycle phase
    bins = int(round(c["solar_cycle_years"] * PHASE_BINS_PER_YEAR))
    start = c["solar_min_year"]
    months = start + np.arange(bins)[:, None] / PHASE_BINS_PER_YEAR + (np.arange(12)[None, :] + 0.5) / 12.0
    f_samples = f107_at(months.ravel(), c)
    base = _shell_residence_base(c, f_samples).reshape(bins, 12, n)
    rate_base = (1.0 / base).mean(axis=1)  # (bins, n): shells crossed per second, per unit beta
    drag = np.empty((bins, len(DRAG_SPECIES), n, n))
    for k, sp in enumerate(DRAG_SPECIES):
        beta = c["drag_coefficient"] * c.species[sp].area_to_mass
        k_yr = rate_base * beta * SECONDS_PER_YEAR  # (bins, n) per year
        gen = np.zeros((bins, n, n))
        idx = np.arange(n)
        gen[:, idx, idx] = -k_yr
        gen[:, idx[:-1], idx[1:]] = k_yr[:, 1:]  # shell i+1 flows into shell i
        drag[:, k] = _expm(gen)

    beta_d = c["drag_coefficient"] * c.species[DERELICT].area_to_mass
    moderate = _shell_residence_base(c, np.array([c["f107_moderate"]]))[0] / beta_d / SECONDS_PER_YEAR
    below = np.cumsum(moderate) - 0.5 * moderate  # from each shell centre down to the bottom edge
    floor = decay_time_years(c.shell_edges_km[0], c["reentry_km"], beta_d, c["f107_moderate"], c)
    asat_shell = int(np.clip(np.searchsorted(c.shell_edges_km, c["asat_altitude_km"], side="right") - 1, 0, n - 1))
    return Setup(
        c=c, volume_km3=volume, pair_a=pair_a, pair_b=pair_b, pair_coef=coef, loss=loss, catastrophic=catastrophic_pairs,
        fragments_per_collision=frags,
        fragments_per_explosion=c["explosion_coefficient"] * c["fragment_size_m"] ** c["explosion_exponent"],
        fragments_per_asat=_breakup_count(c, c["asat_target_mass_kg"]),  # hit-to-kill: catastrophic
        spread=spread, spread_explosion=spread_explosion, asat_shell=asat_shell, shell_decay_years=below + floor, drag=drag,
        adr_mask=c.shell_centres_km >= c["adr_shell_min_km"],
    )



# --- the projection ------------------------------------------------------------------------------


def disposal_matrix(s: Setup, disposal_years: float) -> np.ndarray:
    """Where compliant satellites go at the end of their mission: column j spreads shell j's
    disposals evenly over the shells from the lowest up to the highest one that drag clears within
    the rule (or up to j itself, if drag already clears shell j in time). The spread stands for the
    many ways operators comply, from direct re-entry to an orbit that uses the full allowance, and
    for disposal orbits being elliptical rather than parked in one shell."""
    n = s.c.n_shells
    ok = np.flatnonzero(s.shell_decay_years <= disposal_years)
    top = np.minimum(np.arange(n), int(ok[-1]) if len(ok) else 0)  # highest destination per column
    rows = np.arange(n)[:, None]
    return (rows <= top[None, :]) / (top[None, :] + 1.0)


def target_actives(s: Setup, start_active: np.ndarray, years: np.ndarray, share: float = 1.0) -> np.ndarray:
    """Planned active satellites per shell at each calendar year: today's actives plus `share` of
    the announced constellations, each filling in linearly over its build-up years. (years, n_shells)"""
    c = s.c
    out = np.broadcast_to(start_active, (len(years), c.n_shells)).copy()
    for con in c.constellations:
        shell = int(np.clip(np.searchsorted(c.shell_edges_km, con.altitude_km, side="right") - 1, 0, c.n_shells - 1))
        out[:, shell] += share * con.additional * np.clip((years - con.start_year) / con.build_years, 0.0, 1.0)
    return out


def run(params: Params = Params(), start: np.ndarray | None = None, start_source: str | None = None,
        c: Constants | None = None) -> Result:
    """Project the environment `params.years` ahead from `start` ((4, n_shells) counts; the
    documented default starting state when None)."""
    params.check()
    s = setup(c or constants())
    c = s.c
    x = np.array(c.default_counts if start is None else start, dtype=float)
    if x.shape != (4, c.n_shells):
        raise ValueError(f"starting state must be (4, {c.n_shells}) counts, got {x.shape}")
    n_years = int(params.years)
    t0 = c["start_year"]
    years = t0 + np.arange(n_years + 1)

    target = target_actives(s, x[ACTIVE], years.astype(float), params.constellations)
    retire = 1.0 - np.exp(-1.0 / c["mission_years"])
    launches = params.launch_scale * np.clip(target[1:] - target[:-1] + retire * target[:-1], 0.0, None)
    dispose = disposal_matrix(s, params.disposal_years)
    asat = np.zeros(c.n_shells)
    asat[s.asat_shell] = params.asat_per_decade / 10.0 * s.fragments_per_asat
    asat = s.spread @ asat
    explode = np.array([0.0, c["explosion_rate_derelict"], c["explosion_rate_rocket_body"], 0.0])
    bins = s.drag.shape[0]
    phase0 = (t0 - c["solar_min_year"]) * PHASE_BINS_PER_YEAR
    large = np.array([DERELICT, ROCKET_BODY])

    totals = np.empty((n_years + 1, 4))
    rates = np.empty(n_years + 1)
    catastrophic = np.empty(n_years + 1)
    for k in range(n_years + 1):
        pair_rates = s.pair_coef * x[s.pair_a] * x[s.pair_b]  # (pairs, shells)
        totals[k] = x.sum(axis=1)
        rates[k] = pair_rates.sum()
        catastrophic[k] = pair_rates[s.catastrophic].sum()
        if k == n_years:
            break
        loss = s.loss @ pair_rates  # (4, shells)
        blasts = explode[:, None] * x
        new_frag = s.spread @ (s.fragments_per_collision @ pair_rates)
        new_frag += s.spread_explosion @ (s.fragments_per_explosion * blasts.sum(axis=0))
        loss = np.minimum(loss + blasts, x)

        if params.adr_per_year > 0:
            # remove the large derelicts most involved in collisions, where removal missions work
            risk = (s.loss[large] @ pair_rates + 1e-9 * x[large]) * s.adr_mask
            want = params.adr_per_year * risk / max(risk.sum(), 1e-300)
            loss[large] = np.minimum(loss[large] + want, x[large])

        ended = retire * x[ACTIVE]
        rb = c["rocket_bodies_per_satellite"] * launches[k]
        x = x - loss
        x[ACTIVE] += launches[k] - ended
        x[DERELICT] += (1 - params.pmd) * ended + params.pmd * (dispose @ ended)
        x[ROCKET_BODY] += (1 - params.pmd) * rb + params.pmd * (dispose @ rb)
        x[FRAGMENTS] += new_frag + asat
        phase = int(round(phase0 + k * PHASE_BINS_PER_YEAR)) % bins
        x[1:] = np.einsum("sij,sj->si", s.drag[phase], x[1:])
        np.maximum(x, 0.0, out=x)

    return Result(
        params=params,
        years=years,
        by_species={key: totals[:, i] for i, key in enumerate(SPECIES)},
        collisions_per_year=rates,
        catastrophic_per_year=catastrophic,
        collisions_cumulative=np.concatenate([[0.0], np.cumsum(rates[:-1])]),
        final_by_shell=x,
        start_source=start_source or "documented default starting state (ESA Space Environment Report 2025 totals)",
        cycle_years=int(round(c["solar_cycle_years"])),
    )


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}" if x >= 1 else f"{x:.2f}"


def summary(result: Result, baseline: Result | None = None) -> str:
    """One plain sentence reading the result (averaged over the last solar cycle), against the
    baseline when one is given."""
    avg = result.cycle_averaged()
    lo, hi = int(result.years[-min(result.cycle_years, len(result.years))]), int(result.years[-1])
    if baseline is None:
        return (
            f"Averaged over {lo}-{hi}, low Earth orbit holds about {_fmt(avg['total'])} objects of 10 cm or more "
            f"({_fmt(avg['active'])} active, {_fmt(avg['derelict'])} derelict, {_fmt(avg['rocket_body'])} rocket bodies, "
            f"{_fmt(avg['fragments'])} fragments), with about {_fmt(avg['collisions_per_year'])} collisions a year "
            f"and {_fmt(result.collisions_cumulative[-1])} in all by {hi}."
        )
    base = baseline.cycle_averaged()

    def change(key: str) -> str:
        if base[key] <= 0:
            return "unchanged" if avg[key] <= 0 else "up from none"
        pct = 100.0 * (avg[key] - base[key]) / base[key]
        if abs(pct) < 1:
            return "about the same"
        return f"{abs(pct):.0f}% {'more' if pct > 0 else 'fewer'}"

    return (
        f"Compared with the baseline, averaged over {lo}-{hi}: {change('fragments')} fragments, "
        f"{change('derelict')} derelict satellites, {change('total')} objects in all, and "
        f"{change('collisions_per_year')} collisions a year (about {_fmt(avg['collisions_per_year'])} "
        f"against {_fmt(base['collisions_per_year'])})."
    )
