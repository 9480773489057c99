"""The what-if model: constants with sources, lifetimes against published figures, breakup counts,
the five questions a class asks, speed, and the starting state from a catalog."""

from __future__ import annotations

import csv
import shutil
import time

import numpy as np
import pytest

from atlas.model import population as pop
from atlas.model.content import ContentError
from atlas.model.whatif import Params, lifetime, run
from atlas.model.whatif.constants import SPECIES, constants, load_constants
from atlas.model.whatif.model import _fragments, setup
from atlas.model.whatif.state import bin_population, starting_state
from atlas.paths import resource


def test_every_constant_has_a_source_and_the_default_state_is_leo_sized():
    c = constants()
    assert c.n_shells == 36 and c.shell_edges_km[0] == 200 and c.shell_edges_km[-1] == 2000
    for value in c.values.values():
        assert value.source and value.url.startswith("https://")
    totals = c.default_counts.sum(axis=1)
    assert totals == pytest.approx([10000, 3000, 1100, 18000], rel=1e-6)


def test_a_bad_constant_is_reported_with_file_and_line(tmp_path):
    text = resource("model", "whatif.toml").read_text(encoding="utf-8")
    bad = text.replace("value = 10.0\nunit = \"km/s\"", "value = 99.0\nunit = \"km/s\"")
    assert bad != text
    path = tmp_path / "whatif.toml"
    path.write_text(bad, encoding="utf-8")
    shutil.copy(resource("model", "whatif-density.toml"), tmp_path / "d.toml")
    with pytest.raises(ContentError) as err:
        load_constants(path, tmp_path / "d.toml")
    line = next(i for i, t in enumerate(bad.splitlines(), 1) if t.startswith("value = 99.0"))
    assert f"whatif.toml:{line}:" in str(err.value)
    assert "outside the plausible range" in str(err.value)


# facts.md: lifetime of a circular orbit at Cd*A/m = 2.2 x 0.01 m2/kg, typical (range over the cycle)
PUBLISHED = [(400, 0.4, 0.15, 2.4), (500, 2.3, 0.6, 23), (600, 12, 2, 155), (700, 50, 7, 640), (800, 190, 21, 1700)]


@pytest.mark.parametrize("alt,typical,short,long", PUBLISHED)
def test_lifetime_is_plausible_against_the_published_table(alt, typical, short, long):
    life = lifetime(alt, 0.01)
    assert typical / 2 <= life.years <= typical * 2
    lo, hi = life.years_range
    assert lo < life.years < hi
    assert short / 2 <= lo <= short * 2
    assert long / 2.5 <= hi <= long * 2.5


def test_lifetime_rules_and_scaling():
    assert lifetime(400).meets_5_year_rule and lifetime(400).meets_25_year_rule
    assert lifetime(600).meets_25_year_rule and not lifetime(600).meets_5_year_rule
    assert not lifetime(800).meets_25_year_rule
    # lifetime scales as 1/beta
    assert lifetime(600, 0.02).years == pytest.approx(lifetime(600, 0.01).years / 2, rel=1e-6)
    with pytest.raises(ValueError):
        lifetime(600, 0.0)


def test_breakup_model_matches_iridium_cosmos_in_size():
    # 661 kg + 892 kg at ~11.7 km/s; 1,632 fragments cataloged by Dec 2009 (facts.md)
    n, catastrophic = _fragments(constants(), 661.0, 892.0)
    assert catastrophic
    assert 1632 / 2 < n < 1632 * 2
    # a 10 cm fragment on a rocket body is damaging, not catastrophic: far fewer pieces
    n_small, cat_small = _fragments(constants(), 0.16, 1500.0)
    assert not cat_small and n_small < n / 10


def _avg(**kw):
    return run(Params(**kw)).cycle_averaged()


def test_more_disposal_compliance_means_fewer_derelicts():
    assert _avg(pmd=0.99)["derelict"] < _avg(pmd=0.9)["derelict"] < _avg(pmd=0.5)["derelict"]


def test_five_year_rule_leaves_fewer_objects_than_twenty_five():
    five, twenty_five = _avg(disposal_years=5), _avg(disposal_years=25)
    assert five["total"] < twenty_five["total"]
    assert five["derelict"] < twenty_five["derelict"]


@pytest.mark.parametrize("adr", [5, 10])
def test_removing_large_derelicts_means_fewer_fragments_and_collisions(adr):
    base, removed = _avg(), _avg(adr_per_year=adr)
    assert removed["fragments"] < base["fragments"]
    assert removed["collisions_per_year"] < base["collisions_per_year"]


