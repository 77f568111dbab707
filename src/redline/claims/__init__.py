"""The claims stage: quotes and reported speech, who events are attributed to, and commitments.

Reads the parse, the actors stage's mentions and the events already coded on
the :class:`~redline.pipeline.DocState`; writes ``quotes``, ``commitments``
and each event's ``attributed_to`` / ``asserted``.
"""

from __future__ import annotations

from redline.claims.attribution import attribute_events
from redline.claims.commitments import find_commitments
from redline.claims.lexicon import claim_lexicon
from redline.claims.quotes import QuoteFinder, claim_text, to_evidence
from redline.model import Quote
from redline.pipeline import content_id


def run_claims(state) -> None:
    lexicon = claim_lexicon()
    claims = QuoteFinder(state, lexicon).find()
    quotes = []
    for claim in claims:
        parts = [to_evidence(state, span) for span in claim.parts]
        start, end = claim.parts[0][0], claim.parts[-1][1]
        cue = None
        if claim.cue is not None and claim.cue_token is not None:
            cue = state.evidence(claim.cue[0], claim.cue[1], claim.cue_token)
        quotes.append(Quote(
            id="q" + content_id(f"{state.info.id}:{start}:{end}")[:12],
            text=claim_text(state.text, claim.parts, claim.direct),
            speaker=claim.speaker,
            cue=cue,
            direct=claim.direct,
            evidence=to_evidence(state, (start, end)),
            parts=parts if len(parts) > 1 else [],
        ))
    state.output.quotes = quotes
    attribute_events(state, claims, lexicon)
    state.output.commitments = find_commitments(state, claims)


__all__ = ["run_claims"]
