"""``redline network``: who acts on whom in the stored events, as a directed, weighted graph.

Nodes are actors by default: every distinct actor of the stored documents, one node however many
documents name it. An actor with a knowledge-base entry is that entry (node id ``kb:<kb_id>``,
e.g. ``kb:org:LNA``); any other is its kind, country code, sector and case-folded name (node id
``actor:<kind>|<code>|<sector>|<name>``, e.g. ``actor:sector|LBY|MIL|libya (mil)``), so two
Libyan factions are two nodes. A node carries its ``label`` (name), ``kind`` (person, group,
organization, country, sector, ...; absent for an actor an event implies without naming it),
``country`` (code), ``sector`` (PLOVER), ``kb_id``, and the number of events it is a source of
(``events_as_source``) and a target of (``events_as_target``). With ``nodes="countries"`` a node
is a country (or IGO, NGO ...) code instead, labelled with the country's name, and the actors of one
country merge into it (``kind``, ``sector`` and ``kb_id`` are then null).

Every source and every target of an event count, not only the first: an event gives an edge
from each of its source nodes to each of its target nodes. An edge aggregates the events from
one node to another over the period: ``weight`` and ``events`` (the number of events),
``score_sum`` and ``score_mean`` (their Goldstein-style PLOVER scores, negative for conflict),
and one count per quad class (``verbal_cooperation`` ... ``material_conflict``). Only events with
at least one source node and one target node are counted (in country mode an actor without a
code is no node). An event's day is its date, else its document's publication date;
``since``/``until`` keep the events of those days.

Self-loops (an event whose source and target are the same node: two Libyan factions in country
mode, or an actor that is both) are kept apart from the edges: the JSON lists them under
``self_loops``; GraphML and GEXF leave them out of the graph and give each node their count as
``self_events``, unless asked to write them as edges too (``--self-loops``).

Output: JSON (``node_mode``, ``nodes``, ``edges``, ``self_loops``; each edge and self-loop also
broken down ``by_month_and_quad``), or GraphML and GEXF written by networkx, which networkx reads
back with numeric weights (GraphML keys typed ``long``/``double``) and Gephi shows with ``weight``
as the edge weight. Both graph files are static, one edge per source and target over the period:
the months are in the JSON, and ``since``/``until`` cut a period for Gephi. The same store gives
byte-identical files: nodes and edges are sorted, scores rounded to three decimals, and the GEXF
carries no date of writing.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from typing import Optional, TextIO, get_args

from redline.errors import EXIT_USAGE, Errors, RedlineError
from redline.model import Quad

FORMATS = ("json", "graphml", "gexf")
NODE_MODES = ("actors", "countries")
QUADS: tuple[str, ...] = get_args(Quad)
NODE_ATTRIBUTES = ("label", "kind", "country", "sector", "kb_id", "events_as_source", "events_as_target",
                   "self_events")
EDGE_ATTRIBUTES = ("weight", "events", "score_sum", "score_mean", *QUADS)
UNDATED = "undated"


@dataclass
class _Tally:
    """The events from one node to another (or to itself) and their scores."""

    events: int = 0
    score_sum: float = 0.0
    quads: Counter = field(default_factory=Counter)
    # (month, quad) -> [events, score sum]
    by_month_and_quad: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0.0]))

    def add(self, quad: str, score: float, month: str) -> None:
        self.events += 1
        self.score_sum += score
        self.quads[quad] += 1
        cell = self.by_month_and_quad[(month, quad)]
        cell[0] += 1
        cell[1] += score

    def as_edge(self, source: str, target: str) -> dict:
        return {
            "source": source, "target": target, "weight": self.events, "events": self.events,
            "score_sum": _rounded(self.score_sum), "score_mean": _rounded(self.score_sum / self.events),
            **{quad: self.quads[quad] for quad in QUADS},
            "by_month_and_quad": [
                {"month": month, "quad": quad, "events": n, "score_sum": _rounded(total),
                 "score_mean": _rounded(total / n)}
                for (month, quad), (n, total) in sorted(self.by_month_and_quad.items())
            ],
        }


@dataclass
class _NodeTally:
    """How often a node is a source and a target, and how it was described (a knowledge-base actor's name or
    sector can differ between documents: the most frequent description is kept)."""

    # (label, kind, country, sector, kb_id) -> events that described the node so
    descriptions: Counter = field(default_factory=Counter)
    as_source: int = 0
    as_target: int = 0


def _rounded(value: float) -> float:
    # rounding keeps the files byte-stable whatever order a database sums in; float() because a
    # GraphML key must have one type and an integral score would otherwise be written as a long
    return float(round(value, 3))


def normalized_name(name: str) -> str:
    """The name an actor is matched by across documents: Unicode-normalized, case-folded, single-spaced."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _actor_node(ref) -> tuple[str, tuple]:
    """(node id, description) of one source or target in actor mode."""
    name = ref.actor_name or ref.ref_name or ref.text
    # the event's own code and sector first: they can be narrower than the document's actor
    # ("gunmen" placed in Libya by the event's place)
    code = ref.code if ref.code is not None else ref.actor_code
    sector = ref.sector if ref.sector is not None else ref.actor_sector
    if ref.kb_id:
        node_id = f"kb:{ref.kb_id}"
    else:
        node_id = "actor:" + "|".join((ref.kind or "", code or "", sector or "", normalized_name(name)))
    return node_id, (name, ref.kind, code, sector, ref.kb_id)


