"""The globe: the textured Earth, every object of the active population as one point cloud,
the selected object's orbit, and guides for the regions the law cares about.

Drawn in the inertial (TEME) frame, one unit = one Earth radius; the Earth turns beneath.
Per frame it asks the Animator for positions (numpy only) and hands them to one GL item.
"""

from __future__ import annotations

import functools
import math
import time
from datetime import datetime

import numpy as np
import pyqtgraph.opengl as gl
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QToolTip

from atlas.model import population as P
from atlas.model.propagate import Animator
from atlas.model.timeutil import earth_rotation_angle, sun_direction_eci, to_jd
from atlas.ui.colours import colour_population, filter_label, kind_labels
from atlas.ui.earth import EarthItem
from atlas.ui.points import PointCloudItem

LEO_LIMIT_KM = 2000.0
GEO_ALT_KM = 35786.0
GEO_HALF_WIDTH_KM = 200.0
GEO_HALF_LAT_DEG = 15.0

# camera presets: (distance in Earth radii, elevation deg)
CAMERAS = {"leo": (4.6, 22.0), "meo": (12.5, 20.0), "geo": (21.0, 18.0), "system": (30.0, 24.0)}

POINT_SIZE = 3.0
SPARSE_COUNT = 2000  # below this many objects shown, points grow (see _recolour)
BACKGROUND = np.array([4, 6, 14], np.float32) / 255.0


@functools.lru_cache(maxsize=1)
def fragmentation_event_titles() -> tuple[str, ...]:
    """Legend labels for the population's `event` column (FRAGMENTATION_EVENT_IDS order): the
    timeline's title where the event is on the timeline, else the modeled history's name."""
    from atlas.data.history_facts import load_facts
    from atlas.model.events import event_by_id
    from atlas.model.events_ids import FRAGMENTATION_EVENT_IDS

    history_names = {e.id: e.name for e in load_facts().events}
    titles = []
    for eid in FRAGMENTATION_EVENT_IDS:
        ev = event_by_id(eid)
        titles.append(ev.title if ev is not None else history_names.get(eid, eid))
    return tuple(titles)


def _jd(t: datetime) -> float:
    a, b = to_jd(t)
    return a + b


def _circle(radius: float, lat_deg: float | None = None, lon_deg: float | None = None, n: int = 181):
    s = np.linspace(0, 2 * np.pi, n)
    if lat_deg is not None:  # a parallel
        la = math.radians(lat_deg)
        return np.stack([radius * math.cos(la) * np.cos(s), radius * math.cos(la) * np.sin(s), np.full(n, radius * math.sin(la))], 1)
    lo = math.radians(lon_deg)  # a meridian
    return np.stack([radius * np.cos(s) * math.cos(lo), radius * np.cos(s) * math.sin(lo), radius * np.sin(s)], 1)


def _as_segments(polyline: np.ndarray) -> np.ndarray:
    """A polyline as GL 'lines' segment pairs."""
    return np.repeat(polyline, 2, axis=0)[1:-1]


