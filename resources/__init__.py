"""Shipped data (imagery, content, model facts). A package only so that `pip install .` installs it."""
