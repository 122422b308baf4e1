"""Events: who did what to whom, where, when, how many, and who says so, read off each sentence's
dependency parse with a trigger lexicon from config/event_types.toml (PLOVER types).

Runs in the worker processes on the spaCy Doc the entity stage made. Actors, targets and places are
returned as character spans; the flow maps them to entity ids once the mentions are resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
}
_DROPPED_DETERMINERS = {"the", "a", "an", "some", "these", "those", "this", "that", "all", "its", "their"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
_DAY_WORDS = {"today", "yesterday", "tonight", "overnight"} | _WEEKDAYS
_PLACE_PREPOSITIONS = {
    "in",
    "near",
    "at",
    "around",
    "outside",
    "inside",
    "into",
    "from",
    "across",
    "along",
    "toward",
    "towards",
    "on",
}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]  # lemma -> event type
    nouns: dict[str, str]
    phrases: dict[tuple[str, ...], str]  # lemma sequence -> event type
    modes: dict[str, dict[str, str]]  # event type -> lemma -> mode
    light_verbs: frozenset[str]
    reporting: frozenset[str]
    counts: dict[str, str]  # lemma -> killed / injured / arrested
    holidays: dict[str, str]  # lowercase name -> MM-DD


def lexicon_from(table: dict) -> Lexicon:
    """Build the lexicon from the parsed event_types.toml; the first type listing a word keeps it."""
    verbs, nouns, phrases, modes = {}, {}, {}, {}
    for event_type, entry in table["types"].items():
        for lemma in entry.get("verbs", []):
            verbs.setdefault(lemma, event_type)
        for lemma in entry.get("nouns", []):
            nouns.setdefault(lemma, event_type)
        for phrase in entry.get("phrases", []):
            phrases.setdefault(tuple(phrase.lower().split()), event_type)
        modes[event_type] = entry.get("modes", {})
    return Lexicon(
        verbs,
        nouns,
        phrases,
        modes,
        frozenset(table.get("light_verbs", {}).get("lemmas", [])),
        frozenset(table.get("reporting", {}).get("lemmas", [])),
        dict(table.get("counts", {})),
        dict(table.get("holidays", {})),
    )


@dataclass
class Span:
    text: str
    start_char: int
    end_char: int


@dataclass
class Event:
    event_type: str
    trigger: str
    trigger_start: int
    sentence_index: int
    actor: Span | None = None
    target: Span | None = None
    places: list[Span] = field(default_factory=list)
    location_source: str = "sentence"  # sentence, or article when the sentence names no place
    event_date: str | None = None  # ISO date
    date_precision: str | None = None  # day, week, month, year
    date_source: str = "published"  # sentence, context (an earlier sentence), published
    date_text: str | None = None
    quantity: int | None = None
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None
    mode: str | None = None
    negated: bool = False
    attributed_to: Span | None = None


def extract_events(doc, lexicon: Lexicon, published_at: datetime | None, place_spans: list[Span]) -> list[Event]:
    """Events of every sentence of `doc`. `place_spans`: the article's place mentions (from the
    entity stage), used for locations."""
    events: list[Event] = []
    context_date = None
    for number, sentence in enumerate(doc.sents):
        sentence_date = _sentence_date(sentence, lexicon, published_at)
        for trigger, event_type in _triggers(sentence, lexicon):
            event = _event(trigger, event_type, number, sentence, lexicon, place_spans)
            _date(event, sentence_date, context_date, published_at)
            events.append(event)
        context_date = sentence_date or context_date
    _locate_from_article(events, place_spans)
    return events


def _triggers(sentence, lexicon: Lexicon):
    """(token, type) for each trigger; a noun carried by a light verb is one trigger, not two."""
    found = []
    for token in sentence:
        phrase_type = _phrase_type(token, lexicon)
        if phrase_type:
            found.append((token, phrase_type))
        elif token.pos_ == "VERB" and token.lemma_.lower() in lexicon.verbs:
            found.append((token, lexicon.verbs[token.lemma_.lower()]))
        elif _noun_like(token) and token.lemma_.lower() in lexicon.nouns and not _modifier(token):
            found.append((token, lexicon.nouns[token.lemma_.lower()]))
        elif _gerund_as_noun(token) and token.lower_ in lexicon.nouns:
            found.append((token, lexicon.nouns[token.lower_]))  # "Fighting rages on around Kupyansk"
    return found


def _noun_like(token) -> bool:
    """Nouns, and the words the small tagger mistakes for adverbs ("a limited air resupply")."""
    return token.pos_ in ("NOUN", "PROPN", "ADV", "X") and not token.is_stop


def _modifier(token) -> bool:
    """ "supply" of "supply lines" modifies; a sentence's first word the parser misreads as one
    ("Fighting rages on") does not."""
    return token.dep_ == "compound" and not token.is_sent_start


def _gerund_as_noun(token) -> bool:
    return token.tag_ == "VBG" and (token.dep_ in ("nsubj", "csubj", "dobj", "pobj") or token.is_sent_start)


def _phrase_type(token, lexicon: Lexicon) -> str | None:
    """Verb + particle or object phrases ("giving up", "throwing in the towel"), read off the parse."""
    if token.pos_ != "VERB":
        return None
    lemmas = [token.lemma_.lower()] + [
        child.lemma_.lower() for child in token.children if child.dep_ in ("prt", "prep", "dobj", "pobj")
    ]
    for child in token.children:
        if child.dep_ == "prep":
            lemmas += [grandchild.lemma_.lower() for grandchild in child.children if grandchild.dep_ == "pobj"]
    for phrase, event_type in lexicon.phrases.items():
        if phrase[0] == lemmas[0] and all(word in lemmas[1:] for word in phrase[1:] if word not in ("the", "a", "an")):
            return event_type
    return None


def _event(trigger, event_type: str, number: int, sentence, lexicon: Lexicon, place_spans: list[Span]) -> Event:
    event = Event(event_type, trigger.text, trigger.idx, number)
    if trigger.pos_ == "VERB":
        event.actor, event.target = _verb_roles(trigger)
        reported = _reported_subject(trigger, lexicon)
        if reported is not None:
            event.actor = reported
        if _phrase_type(trigger, lexicon):
            event.target = None  # "throwing in the towel": the towel is part of the phrase
    else:
        event.actor, event.target = _noun_roles(trigger, lexicon)
        event.quantity = _number_of(trigger)
    event.places = _places_near(trigger, sentence, place_spans)
    event.negated = _is_negated(trigger)
    event.mode = _mode(trigger, sentence, lexicon.modes.get(event_type, {}))
    event.killed, event.injured, event.arrested = _counts(sentence, lexicon)
    event.attributed_to = _source(trigger, sentence, lexicon)
    return event


def _verb_roles(verb):
    children = {child.dep_: child for child in verb.children}
    if "nsubjpass" in children:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return _phrase(by), _phrase(children["nsubjpass"])
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "3 demonstrators killed in Bolivia": the head is the target
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return _phrase(by), _phrase(verb.head)
    subject = children.get("nsubj")
    if subject is None and verb.dep_ in ("xcomp", "conj", "acl", "relcl"):
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if verb.dep_ in ("acl", "relcl"):
            subject = verb.head
    target = children.get("dobj") or _prep_object(verb, ("on", "against", "at"))
    return _phrase(subject), _phrase(target)


def _reported_subject(verb, lexicon: Lexicon) -> Span | None:
    """ "sources claim Russian forces ... lack supplies and are throwing in the towel": the parser often
    hangs the second verb on the reporting verb; its subject is then the reported clause's, not the
    reporters'."""
    head = verb.head
    if verb.dep_ != "conj" or head.lemma_.lower() not in lexicon.reporting:
        return None
    clause = next((child for child in head.children if child.dep_ == "ccomp"), None)
    subject = next((child for child in clause.children if child.dep_ == "nsubj"), None) if clause is not None else None
    return _phrase(subject)


