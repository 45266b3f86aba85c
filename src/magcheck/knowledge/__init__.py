"""Reviewed knowledge: the data files (TOML/CSV, each fact with its sources) and the loader that reads them.

`files.py` holds the generic readers every reviewed file goes through; `loader.py` reads the clinical
knowledge base into the typed values of `magcheck.core`. Only this package reads reviewed data.
"""

from pathlib import Path

# the reviewed data files live next to the code that reads them (shipped as package data)
KNOWLEDGE_DIR = Path(__file__).resolve().parent
