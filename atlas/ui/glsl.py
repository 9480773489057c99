"""Compiling the globe's own shaders for whichever OpenGL the context offers.

The shader sources are written once with placeholders (ATTR, VARY_OUT, VARY_IN, FRAG_DECL,
FRAG_OUT, TEXTURE) that become GLSL 1.40 on OpenGL 3.1+ and GLSL 1.20 on older or compatibility
contexts, as pyqtgraph's own items do."""

from __future__ import annotations

from OpenGL import GL
from OpenGL.GL import shaders
from PySide6 import QtGui

_CORE = {"ATTR": "in", "VARY_OUT": "out", "VARY_IN": "in", "FRAG_DECL": "out vec4 fragColor;", "FRAG_OUT": "fragColor", "TEXTURE": "texture"}
_LEGACY = {"ATTR": "attribute", "VARY_OUT": "varying", "VARY_IN": "varying", "FRAG_DECL": "", "FRAG_OUT": "gl_FragColor", "TEXTURE": "texture2D"}


def compile_program(vertex: str, fragment: str, attributes: tuple[str, ...]) -> int:
    """A linked program with `attributes` bound to locations 0, 1, 2... in order."""
    ctx = QtGui.QOpenGLContext.currentContext()
    core = (not ctx.isOpenGLES()) and ctx.format().version() >= (3, 1)
    head, words = ("#version 140\n", _CORE) if core else ("#version 120\n", _LEGACY)
    for key, word in words.items():
        vertex = vertex.replace(key, word)
        fragment = fragment.replace(key, word)
    prog = shaders.compileProgram(
        shaders.compileShader(head + vertex, GL.GL_VERTEX_SHADER),
        shaders.compileShader(head + fragment, GL.GL_FRAGMENT_SHADER),
        validate=False,
    )
    for i, name in enumerate(attributes):
        GL.glBindAttribLocation(prog, i, name)
    GL.glLinkProgram(prog)
    return prog
