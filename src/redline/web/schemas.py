"""The bodies the JSON API answers with, as the OpenAPI document declares them.

The routes build plain dicts (the store's rows, folded by :mod:`redline.web.queries`); these models only
describe them, so that a client (or a generated one) knows every field and every error it can get.
``tests/test_api_contract.py`` checks generated requests against the declarations: a status or a field
that a route returns and this module does not declare fails it.
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field

from redline.model import Document, Event


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(_Body):
    code: str = Field(description="The catalogue code (E101 ...); see redline/errors.py.", examples=["E364"])
    message: str = Field(description="What went wrong and what to do, starting with the code in brackets.")


class ErrorBody(_Body):
    error: ErrorDetail


def errors(*statuses: int, codes: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` entries of a route's error statuses: each has the one error body."""
    why = {
        400: "The request is not valid (E368) or names a value redline does not know (E1xx, E3xx).",
        401: "A write without the server's token (E363).",
        403: "A write refused: the server takes no writes without a token (E362), or a request from another "
             "site or host name (E369).",
        404: "Nothing at this path (E366), or no such stored document or event (E364, E365).",
        405: "A method this path does not answer (E366).",
        413: "The request body or the document is larger than the server takes (E361, E104).",
        422: "A parameter of the wrong type or out of range (E368).",
        500: "The server failed (E370); its log has the details.",
        503: "The store cannot be read (E352), or no extraction worker could take the article (E372 busy, "
             "E373 too long, E374 a worker died, E2xx its pipeline could not load).",
    }
    if codes:
        why = {**why, **codes}
    return {status: {"model": ErrorBody, "description": why[status]} for status in statuses}


# every route can meet these: a host or origin refused, a bad parameter, an unexpected failure
COMMON_ERRORS = errors(400, 403, 405, 422, 500)
WRITE_ERRORS = errors(401, 413)


class Health(_Body):
    status: str = Field(examples=["ok"])
    version: str
    documents: int
    events: int
    writable: bool = Field(description="Whether this server takes writes (extract, store, link).")


class EventRow(_Body):
    """One event as a row of ``redline events --format csv``: its first source and target, and every actor
    in the list columns."""

    document_id: str
    event_id: str
    date_start: Optional[str] = Field(description="First day the event can be (YYYY-MM-DD).")
    date_end: Optional[str] = Field(description="Last day the event can be (YYYY-MM-DD).")
    date_precision: Optional[str] = Field(description="day, week, month, year ... or unknown.")
    date_basis: Optional[str] = Field(description="text (a time expression dates it) or publication.")
    type: str = Field(description="PLOVER event type.", examples=["ASSAULT"])
    modes: list[str]
    quad: Optional[str]
    score: Optional[float]
    confidence: float
    rule: Optional[str] = Field(description="The rule or model that decided the event.")
    source_code: Optional[str]
    source_name: Optional[str]
    source_sector: Optional[str]
    source_codes: list[str]
    source_names: list[str]
    source_sectors: list[str]
    target_code: Optional[str]
    target_name: Optional[str]
    target_sector: Optional[str]
    target_codes: list[str]
    target_names: list[str]
    target_sectors: list[str]
    place: Optional[str]
    admin1: Optional[str]
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geo_precision: Optional[int]
    killed: Optional[int]
    injured: Optional[int]
    casualties: Optional[int]
    arrested: Optional[int]
    kidnapped: Optional[int]
    displaced: Optional[int]
    vague_counts: list[str]
    count_evidence: list[str]
    negated: bool
    hypothetical: bool
    future: bool
    asserted: bool
    story_id: Optional[str]
    corroboration: Optional[int]
    trigger: Optional[str]
    evidence: Optional[str]
    sentence: Optional[int]
    evidence_start: Optional[int]
    evidence_end: Optional[int]
    published: Optional[str]
    title: Optional[str]
    url: Optional[str]
    outlet: Optional[str]


class EventsPage(_Body):
    total: int = Field(description="Events that match the filters, on every page.")
    limit: int
    offset: int
    items: list[EventRow]


class DocumentSummary(_Body):
    id: str
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]
    url: Optional[str]


class EventDetail(_Body):
    event: Event
    document: DocumentSummary
    sentence_text: str = Field(description="The text of the event's evidence.")


class StoredDocumentRow(_Body):
    id: str
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]
    url: Optional[str]
    n_events: int


class DocumentsPage(_Body):
    total: int
    limit: int
    offset: int
    items: list[StoredDocumentRow]


class Extraction(_Body):
    document: Document
    stored: bool = Field(description="Whether the document is in the store now.")
    already_stored: bool = Field(description="Whether it was in the store before this request.")


class TimelineBar(_Body):
    period: str = Field(examples=["2020-06-08", "2020-W23", "2020-06"])
    type: str
    count: int


class Timeline(_Body):
    bucket: str = Field(description="day, week or month.")
    series: list[TimelineBar]
    undated: int


class MapPoint(_Body):
    lat: float
    lon: float
    count: int
    place: Optional[str]
    country: Optional[str]
    types: dict[str, int]
    document_id: Optional[str] = Field(None, description="With cell=0: the event's document.")
    event_id: Optional[str] = Field(None, description="With cell=0: the event.")


class MapPoints(_Body):
    cell: float
    total: int = Field(description="Located events.")
    unlocated: int
    points: list[MapPoint]
    truncated: Optional[bool] = Field(None, description="With cell=0: whether more events than limit are located.")


class NetworkNode(_Body):
    id: str
    label: str
    events: int


class NetworkEdge(_Body):
    source: str
    target: str
    cooperation: int
    conflict: int
    count: int
    score: float = Field(description="Mean PLOVER score of the edge's events.")


class Network(_Body):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


class FacetValue(_Body):
    value: str
    count: int
    label: Optional[str] = None


class Facets(_Body):
    types: list[FacetValue]
    countries: list[FacetValue]
    actors: list[FacetValue]


class CommitmentLink(_Body):
    event_document_id: str
    event_id: str
    relation: str = Field(description="crossed or fulfilled.")
    date: Optional[str]
    type: str


class Commitment(_Body):
    document_id: str
    commitment_id: str
    kind: str
    holder_code: Optional[str]
    addressee_code: Optional[str]
    about: Optional[str]
    due_value: Optional[str]
    title: Optional[str]
    published: Optional[str]
    evidence_start: int
    evidence_end: int
    status: str = Field(description="crossed, fulfilled or open.")
    links: list[CommitmentLink]


class CommitmentsPage(_Body):
    total: int
    limit: int
    offset: int
    items: list[Commitment]


class Links(_Body):
    links: int = Field(description="Links between commitments and later events, after linking again.")


def ok(model: type[BaseModel], description: str = "The answer.") -> dict[int | str, dict[str, Any]]:
    return {200: {"model": model, "description": description}}

