"""Space Law Atlas: a desktop atlas of international space law and the orbital environment."""

__version__ = "0.1.0"
