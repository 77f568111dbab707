"""The nlp stage: tokens, sentences, parse and named entities from spaCy."""

from redline.nlp.loader import DEFAULT_MODEL, load_pipeline, pipeline_info
from redline.nlp.stage import run_nlp

__all__ = ["DEFAULT_MODEL", "load_pipeline", "pipeline_info", "run_nlp"]
