"""ui layer (see DESIGN.md): Qt views over one state object.

PyOpenGL checks glGetError after every call unless told not to; on the per-frame path that
costs more than the drawing itself with a software renderer. SPACE_ATLAS_GL_DEBUG=1 turns the
checks back on. This must run before anything imports OpenGL.GL.
"""

import os

import OpenGL

OpenGL.ERROR_CHECKING = bool(os.environ.get("SPACE_ATLAS_GL_DEBUG"))