def _noun_roles(noun, lexicon: Lexicon):
    actor = _prep_object(noun, ("by", "from")) or next((child for child in noun.children if _names_actor(child)), None)
    if actor is None and noun.dep_ in ("dobj", "pobj") and noun.head.lemma_.lower() in lexicon.light_verbs | {"on"}:
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        actor = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    target = _prep_object(noun, ("on", "against"))
    if target is not None and target.ent_type_ in ("GPE", "LOC", "FAC"):
        target = None  # "attacks on Kupyansk": a place, recorded as the location
    return _phrase(actor), _phrase(target)


def _names_actor(child) -> bool:
    """ "Russia's attacks", "Russian attacks": a possessive or a nationality or organization modifier."""
    return child.dep_ == "poss" or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"))


def _prep_object(head, prepositions: tuple[str, ...]):
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            return next((grandchild for grandchild in child.children if grandchild.dep_ == "pobj"), None)
    return None


def _phrase(token) -> Span | None:
    """The noun phrase a token heads, without determiners, relative clauses or trailing modifiers:
    "Some foreign mercenaries fighting for the Russians" -> "foreign mercenaries"."""
    if token is None or token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$", "WDT", "WP"):
        return None  # pronouns are left unresolved rather than guessed
    left = [child for child in token.lefts if child.dep_ in ("amod", "compound", "nummod", "poss", "case", "nmod")]
    start = min([token.i] + [t.i for child in left for t in child.subtree])
    while start < token.i and token.doc[start].lower_ in _DROPPED_DETERMINERS:
        start += 1
    span = token.doc[start : token.i + 1]
    return Span(span.text, span.start_char, span.end_char)


