"""Cross-article deduplication scored on SemEval-2015 Task 4 (TimeLine: cross-document event ordering).

The gold data are Wikinews articles (TimeML, with their creation dates) and, for each target
entity, a timeline: one line per event, listing every mention of that event in every article as
``<doc id>-<sentence>-<word>``. A line whose mentions come from several articles is one event
reported by several texts: exactly what ``redline dedup`` should merge. A mention on the lines of
two entities' timelines joins those lines into one gold event.

The articles are read as redline reads any corpus, stored in a throwaway store, and deduplicated
with :func:`redline.store.dedup.deduplicate`. Each extracted event is matched to the gold mention
in its sentence whose word is inside its trigger. Scoring is over pairs of matched events from
different articles:

* **precision**: of the pairs redline merged into one story, the share the gold puts in one event;
* **recall**: of the pairs the gold puts in one event, the share redline merged;
* **end-to-end recall**: the same over every cross-article gold pair, extracted or not.

Merges of events the gold does not annotate (an entity's timeline leaves out events about other
entities) are counted as unjudged, not as errors.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Optional, Sequence, Union

from redline.errors import EXIT_NO_INPUT, Errors, RedlineError
from redline.eval.metrics import ratio

_SENTENCE = re.compile(r'<s id="(\d+)">(.*?)</s>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_DCT = re.compile(r'functionInDocument="CREATION_TIME"[^>]*value="([0-9]{4}-[0-9]{2}-[0-9]{2})')
_DOCID = re.compile(r"<DOCID>\s*(\S+?)\s*</DOCID>")

Mention = tuple[str, int, str]  # document id, sentence number, word


@dataclass
class TimelineArticle:
    id: str
    published: str
    text: str
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)  # number -> character span


def parse_article(raw: str, path: str = "") -> TimelineArticle:
    """A Track A TimeML article: sentences one per line, so gold sentence numbers map to spans."""
    dct = _DCT.search(raw)
    if not dct:
        raise ValueError("no creation time")
    doc_id = _DOCID.search(raw)
    article = TimelineArticle(doc_id.group(1) if doc_id else Path(path).stem.split("_", 1)[0], dct.group(1), "")
    pieces, length = [], 0
    for number, body in _SENTENCE.findall(raw):
        sentence = html.unescape(_TAG.sub("", body)).strip()
        article.sentences[int(number)] = (length, length + len(sentence))
        pieces.append(sentence)
        length += len(sentence) + 1
    if not pieces:
        raise ValueError('no <s id="..."> sentences')
    article.text = "\n".join(pieces)
    return article


def parse_timeline(text: str) -> list[set[Mention]]:
    """One entity's gold timeline: the mentions of each event line."""
    events = []
    for line in text.splitlines()[1:]:  # the first line names the entity
        fields = line.rstrip("\n").split("\t")
        mentions = set()
        for item in fields[2:]:
            parts = item.strip().split("-", 2)
            if len(parts) == 3 and parts[1].isdigit():
                mentions.add((parts[0], int(parts[1]), parts[2]))
        if mentions:
            events.append(mentions)
    return events


def gold_events(timelines: Sequence[set[Mention]]) -> dict[Mention, int]:
    """Mention -> gold event number, lines that share a mention being one event."""
    from redline.store.dedup import DisjointSets

    lines = DisjointSets(len(timelines))
    first_line: dict[Mention, int] = {}
    for i, mentions in enumerate(timelines):
        for mention in mentions:
            if mention in first_line:
                lines.join(first_line[mention], i)
            else:
                first_line[mention] = i
    return {mention: lines.find(i) for mention, i in first_line.items()}


def load_corpus(data: Union[str, Path]) -> tuple[list[TimelineArticle], dict[Mention, int], list[str]]:
    """The articles and the gold events under ``data`` (the SemEval_Task4_data folder or one corpus)."""
    root = Path(data)
    articles_files = sorted(root.glob("**/corpus_trackA_TimeML/*.tml"))
    timeline_files = sorted(root.glob("**/TimeLines_Gold_Standard/*.txt"))
    if not articles_files or not timeline_files:
        raise RedlineError(Errors.E301, EXIT_NO_INPUT, path=str(data),
                           reason="expected corpus_*/corpus_trackA_TimeML/*.tml and TimeLines_Gold_Standard/*.txt")
    articles, skipped = [], []
    for path in articles_files:
        try:
            articles.append(parse_article(path.read_text(encoding="utf-8"), str(path)))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            skipped.append(f"{path}: {exc}")
    timelines = []
    for path in timeline_files:
        timelines.extend(parse_timeline(path.read_text(encoding="utf-8")))
    return articles, gold_events(timelines), skipped


def _word_spans(text: str, start: int, end: int, word: str) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
    return [(start + m.start(), start + m.end()) for m in pattern.finditer(text[start:end])]


def match_events(article: TimelineArticle, events, gold: dict[Mention, int]) -> dict[str, Mention]:
    """Event id -> the gold mention whose word lies inside the event's trigger, in the same sentence."""
    in_article: dict[int, list[Mention]] = {}
    for mention in gold:
        if mention[0] == article.id:
            in_article.setdefault(mention[1], []).append(mention)
    matched = {}
    for event in events:
        start, end = event.trigger.start, event.trigger.end
        for number, (s_start, s_end) in article.sentences.items():
            if s_start <= start < s_end + 1:
                break
        else:
            continue
        for mention in sorted(in_article.get(number, ())):
            if any(a < end and start < b for a, b in _word_spans(article.text, s_start, s_end, mention[2])):
                matched[event.id] = mention
                break
    return matched


