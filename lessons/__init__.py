"""Lesson files. A package only so that `pip install .` installs them."""
