"""The actors stage: every noun phrase that names an actor, resolved across the document."""

from __future__ import annotations

from redline.actors.kb import KnowledgeBase, load_knowledge_base
from redline.actors.resolver import DocumentActors


def run_actors(state) -> None:
    kb = state.kb if state.kb is not None else load_knowledge_base()
    state.kb = kb
    DocumentActors(state, kb).run()


__all__ = ["KnowledgeBase", "load_knowledge_base", "run_actors"]
