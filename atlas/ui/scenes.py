"""Applying an event's scene to the state: date, camera, colouring, filter and highlighted objects.

The state object calls `apply_event_scene` when an atlas://event link is opened; views then
follow the state's signals. The highlight is the scene's own spec (a fragmentation event id or
NORAD numbers); each view turns it into a mask over the objects it shows (state.highlight_mask).
"""

from __future__ import annotations

from atlas.model.events import Event
from atlas.ui.state import AppState


def apply_event_scene(state: AppState, event: Event) -> None:
    scene = event.scene
    state.set_time(scene.date)
    state.set_camera(scene.camera)
    state.set_colouring(scene.color)
    state.set_filter(scene.filter)  # a scene without a filter shows everything again
    state.set_highlight(scene.highlight)