def test_one_asat_test_a_decade_adds_fragments():
    base = run(Params(years=30))
    asat = run(Params(years=30, asat_per_decade=1))
    assert asat.cycle_averaged()["fragments"] > base.cycle_averaged()["fragments"] + 500


def test_twice_the_launches_means_more_collisions():
    assert _avg(launch_scale=2)["collisions_per_year"] > 1.5 * _avg()["collisions_per_year"]
    assert run(Params(launch_scale=2)).collisions_cumulative[-1] > run(Params()).collisions_cumulative[-1]


def test_without_launches_actives_retire_and_counts_stay_non_negative():
    r = run(Params(launch_scale=0.0, years=60))
    assert r.by_species["active"][-1] < 0.001 * r.by_species["active"][0]
    for series in r.by_species.values():
        assert np.all(series >= 0)
    assert np.all(np.diff(r.collisions_cumulative) >= 0)


def test_solar_cycle_shows_in_the_fragment_decay():
    # with no sources, fragments below 600 km fall faster at solar maximum: the yearly decay rate varies
    c = constants()
    start = np.zeros((4, c.n_shells))
    start[3, (c.shell_centres_km > 400) & (c.shell_centres_km < 600)] = 1000.0
    r = run(Params(launch_scale=0.0, years=22), start=start)
    frac = r.by_species["fragments"][1:] / np.maximum(r.by_species["fragments"][:-1], 1e-9)
    assert frac[:8].max() - frac[:8].min() > 0.1


def test_a_century_runs_fast():
    setup()
    times = []
    for _ in range(20):
        t = time.perf_counter()
        run(Params())
        times.append(time.perf_counter() - t)
    assert np.median(times) * 1e3 < 20.0


def _population(rows):
    a = pop.empty(len(rows))
    for i, (kind, mm, epoch) in enumerate(rows):
        a[i]["kind"] = kind
        a[i]["mean_motion"] = mm
        a[i]["epoch"] = np.datetime64(epoch)
    return pop.fill_derived(a)


def test_binning_a_catalog_by_kind_recency_and_altitude():
    rows = [
        (pop.PAYLOAD, 15.06, "2026-07-10"),  # ~550 km, recent -> active
        (pop.PAYLOAD, 15.06, "2026-01-01"),  # old elements -> derelict
        (pop.ROCKET_BODY, 14.3, "2026-07-01"),  # ~800 km
        (pop.DEBRIS, 14.3, "2026-07-01"),
        (pop.UNKNOWN, 14.3, "2026-07-01"),
        (pop.PAYLOAD, 1.0027, "2026-07-10"),  # GEO: outside the shells
    ]
    counts = bin_population(_population(rows))
    assert counts.sum(axis=1).tolist() == [1, 1, 1, 2]
    c = constants()
    shell_550 = np.searchsorted(c.shell_edges_km, 550.0, side="right") - 1
    assert counts[0, shell_550] == 1 or counts[0, shell_550 - 1] == 1


def test_starting_state_fills_missing_species_from_the_default():
    counts, text = starting_state(_population([(pop.PAYLOAD, 15.06, "2026-07-10")]), "test catalog")
    assert counts[0].sum() == 1
    assert counts[1:].sum(axis=1) == pytest.approx(constants().default_counts[1:].sum(axis=1))
    assert "derelict" in text and "test catalog" in text


def test_snapshot_catalog_bins_into_a_plausible_active_population(snapshot_csv):
    with open(snapshot_csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    a = pop.empty(len(rows))
    a["mean_motion"] = [float(r["MEAN_MOTION"]) for r in rows]
    a["ecc"] = [float(r["ECCENTRICITY"]) for r in rows]
    a["epoch"] = np.array([r["EPOCH"] for r in rows], dtype="M8[us]")
    a["kind"] = [pop.kind_from_name(r["OBJECT_NAME"]) for r in rows]
    pop.fill_derived(a)
    counts, text = starting_state(a, "CelesTrak active group")
    # 15,985 active objects, most of them in LEO (10,743 Starlink alone)
    assert 11000 < counts[0].sum() < 15985
    assert "derelict" in text  # the active group has no dead satellites: they come from the default
    r = run(Params(years=10), start=counts, start_source=text)
    assert r.by_species["active"][0] == pytest.approx(counts[0].sum())


def test_the_modeled_history_starts_the_lab_with_todays_active_fleet():
    """Modeled rows carry no element epochs: activity comes from launch dates (MODELED_ACTIVE_YEARS)."""
    from atlas.data import history
    from atlas.model.whatif.state import bin_population

    counts = bin_population(history.generate().objects).sum(axis=1)
    active, derelict = counts[0], counts[1]
    assert 10_000 < active < 20_000, "mid-2026: some 15,000 active payloads below 2,000 km (CelesTrak active list)"
    assert derelict < active
