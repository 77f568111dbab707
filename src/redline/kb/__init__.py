"""Knowledge-base tools: importing actor and agent lists from other event coders.

:mod:`redline.kb.petrarch` converts PETRARCH / TABARI dictionaries into the
user knowledge-base JSON read by :mod:`redline.actors.kb`
(``redline kb import-petrarch``).
"""
