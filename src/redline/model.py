"""The data model: the one contract for every redline output.

Every extracted field that comes from the text carries an :class:`Evidence`
(sentence index and character offsets into ``Document.document.text``), so a
reader can always go back to the words a record stands on.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Quad = Literal["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"]
Precision = Literal["hour", "day", "week", "month", "year"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Record):
    """Where a field comes from: ``text == document.text[start:end]``."""

    sentence: int = Field(description="Index of the sentence in the document (0-based).")
    start: int = Field(description="Character offset of the first character in the document text.")
    end: int = Field(description="Character offset one past the last character.")
    text: str


class ActorRef(_Record):
    """One actor as an argument of an event or claim."""

    text: str = Field(description="The words as written in the text.")
    name: Optional[str] = Field(None, description="Canonical name of the resolved actor.")
    code: Optional[str] = Field(
        None, description="ISO 3166 alpha-3 country code, or IGO / NGO / IMG for international actors."
    )
    sector: Optional[str] = Field(None, description="PLOVER sector code (GOV, MIL, REB, ...).")
    kb_id: Optional[str] = Field(None, description="Identifier in the actor knowledge base that matched.")
    actor_id: Optional[str] = Field(None, description="Id of the entry in Document.actors.")
    role: Optional[str] = Field(None, description="Role or title, e.g. 'interior minister'.")
    evidence: Evidence = Field(description="The words that name the actor.")
    via: Optional[Evidence] = Field(
        None, description="The pronoun through which the actor is the argument here ('he', 'it'), if any."
    )
    implicit: bool = Field(
        False, description="The text names no one: the event implies the actor ('were killed' -> Unidentified "
                           "Armed Group), and the evidence is the event's own words.")
    code_basis: Optional[Literal["words", "event_place", "document"]] = Field(
        None, description="Where the country code comes from: the actor's own words ('Turkish drones'), the "
                          "place of the event ('gunmen ... in Benghazi'), or the country the document is about.")


class Actor(_Record):
    """An actor resolved across the document, with all its mentions."""

    id: str
    name: str
    kind: Literal["country", "igo", "ngo", "group", "organization", "person", "sector", "place"]
    code: Optional[str] = None
    sector: Optional[str] = None
    kb_id: Optional[str] = None
    roles: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Evidence] = Field(default_factory=list)


class RelativePosition(_Record):
    """What the text says about where a place lies: "about 138 km west of Sirte"."""

    anchor: str = Field(description="The place it is measured from, as written.")
    anchor_place_id: Optional[str] = Field(None, description="Id of the anchor in Document.places.")
    distance_km: Optional[float] = Field(None, description="The stated distance, in kilometres.")
    bearing: Optional[str] = Field(None, description="The compass direction from the anchor ('west').")
    bearing_deg: Optional[float] = Field(None, description="The same in degrees clockwise from north.")
    approximate: bool = Field(False, description="The distance is hedged ('about', 'some', 'nearly').")
    evidence: Evidence


class Place(_Record):
    id: str
    text: str
    name: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    geonameid: Optional[int] = None
    feature: Optional[str] = None
    precision: Optional[Literal["point", "admin", "country"]] = None
    estimated: bool = Field(False, description="Placed from a relative location, not found in the gazetteer.")
    uncertainty_km: Optional[float] = Field(None, description="Radius within which an estimated place should lie.")
    relative: list[RelativePosition] = Field(
        default_factory=list, description="Relative locations the text gives for this place.")
    mentions: list[Evidence] = Field(default_factory=list)


class Location(_Record):
    """Where an event happened."""

    place_id: Optional[str] = None
    name: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    country: Optional[str] = None
    geo_precision: Optional[Literal[1, 2, 3]] = None
    evidence: Optional[Evidence] = None


class TimePoint(_Record):
    value: str = Field(description="ISO 8601 / TIMEX3-style value.")
    precision: Precision
    start: Optional[str] = None
    end: Optional[str] = None
    basis: Literal["explicit", "anchored", "publication"] = "publication"
    evidence: Optional[Evidence] = None
    mod: Optional[str] = Field(
        None, description="TIMEX3 modifier: START (early), MID, END (late), APPROX, LESS_THAN, MORE_THAN..."
    )


class Provenance(_Record):
    """What decided an event: the rule, the lexicon row and the model, so an analyst can see why."""

    rule: str = Field(description="The coding rule: verb, noun, light_verb, control, obligation, nominal_occurrence, "
                                  "model, ...")
    lexicon: Optional[str] = Field(None, description="The lexicon row that matched: 'file:line pattern -> TYPE'.")
    model: Optional[str] = Field(None, description="The learned model that checked or chose the type, with its version.")
    model_type: Optional[str] = Field(None, description="The type that model found most likely for the sentence.")
    model_score: Optional[float] = Field(None, description="That model's probability of a political event here.")
    arguments: list[str] = Field(default_factory=list,
                                 description="How the source and target were found (subject, by-agent, implicit ...).")


CountKind = Literal["killed", "injured", "casualties", "arrested", "kidnapped", "displaced"]


class CasualtyCount(_Record):
    """How many people an event killed, injured, arrested, kidnapped or displaced, as the text states it."""

    kind: CountKind = Field(description="'casualties' is the text's own word for killed or injured, unsplit.")
    value: Optional[int] = Field(None, description="The number, or the low end of a range; None for a vague count "
                                 "(redline never makes a number up).")
    high: Optional[int] = Field(None, description="The high end of a range ('between 10 and 15').")
    qualifier: Optional[Literal["at_least", "more_than", "about", "at_most", "fewer_than"]] = Field(
        None, description="How the number is hedged ('at least 8' -> at_least).")
    vague: bool = Field(False, description="A quantity without a number ('dozens', 'heavy losses in lives').")
    quantity: Optional[str] = Field(None, description="The words that give the quantity, as written.")
    total: bool = Field(False, description="A cumulative total ('bringing the toll to 63', 'since February'), "
                        "not the count of this event alone.")
    victims: Optional[ActorRef] = Field(None, description="Who was counted, when the text says (civilians, fighters).")
    evidence: Evidence = Field(description="The words of the count ('killed at least 8 rebels').")


class Event(_Record):
    id: str
    type: PloverType
    modes: list[str] = Field(default_factory=list)
    contexts: list[str] = Field(default_factory=list)
    source: list[ActorRef] = Field(default_factory=list)
    target: list[ActorRef] = Field(default_factory=list)
    location: Optional[Location] = None
    date: Optional[TimePoint] = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    quad: Quad
    score: float = Field(ge=-10, le=10)
    confidence: float = Field(ge=0, le=1)
    trigger: Evidence = Field(description="The words that name the event (verb, noun or phrase).")
    evidence: Evidence = Field(description="The sentence the event is coded from.")
    attributed_to: Optional[ActorRef] = Field(
        None, description="The speaker whose quote or reported claim reports the event; None: the article itself."
    )
    asserted: bool = Field(
        True, description="False when the text hedges the event ('accused of', 'allegedly', 'which X says are')."
    )
    provenance: Optional[Provenance] = Field(None, description="Which rule, lexicon row or model decided the event.")
    casualties: list[CasualtyCount] = Field(
        default_factory=list, description="People killed, injured, arrested, kidnapped or displaced in this event.")


class Quote(_Record):
    id: str
    text: str
    speaker: Optional[ActorRef] = None
    cue: Optional[Evidence] = None
    direct: bool = True
    evidence: Evidence
    parts: list[Evidence] = Field(
        default_factory=list, description="The pieces of a quote interrupted by its attribution ('A,' he said, 'B')."
    )


class CommitmentLink(_Record):
    event_id: str
    relation: Literal["crossed", "fulfilled"]


class Commitment(_Record):
    id: str
    kind: Literal["red_line", "threat", "ultimatum", "deadline", "condition", "promise"]
    holder: Optional[ActorRef] = None
    addressee: Optional[ActorRef] = None
    about: Optional[str] = None
    due: Optional[TimePoint] = None
    condition: Optional[str] = None
    evidence: Evidence
    linked_events: list[CommitmentLink] = Field(
        default_factory=list, description="Later events in the document about the same place or actor."
    )


class Warning(_Record):
    code: str
    message: str


class DocumentInfo(_Record):
    id: str = Field(description="Stable content hash of the text.")
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="Publication date, YYYY-MM-DD.")
    published_basis: Optional[Literal["given", "metadata", "dateline"]] = None
    source: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None
    country: Optional[str] = Field(
        None, description="The country the document is known to be about, as the user supplied it (ISO 3166 "
                          "alpha-3, e.g. the country of a feed): events whose text names no place or country take it.")
    text: str


class Document(_Record):
    """The output for one article."""

    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo
    sentences: list[Evidence] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    models: list[str] = Field(default_factory=list,
                              description="The learned models that decided fields of this output, with versions.")


def json_schema() -> dict:
    return Document.model_json_schema()
