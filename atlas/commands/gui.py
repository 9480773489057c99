"""GUI verbs: `gui`, `screenshot`, `self-test`. Qt is imported only when one of them runs."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().split("x")
        w, h = int(w), int(h)
    except ValueError:
        raise SystemExit(f"space-atlas: --size takes WIDTHxHEIGHT, e.g. 1280x800 (got {text!r})") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise SystemExit(f"space-atlas: --size {text} is outside 200x200 .. 8000x8000")
    return w, h


def register(sub) -> None:
    p = sub.add_parser("gui", help="start the window (the default verb)")
    p.add_argument("--open", metavar="LINK", help="an atlas:// link to open at start")
    p.add_argument("--presenter", action="store_true", help="full screen with larger text, for a projector")
    p.set_defaults(func=run_gui)

    p = sub.add_parser("screenshot", help="render the window to a PNG and exit (needs a display, e.g. Xvfb)")
    p.add_argument("out", metavar="OUT.png")
    p.add_argument("--open", metavar="LINK", help="an atlas:// link to open first")
    p.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    p.set_defaults(func=run_screenshot)

    p = sub.add_parser("self-test", help="open the window on a bundled test catalog, render, pick; exit 0 if all worked")
    p.set_defaults(func=run_self_test)


def wait_for_frames(app, globe, count: int, timeout_s: float = 30.0) -> bool:
    start = globe.frames
    deadline = time.perf_counter() + timeout_s
    while globe.frames < start + count and time.perf_counter() < deadline:
        globe.update()
        app.processEvents()
        time.sleep(0.005)
    return globe.frames >= start + count


def run_gui(args) -> int:
    from atlas.ui.app import build_window, make_app

    app = make_app()
    _state, window = build_window(size=(1440, 900), defer_panels=True)
    if args.open and not window.open_link(args.open):
        print(f"space-atlas: cannot open {args.open}: see the status bar", file=sys.stderr)
    if args.presenter:
        window.set_presenter(True)
    else:
        window.show()
    return app.exec()


def run_screenshot(args) -> int:
    size = _size(args.size)
    from atlas.model.links import LinkError, parse_link

    if args.open:
        try:
            parse_link(args.open)
        except LinkError as exc:
            print(f"space-atlas: {exc}", file=sys.stderr)
            return 2
    from atlas.ui.app import build_window, make_app

    app = make_app()
    state, window = build_window(size=size)
    window.show()
    if args.open:
        try:
            state.open_link(args.open)
        except (LinkError, ValueError) as exc:
            print(f"space-atlas: cannot open {args.open}: {exc}", file=sys.stderr)
            return 2
    if not all(wait_for_frames(app, g, 3) for g in window.shown_globes()):
        print("space-atlas: the globe did not render (is there an X display with GLX?)", file=sys.stderr)
        return 1
    image = window.grab().toImage()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        print(f"space-atlas: cannot write {out}", file=sys.stderr)
        return 1
    print(out)
    return 0


def run_self_test(args) -> int:
    """Import the bundled sample into a temporary store, open the window, render, select, move time."""
    checks: list[tuple[str, bool, str]] = []

    def check(name: str, ok: bool, detail: str = "") -> bool:
        checks.append((name, bool(ok), detail))
        print(f"[{'ok' if ok else 'FAIL'}] {name}{': ' + detail if detail else ''}", flush=True)
        return bool(ok)

    with tempfile.TemporaryDirectory(prefix="space-atlas-selftest-") as tmp:
        os.environ["SPACE_ATLAS_DATA_DIR"] = tmp
        from atlas.data import store
        from atlas.paths import resource

        sample = resource("catalogs", "sample-3le.txt")
        try:
            res = store.import_files([sample])
            check("import the bundled test catalog", res.loaded > 0 and not res.refused, f"{res.loaded} records from {sample.name}")
        except Exception as exc:  # noqa: BLE001 - the self-test reports any failure
            check("import the bundled test catalog", False, str(exc))
            return 1
        from datetime import timedelta

        import numpy as np

        from atlas.ui.app import build_window, make_app

        app = make_app()
        state, window = build_window(size=(1280, 800))
        window.show()
        pop = state.population
        check("window holds the catalog", pop is not None and len(pop) == res.objects, f"{len(pop) if pop else 0} objects")
        ep = pop.objects["epoch"].max().astype("M8[s]").item()
        from datetime import timezone

        state.set_time(ep.replace(tzinfo=timezone.utc))
        check("globe renders frames", wait_for_frames(app, window.globe, 5), f"{window.globe.frames} frames")
        pos0 = window.globe._positions.copy()
        visible = np.flatnonzero(np.any(pos0 != 0, axis=1))
        check("objects are placed around the Earth", len(visible) > 0.9 * len(pop), f"{len(visible)} of {len(pop)} placed")
        # pick the first visible object in front of the camera by clicking where it is drawn
        px, front = window.globe.project(pos0[visible])
        inside = front & (px[:, 0] > 5) & (px[:, 0] < window.globe.width() - 5) & (px[:, 1] > 5) & (px[:, 1] < window.globe.height() - 5)
        picked = None
        for k in np.flatnonzero(inside):
            picked = window.globe.pick(px[k, 0], px[k, 1], radius_px=3)
            if picked is not None:
                break
        check("an object can be picked on the globe", picked is not None, f"NORAD {picked}")
        if picked is not None:
            state.select(picked)
            app.processEvents()
            shown = window.info.values["norad"].text()
            check("the info panel shows the selection", shown == str(picked), shown)
            check("its orbit is drawn", window.globe.orbit_line.visible())
        state.set_time(state.time + timedelta(minutes=10))
        wait_for_frames(app, window.globe, 2)
        moved = np.linalg.norm(window.globe._positions - pos0, axis=1)[visible]
        check("the clock moves objects", float(np.median(moved)) > 0.01, f"median move {np.median(moved) * 6378:.0f} km in 10 min")
        panel_links = (
            ("a view link applies", "atlas://view?camera=geo&color=regime",
             lambda: state.camera == "geo" and state.colouring == "regime"),
            ("the law reader opens an article", "atlas://law/ost/IX",
             lambda: window.law.current is not None and window.law.current[1] is not None
             and window.law.current[1].number == "IX" and window.docks["law"].isVisible()),
            ("an event opens its card and scene", "atlas://event/fy1c-asat-2007",
             lambda: window.event_card.current is not None and window.event_card.current.id == "fy1c-asat-2007"
             and state.highlight == "fy1c-asat-2007" and window.docks["event"].isVisible()),
            ("the what-if lab takes its settings from a link", "atlas://whatif?pmd=0.99&disposal=5",
             lambda: abs(window.lab.pmd.value() - 0.99) < 1e-6 and window.docks["lab"].isVisible()),
        )
        for name, link, ok in panel_links:
            try:
                state.open_link(link)
                app.processEvents()
                check(name, ok(), link)
            except Exception as exc:  # noqa: BLE001 - the self-test reports any failure
                check(name, False, f"{link}: {exc}")
        check("the timeline shows the date", wait_for_frames(app, window.globe, 2) and
              abs(window.timeline.cursor.value() - state.time.timestamp()) < 86400)
        try:
            state.open_link("atlas://compare?without=fy1c-asat-2007&date=2010-06-01")
            cmp = window.compare
            drawn = cmp is not None and all(wait_for_frames(app, g, 2) for g in cmp.globes)
            check("a comparison shows both skies", drawn and len(cmp.globes[0]._objects) > len(cmp.globes[1]._objects),
                  "with and without the Fengyun-1C test")
            window.close_comparison()
        except Exception as exc:  # noqa: BLE001 - the self-test reports any failure
            check("a comparison shows both skies", False, str(exc))
        window.close()
        app.processEvents()
    failed = [c for c in checks if not c[1]]
    print(f"self-test: {len(checks) - len(failed)} of {len(checks)} checks passed")
    return 1 if failed else 0