def _places_near(trigger, sentence, place_spans: list[Span]) -> list[Span]:
    """Places in the trigger's own phrase (its subtree), else places after a place preposition in
    the clause, else any place in the sentence."""
    subtree = list(trigger.subtree)
    own = _spans_within(place_spans, subtree[0].idx, subtree[-1].idx + len(subtree[-1].text))
    if own:
        return own
    clause = list(trigger.head.subtree) if trigger.dep_ not in ("ROOT",) else subtree
    near = [
        s
        for s in _spans_within(place_spans, clause[0].idx, clause[-1].idx + len(clause[-1].text))
        if _after_place_preposition(trigger.doc, s)
    ]
    return near or _spans_within(place_spans, sentence.start_char, sentence.end_char)


def _spans_within(spans: list[Span], start: int, end: int) -> list[Span]:
    """Spans inside [start, end), the first of each name only."""
    within, seen = [], set()
    for span in spans:
        if start <= span.start_char and span.end_char <= end and span.text not in seen:
            seen.add(span.text)
            within.append(span)
    return within


def _after_place_preposition(doc, span: Span) -> bool:
    token = doc.char_span(span.start_char, span.end_char, alignment_mode="expand")
    head = token.root.head if token is not None else None
    while head is not None and head.dep_ == "conj":
        head = head.head
    return head is not None and head.lower_ in _PLACE_PREPOSITIONS


def _number_of(noun) -> int | None:
    for child in noun.children:
        if child.dep_ == "nummod":
            return parse_number(child.text)
    return None


def parse_number(text: str) -> int | None:
    """ "five", "12", "1,200"; not "2001" (in "the 2001 attacks" a year, not a count)."""
    cleaned = text.replace(",", "").lower()
    if len(text) == 4 and text.isdigit() and 1800 <= int(text) <= 2100:
        return None
    if cleaned.isdigit():
        return int(cleaned)
    return _NUMBER_WORDS.get(cleaned)


def _is_negated(trigger) -> bool:
    if any(
        child.dep_ in ("neg", "preconj")
        and child.lower_ in ("not", "n't", "never", "no", "neither")
        or child.lower_ == "never"
        for child in trigger.children
    ):
        return True
    if trigger.dep_ == "conj" and any(c.lower_ == "neither" for c in trigger.head.children):
        return True
    head = trigger.head
    return trigger.dep_ == "xcomp" and (
        head.lemma_.lower() in ("fail", "refuse") or any(c.dep_ == "neg" for c in head.children)
    )


def _mode(trigger, sentence, modes: dict[str, str]) -> str | None:
    for token in [trigger, *sentence]:
        mode = modes.get(token.lemma_.lower())
        if mode:
            return mode
    return None


def _counts(sentence, lexicon: Lexicon) -> tuple[int | None, int | None, int | None]:
    found = {"killed": None, "injured": None, "arrested": None}
    for token in sentence:
        column = lexicon.counts.get(token.lemma_.lower())
        if column is None or found[column] is not None:
            continue
        found[column] = _count_near(token)
    return found["killed"], found["injured"], found["arrested"]


def _count_near(token) -> int | None:
    """ "killing 3 people", "3 people were killed", "12 dead", "arrested 40 protesters". Only numbers
    that count something (a nummod, or the object itself): "Burton, 32, was arrested" is an age."""
    candidates = [child for child in token.children if child.dep_ in ("nummod", "dobj", "nsubj", "nsubjpass")]
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            candidates += [grandchild for grandchild in child.children if grandchild.dep_ == "nummod"]
    if token.dep_ in ("amod", "acomp", "acl"):
        candidates += [child for child in token.head.children if child.dep_ == "nummod"]
    for candidate in candidates:
        if candidate.like_num or candidate.lower_ in _NUMBER_WORDS:
            number = parse_number(candidate.text)
            if number is not None:
                return number
    return None


