"""``redline network``: the actor network of the stored events, month by month.

Nodes are actor codes (countries, IGO, ...); a directed edge from source to target is kept per
month and PLOVER quad class, weighted by the number of events and the sum of their scores, so
cooperation and conflict between two actors can be followed over time. An event's month is
that of its date, else of its document's publication. Output: JSON, or GraphML (stdlib XML)
for Gephi, Cytoscape, networkx and igraph.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Optional, TextIO
from xml.etree import ElementTree as ET

from redline.errors import EXIT_USAGE, Errors, RedlineError

FORMATS = ("json", "graphml")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def actor_network(store, since: Optional[str] = None, until: Optional[str] = None) -> dict:
    """``{"nodes": [...], "edges": [...]}`` in a stable order."""
    from sqlalchemy import func, select

    from redline.store.schema import documents, events

    day = func.coalesce(events.c.date_start, documents.c.published)
    statement = select(events.c.source_code, events.c.target_code, events.c.quad, events.c.score,
                       day.label("day")).join(documents, documents.c.id == events.c.document_id).where(
        events.c.source_code.isnot(None), events.c.target_code.isnot(None))
    if since:
        statement = statement.where(day >= since)
    if until:
        statement = statement.where(day <= until)
    edges: dict[tuple, list[float]] = defaultdict(lambda: [0, 0.0])
    nodes: dict[str, dict] = defaultdict(lambda: {"as_source": 0, "as_target": 0})
    with store.engine.connect() as conn:
        for source, target, quad, score, event_day in conn.execute(statement):
            month = event_day[:7] if event_day else "undated"
            weight = edges[(source, target, month, quad)]
            weight[0] += 1
            weight[1] += score
            nodes[source]["as_source"] += 1
            nodes[target]["as_target"] += 1
    return {
        "nodes": [{"id": code, **counts} for code, counts in sorted(nodes.items())],
        "edges": [
            {"source": s, "target": t, "month": m, "quad": q, "events": n, "score_sum": round(total, 3),
             "score_mean": round(total / n, 3)}
            for (s, t, m, q), (n, total) in sorted(edges.items())
        ],
    }


def write_network(network: dict, output_format: str, out: TextIO) -> None:
    if output_format == "json":
        out.write(json.dumps(network, indent=1, sort_keys=True) + "\n")
    elif output_format == "graphml":
        out.write(graphml(network))
    else:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=output_format, choices=", ".join(FORMATS))


def graphml(network: dict) -> str:
    """GraphML: a directed multigraph, one edge per (source, target, month, quad)."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = [("node", "as_source", "int"), ("node", "as_target", "int"), ("edge", "month", "string"),
            ("edge", "quad", "string"), ("edge", "events", "int"), ("edge", "score_sum", "double"),
            ("edge", "score_mean", "double")]
    for domain, name, kind in keys:
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {"id": name, "for": domain, "attr.name": name,
                                                     "attr.type": kind})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "actors", "edgedefault": "directed"})
    for node in network["nodes"]:
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": node["id"]})
        for name in ("as_source", "as_target"):
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": name}).text = str(node[name])
    for i, edge in enumerate(network["edges"]):
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge",
                                {"id": f"e{i}", "source": edge["source"], "target": edge["target"]})
        for name in ("month", "quad", "events", "score_sum", "score_mean"):
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": name}).text = str(edge[name])
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def network_command(db: str, *, out: TextIO, output_format: str = "json", since: Optional[str] = None,
                    until: Optional[str] = None) -> dict:
    """The body of ``redline network``."""
    from redline.api import check_date
    from redline.store import open_store

    if output_format not in FORMATS:
        raise RedlineError(Errors.E302, EXIT_USAGE, value=output_format, choices=", ".join(FORMATS))
    with open_store(db, create=False) as store:
        network = actor_network(store, since=check_date(since), until=check_date(until))
    write_network(network, output_format, out)
    return network
