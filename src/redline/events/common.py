"""What the parts of the event coder share: the word classes and dependency labels they read the parse
with (from ``data/grammar.json`` and spaCy's label set), and small helpers."""

from __future__ import annotations

from redline.datafiles import word_class, word_sequence
from redline.model import ActorRef

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
PARTICLE_DEPS = {"prt", "prep", "dative", "agent", "advmod", "acomp", "oprd"}
COMPLEMENT_DEPS = {"xcomp", "ccomp"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PLACE_HEADS = word_class("location_heads")
# the nouns of settlements and areas a lexicon object list may name; a named place matches them
PLACE_NOUNS = frozenset({"town", "city", "village", "area", "region", "province", "district", "territory",
                         "capital", "port", "airport", "base", "island", "hill", "crossing", "stronghold", "bastion"})
PARTITIVE_HEADS = word_class("partitive_heads")
MEASURE_HEADS = word_class("measure_heads")
OBJECT_DEPS = ("dobj", "dative")
NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "ROOT")  # where a noun stands
CONFLICT_QUADS = ("verbal_conflict", "material_conflict")
OBLIGATION_WORDS = word_class("obligation_words")
OBLIGATION_FRAME = "obligation"  # frame of the REQUEST coded from a reported "must"
PURPOSE_TYPES = {"REQUEST", "ACCUSE"}
PATIENT_EVENT_TYPES = {"PROTEST"}  # event nouns that stay events when acted upon ("police broke up the protest")
NAME_LABELS = {"ORG", "GPE", "PERSON", "NORP", "FAC", "LOC", "WORK_OF_ART", "LAW", "PRODUCT"}
SUPPORT_NOUNS = word_class("support_nouns")
RECIPIENT_PREPS = word_sequence("recipient_preps")
NAMED_KINDS = {"person", "organization", "group", "igo", "ngo"}
LOCATIVE_PREPS = word_sequence("event_locative_preps")
WEAPON_HEADS = word_class("weapon_heads")
OCCURRENCE_VERBS = word_class("occurrence_verbs")
RECIPROCAL_PREPS = word_sequence("reciprocal_preps")
WITNESS_VERBS = word_class("witness_verbs")
HARM_VERBS = word_class("harm_verbs")
EXPLOSION_WORDS = word_class("explosion_words")
CRIMINAL_ROLES = word_class("criminal_roles")
CRIME_ACTS = word_class("crime_acts")
ARMED_ONLY_OBJECTS = word_class("armed_only_objects")
ARMS_NOUNS = word_class("arms_nouns")
ARMED_SECTORS = word_class("armed_sectors")


def is_explosion_word(tok) -> bool:
    """Whether a word says something exploded: "blast", "exploded", "went off", "blew up"."""
    lemma = tok.lemma_.lower()
    if lemma in EXPLOSION_WORDS:
        return True
    return any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in EXPLOSION_WORDS for c in tok.children)


def needs_violent_cause(tok) -> bool:
    """A verb of harm or an explosion: only a violent cause makes it an attack (see ``harm_verbs``)."""
    return tok.lemma_.lower() in HARM_VERBS or is_explosion_word(tok)


def unique_refs(refs: list[ActorRef]) -> list[ActorRef]:
    """The refs without repeats of one actor at one place in the text, in order."""
    seen = set()
    out = []
    for r in refs:
        key = (r.actor_id, r.evidence.start)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
