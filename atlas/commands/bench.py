"""`space-atlas bench [--json] [--snapshot FILE]`: the performance figures the issues ask for.

Every figure is a median over repeated runs on this machine. GUI figures (startup, frame rate,
memory) run in child processes so each starts cold and measures only itself; they need an X
display with GLX (e.g. `xvfb-run -s "+extension GLX" space-atlas bench`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from atlas.model.timeutil import median_seconds

SNAPSHOT_SIZE = 15985


def register(sub) -> None:
    p = sub.add_parser("bench", help="measure speed and memory (medians), print one JSON object")
    p.add_argument("--json", action="store_true", help="print JSON (the default output is JSON too, indented)")
    p.add_argument("--snapshot", metavar="FILE", help="a CelesTrak catalog to measure with (else one of the same size is synthesized)")
    p.add_argument("--quick", action="store_true", help="fewer repetitions")
    p.set_defaults(func=run)
    probe = sub.add_parser("bench-probe")  # internal: one GUI measurement in a fresh process
    probe.add_argument("mode", choices=("startup", "frames"))
    probe.add_argument("--objects", type=int, default=0)
    probe.add_argument("--seconds", type=float, default=3.0)
    probe.set_defaults(func=run_probe)


# --- helpers -----------------------------------------------------------------------------
def _catalog_objects(snapshot: str | None, n: int):
    """The population array to measure with: the snapshot (imported into a scratch store) or a
    synthesized one of n objects."""
    if snapshot:
        from atlas.data import formats

        return formats.read_file(snapshot).rows
    from atlas.data.synth import synthesize

    return synthesize(n, seed=1)


def _write_tle(objects, path: Path) -> str:
    """Write a synthesized population as a 3LE file, so its import runs the real reader."""
    from atlas.data.formats import format_tle

    with open(path, "w", encoding="ascii") as f:
        for row in objects:
            l1, l2 = format_tle(row)
            f.write(f"{row['name']}\n{l1}\n{l2}\n")
    return str(path)


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _child(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "atlas", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


# --- measurements ------------------------------------------------------------------------
def measure_import(snapshot: str | None, repeat: int) -> float:
    from atlas.data import store

    with tempfile.TemporaryDirectory() as tmp:
        src = snapshot
        if not src:  # write the synthesized catalog as OMM CSV so the whole import path runs
            src = _write_tle(_catalog_objects(None, SNAPSHOT_SIZE), Path(tmp) / "synth.tle")
        old = os.environ.get("SPACE_ATLAS_DATA_DIR")
        times = []
        try:
            for k in range(repeat):
                os.environ["SPACE_ATLAS_DATA_DIR"] = str(Path(tmp) / f"store{k}")
                t = time.perf_counter()
                store.import_files([src])
                times.append(time.perf_counter() - t)
        finally:
            if old is None:
                os.environ.pop("SPACE_ATLAS_DATA_DIR", None)
            else:
                os.environ["SPACE_ATLAS_DATA_DIR"] = old
        return statistics.median(times)


def measure_propagation(objects, repeat: int) -> float:
    from atlas.model.propagate import Propagator

    prop = Propagator(objects)
    jd0 = 2461231.5
    k = iter(range(10**6))
    secs = median_seconds(lambda: prop.positions_at(jd0 + next(k) * 0.001), repeat)
    return secs / len(objects) * 1e6


def measure_startup(snapshot: str | None, repeat: int) -> float | None:
    """Process start to the first rendered globe frame, with the catalog in the user's store."""
    from atlas.data import store

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SPACE_ATLAS_DATA_DIR=tmp)
        old = os.environ.get("SPACE_ATLAS_DATA_DIR")
        os.environ["SPACE_ATLAS_DATA_DIR"] = tmp
        try:
            if snapshot:
                store.import_files([snapshot])
            else:
                store.import_files([_write_tle(_catalog_objects(None, SNAPSHOT_SIZE), Path(tmp) / "synth.tle")])
        finally:
            if old is None:
                os.environ.pop("SPACE_ATLAS_DATA_DIR", None)
            else:
                os.environ["SPACE_ATLAS_DATA_DIR"] = old
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            p = _child(["bench-probe", "startup"], env)
            line = p.stdout.readline()
            t1 = time.perf_counter()
            p.wait(timeout=60)
            if not line.startswith("FIRST_FRAME"):
                raise RuntimeError(f"startup probe failed: {line.strip()} {p.stderr.read()[-2000:]}")
            times.append(t1 - t0)
        return statistics.median(times)