def score_merges(stories: Sequence[Sequence[tuple[str, str]]], matched: dict[tuple[str, str], Mention],
                 gold: dict[Mention, int]) -> dict:
    """Pairwise precision/recall of cross-article merges (see the module doc)."""
    story_of = {member: i for i, members in enumerate(stories) for member in members}
    gold_pairs: set[frozenset] = set()
    by_event: dict[int, list[Mention]] = {}
    for mention, event in gold.items():
        by_event.setdefault(event, []).append(mention)
    for mentions in by_event.values():
        for a, b in combinations(sorted(mentions), 2):
            if a[0] != b[0]:
                gold_pairs.add(frozenset((a, b)))
    merged_pairs = correct = judged_gold = unjudged = 0
    found_gold: set[frozenset] = set()
    keys = sorted(matched)
    for a, b in combinations(keys, 2):
        if a[0] == b[0]:
            continue
        same_story = story_of.get(a) is not None and story_of.get(a) == story_of.get(b)
        same_event = gold[matched[a]] == gold[matched[b]]
        if same_event:
            judged_gold += 1
        if same_story:
            merged_pairs += 1
            if same_event:
                correct += 1
                found_gold.add(frozenset((matched[a], matched[b])))
    for members in stories:
        for a, b in combinations(sorted(members), 2):
            if a[0] != b[0] and (a not in matched or b not in matched):
                unjudged += 1
    precision, recall = ratio(correct, merged_pairs), ratio(correct, judged_gold)
    return {
        "merge_precision": round(precision, 4),
        "merge_recall": round(recall, 4),
        "merge_f1": round(ratio(2 * precision * recall, precision + recall), 4),
        "end_to_end_recall": round(ratio(len(found_gold), len(gold_pairs)), 4),
        "merged_pairs": merged_pairs, "correct_pairs": correct, "gold_pairs_extracted": judged_gold,
        "gold_pairs": len(gold_pairs), "unjudged_merged_pairs": unjudged,
    }


def evaluate_dedup(
    data: Union[str, Path],
    *,
    km: Optional[float] = None,
    days: Optional[int] = None,
    model: Optional[str] = None,
    errors_path: Union[None, str, Path] = None,
) -> dict:
    """Extract, store and deduplicate the articles under ``data``; score the merges."""
    from redline.eval import run_documents, write_jsonl
    from redline.nlp.loader import DEFAULT_MODEL
    from redline.store import open_store
    from redline.store.dedup import DEFAULT_DAYS, DEFAULT_KM, deduplicate

    km = DEFAULT_KM if km is None else km
    days = DEFAULT_DAYS if days is None else days
    articles, gold, skipped = load_corpus(data)
    documents, failed = run_documents([(a.text, a.published) for a in articles], model=model or DEFAULT_MODEL)
    matched: dict[tuple[str, str], Mention] = {}
    with open_store("sqlite:///:memory:") as store:
        ids = {}
        for article, doc in zip(articles, documents):
            if doc is None:
                continue
            doc.document.source = f"wikinews:{article.id}"  # each article an independent report
            store.save_document(doc)
            ids[doc.document.id] = article.id
            for event_id, mention in match_events(article, doc.events, gold).items():
                matched[(doc.document.id, event_id)] = mention
        stories = deduplicate(store, km=km, days=days)
    members = [[(m["document_id"], m["event_id"]) for m in story.sources] for story in stories]
    report = {
        "data": str(data), "articles": len(articles), "failed": failed, "km": km, "days": days,
        "events": sum(len(m) for m in members), "events_matched_to_gold": len(matched),
        "stories": len(stories), "stories_across_articles": sum(1 for s in stories if len(s.documents) > 1),
        **score_merges(members, matched, gold),
    }
    if skipped:
        report["skipped"] = skipped
    if errors_path is not None:
        write_jsonl(errors_path, _merge_rows(stories, matched, gold, ids))
    return report


def _merge_rows(stories, matched, gold, ids) -> list[dict]:
    """Each cross-article story, its reports and whether the gold agrees: for error analysis."""
    rows = []
    for story in stories:
        if len(story.documents) < 2:
            continue
        reports = [{"article": ids.get(m["document_id"]), "trigger": m["trigger"],
                    "gold": list(matched[(m["document_id"], m["event_id"])])
                    if (m["document_id"], m["event_id"]) in matched else None,
                    "gold_event": gold.get(matched.get((m["document_id"], m["event_id"]))) if
                    (m["document_id"], m["event_id"]) in matched else None}
                   for m in story.sources]
        rows.append({"story": story.id, "type": story.type, "source": story.source_code,
                     "target": story.target_code, "dates": [story.date_start, story.date_end],
                     "place": story.place_name, "reports": reports})
    return rows


__all__ = ["evaluate_dedup", "gold_events", "load_corpus", "match_events", "parse_article", "parse_timeline",
           "score_merges"]