def _country_node(ref, country_labels: dict[str, str]) -> Optional[tuple[str, tuple]]:
    """(node id, description) of one source or target in country mode; None when it has no code."""
    if ref.code is None:
        return None
    return ref.code, (country_labels.get(ref.code, ref.code), None, ref.code, None, None)


def _description(descriptions: Counter) -> tuple:
    """The description a node was given most often (ties broken by the sorted order, for stable output)."""
    return min(descriptions.items(),
               key=lambda item: (-item[1], tuple("" if part is None else part for part in item[0])))[0]


def actor_network(store, since: Optional[str] = None, until: Optional[str] = None, *,
                  nodes: str = "actors") -> dict:
    """``{"nodes": [...], "edges": [...], "self_loops": [...], "node_mode": nodes}`` in a stable order.

    ``nodes`` is ``"actors"`` or ``"countries"`` (see the module's description)."""
    from sqlalchemy import and_, func, select

    from redline.store.schema import actors, documents, event_actors, events

    if nodes not in NODE_MODES:
        raise RedlineError(Errors.E371, EXIT_USAGE, value=nodes, choices=", ".join(NODE_MODES))
    if nodes == "countries":
        from redline.datafiles import data_path, read_json

        country_labels = {entry["code"]: entry["name"] for entry in read_json(data_path("actors", "countries.json"))}

        def node_of(ref):
            return _country_node(ref, country_labels)
    else:
        node_of = _actor_node

    day = func.coalesce(events.c.date_start, documents.c.published)
    statement = (
        select(event_actors.c.document_id, event_actors.c.event_id, event_actors.c.role, event_actors.c.text,
               event_actors.c.name.label("ref_name"), event_actors.c.code, event_actors.c.sector,
               actors.c.name.label("actor_name"), actors.c.kind, actors.c.code.label("actor_code"),
               actors.c.sector.label("actor_sector"), actors.c.kb_id, events.c.quad, events.c.score,
               day.label("day"))
        .select_from(
            event_actors
            .join(events, and_(events.c.document_id == event_actors.c.document_id,
                               events.c.event_id == event_actors.c.event_id))
            .join(documents, documents.c.id == events.c.document_id)
            # an actor the event implies without naming it ("were killed") has no row in actors
            .outerjoin(actors, and_(actors.c.document_id == event_actors.c.document_id,
                                    actors.c.actor_id == event_actors.c.actor_id)))
        # grouped by event below; the fixed order also fixes the order scores are summed in
        .order_by(event_actors.c.document_id, event_actors.c.event_id, event_actors.c.role,
                  event_actors.c.position)
    )
    if since:
        statement = statement.where(day >= since)
    if until:
        statement = statement.where(day <= until)

    pairs: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    node_tallies: dict[str, _NodeTally] = defaultdict(_NodeTally)
    with store.engine.connect() as conn:
        rows = conn.execute(statement.execution_options(yield_per=5000))
        for _event, refs in groupby(rows, key=lambda row: (row.document_id, row.event_id)):
            refs = list(refs)
            # node id -> description, per role: an actor named twice on one side counts once
            sides: dict[str, dict[str, tuple]] = {"source": {}, "target": {}}
            for ref in refs:
                found = node_of(ref)
                if found is not None:
                    node_id, description = found
                    sides[ref.role].setdefault(node_id, description)
            sources, targets = sides["source"], sides["target"]
            if not sources or not targets:
                continue
            for node_id, description in sources.items():
                node_tallies[node_id].as_source += 1
                node_tallies[node_id].descriptions[description] += 1
            for node_id, description in targets.items():
                node_tallies[node_id].as_target += 1
                node_tallies[node_id].descriptions[description] += 1
            first = refs[0]
            month = first.day[:7] if first.day else UNDATED
            for source in sources:
                for target in targets:
                    pairs[(source, target)].add(first.quad, first.score, month)

    def node_entry(node_id: str, tally: _NodeTally) -> dict:
        label, kind, country, sector, kb_id = _description(tally.descriptions)
        loop = pairs.get((node_id, node_id))
        return {"id": node_id, "label": label, "kind": kind, "country": country, "sector": sector, "kb_id": kb_id,
                "events_as_source": tally.as_source, "events_as_target": tally.as_target,
                "self_events": loop.events if loop else 0}

    ordered = sorted(pairs.items())
    return {
        "node_mode": nodes,
        "nodes": [node_entry(node_id, tally) for node_id, tally in sorted(node_tallies.items())],
        "edges": [tally.as_edge(source, target) for (source, target), tally in ordered if source != target],
        "self_loops": [tally.as_edge(source, target) for (source, target), tally in ordered if source == target],
    }