def _source(trigger, sentence, lexicon: Lexicon) -> Span | None:
    """Who the sentence says reported the event: the subject of a reporting verb above the trigger
    ("Reports from Ukraine's General Staff stated that ..."), or "according to X"."""
    for token in sentence:
        if token.dep_ == "prep" and token.lower_ == "according":
            target = _prep_object(token, ("to",))
            if target is not None:
                return _source_phrase(target)
    head = trigger
    while head.dep_ != "ROOT":
        head = head.head
        if head.lemma_.lower() in lexicon.reporting and head.pos_ == "VERB":
            subject = next((child for child in head.children if child.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ != "PRON":
                return _source_phrase(subject)
    return None


def _source_phrase(token) -> Span | None:
    """The named source in a subject: "Reports from Ukraine's General Staff" -> Ukraine's General Staff;
    "Ukrainian officials" stays; a bare "Reports" names no one."""
    named = _prep_object(token, ("from", "of")) if token.pos_ == "NOUN" else None
    phrase = _phrase(named or token)
    head = named or token
    if phrase is None or not any(t.ent_type_ or t.pos_ == "PROPN" for t in head.subtree):
        return None
    return phrase


def _sentence_date(sentence, lexicon: Lexicon, published_at: datetime | None):
    for ent in sentence.ents:
        if ent.label_ == "DATE" and _names_a_time(ent.text):
            resolved = resolve_date(ent.text, published_at, lexicon.holidays)
            if resolved is not None:
                return (*resolved, ent.text)
    return None


def _names_a_time(text: str) -> bool:
    """ "32" (an age the model calls a DATE) is no date; a year, a month, a weekday or "last week" is."""
    lowered = text.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    named = words & (_MONTHS | _DAY_WORDS | {"week", "month", "year"})
    years = [int(year) for year in re.findall(r"\b(\d{4})\b", text)]
    plausible_year = any(1900 <= year <= 2100 for year in years)  # not "1119 Seventh Street"
    return bool(plausible_year or named or "christmas" in lowered or "new year" in lowered)


def _date(event: Event, sentence_date, context_date, published_at: datetime | None) -> None:
    if sentence_date is not None:
        event.event_date, event.date_precision, event.date_text = sentence_date
        event.date_source = "sentence"
    elif context_date is not None:
        event.event_date, event.date_precision, event.date_text = context_date
        event.date_source = "context"
    elif published_at is not None:
        event.event_date, event.date_precision, event.date_source = published_at.date().isoformat(), "day", "published"


def _locate_from_article(events: list[Event], place_spans: list[Span]) -> None:
    """An event whose sentence names no place happened, as far as the article says, at its main
    place (the one it names most), flagged location_source = article."""
    if not place_spans:
        return
    counts: dict[str, int] = {}
    for span in place_spans:
        counts[span.text] = counts.get(span.text, 0) + 1
    main = max(place_spans, key=lambda span: counts[span.text])
    for event in events:
        if not event.places:
            event.places, event.location_source = [main], "article"


def resolve_date(text: str, published_at: datetime | None, holidays: dict[str, str]) -> tuple[str, str] | None:
    """(ISO date, precision) of a date expression, relative expressions against the publication date:
    "on December 24" -> the last December 24 before it; "Thursday"; "last week"; "in September 2022"
    (the first of the month, precision month); "Christmas" from the holiday table."""

    phrase = _DATE_NOISE.sub("", text.lower()).strip()
    base = (published_at or datetime.now()).replace(tzinfo=None)
    for holiday, month_day in holidays.items():
        if holiday in phrase:
            day = datetime.strptime(f"{base.year}-{month_day}", "%Y-%m-%d")
            return (day if day <= base else day.replace(year=day.year - 1)).date().isoformat(), "day"
    parsed = _parse(phrase, base)
    if parsed is None or parsed > base + timedelta(days=366):
        return None  # a news report does not date its events years ahead
    precision = date_precision(phrase)
    if precision == "week":
        parsed = parsed - timedelta(days=parsed.weekday())
    elif precision == "year":
        parsed = parsed.replace(month=1, day=1)
    elif precision == "month":
        parsed = parsed.replace(day=1)
    return parsed.date().isoformat(), precision


@cache
def _settings_for(base: datetime) -> dict:
    return {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }


def _parse(phrase: str, base: datetime):
    import dateparser

    if not phrase or not any(ch.isalnum() for ch in phrase):
        return None
    return dateparser.parse(phrase, languages=["en"], settings=_settings_for(base))


def date_precision(phrase: str) -> str:
    words = set(re.findall(r"[a-z]+", phrase))
    has_day_number = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", phrase)) and bool(words & _MONTHS)
    if has_day_number or words & _DAY_WORDS or re.search(r"\d{4}-\d{2}-\d{2}", phrase):
        return "day"
    if "week" in words:
        return "week"
    if words & _MONTHS or "month" in words:
        return "month"
    return "year"


_DATE_NOISE = re.compile(r"\b(on|in|since|by|during|the|of|early|late|mid|this past)\b")
