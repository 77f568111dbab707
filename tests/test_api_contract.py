"""The JSON API keeps the contract its OpenAPI document states: schemathesis generates requests for every
operation, valid and invalid, and checks that none gets a server error, a status the document does not
declare, a body that does not fit the declared schema, or a wrong answer to a method the path does not
take.

Not checked: that every schema-valid request is accepted (schemathesis' ``positive_data_acceptance``).
The API refuses, with a declared 4xx, values of the right shape that it cannot use: an unknown country
code or event type, a day not in the calendar, a binary upload, an empty text.

Bounded and repeatable: ``EXAMPLES`` requests per operation, the same on every run (derandomized, so CI does
not pass or fail by chance), against a store of a few extracted articles. Set higher to search harder: 300
per operation found nothing more when this test was written.
"""

from __future__ import annotations

import pytest
from conftest import BUNDLED_EXAMPLE, corpus_text

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance  # noqa: E402

LOCAL_HOST = {"Host": "127.0.0.1:8765"}
EXAMPLES = 60
# a generated article is extracted in well under this; schemathesis' own default (10 s) would cut a request
# short on a loaded machine and leave its extraction holding a worker
REQUEST_SECONDS = 300
# written for this test: a threat, and a later strike on the place it names
WARNING = ("Cairo warns Ankara over Sirte\n\nEgypt's president said on Saturday that an advance on Sirte by "
           "Turkish-backed forces would cross a red line and that Egypt would intervene.")
STRIKE = ("Drones hit Sirte\n\nTurkish drones struck the city of Sirte on Wednesday, killing four fighters, a "
          "military spokesman said.")


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory, extract):
    from redline.store import open_store
    from redline.store.commitments import link_commitments
    from redline.web import create_app

    path = str(tmp_path_factory.mktemp("contract") / "contract.db")
    with open_store(path, create=True) as store:
        store.save_document(extract(WARNING, published="2020-06-20", source="Wire A"), origin="test")
        store.save_document(extract(STRIKE, published="2020-07-08", source="Wire B"), origin="test")
        store.save_document(extract(BUNDLED_EXAMPLE.read_text(encoding="utf-8"), published="2020-06-08"), origin="test")
        for i in range(6):
            store.save_document(extract(corpus_text(i), published=f"2019-0{i + 1}-1{i}"), origin="test")
        link_commitments(store)
    app = create_app(path, extract_workers=2)
    # the first extraction starts a worker (seconds of loading): done here, so that no generated request
    # waits for it and a slow machine cannot make one look busy or late
    app.state.extractor.from_text(STRIKE, published="2020-07-08")
    yield app
    app.state.extractor.close()


def _declared_schema():
    """The OpenAPI document as the app serves it (an app over an empty store: the document does not depend
    on the store), read when the tests are collected; the requests go to ``contract_app``."""
    from redline.web import create_app

    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app("sqlite:///:memory:"), headers=LOCAL_HOST)


schema = _declared_schema()


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_every_answer_is_one_the_openapi_document_declares(case, contract_app):
    excluded = [positive_data_acceptance]
    if case.media_type == "multipart/form-data":
        # every field of a form is text: a "number" sent in a form field is the text of a number, not a
        # value of the wrong type, so no request is invalid for a field's type
        excluded.append(negative_data_rejection)
    case.call_and_validate(headers=LOCAL_HOST, excluded_checks=excluded, app=contract_app, timeout=REQUEST_SECONDS)


def test_the_declared_event_row_has_the_columns_of_redline_events_in_their_order():
    from redline.store.query import COLUMNS
    from redline.web.schemas import EventRow

    assert tuple(EventRow.model_fields) == COLUMNS
