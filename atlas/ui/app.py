"""Starting the GUI: the application object, translations, the window, the first population."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QSurfaceFormat
from PySide6.QtWidgets import QApplication

from atlas.model.population import Population
from atlas.paths import resource


def make_app(argv=None) -> QApplication:
    app = QApplication.instance()
    if app is not None:
        return app
    QCoreApplication.setOrganizationName("space-law-atlas")
    QCoreApplication.setApplicationName("Space Law Atlas")
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(list(argv or sys.argv[:1]))
    fmt = QSurfaceFormat()
    fmt.setDepthBufferSize(24)
    samples = os.environ.get("SPACE_ATLAS_MSAA")
    fmt.setSamples(int(samples) if samples else (0 if software_renderer() else 4))
    fmt.setSwapInterval(0)
    QSurfaceFormat.setDefaultFormat(fmt)
    install_translations(app)
    return app


def software_renderer() -> bool:
    """Whether OpenGL is rendered on the CPU (Mesa llvmpipe/softpipe, SwiftShader). There,
    4x multisampling costs more than half the frame rate, so the globe goes without it."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    surface = QOffscreenSurface()
    surface.create()
    ctx = QOpenGLContext()
    if not ctx.create() or not ctx.makeCurrent(surface):
        return True
    try:
        renderer = (ctx.functions().glGetString(0x1F01) or "").lower()  # GL_RENDERER
    finally:
        ctx.doneCurrent()
    return any(name in renderer for name in ("llvmpipe", "softpipe", "swiftshader", "software"))


def install_translations(app: QApplication, locale: str | None = None) -> bool:
    """Load resources/translations/atlas_<locale>.qm where one exists (ru, kk, zh_CN will follow)."""
    name = locale or os.environ.get("SPACE_ATLAS_LANG") or QLocale.system().name()
    tr = QTranslator(app)
    folder = resource("translations")
    for candidate in (name, name.split("_")[0]):
        if tr.load(f"atlas_{candidate}", str(folder)):
            app.installTranslator(tr)
            app._atlas_translator = tr  # keep it alive
            return True
    return False


def load_population() -> Population | None:
    """The imported catalog, or the built-in modeled history (atlas.data.active)."""
    from atlas.data.active import active_population

    return active_population()


def build_window(size: tuple[int, int] | None = None, link: str | None = None, population: Population | None = None,
                 load: bool = True, defer_panels: bool = False):
    from atlas.ui.mainwindow import MainWindow
    from atlas.ui.state import AppState

    state = AppState()
    window = MainWindow(state, defer_panels=defer_panels)
    if population is None and load:
        population = load_population()
    state.set_population(population)
    if size:
        window.resize(*size)
    if link:
        window.open_link(link)
    return state, window
