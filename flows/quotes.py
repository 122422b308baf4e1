"""Quotes: direct quotations and who said them.

Curly or straight double quotes, one sentence or several; the speaker is the subject of a reporting
verb next to the quote ("“They’re giving up,” Trehubov stated", "remarked Trehubov", "Trehubov
said: “...”"); a quote with no reporting verb that follows another in the same paragraph continues
it; "he" or "she" is the last person named before the quote. Runs on the spaCy Doc in the workers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTED = re.compile(r"“([^”]+)”|\"([^\"\n]+)\"")
_MIN_WORDS = 3  # shorter quoted strings are titles and scare quotes, not statements
_PRONOUNS = {"he", "she"}


@dataclass
class Quote:
    quote: str
    start_char: int  # of the opening quote mark
    end_char: int  # after the closing one
    sentence_index: int
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    verb: str | None


def find_quotes(doc, reporting: frozenset[str], people: list[tuple[int, int, str]]) -> list[Quote]:
    """`people`: (start_char, end_char, name) of the article's person mentions, in text order."""
    sentences = list(doc.sents)
    quotes: list[Quote] = []
    for match in _QUOTED.finditer(doc.text):
        body = (match.group(1) or match.group(2)).strip()
        if len(body.split()) < _MIN_WORDS:
            continue
        start, end = match.span()
        number = next((i for i, s in enumerate(sentences) if s.start_char <= start < s.end_char), 0)
        quote = Quote(body.rstrip(",").strip(), start, end, number, None, None, None, None)
        _attribute(quote, doc, sentences, reporting, people)
        if quote.speaker is None and quotes and _same_paragraph(doc.text, quotes[-1].end_char, start):
            previous = quotes[-1]  # a second quote in the same paragraph continues the first
            quote.speaker, quote.speaker_start, quote.speaker_end = (
                previous.speaker,
                previous.speaker_start,
                previous.speaker_end,
            )
        quotes.append(quote)
    return quotes


def _attribute(quote: Quote, doc, sentences, reporting: frozenset[str], people) -> None:
    """The reporting verb right after the quote ("..., Trehubov stated"; "..., remarked Trehubov"),
    else one just before it ("Trehubov said: “...”")."""
    closing = next((s for s in sentences if s.start_char <= quote.end_char - 1 < s.end_char), None)
    opening = next((s for s in sentences if s.start_char <= quote.start_char < s.end_char), None)
    after = [t for t in (closing or []) if t.idx >= quote.end_char]
    before = [t for t in (opening or []) if t.idx + len(t.text) <= quote.start_char][-4:]
    for token in [*after, *reversed(before)]:
        if token.pos_ != "VERB" or token.lemma_.lower() not in reporting:
            continue
        subject = next((child for child in token.children if child.dep_ == "nsubj"), None)
        span = _name_of(subject, quote, people) if subject is not None else _person_after(token, people)
        if span is not None:
            quote.speaker, quote.speaker_start, quote.speaker_end = span
            quote.verb = token.text
            return


def _person_after(verb, people) -> tuple[str, int, int] | None:
    """ "..., remarked Trehubov": the parser often gives the inverted subject no nsubj arc."""
    window_end = verb.idx + len(verb.text) + 40
    for start, end, name in people:
        if verb.idx < start <= window_end:
            return name, start, end
    return None


def _name_of(subject, quote: Quote, people) -> tuple[str, int, int] | None:
    if subject.lower_ in _PRONOUNS:
        before = [person for person in people if person[1] <= quote.start_char]
        return (before[-1][2], before[-1][0], before[-1][1]) if before else None
    if subject.pos_ == "PRON":
        return None
    tokens = [t for t in subject.subtree if t.dep_ in ("compound", "amod", "poss", "case") or t == subject]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return subject.doc.text[start:end], start, end


def _same_paragraph(text: str, previous_end: int, start: int) -> bool:
    return "\n" not in text[previous_end:start]