def measure_frames(snapshot: str | None, n: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SPACE_ATLAS_DATA_DIR=tmp)
        args = ["bench-probe", "frames", "--objects", str(n), "--seconds", str(seconds)]
        if snapshot:
            env["SPACE_ATLAS_BENCH_SNAPSHOT"] = snapshot
        p = _child(args, env)
        out, err = p.communicate(timeout=300)
        try:
            return json.loads(out.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise RuntimeError(f"frame probe failed: {err[-2000:]}") from None


def run(args: argparse.Namespace) -> int:
    rep = 3 if args.quick else 7
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    snap = args.snapshot
    if snap and not Path(snap).exists():
        print(f"space-atlas: no such snapshot: {snap}", file=sys.stderr)
        return 2
    result["catalog"] = Path(snap).name if snap else f"synthesized, {SNAPSHOT_SIZE} objects"
    objects = _catalog_objects(snap, SNAPSHOT_SIZE)
    result["import_s_16k"] = round(measure_import(snap, rep), 3)
    result["propagate_us_per_object"] = round(measure_propagation(objects, rep * 3), 3)
    from atlas.data import history_bench
    from atlas.model.law import search_ms
    from atlas.model.whatif.bench import whatif_ms

    result["history_generate_s"] = round(history_bench.history_generate_s(runs=rep), 3)
    result["scrub_ms_60k"] = round(history_bench.scrub_ms_60k(runs=rep + 2), 2)
    result["count_ms"] = round(history_bench.count_ms(), 3)
    result["search_ms"] = round(search_ms(), 3)
    result["whatif_ms"] = round(whatif_ms(), 2)
    if _has_display():
        result["startup_s"] = round(measure_startup(snap, rep), 3)
        f16 = measure_frames(snap, SNAPSHOT_SIZE, 4.0)
        f30 = measure_frames(None, 30000, 3.0)
        f100 = measure_frames(None, 100000, 4.0)
        result["fps_16k"] = f16["fps"]
        result["frame_update_ms_30k"] = f30["frame_update_ms"]
        result["fps_100k"] = f100["fps"]
        result["rss_mb_100k"] = f100["rss_mb"]
        result["gl_renderer"] = f16.get("renderer", "")
    else:
        result["gui"] = "skipped: no display (run under xvfb-run -s '+extension GLX')"
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


# --- the child process --------------------------------------------------------------------
def _rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def run_probe(args: argparse.Namespace) -> int:
    from atlas.commands.gui import wait_for_frames
    from atlas.ui.app import build_window, make_app

    app = make_app()
    if args.mode == "startup":
        _state, window = build_window(size=(1280, 800), defer_panels=True)  # as `space-atlas gui` starts
        window.show()
        from PySide6.QtCore import QTimer

        # report the first frame, then leave the event loop once that paint has finished
        window.globe.frame_rendered.connect(lambda: (print("FIRST_FRAME", flush=True), QTimer.singleShot(0, app.quit)))
        app.exec()
        window.close()
        return 0

    from datetime import timezone

    from atlas.model.population import Population

    snap = os.environ.get("SPACE_ATLAS_BENCH_SNAPSHOT")
    objects = _catalog_objects(snap if args.objects == SNAPSHOT_SIZE else None, args.objects)
    state, window = build_window(size=(1280, 800), population=Population(objects, label="bench"), load=False)
    ep = objects["epoch"].max().astype("M8[s]").item().replace(tzinfo=timezone.utc)
    state.set_time(ep)
    window.show()
    wait_for_frames(app, window.globe, 3)
    globe = window.globe
    cpu_times: list[float] = []
    original = globe._on_time

    def timed(t):
        t0 = time.perf_counter()
        original(t)
        cpu_times.append(time.perf_counter() - t0)

    state.time_changed.disconnect(original)
    state.time_changed.connect(timed)
    state.set_rate(60)
    state.set_playing(True)
    wait_for_frames(app, globe, 10)  # warm-up
    cpu_times.clear()
    f0, t0 = globe.frames, time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        app.processEvents()
    fps = (globe.frames - f0) / (time.perf_counter() - t0)
    from OpenGL import GL

    globe.makeCurrent()
    renderer = (GL.glGetString(GL.GL_RENDERER) or b"").decode(errors="replace")
    out = {
        "objects": int(len(objects)),
        "fps": round(fps, 1),
        "frame_update_ms": round(statistics.median(cpu_times) * 1000, 3) if cpu_times else None,
        "rss_mb": round(_rss_mb(), 1),
        "renderer": renderer,
    }
    print(json.dumps(out), flush=True)
    return 0
