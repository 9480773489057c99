"""Applying an event's scene to the state: date, camera, colouring and highlighted objects.

The state object calls `apply_event_scene` when an atlas://event link is opened; views then
follow the state's signals. The highlight is a boolean mask over the active population
(None where nothing is highlighted or no population is loaded).
"""

from __future__ import annotations

from atlas.model.events import Event, scene_mask
from atlas.ui.state import AppState


def apply_event_scene(state: AppState, event: Event) -> None:
    scene = event.scene
    state.set_time(scene.date)
    state.set_camera(scene.camera)
    state.set_colouring(scene.color)
    pop = state.population
    state.set_highlight(scene_mask(pop.objects, scene) if pop is not None else None)
