"""``redline network``: actors as nodes (or countries), weighted edges, self-loops apart, GraphML and GEXF
that networkx reads back with numeric weights, byte-stable output."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

# networkx writes the GraphML and GEXF: a runtime dependency, so its absence fails here rather than skips
import networkx as nx
import pytest

from redline.store import open_store
from redline.store.ingest import ingest_paths
from redline.store.network import actor_network, gexf, graphml

# Articles written for this test: the Libyan National Army strikes the Government of National Accord in
# two articles (one edge of two events between two Libyan actors), Haftar meets al-Sarraj (two Libyan
# persons), and Turkey and Russia together condemn the LNA (one event, two sources).
REPORTS = [
    {"text": "The Libyan National Army shelled positions held by the Government of National Accord in Tripoli "
             "on Sunday, officials said.", "published": "2020-06-08", "source": "Wire A"},
    {"text": "Khalifa Haftar met Fayez al-Sarraj in Cairo on Tuesday. The Libyan National Army attacked the "
             "Government of National Accord near Sirte on Wednesday.", "published": "2020-07-10", "source": "Paper B"},
    {"text": "Turkey and Russia condemned the Libyan National Army on Thursday.", "published": "2020-07-12",
     "source": "Paper B"},
]
LNA = "kb:org:LNA"
HAFTAR, SARRAJ = "kb:person:khalifa-haftar", "kb:person:fayez-al-sarraj"
GNA = "actor:sector|LBY|GOV|libya (gov)"  # "Government of National Accord": Libya's government sector


def _ingest(folder, db: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    records = folder / "news.jsonl"
    records.write_text("".join(json.dumps(record) + "\n" for record in REPORTS), encoding="utf-8")
    report = ingest_paths([records], db=db, progress=False)
    assert report.stored == len(REPORTS)
    return db


@pytest.fixture(scope="module")
def network_store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("network")
    return _ingest(folder, str(folder / "store.db"))


def _network(db: str, **options) -> dict:
    with open_store(db, create=False) as store:
        return actor_network(store, **options)


def _edges(network: dict) -> dict[tuple[str, str], dict]:
    return {(edge["source"], edge["target"]): edge for edge in network["edges"]}


def test_nodes_are_actors_with_their_kind_country_and_sector(network_store):
    network = _network(network_store)
    nodes = {node["id"]: node for node in network["nodes"]}
    assert network["node_mode"] == "actors"
    assert {LNA, HAFTAR, SARRAJ, GNA, "kb:country:TUR", "kb:country:RUS"} <= set(nodes)
    lna = nodes[LNA]
    assert (lna["label"], lna["kind"], lna["country"], lna["sector"], lna["kb_id"]) == \
        ("Libyan National Army", "organization", "LBY", "MIL", "org:LNA")
    # one node across the documents that name it: source in two articles, target in the third
    assert (lna["events_as_source"], lna["events_as_target"]) == (2, 1)
    assert (nodes[HAFTAR]["kind"], nodes[HAFTAR]["country"], nodes[HAFTAR]["sector"]) == ("person", "LBY", "MIL")
    assert (nodes[SARRAJ]["kind"], nodes[SARRAJ]["sector"]) == ("person", "GOV")
    # an actor without a knowledge-base entry is known by its kind, code, sector and name
    assert (nodes[GNA]["kind"], nodes[GNA]["country"], nodes[GNA]["sector"], nodes[GNA]["kb_id"]) == \
        ("sector", "LBY", "GOV", None)
    assert all(node["self_events"] == 0 for node in network["nodes"])


def test_two_actors_of_one_country_are_an_edge_not_a_self_loop(network_store):
    network = _network(network_store)
    edges = _edges(network)
    assert network["self_loops"] == []
    strikes = edges[(LNA, GNA)]
    assert (strikes["weight"], strikes["events"], strikes["material_conflict"], strikes["verbal_cooperation"]) == \
        (2, 2, 2, 0)
    assert strikes["score_sum"] < 0 and strikes["score_mean"] == round(strikes["score_sum"] / 2, 3)
    assert [(cell["month"], cell["events"]) for cell in strikes["by_month_and_quad"]] == \
        [("2020-06", 1), ("2020-07", 1)]
    meeting = edges[(HAFTAR, SARRAJ)]
    assert (meeting["weight"], meeting["verbal_cooperation"]) == (1, 1) and meeting["score_mean"] > 0
    # every source of an event acts on every target, not only the first
    assert edges[("kb:country:TUR", LNA)]["weight"] == edges[("kb:country:RUS", LNA)]["weight"] == 1
    assert list(edges) == sorted(edges)


def test_country_mode_keeps_self_loops_apart(network_store):
    network = _network(network_store, nodes="countries")
    nodes = {node["id"]: node for node in network["nodes"]}
    assert set(nodes) == {"LBY", "RUS", "TUR"} and nodes["LBY"]["label"] == "Libya"
    assert set(_edges(network)) == {("RUS", "LBY"), ("TUR", "LBY")}
    [libya] = network["self_loops"]
    assert (libya["source"], libya["target"], libya["weight"]) == ("LBY", "LBY", 3)
    assert nodes["LBY"]["self_events"] == 3
    # by default the graph files leave the self-loop out; --self-loops writes it as an edge
    assert nx.number_of_selfloops(nx.parse_graphml(graphml(network))) == 0
    with_loops = nx.parse_graphml(graphml(network, self_loops=True))
    assert with_loops.edges["LBY", "LBY"]["weight"] == 3
    assert with_loops.nodes["LBY"]["self_events"] == 3


@pytest.mark.parametrize("nodes", ["actors", "countries"])
def test_networkx_reads_graphml_and_gexf_with_numeric_weights(network_store, tmp_path, nodes):
    network = _network(network_store, nodes=nodes)
    counts = {(edge["source"], edge["target"]): edge["events"] for edge in network["edges"]}
    (tmp_path / "network.graphml").write_text(graphml(network), encoding="utf-8")
    (tmp_path / "network.gexf").write_text(gexf(network), encoding="utf-8")
    for graph in (nx.read_graphml(tmp_path / "network.graphml"), nx.read_gexf(tmp_path / "network.gexf")):
        assert graph.is_directed()
        assert set(graph.nodes) == {node["id"] for node in network["nodes"]}
        assert {(source, target): weight for source, target, weight in graph.edges(data="weight")} == counts
        for _source, _target, data in graph.edges(data=True):
            assert isinstance(data["weight"], (int, float)) and not isinstance(data["weight"], bool)
            assert isinstance(data["score_sum"], float) and isinstance(data["events"], int)
        if nodes == "actors":
            assert (graph.nodes[LNA]["kind"], graph.nodes[LNA]["country"], graph.nodes[LNA]["sector"]) == \
                ("organization", "LBY", "MIL")
            assert graph.nodes[LNA]["label"] == "Libyan National Army"
    # typed keys in GraphML, and the weight as Gephi reads it (the edge's weight attribute) in GEXF
    graphml_root = ET.parse(tmp_path / "network.graphml").getroot()
    keys = {key.get("attr.name"): key.get("attr.type")
            for key in graphml_root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert keys["weight"] in ("int", "long") and keys["score_mean"] == "double"
    gexf_edges = list(ET.parse(tmp_path / "network.gexf").getroot().iter("{http://www.gexf.net/1.2draft}edge"))
    assert sorted(int(edge.get("weight")) for edge in gexf_edges) == sorted(counts.values())


def test_the_same_store_gives_byte_identical_files(network_store, tmp_path):
    from typer.testing import CliRunner

    from redline.cli import app

    runner = CliRunner()
    again = _ingest(tmp_path / "again", str(tmp_path / "again.db"))
    for output_format in ("json", "graphml", "gexf"):
        for nodes in ("actors", "countries"):
            outputs = []
            for db in (network_store, network_store, again):
                result = runner.invoke(app, ["network", "--db", db, "--format", output_format, "--nodes", nodes])
                assert result.exit_code == 0, result.output
                outputs.append(result.stdout)
            assert outputs[0] == outputs[1] == outputs[2], (output_format, nodes)
            if output_format == "json":
                assert json.loads(outputs[0]) == _network(network_store, nodes=nodes)


def test_dates_filter_the_events(network_store):
    july = _edges(_network(network_store, since="2020-07-01"))
    assert july[(LNA, GNA)]["weight"] == 1
    assert _edges(_network(network_store, until="2020-06-30"))[(LNA, GNA)]["weight"] == 1
    assert _network(network_store, since="2021-01-01") == {"node_mode": "actors", "nodes": [], "edges": [],
                                                           "self_loops": []}


def test_the_network_is_the_same_on_every_database(store_url, tmp_path, network_store):
    _ingest(tmp_path / "news", store_url)
    assert _network(store_url) == _network(network_store)
    assert _network(store_url, nodes="countries") == _network(network_store, nodes="countries")


def test_the_command_explains_its_options_and_refuses_bad_values(network_store):
    from typer.testing import CliRunner

    from redline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["network", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--nodes" in result.output and "--self-loops" in result.output and "self_events" in result.output
    result = runner.invoke(app, ["network", "--db", network_store, "--nodes", "people"])
    assert result.exit_code == 2 and "people" in result.output and "countries" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    result = runner.invoke(app, ["network", "--db", network_store, "--since", "July"])
    assert result.exit_code == 2 and "E110" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["network", "--db", network_store, "--format", "dot"])
    assert result.exit_code == 2 and "graphml" in result.output
    from redline.errors import RedlineError

    with pytest.raises(RedlineError, match="E371.*actors, countries"):
        _network(network_store, nodes="people")
