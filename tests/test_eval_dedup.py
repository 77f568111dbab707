"""Scoring of cross-article deduplication (SemEval-2015 Task 4 timelines): readers and pair arithmetic."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from redline.errors import RedlineError
from redline.eval.dedup import gold_events, load_corpus, match_events, parse_article, parse_timeline, score_merges

# Written for these tests, in the layout of the SemEval-2015 Task 4 files.
ARTICLE = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>501</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2009-06-01">2009-06-01</TIMEX3></DCT>
<TEXT><s id="0">Rebels shell the port</s><s id="1">June 1 , 2009</s><s id="2">Rebels <EVENT eid="e1">shelled</EVENT> the port of Kismayo on Sunday &amp; troops <EVENT eid="e2">fled</EVENT> .</s></TEXT></TimeML>
"""
TIMELINE_A = "Rebels\n1\t2009-05-31\t501-2-shelled\t502-4-shelling\n2\t2009-06-01\t501-2-fled\n"
TIMELINE_B = "Kismayo\n1\t2009-05-31\t502-4-shelling\t503-1-attack\n"


def test_an_article_keeps_its_sentences_apart_and_its_creation_date():
    article = parse_article(ARTICLE)
    assert (article.id, article.published) == ("501", "2009-06-01")
    start, end = article.sentences[2]
    assert article.text[start:end] == "Rebels shelled the port of Kismayo on Sunday & troops fled ."
    assert article.text.split("\n")[0] == "Rebels shell the port"


def test_timeline_lines_sharing_a_mention_are_one_gold_event():
    gold = gold_events(parse_timeline(TIMELINE_A) + parse_timeline(TIMELINE_B))
    shelled, shelling, attack = ("501", 2, "shelled"), ("502", 4, "shelling"), ("503", 1, "attack")
    assert gold[shelled] == gold[shelling] == gold[attack]  # joined through the shared 502 mention
    assert gold[("501", 2, "fled")] != gold[shelled]


def test_an_event_matches_the_gold_word_inside_its_trigger_in_its_sentence():
    article = parse_article(ARTICLE)
    gold = gold_events(parse_timeline(TIMELINE_A))
    start = article.text.index("shelled")

    def event(event_id, begin, end):
        return SimpleNamespace(id=event_id, trigger=SimpleNamespace(start=begin, end=end))

    title = article.text.index("shell")  # "shell" in the title is sentence 0: no gold mention there
    matched = match_events(article, [event("a", start, start + 7), event("b", title, title + 5)], gold)
    assert matched == {"a": ("501", 2, "shelled")}


def test_merge_pairs_are_scored_across_articles_only():
    gold = {("1", 0, "hit"): 0, ("2", 0, "strike"): 0, ("3", 0, "raid"): 0, ("2", 1, "talks"): 1,
            ("3", 2, "talks"): 1}
    matched = {("d1", "a"): ("1", 0, "hit"), ("d2", "b"): ("2", 0, "strike"), ("d3", "c"): ("3", 0, "raid"),
               ("d2", "t"): ("2", 1, "talks"), ("d3", "u"): ("3", 2, "talks")}
    # one right merge (a+b), one wrong (c with the talks), the talks pair missed; x is not in the gold
    stories = [[("d1", "a"), ("d2", "b")], [("d3", "c"), ("d2", "t")], [("d3", "u")], [("d1", "x"), ("d3", "c2")]]
    report = score_merges(stories, matched, gold)
    assert (report["merged_pairs"], report["correct_pairs"]) == (2, 1)
    assert report["merge_precision"] == 0.5
    assert report["gold_pairs_extracted"] == 4  # a-b, a-c, b-c, t-u
    assert report["merge_recall"] == 0.25
    assert report["gold_pairs"] == 4 and report["end_to_end_recall"] == 0.25
    assert report["unjudged_merged_pairs"] == 1


def test_a_folder_without_timelines_is_a_clear_error(tmp_path):
    with pytest.raises(RedlineError) as caught:
        load_corpus(tmp_path)
    assert "E301" in str(caught.value)