class GlobeView(gl.GLViewWidget):
    frame_rendered = Signal()

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.setMinimumSize(320, 240)
        self.setBackgroundColor(QColor(*(int(round(c * 255)) for c in BACKGROUND)))
        self.opts["fov"] = 40
        self.setMouseTracking(True)
        self.frames = 0
        self._last_frame_wall = None
        self._frame_dt = 1 / 30
        self._press = None
        self._hover_due = 0.0
        self._follow = False
        self._orbit_jd = None
        self._legend = []

        self.earth = EarthItem()
        self.earth.setDepthValue(-10)
        self.addItem(self.earth)
        self.points = PointCloudItem(size=POINT_SIZE)
        self.addItem(self.points)
        self.orbit_line = gl.GLLinePlotItem(pos=np.zeros((2, 3)), color=(1.0, 1.0, 1.0, 0.85), width=2.0, antialias=True, mode="line_strip", glOptions="translucent")
        self.orbit_line.setVisible(False)
        self.addItem(self.orbit_line)
        self.marker = gl.GLScatterPlotItem(pos=np.zeros((1, 3), np.float32), color=(1, 1, 1, 1), size=11.0, pxMode=True, glOptions="translucent")
        self.marker.setDepthValue(5)
        self.marker.setVisible(False)
        self.addItem(self.marker)
        self._build_guides()

        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setStyleSheet("QLabel#legend { background: rgba(10,14,28,190); color: #e8ecf4; border-radius: 6px; padding: 8px; }")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.linkActivated.connect(state.follow)
        self.legend.move(12, 12)
        self.prompt = QLabel(self)
        self.prompt.setObjectName("prompt")
        self.prompt.setStyleSheet("QLabel#prompt { background: rgba(10,14,28,210); color: #f3f5fa; border-radius: 8px; padding: 16px; }")
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        f = QFont(self.font())
        f.setPointSizeF(f.pointSizeF() * 1.25)
        self.prompt.setFont(f)
        self.prompt.setText(self.tr(
            "No catalog is loaded, so the sky is empty.\n"
            "Import CelesTrak data with File \u25b8 Import catalog\u2026 (OMM CSV or JSON, TLE, 3LE)\n"
            "or on the command line: space-atlas data import FILE"
        ))

        self._prop = None
        self._anim: Animator | None = None
        self._objects = P.empty(0)
        self._visible = np.zeros(0, dtype=bool)  # in orbit on the shown day
        self._shown = np.zeros(0, dtype=bool)  # ... and kept by the state's filter
        self._positions = np.zeros((0, 3), np.float32)

        state.time_changed.connect(self._on_time)
        state.sky_changed.connect(self._on_sky)
        state.population_changed.connect(self._on_population)
        state.selection_changed.connect(self._on_selection)
        state.colouring_changed.connect(lambda _c: self._recolour())
        state.highlight_changed.connect(lambda _m: self._recolour())
        state.filter_changed.connect(lambda _f: self._on_filter())
        state.camera_changed.connect(self.apply_camera)
        state.guides_changed.connect(self._on_guides)
        self.apply_camera(state.camera)
        self._on_sky()
        self._on_population()

    # --- guides -----------------------------------------------------------------------
    def _build_guides(self):
        r_leo = 1.0 + LEO_LIMIT_KM / P.EARTH_RADIUS_KM
        segs = [_as_segments(_circle(r_leo, lat_deg=la)) for la in range(-60, 61, 30)]
        segs += [_as_segments(_circle(r_leo, lon_deg=lo)) for lo in range(0, 180, 30)]
        self.leo_guide = gl.GLLinePlotItem(pos=np.vstack(segs), color=(0.45, 0.8, 1.0, 0.22), width=1.0, mode="lines", antialias=True, glOptions="translucent")
        r_geo = 1.0 + GEO_ALT_KM / P.EARTH_RADIUS_KM
        lat = np.radians(np.linspace(-GEO_HALF_LAT_DEG, GEO_HALF_LAT_DEG, 7))
        lon = np.radians(np.linspace(0, 360, 181))
        lo, la = np.meshgrid(lon, lat)
        verts = np.stack([r_geo * np.cos(la) * np.cos(lo), r_geo * np.cos(la) * np.sin(lo), r_geo * np.sin(la)], -1).reshape(-1, 3)
        rows, cols = lat.size, lon.size
        r, c = np.meshgrid(np.arange(rows - 1), np.arange(cols - 1), indexing="ij")
        a = (r * cols + c).ravel()
        faces = np.stack([a, a + cols, a + 1, a + 1, a + cols, a + cols + 1], -1).reshape(-1, 3)
        md = gl.MeshData(vertexes=verts, faces=faces)
        self.geo_guide = gl.GLMeshItem(meshdata=md, color=(1.0, 0.78, 0.25, 0.10), smooth=False, shader=None, glOptions="additive", drawEdges=False)
        edge = np.vstack([_as_segments(_circle(r_geo, lat_deg=s * GEO_HALF_LAT_DEG)) for s in (-1, 1)])
        self.geo_edges = gl.GLLinePlotItem(pos=edge, color=(1.0, 0.8, 0.3, 0.5), width=1.0, mode="lines", glOptions="translucent")
        self.leo_label = gl.GLTextItem(pos=(0, 0, r_leo * 1.02), text=self.tr("LEO protected region: below 2,000 km"), color=QColor(140, 205, 255))
        self.geo_label = gl.GLTextItem(pos=(0, 0, r_geo * math.sin(math.radians(GEO_HALF_LAT_DEG)) + 0.3), text=self.tr("GEO protected region: 35,786 \u00b1 200 km, \u00b115\u00b0"), color=QColor(255, 205, 90))
        self._guide_items = {"leo": (self.leo_guide, self.leo_label), "geo": (self.geo_guide, self.geo_edges, self.geo_label)}
        for items in self._guide_items.values():
            for it in items:
                it.setVisible(False)
                self.addItem(it)

    def _on_guides(self, name: str, shown: bool):
        for it in self._guide_items.get(name, ()):
            it.setVisible(shown)
        self.update()

    # --- population ---------------------------------------------------------------------
    def _on_population(self):
        pop = self.state.population
        self.prompt.setVisible(pop is None or not len(pop))
        self._layout_overlays()
        self._set_legend(self._legend)

    def _on_sky(self):
        """A new day's sky: new objects (modeled history) or a new visibility (catalog)."""
        sky = self.state.sky
        if sky.propagator is not self._prop:
            self._prop = sky.propagator
            self._anim = Animator(self._prop, step_s=300.0)
        self._objects = sky.objects
        self._visible = sky.visible
        self._on_filter()

    def _on_filter(self):
        keep = self.state.filter_mask(self._objects)
        self._shown = self._visible if keep is None else self._visible & keep
        self._orbit_jd = None
        self._recolour()
        self._on_time(self.state.time)

    def _recolour(self):
        colouring = self.state.colouring
        names = fragmentation_event_titles() if colouring == "event" else ()  # read the facts only when needed
        rgba, legend = colour_population(self._objects[self._shown], colouring, names)
        rgba_all = np.zeros((len(self._objects), 4), np.float32)
        rgba_all[self._shown] = rgba
        rgba = rgba_all
        mask = self.state.highlight_mask(self._objects)
        # A sparse sky (1957, one constellation) gets bigger points, up to 3x: two 3-pixel dots are
        # lost on a projector.
        sparse = float(np.clip(np.sqrt(SPARSE_COUNT / max(int(self._shown.sum()), 1)), 1.0, 3.0))
        scale = np.full(len(rgba), sparse, np.float32)
        # opaque points: alpha is folded into the colour, over the dark background
        rgb = rgba[:, :3] * rgba[:, 3:4] + BACKGROUND * (1.0 - rgba[:, 3:4])
        if mask is not None and len(mask) == len(rgba):
            rgb[~mask] = rgb[~mask] * 0.25 + BACKGROUND * 0.75
            scale[mask] *= (POINT_SIZE + 1.5) / POINT_SIZE
        self._rgba = rgba
        self.points.set_colors(rgb, scale)
        self._legend = legend
        self._set_legend(legend)

    def _set_legend(self, legend):
        if not legend:
            self.legend.hide()
            return
        title = {
            "kind": self.tr("Objects by kind"),
            "owner": self.tr("Objects by owner"),
            "regime": self.tr("Objects by orbit regime"),
            "constellation": self.tr("Objects by constellation"),
            "event": self.tr("Objects by originating event"),
        }.get(self.state.colouring, "")
        rows = "".join(
            f"<tr><td><span style='color:{hexc}; font-size:15px'>\u25cf</span></td>"
            f"<td style='padding-left:4px'>{label}</td><td align='right' style='padding-left:10px'>{count:,}</td></tr>"
            for label, hexc, count in legend
        )
        pop = self.state.population
        source = pop.label if pop is not None else ""
        if pop is not None and pop.modeled:
            source += " " + self.tr("(modeled)")
        only = ""
        if self.state.filter:
            only = (
                "<div style='color:#f0e442'>" + self.tr("Showing only: {what}").format(what=filter_label(self.state.filter))
                + " &nbsp;<a style='color:#9ecae1' href='atlas://view?filter='>" + self.tr("show all") + "</a></div>"
            )
        self.legend.setText(f"<b>{title}</b>{only}<table>{rows}</table><div style='color:#9aa6bd; font-size:11px'>{source}</div>")
        self.legend.adjustSize()
        self.legend.show()

    # --- time ---------------------------------------------------------------------------
    def _on_time(self, t: datetime):
        jd = _jd(t)
        gmst = earth_rotation_angle(t)
        self.earth.set_rotation(gmst)
        s = sun_direction_eci(t)
        c, sn = math.cos(-gmst), math.sin(-gmst)
        self.earth.set_sun_earth_fixed(np.array([c * s[0] - sn * s[1], sn * s[0] + c * s[1], s[2]]))
        if len(self._objects):
            rate = self.state.rate if self.state.playing else 0.0
            pos = self._anim.positions(jd, self._frame_dt, rate)
            pos[~self._shown] = 0.0
            self._positions = pos
            self.points.set_positions(pos)
            self._update_selection_graphics(jd)
        self.update()

    def _update_selection_graphics(self, jd: float):
        norad = self.state.selection
        idx = self._index_of(norad)
        if idx is None or not self._shown[idx]:
            self.orbit_line.setVisible(False)
            self.marker.setVisible(False)
            return
        p = self._positions[idx]
        self.marker.setData(pos=p.reshape(1, 3))
        self.marker.setVisible(bool(np.any(p)))
        period = float(self._objects["period_min"][idx])
        if self._orbit_jd is None or abs(jd - self._orbit_jd) * 1440.0 > max(period / 30.0, 0.5):
            path = self._prop.orbit_path(idx, jd, period if np.isfinite(period) and period > 0 else 90.0)
            path = path[~np.isnan(path[:, 0])]
            if len(path) > 1:
                self.orbit_line.setData(pos=path)
                self.orbit_line.setVisible(True)
            self._orbit_jd = jd
        if self._follow and np.any(p):
            self._look_at(p)

    def _index_of(self, norad):
        return self.state.sky.index_of(norad)

    def _on_selection(self, norad):
        self._orbit_jd = None
        self._follow = norad is not None and self._follow
        self._update_selection_graphics(_jd(self.state.time))
        self.update()

    def set_follow(self, on: bool):
        self._follow = on
        idx = self._index_of(self.state.selection)
        if on and idx is not None:
            self._look_at(self._positions[idx])

    def _look_at(self, p: np.ndarray):
        r = float(np.linalg.norm(p))
        if r == 0:
            return
        self.opts["azimuth"] = math.degrees(math.atan2(p[1], p[0]))
        self.opts["elevation"] = math.degrees(math.asin(max(-1.0, min(1.0, p[2] / r))))
        self.update()

    # --- camera -------------------------------------------------------------------------
    def apply_camera(self, name: str):
        dist, elev = CAMERAS.get(name, CAMERAS["leo"])
        self.opts["center"] = self.opts["center"].__class__(0, 0, 0)
        self.setCameraPosition(distance=dist, elevation=elev)

    # --- frames -------------------------------------------------------------------------
    def paintGL(self):
        super().paintGL()
        now = time.perf_counter()
        if self._last_frame_wall is not None:
            dt = now - self._last_frame_wall
            if 0 < dt < 1.0:
                self._frame_dt = 0.9 * self._frame_dt + 0.1 * dt
        self._last_frame_wall = now
        self.frames += 1
        self.frame_rendered.emit()

    def resizeEvent(self, ev):
        super().resizeEvent(ev)
        self._layout_overlays()

    def _layout_overlays(self):
        w = min(640, max(260, self.width() - 80))
        self.prompt.setFixedWidth(w)
        self.prompt.adjustSize()
        self.prompt.move((self.width() - self.prompt.width()) // 2, (self.height() - self.prompt.height()) // 2)

    # --- picking ------------------------------------------------------------------------
    def project(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Widget pixel coordinates of world points, and whether each is in front of the camera."""
        vp = self.getViewport()
        m = self.projectionMatrix(vp, vp) * self.viewMatrix()
        M = np.array(m.data(), dtype=np.float64).reshape(4, 4).T
        h = np.c_[pts.astype(np.float64), np.ones(len(pts))] @ M.T
        w = h[:, 3]
        front = w > 1e-9
        ndc = h[:, :2] / np.where(front, w, 1.0)[:, None]
        px = np.c_[(ndc[:, 0] + 1) * 0.5 * self.width(), (1 - ndc[:, 1]) * 0.5 * self.height()]
        return px, front

    def pick(self, x: float, y: float, radius_px: float = 8.0) -> int | None:
        """NORAD number of the visible object nearest to widget point (x, y), or None."""
        if not len(self._objects):
            return None
        cand = np.flatnonzero(self._shown & np.any(self._positions != 0, axis=1))
        if not len(cand):
            return None
        pts = self._positions[cand]
        px, front = self.project(pts)
        d2 = (px[:, 0] - x) ** 2 + (px[:, 1] - y) ** 2
        d2[~front] = np.inf
        near = np.flatnonzero(d2 <= radius_px * radius_px)
        if not len(near):
            return None
        cam = self.cameraPosition()
        c = np.array([cam.x(), cam.y(), cam.z()])
        near = near[np.argsort(d2[near])]
        for k in near:  # nearest first; skip objects hidden behind the Earth
            p = pts[k].astype(np.float64)
            d = p - c
            L = np.linalg.norm(d)
            u = d / L
            b = np.dot(c, u)
            disc = b * b - (np.dot(c, c) - 1.0)
            if disc > 0 and 0 < -b - math.sqrt(disc) < L:
                continue
            return int(self._objects["norad"][cand[k]])
        return None

    def mousePressEvent(self, ev):
        self._press = ev.position()
        super().mousePressEvent(ev)

    def mouseReleaseEvent(self, ev):
        super().mouseReleaseEvent(ev)
        if self._press is not None and ev.button() == Qt.MouseButton.LeftButton:
            moved = (ev.position() - self._press).manhattanLength()
            if moved < 4:
                norad = self.pick(ev.position().x(), ev.position().y())
                self.state.select(norad)
        self._press = None

    def mouseMoveEvent(self, ev):
        super().mouseMoveEvent(ev)
        if ev.buttons() != Qt.MouseButton.NoButton:
            return
        now = time.perf_counter()
        if now < self._hover_due:
            return
        self._hover_due = now + 0.06
        norad = self.pick(ev.position().x(), ev.position().y())
        if norad is None:
            QToolTip.hideText()
            return
        i = self._index_of(norad)
        o = self._objects[i]
        kind = kind_labels()[int(o["kind"])]
        text = f"{o['name']}  (NORAD {norad})\n{kind}, {o['perigee_km']:,.0f} \u00d7 {o['apogee_km']:,.0f} km, {o['incl']:.1f}\u00b0"
        QToolTip.showText(self.mapToGlobal(QPointF(ev.position()).toPoint()), text, self)
