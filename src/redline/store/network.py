"""``redline network``: the actor network of the stored events, month by month.

Nodes are actor codes (countries, IGO, ...); a directed edge from source to target is kept per
month and PLOVER quad class, weighted by the number of events and the sum of their scores, so
cooperation and conflict between two actors can be followed over time. An event's month is
that of its date, else of its document's publication. Output: JSON, GraphML (stdlib XML) for
Cytoscape, networkx and igraph, or GEXF for Gephi, where each edge lasts its month (a dynamic
graph: Gephi's timeline plays the months).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Optional, TextIO
from xml.etree import ElementTree as ET

from redline.errors import EXIT_USAGE, Errors, RedlineError

FORMATS = ("json", "graphml", "gexf")
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"


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
    elif output_format == "gexf":
        out.write(gexf(network))
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


def _month_end(month: str) -> str:
    import calendar

    year, number = int(month[:4]), int(month[5:7])
    return f"{month}-{calendar.monthrange(year, number)[1]:02d}"


def gexf(network: dict) -> str:
    """GEXF 1.3: a dynamic directed graph; an edge per (source, target, month, quad) lasting its month."""
    ET.register_namespace("", GEXF_NS)
    ns = f"{{{GEXF_NS}}}"
    root = ET.Element(f"{ns}gexf", {"version": "1.3"})
    graph = ET.SubElement(root, f"{ns}graph", {"defaultedgetype": "directed", "mode": "dynamic",
                                               "timeformat": "date"})
    names = ("quad", "events", "score_sum", "score_mean")
    kinds = ("string", "integer", "double", "double")
    node_attributes = ET.SubElement(graph, f"{ns}attributes", {"class": "node", "mode": "static"})
    for i, name in enumerate(("as_source", "as_target")):
        ET.SubElement(node_attributes, f"{ns}attribute", {"id": str(i), "title": name, "type": "integer"})
    edge_attributes = ET.SubElement(graph, f"{ns}attributes", {"class": "edge", "mode": "static"})
    for i, (name, kind) in enumerate(zip(names, kinds)):
        ET.SubElement(edge_attributes, f"{ns}attribute", {"id": str(i), "title": name, "type": kind})
    nodes = ET.SubElement(graph, f"{ns}nodes")
    for node in network["nodes"]:
        element = ET.SubElement(nodes, f"{ns}node", {"id": node["id"], "label": node["id"]})
        values = ET.SubElement(element, f"{ns}attvalues")
        for i, name in enumerate(("as_source", "as_target")):
            ET.SubElement(values, f"{ns}attvalue", {"for": str(i), "value": str(node[name])})
    edges = ET.SubElement(graph, f"{ns}edges")
    for i, edge in enumerate(network["edges"]):
        attributes = {"id": str(i), "source": edge["source"], "target": edge["target"], "kind": edge["quad"],
                      "weight": str(edge["events"])}
        if edge["month"] != "undated":
            attributes.update(start=f"{edge['month']}-01", end=_month_end(edge["month"]))
        element = ET.SubElement(edges, f"{ns}edge", attributes)
        values = ET.SubElement(element, f"{ns}attvalues")
        for j, name in enumerate(names):
            ET.SubElement(values, f"{ns}attvalue", {"for": str(j), "value": str(edge[name])})
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
