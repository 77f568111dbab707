"""redline: evidence-linked political event data from news text."""

from redline.api import extract, extract_many

__version__ = "0.1.0"
__all__ = ["extract", "extract_many", "__version__"]
