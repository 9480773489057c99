"""`space-atlas whatif run ...` and `space-atlas lifetime ...`: the what-if lab from the command line.

JSON shapes (stable; README documents them):
  whatif run --json  -> {"parameters", "years", "by_species": {"active", "derelict", "rocket_body",
                         "fragments"}, "collisions_per_year", "catastrophic_per_year", "collisions_cumulative", "cycle_averaged",
                         "cycle_average_window", "starting_state", "summary", "baseline_summary"}
  lifetime --json    -> {"altitude_km", "area_to_mass", "years", "years_range", "meets_25_year_rule",
                         "meets_5_year_rule", "assumptions", "source", "url"}
No Qt here: the model is numpy only.
"""

from __future__ import annotations

import argparse
import sys

from atlas.cli import emit


def register(sub: argparse._SubParsersAction) -> None:
    whatif = sub.add_parser("whatif", help="project the debris environment under other rules")
    wsub = whatif.add_subparsers(dest="whatif_verb", metavar="ACTION")
    run = wsub.add_parser("run", help="run a projection and print it")
    run.add_argument("--years", type=int, default=100, help="years ahead (default 100)")
    run.add_argument("--pmd", type=float, default=0.9, help="post-mission disposal success rate, 0-1 (default 0.9)")
    run.add_argument("--disposal-years", type=float, default=25.0,
                     help="disposal rule: years in orbit allowed after the mission (25: UN guideline 6 / IADC; 5: FCC 2022)")
    run.add_argument("--launch-scale", type=float, default=1.0, help="multiply the launch baseline (default 1)")
    run.add_argument("--adr-per-year", type=float, default=0.0, help="large derelicts removed per year (default 0)")
    run.add_argument("--asat-per-decade", type=float, default=0.0, help="destructive ASAT tests per decade (default 0)")
    run.add_argument("--constellations", type=float, default=0.0,
                     help="share of the announced megaconstellations built and kept up, 0-1 (default 0: today's fleet kept up)")
    run.add_argument("--json", action="store_true", help="print one JSON document")
    run.set_defaults(func=_run)
    whatif.set_defaults(func=lambda args: (whatif.print_help(), 2)[1])

    life = sub.add_parser("lifetime", help="orbital lifetime of a circular orbit against the disposal rules")
    life.add_argument("--altitude", type=float, required=True, metavar="KM", help="circular orbit altitude in km")
    life.add_argument("--area-to-mass", type=float, default=0.01, metavar="M2_PER_KG",
                      help="area-to-mass ratio in m^2/kg (default 0.01; drag coefficient 2.2)")
    life.add_argument("--json", action="store_true", help="print one JSON document")
    life.set_defaults(func=_lifetime)


def _run(args: argparse.Namespace) -> int:
    from atlas.model.whatif import Params, run, summary

    try:
        params = Params(years=args.years, pmd=args.pmd, disposal_years=args.disposal_years,
                        launch_scale=args.launch_scale, adr_per_year=args.adr_per_year,
                        asat_per_decade=args.asat_per_decade, constellations=args.constellations).check()
    except ValueError as exc:
        print(f"space-atlas whatif run: {exc}", file=sys.stderr)
        return 2
    result = run(params)
    baseline = run(Params(years=params.years))
    out = result.as_dict()
    out["baseline_summary"] = (summary(result, baseline) if params != baseline.params
                               else "These are the baseline settings.")
    lines = [f"{'year':>6} {'active':>10} {'derelict':>10} {'rocket bd':>10} {'fragments':>12} {'coll/yr':>9}"]
    step = max(1, params.years // 10)
    for k in list(range(0, len(result.years), step)) + ([len(result.years) - 1] if params.years % step else []):
        row = [result.by_species[s][k] for s in ("active", "derelict", "rocket_body", "fragments")]
        lines.append(f"{int(result.years[k]):>6} {row[0]:>10,.0f} {row[1]:>10,.0f} {row[2]:>10,.0f} {row[3]:>12,.0f} "
                     f"{result.collisions_per_year[k]:>9.2f}")
    lines += ["", out["summary"], out["baseline_summary"], f"Starting state: {out['starting_state']}. "
              "A teaching model: directions and orders of magnitude, not a forecast."]
    emit(out, args.json, "\n".join(lines))
    return 0


def _lifetime(args: argparse.Namespace) -> int:
    from atlas.model.whatif import lifetime

    try:
        life = lifetime(args.altitude, args.area_to_mass)
    except ValueError as exc:
        print(f"space-atlas lifetime: {exc}", file=sys.stderr)
        return 2
    d = life.as_dict()
    text = (f"{d['altitude_km']:g} km, area-to-mass {d['area_to_mass']:g} m2/kg: about {d['years']:.3g} years "
            f"({d['years_range'][0]:.3g} to {d['years_range'][1]:.3g} over the solar cycle). "
            f"25-year rule: {'met' if d['meets_25_year_rule'] else 'not met'}; "
            f"5-year rule: {'met' if d['meets_5_year_rule'] else 'not met'}.\n({d['assumptions']}; {d['source']})")
    emit(d, args.json, text)
    return 0
