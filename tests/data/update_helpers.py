"""A local stand-in for CelesTrak on 127.0.0.1: serves the fixture files under the paths `data update`
requests, and can misbehave on purpose (404, cut-off bodies, stalls, transient 503s, slow trickles),
counting every request so tests can check retries and the throttle."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from atlas.data.update import downloads, load_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "update"
GP_ACTIVE = (FIXTURES / "gp-active.csv").read_bytes()
GP_DEBRIS = (FIXTURES / "gp-debris.csv").read_bytes()
SATCAT = (FIXTURES / "satcat.csv").read_bytes()
NO_DATA = b"No GP data found"


@dataclass
class Route:
    """What the server answers for one path (`status` with `body`, or with an HTML error page when
    body is empty). Behaviours, in order of checking:
    hang: accept the connection and say nothing (until the server closes);
    fail_first: answer `status_on_fail` to the first N requests; status != 200: that error;
    stall_after: send headers and that many body bytes, then wait (until the server closes);
    length: the Content-Length to announce (None: no header, the body ends when the connection closes);
    cut: send only this many bytes of the body, then close; trickle: seconds between 1 KiB pieces;
    chunked: Transfer-Encoding chunked in 1 KiB chunks (no Content-Length), as PHP pages often answer;
    with cut, the connection closes mid-chunk without the final empty chunk."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/csv"
    hang: bool = False
    fail_first: int = 0
    status_on_fail: int = 503
    stall_after: int | None = None
    length: int | None | str = "auto"
    cut: int | None = None
    trickle: float = 0.0
    chunked: bool = False


class FixtureServer:
    """`with FixtureServer() as srv:` serves every request of one round (see default_routes)."""

    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes = routes if routes is not None else default_routes()
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()  # set on close: stalled handlers give up
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection; a body may end at close

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                server.hits[self.path] += 1
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.hang:
                    server.release.wait(10)
                    return
                if server.hits[self.path] <= route.fail_first:
                    self.send_error(route.status_on_fail)
                    return
                if route.status != 200 and not route.body:
                    self.send_error(route.status)
                    return
                body = route.body
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                length = len(body) if route.length == "auto" else route.length
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                elif length is not None:
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                try:
                    if route.stall_after is not None:
                        self.wfile.write(body[: route.stall_after])
                        self.wfile.flush()
                        server.release.wait(10)
                        return
                    if route.cut is not None:
                        body = body[: route.cut]
                    if route.chunked:
                        for i in range(0, len(route.body), 1024):
                            piece = route.body[i : i + 1024]
                            frame = b"%x\r\n%s\r\n" % (len(piece), piece)
                            if route.cut is not None and i + len(piece) > route.cut:
                                self.wfile.write(frame[: len(frame) // 2])
                                return
                            self.wfile.write(frame)
                        self.wfile.write(b"0\r\n\r\n")
                    elif route.trickle:
                        for i in range(0, len(body), 1024):
                            if server.release.is_set():
                                return
                            self.wfile.write(body[i : i + 1024])
                            self.wfile.flush()
                            time.sleep(route.trickle)
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (cancel, timeout)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "FixtureServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def path_of(url: str) -> str:
    """'/NORAD/elements/gp.php?GROUP=active&FORMAT=csv' from a full URL."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def default_routes() -> dict[str, Route]:
    """Paths of one real round (from resources/catalogs/celestrak-groups.toml): "active" serves six
    payloads, the debris groups three fragments, cosmos-1408-debris CelesTrak's answer for an empty
    group (HTTP 404, "No GP data found"; it may be empty), the SATCAT twelve objects."""
    routes: dict[str, Route] = {}
    for dl in downloads("http://x", load_plan()):
        path = path_of(dl.url)
        if dl.kind == "satcat":
            routes[path] = Route(SATCAT)
        elif dl.group.name == "active":
            routes[path] = Route(GP_ACTIVE)
        elif dl.group.name == "cosmos-1408-debris":
            routes[path] = Route(NO_DATA, status=404, content_type="text/plain")  # as CelesTrak answers it
        else:
            routes[path] = Route(GP_DEBRIS)
    return routes


def route_path(kind_or_group: str) -> str:
    """The request path for a group name or "satcat"."""
    for dl in downloads("http://x", load_plan()):
        if (dl.kind == "satcat" and kind_or_group == "satcat") or (dl.group and dl.group.name == kind_or_group):
            return path_of(dl.url)
    raise KeyError(kind_or_group)
