"""Drag: thermospheric density by altitude and solar activity, the solar cycle, orbital lifetime.

Why tabulated: the lab runs a century in milliseconds, so density comes from a small NRLMSISE-00
table (whatif-density.toml) interpolated in log density, not from an atmosphere model call.
A circular orbit loses altitude at da/dt = -rho(h) * beta * sqrt(mu * a), beta = Cd * A / m.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from atlas.model.population import EARTH_RADIUS_KM, MU_KM3_S2
from atlas.model.whatif.constants import Constants, constants

SECONDS_PER_YEAR = 365.25 * 86400.0
MU_M3_S2 = MU_KM3_S2 * 1e9


def density(altitude_km: np.ndarray | float, f107: float, c: Constants | None = None) -> np.ndarray:
    """Mean mass density (kg/m^3) at the altitudes, for a given F10.7 solar flux.
    Log-linear in altitude and linear in F10.7 between table levels (clamped at the ends)."""
    c = c or constants()
    d = c.density
    f = float(np.clip(f107, d.f107[0], d.f107[-1]))
    k = int(np.clip(np.searchsorted(d.f107, f) - 1, 0, len(d.f107) - 2))
    w = (f - d.f107[k]) / (d.f107[k + 1] - d.f107[k])
    row = (1.0 - w) * d.log10_rho[k] + w * d.log10_rho[k + 1]
    return 10.0 ** np.interp(np.asarray(altitude_km, dtype=float), d.altitude_km, row)


def f107_at(year: np.ndarray | float, c: Constants | None = None) -> np.ndarray:
    """Solar F10.7 flux over time: a cosine between the cycle's minimum and maximum, with its
    minimum at the last observed solar minimum (December 2019) and every 11 years after."""
    c = c or constants()
    phase = 2.0 * np.pi * (np.asarray(year, dtype=float) - c["solar_min_year"]) / c["solar_cycle_years"]
    mid, half = 0.5 * (c["f107_max"] + c["f107_min"]), 0.5 * (c["f107_max"] - c["f107_min"])
    return mid - half * np.cos(phase)


def decay_time_years(h_from_km: float, h_to_km: float, beta: float, f107: float,
                     c: Constants | None = None, step_km: float = 1.0) -> float:
    """Years for a circular orbit to sink from h_from to h_to at constant solar activity
    (the integral of dh / |dh/dt|, trapezoidal on a 1 km grid)."""
    c = c or constants()
    if h_from_km <= h_to_km:
        return 0.0
    h = np.linspace(h_to_km, h_from_km, max(2, int(np.ceil((h_from_km - h_to_km) / step_km)) + 1))
    rate_m_s = density(h, f107, c) * beta * np.sqrt(MU_M3_S2 * (EARTH_RADIUS_KM + h) * 1e3)
    seconds_per_km = 1e3 / rate_m_s
    return float(np.sum(0.5 * (seconds_per_km[1:] + seconds_per_km[:-1]) * np.diff(h)) / SECONDS_PER_YEAR)


@dataclass(frozen=True)
class Lifetime:
    altitude_km: float
    area_to_mass: float  # A/m in m^2/kg; beta = Cd * A/m
    years: float  # at moderate solar activity
    years_range: tuple[float, float]  # high activity (shortest) .. low activity (longest)

    @property
    def meets_25_year_rule(self) -> bool:
        return self.years <= 25.0

    @property
    def meets_5_year_rule(self) -> bool:
        return self.years <= 5.0

    def as_dict(self) -> dict:
        c = constants()
        return {
            "altitude_km": self.altitude_km,
            "area_to_mass": self.area_to_mass,
            "years": round(self.years, 3),
            "years_range": [round(self.years_range[0], 3), round(self.years_range[1], 3)],
            "meets_25_year_rule": self.meets_25_year_rule,
            "meets_5_year_rule": self.meets_5_year_rule,
            "assumptions": (
                f"circular orbit, drag coefficient {c['drag_coefficient']:g}, re-entry counted at "
                f"{c['reentry_km']:g} km; 'years' at moderate solar activity (F10.7 {c['f107_moderate']:g}), "
                f"range from high ({c['f107_max']:g}) to low ({c['f107_min']:g}) activity held constant"
            ),
            "source": c.density.source,
            "url": c.density.url,
        }


def lifetime(altitude_km: float, area_to_mass: float = 0.01, c: Constants | None = None) -> Lifetime:
    """Expected orbital lifetime of a circular orbit, with its spread over the solar cycle."""
    c = c or constants()
    if not 0 < area_to_mass <= 10:
        raise ValueError(f"area-to-mass must be between 0 and 10 m2/kg, got {area_to_mass}")
    if not 0 <= altitude_km <= c.density.altitude_km[-1]:
        raise ValueError(f"altitude must be between 0 and {c.density.altitude_km[-1]:g} km, got {altitude_km}")
    beta = c["drag_coefficient"] * area_to_mass

    def at(f107: float) -> float:
        return decay_time_years(altitude_km, c["reentry_km"], beta, f107, c)

    return Lifetime(float(altitude_km), float(area_to_mass), at(c["f107_moderate"]),
                    (at(c["f107_max"]), at(c["f107_min"])))


@dataclass(frozen=True)
class OrbitLifetime:
    """Lifetime of an object on its own (possibly eccentric) orbit, bracketed by two circular ones.

    Why a bracket: drag acts mostly near perigee, so an eccentric orbit first loses apogee and then
    decays like a circular orbit near its perigee. Its lifetime therefore lies between that of a
    circular orbit at the perigee altitude (shorter) and one at the mean altitude (longer); for a
    near-circular orbit the two agree. Each at moderate solar activity."""

    perigee_km: float
    apogee_km: float
    area_to_mass: float
    shortest: Lifetime  # circular at perigee
    longest: Lifetime  # circular at the mean altitude

    def meets(self, rule_years: float) -> bool | None:
        """True if even the longer estimate is within the rule, False if even the shorter one
        exceeds it, None when the rule falls inside the bracket."""
        if self.longest.years <= rule_years:
            return True
        if self.shortest.years > rule_years:
            return False
        return None


def area_to_mass_for_kind(kind: int, c: Constants | None = None) -> float:
    """Area-to-mass (m^2/kg) assumed for a catalog object of a kind: the what-if species values
    (whatif.toml, each with its source): payloads as derelict satellites (0.01, the published
    lifetime table's value), rocket bodies as upper stages, debris and unknown objects as the
    breakup model's 10 cm fragment. Real objects differ by a factor of several either way."""
    from atlas.model.population import DEBRIS, PAYLOAD, ROCKET_BODY
    from atlas.model.whatif.constants import DERELICT, FRAGMENTS
    from atlas.model.whatif.constants import ROCKET_BODY as RB_SPECIES

    c = c or constants()
    species = {PAYLOAD: DERELICT, ROCKET_BODY: RB_SPECIES, DEBRIS: FRAGMENTS}.get(int(kind), FRAGMENTS)
    return c.species[species].area_to_mass


def orbit_lifetime(perigee_km: float, apogee_km: float, area_to_mass: float,
                   c: Constants | None = None) -> OrbitLifetime:
    """Lifetime bracket of an orbit given by its perigee and apogee altitudes (see OrbitLifetime).
    Raises ValueError for an apogee above the density table (2,000 km)."""
    c = c or constants()
    lo, hi = sorted((float(perigee_km), float(apogee_km)))
    top = c.density.altitude_km[-1]
    if hi > top:
        raise ValueError(f"apogee {hi:,.0f} km: this calculator covers orbits below {top:,.0f} km "
                         "(the density table's top)")
    low = max(lo, c["reentry_km"])
    return OrbitLifetime(lo, hi, area_to_mass, lifetime(low, area_to_mass, c),
                         lifetime(max(low, 0.5 * (lo + hi)), area_to_mass, c))
