"""magcheck: an honest, bilingual magnesium status check."""

__version__ = "0.1.0"
