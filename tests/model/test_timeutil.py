import math
from datetime import datetime, timezone

import pytest

from atlas.model.timeutil import earth_rotation_angle, parse_datetime, sun_direction_eci


def test_sun_declination_at_the_june_solstice_and_march_equinox():
    june = sun_direction_eci(datetime(2026, 6, 21, 8, 24, tzinfo=timezone.utc))
    assert math.degrees(math.asin(june[2])) == pytest.approx(23.44, abs=0.05)
    march = sun_direction_eci(datetime(2026, 3, 20, 14, 46, tzinfo=timezone.utc))
    assert abs(math.degrees(math.asin(march[2]))) < 0.05
    assert march[0] > 0.999  # towards the vernal equinox direction


def test_greenwich_sidereal_angle_at_j2000():
    # GMST at 2000-01-01 12:00 UT1 is 280.4606 degrees (IAU 1982 expression)
    g = math.degrees(earth_rotation_angle(datetime(2000, 1, 1, 12, tzinfo=timezone.utc)))
    assert g == pytest.approx(280.46, abs=0.01)


def test_subsolar_point_near_greenwich_at_noon_utc():
    t = datetime(2026, 7, 10, 12, tzinfo=timezone.utc)
    s = sun_direction_eci(t)
    g = earth_rotation_angle(t)
    lon = math.degrees(math.atan2(s[1], s[0]) - g)
    lon = (lon + 180) % 360 - 180
    assert abs(lon) < 3.0  # equation of time is about -5 minutes in July: ~1.3 deg


def test_parse_datetime_forms():
    assert parse_datetime("2009-02-10") == datetime(2009, 2, 10, tzinfo=timezone.utc)
    assert parse_datetime("2009-02-10T16:56:00Z").hour == 16
    with pytest.raises(ValueError, match="not a date"):
        parse_datetime("10/02/2009")
