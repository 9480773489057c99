"""A textured, sunlit Earth for pyqtgraph's GL view (GLMeshItem has no texture support).

The sphere's vertices are in the Earth-fixed frame (x to 0 deg longitude, z to the north
pole, one unit = one Earth radius); the item's transform turns it by the Greenwich sidereal
angle into the inertial frame the orbits are drawn in. Lighting uses the true Sun direction,
given in the Earth-fixed frame, with a soft terminator and a dim, blue-tinted night side on
which the continents stay readable.
"""

from __future__ import annotations

import ctypes
import math

import numpy as np
from OpenGL import GL
from pyqtgraph.opengl import GLGraphicsItem

from PySide6 import QtGui

from atlas.paths import resource
from atlas.ui.glsl import compile_program

VERTEX = """
uniform mat4 u_mvp;
ATTR vec3 a_position;
ATTR vec2 a_uv;
VARY_OUT vec3 v_normal;
VARY_OUT vec2 v_uv;
void main() {
    v_normal = a_position;
    v_uv = a_uv;
    gl_Position = u_mvp * vec4(a_position, 1.0);
}
"""

FRAGMENT = """
uniform sampler2D u_texture;
uniform vec3 u_sun;          // unit vector to the Sun, Earth-fixed frame
uniform float u_night;       // brightness of the night side (0..1)
VARY_IN vec3 v_normal;
VARY_IN vec2 v_uv;
FRAG_DECL
void main() {
    vec3 n = normalize(v_normal);
    vec3 albedo = TEXTURE(u_texture, v_uv).rgb;
    float d = dot(n, u_sun);
    float day = smoothstep(-0.08, 0.08, d);            // soft terminator (twilight band)
    vec3 lit = albedo * (0.42 + 0.78 * max(d, 0.0));
    vec3 night = albedo * vec3(0.55, 0.62, 0.95) * u_night + vec3(0.005, 0.01, 0.03);
    vec3 colour = mix(night, lit, day);
    float rim = smoothstep(-0.03, 0.0, d) * (1.0 - smoothstep(0.0, 0.06, d));
    colour += rim * vec3(0.07, 0.03, 0.0);             // a faint warm line where the Sun is setting
    FRAG_OUT = vec4(colour, 1.0);
}
"""


def sphere_mesh(rows: int = 90, cols: int = 180):
    """Vertices (unit sphere, Earth-fixed), texture coordinates and triangle indices.

    u = (longitude + 180) / 360, v = (90 - latitude) / 180, matching an equirectangular
    image whose first row is the north edge (uploaded as-is, row 0 at v = 0)."""
    lat = np.linspace(90.0, -90.0, rows + 1)
    lon = np.linspace(-180.0, 180.0, cols + 1)
    lon_g, lat_g = np.meshgrid(np.radians(lon), np.radians(lat))
    pos = np.stack(
        [np.cos(lat_g) * np.cos(lon_g), np.cos(lat_g) * np.sin(lon_g), np.sin(lat_g)], axis=-1
    ).reshape(-1, 3)
    uv = np.stack(np.meshgrid(np.linspace(0, 1, cols + 1), np.linspace(0, 1, rows + 1)), axis=-1).reshape(-1, 2)
    r, c = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
    a = (r * (cols + 1) + c).ravel()
    b = a + cols + 1
    tris = np.stack([a, b, a + 1, a + 1, b, b + 1], axis=-1).reshape(-1, 3)
    return pos.astype(np.float32), uv.astype(np.float32), tris.astype(np.uint32)