def network_graph(network: dict, self_loops: bool = False):
    """The network as a networkx DiGraph (nodes and edges inserted in sorted order, so writers are stable).

    Attributes that are None (a country-mode node has no sector) are left out rather than written empty."""
    import networkx as nx

    graph = nx.DiGraph()
    for node in network["nodes"]:
        graph.add_node(node["id"], **{name: node[name] for name in NODE_ATTRIBUTES if node[name] is not None})
    edges = network["edges"] + network["self_loops"] if self_loops else network["edges"]
    for edge in sorted(edges, key=lambda edge: (edge["source"], edge["target"])):
        graph.add_edge(edge["source"], edge["target"], **{name: edge[name] for name in EDGE_ATTRIBUTES})
    return graph


def graphml(network: dict, self_loops: bool = False) -> str:
    """GraphML (networkx): a directed graph, one edge per source and target, keys named as the attributes."""
    import networkx as nx

    buffer = io.BytesIO()
    # The ElementTree writer rather than nx.write_graphml, which uses lxml when it is installed:
    # the bytes then do not depend on whether lxml is there.
    nx.write_graphml_xml(network_graph(network, self_loops), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"


def gexf(network: dict, self_loops: bool = False) -> str:
    """GEXF 1.2 (networkx) for Gephi: a static directed graph whose edges' ``weight`` is the event count."""
    from xml.etree.ElementTree import SubElement

    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        # networkx stamps the day of writing, which would make two runs over the same store differ
        meta.attrib.pop("lastmodifieddate", None)
        SubElement(meta, "description").text = (
            f"redline network of {network['node_mode']}: edge weight = number of events, score_sum / score_mean = "
            "their PLOVER scores; self-loops " + ("included as edges" if self_loops else
                                                  "left out (see the node attribute self_events)"))
    writer.add_graph(network_graph(network, self_loops))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue().decode("utf-8").rstrip("\n") + "\n"


def write_network(network: dict, output_format: str, out: TextIO, self_loops: bool = False) -> None:
    if output_format == "json":
        out.write(json.dumps(network, indent=1, sort_keys=True) + "\n")
    elif output_format == "graphml":
        out.write(graphml(network, self_loops))
    elif output_format == "gexf":
        out.write(gexf(network, self_loops))
    else:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=output_format, choices=", ".join(FORMATS))


def network_command(db: str, *, out: TextIO, output_format: str = "json", since: Optional[str] = None,
                    until: Optional[str] = None, nodes: str = "actors", self_loops: bool = False) -> dict:
    """The body of ``redline network``."""
    from redline.api import check_date
    from redline.store import open_store

    if output_format not in FORMATS:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=output_format, choices=", ".join(FORMATS))
    if nodes not in NODE_MODES:
        raise RedlineError(Errors.E371, EXIT_USAGE, value=nodes, choices=", ".join(NODE_MODES))
    with open_store(db, create=False) as store:
        network = actor_network(store, since=check_date(since), until=check_date(until), nodes=nodes)
    write_network(network, output_format, out, self_loops)
    return network
