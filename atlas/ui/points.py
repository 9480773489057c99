"""The point cloud: every object of the sky as one GL draw call.

pyqtgraph's GLScatterPlotItem draws round, blended points: its fragment shader discards the
corners of each point sprite and blends every fragment. On a software renderer that is most of
a frame's cost with 100,000 objects. At the 2-4 pixel sizes the globe uses, a square sprite looks
the same, so this item draws opaque squares with depth testing: no discard, no blending. Dimmed
objects (outside a highlight) are darkened towards the background instead of made transparent.
Positions are re-uploaded each frame into the same buffer (glBufferSubData); colours only when
they change.
"""

from __future__ import annotations

import numpy as np
from OpenGL import GL
from PySide6 import QtGui
from pyqtgraph.opengl import GLGraphicsItem

from atlas.ui.glsl import compile_program

VERTEX = """
uniform mat4 u_mvp;
uniform float u_size;
ATTR vec3 a_position;
ATTR vec3 a_color;
ATTR float a_scale;
VARY_OUT vec3 v_color;
void main() {
    gl_Position = u_mvp * vec4(a_position, 1.0);
    gl_PointSize = u_size * a_scale;
    v_color = a_color;
}
"""
FRAGMENT = """
VARY_IN vec3 v_color;
FRAG_DECL
void main() { FRAG_OUT = vec4(v_color, 1.0); }
"""


class PointCloudItem(GLGraphicsItem.GLGraphicsItem):
    def __init__(self, size: float = 3.0):
        super().__init__()
        self.setGLOptions({GL.GL_DEPTH_TEST: True, GL.GL_BLEND: False, GL.GL_CULL_FACE: False})
        self.size = float(size)
        self._pos = np.zeros((0, 3), np.float32)
        self._rgb = np.zeros((0, 3), np.float32)
        self._scale = np.zeros(0, np.float32)
        self._dirty_pos = self._dirty_attr = True
        self._program = None
        self._vbo = None  # [positions, colours, scales]
        self._capacity = [0, 0, 0]

    def set_positions(self, pos: np.ndarray) -> None:
        self._pos = np.ascontiguousarray(pos, dtype=np.float32)
        self._dirty_pos = True
        self.update()

    def set_colors(self, rgb: np.ndarray, scale: np.ndarray) -> None:
        self._rgb = np.ascontiguousarray(rgb, dtype=np.float32)
        self._scale = np.ascontiguousarray(scale, dtype=np.float32)
        self._dirty_attr = True
        self.update()

    def _compile(self):
        self._vbo = list(GL.glGenBuffers(3))
        return compile_program(VERTEX, FRAGMENT, ("a_position", "a_color", "a_scale"))

    def _upload(self, k: int, arr: np.ndarray) -> None:
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo[k])
        if arr.nbytes != self._capacity[k]:
            GL.glBufferData(GL.GL_ARRAY_BUFFER, arr.nbytes, arr, GL.GL_DYNAMIC_DRAW)
            self._capacity[k] = arr.nbytes
        elif arr.nbytes:
            GL.glBufferSubData(GL.GL_ARRAY_BUFFER, 0, arr.nbytes, arr)

    def paint(self):
        n = min(len(self._pos), len(self._rgb))
        if self._program is None:
            self._program = self._compile()
        if n == 0:
            return
        self.setupGLState()
        if self._dirty_pos:
            self._upload(0, self._pos)
            self._dirty_pos = False
        if self._dirty_attr:
            self._upload(1, self._rgb)
            self._upload(2, self._scale)
            self._dirty_attr = False
        ctx = QtGui.QOpenGLContext.currentContext()
        if not ctx.isOpenGLES():
            GL.glEnable(GL.GL_PROGRAM_POINT_SIZE)
        prog = self._program
        GL.glUseProgram(prog)
        try:
            GL.glUniformMatrix4fv(GL.glGetUniformLocation(prog, "u_mvp"), 1, False, np.array(self.mvpMatrix().data(), dtype=np.float32))
            GL.glUniform1f(GL.glGetUniformLocation(prog, "u_size"), self.size)
            for k, width in enumerate((3, 3, 1)):
                GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo[k])
                GL.glEnableVertexAttribArray(k)
                GL.glVertexAttribPointer(k, width, GL.GL_FLOAT, False, 0, None)
            GL.glDrawArrays(GL.GL_POINTS, 0, n)
        finally:
            for k in range(3):
                GL.glDisableVertexAttribArray(k)
            GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
            GL.glUseProgram(0)