class EarthItem(GLGraphicsItem.GLGraphicsItem):
    def __init__(self, texture_path=None, night: float = 0.22):
        super().__init__()
        self.setGLOptions("opaque")
        self._texture_path = str(texture_path or resource("earth", "blue-marble-2048.jpg"))
        self._pos, self._uv, self._tris = sphere_mesh()
        self._sun = np.array([1.0, 0.0, 0.0], dtype=np.float32)
        self._night = night
        self._program = None
        self._tex = None
        self._vbo = None
        self._ibo = None
        self.rotation_deg = 0.0

    def set_sun_earth_fixed(self, sun: np.ndarray) -> None:
        self._sun = np.asarray(sun, dtype=np.float32) / float(np.linalg.norm(sun))
        self.update()

    def set_rotation(self, angle_rad: float) -> None:
        """Turn the Earth-fixed frame into the inertial one (Greenwich sidereal angle)."""
        self.rotation_deg = math.degrees(angle_rad)
        self.resetTransform()
        self.rotate(self.rotation_deg, 0, 0, 1)

    # --- GL ----------------------------------------------------------------------------
    def _compile(self):
        return compile_program(VERTEX, FRAGMENT, ("a_position", "a_uv"))

    def _upload(self):
        img = QtGui.QImage(self._texture_path)
        if img.isNull():
            raise RuntimeError(f"cannot read Earth texture {self._texture_path}")
        img = img.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
        w, h = img.width(), img.height()
        data = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes()).reshape(h, img.bytesPerLine())
        data = np.ascontiguousarray(data[:, : w * 4])
        self._tex = GL.glGenTextures(1)
        GL.glBindTexture(GL.GL_TEXTURE_2D, self._tex)
        GL.glPixelStorei(GL.GL_UNPACK_ALIGNMENT, 1)
        GL.glTexImage2D(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA, w, h, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE, data)
        GL.glGenerateMipmap(GL.GL_TEXTURE_2D)
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MIN_FILTER, GL.GL_LINEAR_MIPMAP_NEAREST)
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_MAG_FILTER, GL.GL_LINEAR)
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_S, GL.GL_REPEAT)
        GL.glTexParameteri(GL.GL_TEXTURE_2D, GL.GL_TEXTURE_WRAP_T, GL.GL_CLAMP_TO_EDGE)
        GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
        inter = np.ascontiguousarray(np.hstack([self._pos, self._uv]), dtype=np.float32)
        self._vbo = GL.glGenBuffers(1)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
        GL.glBufferData(GL.GL_ARRAY_BUFFER, inter.nbytes, inter, GL.GL_STATIC_DRAW)
        GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
        self._ibo = GL.glGenBuffers(1)
        GL.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, self._ibo)
        GL.glBufferData(GL.GL_ELEMENT_ARRAY_BUFFER, self._tris.nbytes, self._tris, GL.GL_STATIC_DRAW)
        GL.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, 0)

    def paint(self):
        if self._program is None:
            self._program = self._compile()
            self._upload()
        self.setupGLState()
        mvp = np.array(self.mvpMatrix().data(), dtype=np.float32)
        prog = self._program
        GL.glUseProgram(prog)
        try:
            GL.glUniformMatrix4fv(GL.glGetUniformLocation(prog, "u_mvp"), 1, False, mvp)
            GL.glUniform3f(GL.glGetUniformLocation(prog, "u_sun"), *map(float, self._sun))
            GL.glUniform1f(GL.glGetUniformLocation(prog, "u_night"), float(self._night))
            GL.glActiveTexture(GL.GL_TEXTURE0)
            GL.glBindTexture(GL.GL_TEXTURE_2D, self._tex)
            GL.glUniform1i(GL.glGetUniformLocation(prog, "u_texture"), 0)
            GL.glBindBuffer(GL.GL_ARRAY_BUFFER, self._vbo)
            stride = 5 * 4
            GL.glEnableVertexAttribArray(0)
            GL.glVertexAttribPointer(0, 3, GL.GL_FLOAT, False, stride, None)
            GL.glEnableVertexAttribArray(1)
            GL.glVertexAttribPointer(1, 2, GL.GL_FLOAT, False, stride, ctypes.c_void_p(12))
            GL.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, self._ibo)
            GL.glDrawElements(GL.GL_TRIANGLES, self._tris.size, GL.GL_UNSIGNED_INT, None)
        finally:
            GL.glDisableVertexAttribArray(0)
            GL.glDisableVertexAttribArray(1)
            GL.glBindBuffer(GL.GL_ARRAY_BUFFER, 0)
            GL.glBindBuffer(GL.GL_ELEMENT_ARRAY_BUFFER, 0)
            GL.glBindTexture(GL.GL_TEXTURE_2D, 0)
            GL.glUseProgram(0)
