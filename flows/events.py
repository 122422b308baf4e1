"""Events: who did what to whom, where, when, how many, and who says so, read off each sentence's
dependency parse with a trigger lexicon from config/event_types.toml (PLOVER types).

Runs in the worker processes on the spaCy Doc the entity stage made. Actors, targets and places are
returned as character spans; the flow maps them to entity ids once the mentions are resolved.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from lemminflect import getLemma
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newsflow import dates
from newsflow.names import titled_person

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
# Words that count the people named after "of": "thousands of protesters", "a crowd of students".
_COUNT_NOUNS = {"thousand", "hundred", "dozen", "million", "score", "ten", "crowd", "group", "handful", "number"}
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
    "through",  # "marched through Hong Kong"
    "throughout",
    "within",
    "off",  # "off the coast of Yemen"
    "over",  # "drones over Kyiv"
}


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]  # lemma -> event type
    nouns: dict[str, str]
    phrases: dict[tuple[str, ...], str]  # lemma sequence -> event type
    modes: dict[str, dict[str, str]]  # event type -> lemma -> mode
    light_verbs: frozenset[str]
    receiving_verbs: frozenset[str]  # "facing scrutiny from the SEC": the "from" is the actor ([light_verbs])
    reporting: frozenset[str]
    counts: dict[str, str]  # lemma -> killed / injured / arrested
    holidays: dict[str, str]  # lowercase name -> MM-DD
    modality: dict[str, frozenset[str]] = field(default_factory=dict)  # cue kind -> words ([modality])
    group_nouns: frozenset[str] = frozenset()  # heads of definite group actors ([actors])
    representatives: frozenset[str] = frozenset()  # a place on these tells who, not where ([actors])
    implied_actor_nouns: dict[str, str] = field(default_factory=dict)  # noun -> the actor it names ([actors])
    patient_possessors: frozenset[str] = frozenset()  # nouns whose possessor is acted on ([actors])
    domains: dict[str, frozenset[str]] = field(default_factory=dict)  # domain -> its words ([domains])
    domain_rule: dict = field(default_factory=dict)  # min_share, over_politics, institutions ([domain])
    senses: dict[str, list[dict]] = field(default_factory=dict)  # lemma -> its senses, in order ([[senses]])
    confidence: dict[str, float] = field(default_factory=dict)  # feature -> weight ([confidence])
    pronouns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # pronoun -> labels ([pronouns])
    descriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ([definite_descriptions])
    speaker_pronouns: frozenset[str] = frozenset()  # the first person: a quote's speaker ([speaker_pronouns])
    generic_determiners: dict[str, frozenset[str]] = field(default_factory=dict)  # ([generic_determiners])
    seats: dict[str, tuple[str, ...]] = field(default_factory=dict)  # seat -> its institutions' names ([seats])
    adjacent_actors: dict[str, frozenset[str]] = field(default_factory=dict)  # type or lemma -> its doers
    phrase_heads: frozenset[str] = frozenset()  # the first lemmas of `phrases`: most verbs head none
    one_person: frozenset[str] = frozenset()  # "a New York man": one person, named later ([actors])
    counterpart_with: frozenset[str] = frozenset()  # types whose "with" names the target ([actors])
    addressed_to: frozenset[str] = frozenset()  # types whose "to" names the target ([actors])
    place_targets: frozenset[str] = frozenset()  # types whose noun's place object is where, not whom ([actors])
    attended: dict = field(default_factory=dict)  # types and prepositions of meetings the subject attends ([actors])
    crowd_types: frozenset[str] = frozenset()  # types a counted crowd may do ([actors])
    claims: frozenset[str] = frozenset()  # verbs that claim responsibility for an act ([light_verbs])
    giving: frozenset[str] = frozenset()  # verbs whose subject gives the aid their object names ([light_verbs])
    munitions: frozenset[str] = frozenset()  # what is fired at a target ([actors])
    weapons_of_a_side: frozenset[str] = frozenset()  # craft and arms that stand for the side named ([actors])
    civilian_types: frozenset[str] = frozenset()  # types no security force does ([actors])
    security_forces: frozenset[str] = frozenset()  # the last words of security forces' names ([actors])
    governments: frozenset[str] = frozenset()  # the last words of governments' bodies' names ([actors])
    diplomatic_protest: str = ""  # the type of a protest a state or a government makes ([actors])
    documents: frozenset[str] = frozenset()  # texts whose acts are their authors' ([actors])
    occasions: frozenset[str] = frozenset()  # what an act is told in, its day the act's ([reporting])
    announcing: frozenset[str] = frozenset()  # reporting verbs of an official announcement ([reporting])
    speech: frozenset[str] = frozenset()  # verbs that attribute a quotation, and only that ([reporting])
    apart: frozenset[str] = frozenset()  # "other protests", "another attack": a happening of its own ([happenings])
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # office -> its forms before a name ([titles])
    announced: dict[str, str] = field(default_factory=dict)  # type told with "will" -> the act announced ([announced])
    announced_to_a_counterpart: frozenset[str] = frozenset()  # announced acts made only to someone ([announced])
    releasing: frozenset[str] = frozenset()  # verbs of setting captives free ([actors] captives)
    holding_captive: frozenset[str] = frozenset()  # verbs whose doer holds the captives ([actors] captives)


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
    senses: dict[str, list[dict]] = {}
    for sense in table.get("senses", []):
        for lemma in sense.get("lemmas", [sense.get("lemma")]):  # one sense may serve several words
            senses.setdefault(lemma, []).append(sense)
    return Lexicon(
        verbs,
        nouns,
        phrases,
        modes,
        frozenset(table.get("light_verbs", {}).get("lemmas", [])),
        frozenset(table.get("light_verbs", {}).get("receiving", [])),
        frozenset(table.get("reporting", {}).get("lemmas", [])),
        dict(table.get("counts", {})),
        dict(table.get("holidays", {})),
        {cue: frozenset(words) for cue, words in table.get("modality", {}).items()},
        frozenset(table.get("actors", {}).get("group_nouns", [])),
        frozenset(table.get("actors", {}).get("representatives", [])),
        dict(table.get("actors", {}).get("implied_by_noun", {})),
        frozenset(table.get("actors", {}).get("possessor_acted_on", [])),
        {domain: frozenset(entry.get("words", [])) for domain, entry in table.get("domains", {}).items()},
        dict(table.get("domain", {})),
        senses,
        {feature: float(weight) for feature, weight in table.get("confidence", {}).items()},
        {word: tuple(labels) for word, labels in table.get("pronouns", {}).items()},
        {word: tuple(labels) for word, labels in table.get("definite_descriptions", {}).items()},
        frozenset(table.get("speaker_pronouns", {}).get("words", [])),
        {modality: frozenset(words) for modality, words in table.get("generic_determiners", {}).items()},
        {seat.lower(): tuple(names) for seat, names in table.get("seats", {}).items()},
        {event_type: frozenset(words) for event_type, words in table.get("adjacent_actors", {}).items()},
        frozenset(phrase[0] for phrase in phrases),
        frozenset(table.get("actors", {}).get("one_person", [])),
        frozenset(table.get("actors", {}).get("counterpart_with", [])),
        attended=dict(table.get("actors", {}).get("attended", {})),
        addressed_to=frozenset(table.get("actors", {}).get("addressed_to", [])),
        place_targets=frozenset(table.get("actors", {}).get("place_targets", [])),
        crowd_types=frozenset(table.get("actors", {}).get("crowd_types", [])),
        claims=frozenset(table.get("light_verbs", {}).get("claims", [])),
        giving=frozenset(table.get("light_verbs", {}).get("giving", [])),
        munitions=frozenset(table.get("actors", {}).get("munitions", [])),
        weapons_of_a_side=frozenset(table.get("actors", {}).get("weapons_of_a_side", [])),
        civilian_types=frozenset(table.get("actors", {}).get("civilian_types", [])),
        security_forces=frozenset(table.get("actors", {}).get("security_forces", [])),
        governments=frozenset(table.get("actors", {}).get("governments", [])),
        diplomatic_protest=table.get("actors", {}).get("diplomatic_protest", ""),
        documents=frozenset(table.get("actors", {}).get("documents", [])),
        occasions=frozenset(table.get("reporting", {}).get("occasions", [])),
        announcing=frozenset(table.get("reporting", {}).get("announcing", [])),
        speech=frozenset(table.get("reporting", {}).get("speech", [])),
        apart=frozenset(table.get("happenings", {}).get("apart", [])),
        titles={office: tuple(forms) for office, forms in table.get("titles", {}).items()},
        announced=dict(table.get("announced", {}).get("as", {})),
        announced_to_a_counterpart=frozenset(table.get("announced", {}).get("to_a_counterpart", [])),
        releasing=frozenset(table.get("actors", {}).get("captives", {}).get("releasing", [])),
        holding_captive=frozenset(table.get("actors", {}).get("captives", {}).get("holding", [])),
    )


@dataclass
class Span:
    text: str
    start_char: int
    end_char: int
    name: str | None = None  # the entity's name in the article, where the span names one ("Trump" -> Donald Trump)


@dataclass
class Event:
    event_type: str
    trigger: str
    trigger_start: int
    sentence_index: int
    actor: Span | None = None
    target: Span | None = None
    places: list[Span] = field(default_factory=list)
    # The place each of `places` takes its point from: itself, or for a street or an address (which no
    # gazetteer places) the town the article is set in.
    points: list[Span] = field(default_factory=list)
    location_source: str = "sentence"  # sentence; else seat (its actor's) or article when the sentence names none
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
    modality: str = "asserted"  # asserted, reported, negated, hypothetical, future, historical
    actor_kind: str | None = None  # entity, group, pronoun (resolved), or None: no actor a reader could name
    target_kind: str | None = None
    domain: str = "politics"  # the article's domain (politics covers conflict and crime)
    in_quote: bool = False
    sentence_words: frozenset[str] = frozenset()  # the lowercase words of its sentence (not stored)
    trigger_lemma: str = ""  # (not stored)
    elaborates: int | None = (
        None  # the trigger start of the act this one tells more of: its toll, its deed (not stored)
    )
    told_apart: bool = False  # "Other teacher protests", "another attack": not one told before (not stored)
    mention_count: int = 1  # the mentions of this happening in the article, merged into this event
    confidence: float = 0.0
    is_event: bool = False  # shown in the events view: asserted or reported, confident enough


@dataclass(frozen=True)
class Named:
    """An entity mention of the article, as the entity stage found it."""

    start_char: int
    end_char: int
    label: str  # PERSON, ORG, PLACE, GROUP
    text: str
    source: str = "model"  # how the entity stage found it: "dateline" for the place a story was filed from
    name: str | None = None  # its entity's name in the article ("Donald Trump" for "Trump", "President Trump")


def mend_lemmas(doc, lexicon: Lexicon) -> None:
    """Give a verb the lemma lemminflect's dictionary finds where the small model's is none the lexicon lists
    ("resupplied" -> "resupplie", "retook", "slamming", "sentencing"): its trigger is then found, its senses read."""
    known = lexicon.verbs.keys() | lexicon.reporting | lexicon.speech | lexicon.senses.keys() | lexicon.light_verbs
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() in known:
            continue
        lemma = next((lemma for lemma in getLemma(token.lower_, upos="VERB") if lemma in known), None)
        if lemma is not None:
            token.lemma_ = lemma


def extract_events(
    doc,
    lexicon: Lexicon,
    published_at: datetime | None,
    place_spans: list[Span],
    named: list[Named] | None = None,
) -> list[Event]:
    """Every event candidate of `doc`, with its modality, its actor's and target's kinds, and its date
    from a day-level anchor only. `place_spans`: the article's place mentions (for locations); `named`:
    all its entity mentions (for actors, and for pronouns, resolved to the nearest compatible one)."""
    named = sorted(named or [], key=lambda mention: mention.start_char)
    domain = document_domain(doc, lexicon)
    published = published_at.date() if published_at else None
    events: list[Event] = []
    last_day = news = None  # news: the lead's day of its news and the sentence that names it
    dated_sentences: set[int] = set()  # sentences naming a day: one that dates none of their acts dates no other
    text = dates.text_of(doc)
    article_words = frozenset(re.findall(r"[a-z]+", text.lower()))
    for number, sentence in enumerate(doc.sents):
        if _is_subheading(sentence, text):
            continue
        anchors = dates.time_anchors(sentence, published, lexicon.holidays)
        if number < _LEAD_SENTENCES and news is None:
            news_day = _news_day(anchors, published)
            news = (news_day, number) if news_day else None
        if any(day for _, day, *_ in anchors):
            dated_sentences.add(number)
        offset = dates.day_offset(sentence)
        words = frozenset(re.findall(r"[a-z]+", sentence.text.lower()))
        told_here: list[Event] = []
        for trigger, sense in _triggers(sentence, lexicon, article_words):
            if sense is None:
                continue
            event = _event(trigger, sense["type"], number, sentence, lexicon, place_spans)
            if "actor_after" in sense:
                # "testified before the committee": the committee holds the hearing; the witness is no party
                event.actor, event.target = _phrase(_prep_object(trigger, tuple(sense["actor_after"]))), None
            event.sentence_words = words
            toll_of = _casualties_of(trigger, lexicon)  # a character offset: 0 is one
            toll_of = toll_of if toll_of is not None else _purpose_of(trigger)
            event.elaborates = toll_of if toll_of is not None else event.elaborates
            _name_roles(event, trigger, named, lexicon)
            if event.event_type in lexicon.civilian_types and _a_security_force(event.actor, lexicon):
                continue  # "the People's Liberation Army took to the city's streets to clear barricades"
            if event.event_type in lexicon.civilian_types and _a_government(event, lexicon):
                event.event_type = lexicon.diplomatic_protest  # "China protested the arms sale": disapproval
            _implied_actor(event, trigger, lexicon)
            event.modality = _modality(trigger, sentence, event, lexicon)
            _announced_now(event, trigger, lexicon)
            event.domain = domain
            _date(event, trigger, anchors, (last_day, offset, published), lexicon)
            if _deep_history(event, trigger, anchors, published) or _a_perfect_infinitive_description(trigger):
                event.modality = "historical"
            events.append(event)
            told_here.append(event)
        last_day = _day_of_the_acts(told_here, anchors, doc) or last_day
    _date_the_lead_by_its_news_day(events, news, dated_sentences)
    _actors_from_adjacent_sentences(events, list(doc.sents), named, lexicon)
    _locate_at_seats(events, place_spans, lexicon.seats)
    _locate_from_article(events, place_spans, doc)
    return events


_SUBHEADING_WORDS = 8
_NEWS_DAYS = 7  # a lead's day this recent is the news of the day, not a day of background


def _news_day(anchors: list[tuple], published) -> str | None:
    """The first day the lead names within a week before publication ("on Tuesday"): the day of its news."""
    for _, day, *_ in anchors:
        if day and published and 0 <= (published - date.fromisoformat(day)).days <= _NEWS_DAYS:
            return day
    return None


def _date_the_lead_by_its_news_day(events: list[Event], news: tuple[str, int] | None, dated: set[int]) -> None:
    """ "Trump has claimed victory as the House concluded its third public hearing", with "on Tuesday" two
    sentences on: an act the lead tells in a sentence naming no day (nor a coarse time) happened on the day
    its news is told, date_source = lead (the codebook dates a lead from the sentences that tell the same
    act). A day its own sentence names for another act ("after the Monday meeting") dates nothing else (`dated`:
    the sentences that name a day). Where the news day's own sentence tells acts of a party on that day, the day
    is theirs: it dates the lead's acts of their kinds only ("pleaded guilty Monday", then "pleaded guilty to
    threatening to assault": the plea, not the threat; "led a protest march on Friday" dates no lawsuit the lead
    told)."""
    if news is None:
        return
    news_day, number = news
    kinds = {
        e.event_type
        for e in events
        if e.sentence_index == number and e.event_date == news_day and _told(e.modality) == "told" and e.actor_kind
    }
    for event in events:
        unanchored = event.event_date is None and event.date_precision is None and event.sentence_index not in dated
        of_its_kind = not kinds or event.event_type in kinds
        if unanchored and of_its_kind and event.sentence_index < _LEAD_SENTENCES and _told(event.modality) == "told":
            event.event_date, event.date_precision, event.date_source = news_day, "day", "lead"


def _is_subheading(sentence, text: str) -> bool:
    """ "5. Ukraine military aid and mixed messaging": a short line of its own without a finite verb names
    a topic of the article, not an act."""
    end = sentence.start_char + len(sentence.text.rstrip())  # the sentence may hold its line's break
    line_start = text.rfind("\n", 0, sentence.start_char) + 1
    line_end = text.find("\n", end)
    before = text[line_start : sentence.start_char]  # at most a number or a bullet: "5. "
    after = text[end : line_end if line_end >= 0 else len(text)]
    alone = not any(ch.isalpha() for ch in before) and not after.strip()
    unpunctuated = not sentence.text.rstrip().endswith((".", "!", "?", '"', "”", ":"))  # a heading ends bare
    words = [token for token in sentence if token.is_alpha]
    verbless = not any(token.tag_ in ("VBD", "VBZ", "VBP", "MD") for token in sentence)  # no finite verb
    return alone and unpunctuated and verbless and len(words) <= _SUBHEADING_WORDS


def _in_a_name(token) -> bool:
    """A proper noun inside a named entity, unless a possessive pronoun shows it is a thing someone has:
    the model also tags capitalized phrases as names ("my Complete and Total Endorsement")."""
    possessed = any(child.dep_ == "poss" and child.pos_ == "PRON" for child in token.children)
    return token.pos_ == "PROPN" and bool(token.ent_type_) and not possessed


def _triggers(sentence, lexicon: Lexicon, article_words: frozenset[str]):
    """(token, its sense in context, None where none holds) for each trigger; a noun carried by a light verb
    is one trigger, not two, and a noun a phrase holds is no trigger of its own ("dropped its investigation"
    is CONCEDE, not also ACCUSE)."""
    found = []
    for token in sentence:
        if _in_a_name(token) or _held_by_a_phrase(token, lexicon):
            continue  # a word of a name: "United Launch Alliance", "the Protest Party"
        phrase_type = _phrase_type(token, lexicon)
        if phrase_type:
            found.append((token, phrase_type, True))
        elif token.pos_ == "VERB" and token.lemma_.lower() in lexicon.verbs:
            found.append((token, lexicon.verbs[token.lemma_.lower()], False))
        elif _noun_like(token) and token.lemma_.lower() in lexicon.nouns and not _modifier(token):
            found.append((token, lexicon.nouns[token.lemma_.lower()], False))
        elif _gerund_as_noun(token) and token.lower_ in lexicon.nouns:
            found.append((token, lexicon.nouns[token.lower_], False))  # "Fighting rages on around Kupyansk"
    sensed = [  # "called off the talks": a matched phrase is its own sense
        (found_trigger, {"type": kind} if phrased else _sense(token, kind, lexicon, article_words))
        for found_trigger in found
        for token, kind, phrased in [found_trigger]
    ]
    # a light verb that is a trigger only in some senses ("launched missiles at Kyiv") still carries a noun
    # where no sense of its holds: "launched an attack" is the attack; "signed peace treaties" is one act, the signing
    light_with_senses = (lexicon.light_verbs | lexicon.giving) & lexicon.senses.keys()  # "delivered aid": the aid
    verbs = {
        (token.i, kind)
        for (token, kind, _), sense in sensed
        if token.pos_ == "VERB" and (token.lemma_.lower() not in light_with_senses or (sense or {}).get("type") == kind)
    }
    return [(trigger[0], sense) for trigger, sense in sensed if not _object_of_its_own_kind(trigger, verbs)]


def _object_of_its_own_kind(found_trigger, verbs: set[tuple[int, str]]) -> bool:
    """ "signed peace treaties", "agreed a deal": a noun that a trigger verb of its type acts on names the
    same act, unless someone else's ("criticized his accusations")."""
    token, event_type, _ = found_trigger
    own = any(child.dep_ == "poss" for child in token.children)
    return token.dep_ == "dobj" and (token.head.i, event_type) in verbs and not own


def _held_by_a_phrase(token, lexicon: Lexicon) -> bool:
    """The noun is a word of the phrase its verb makes ("dropped its investigation", "filed a suit")."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ not in ("dobj", "nsubjpass", "pobj") or verb.i == token.i:
        return False
    match = _phrase_match(verb, lexicon)
    return match is not None and token.lemma_.lower() in match[1:]


def _noun_like(token) -> bool:
    """Nouns ("call" too, a stop word), and the words the small tagger mistakes for adverbs ("a limited air
    resupply"), which must not be stop words, or for adjectives where they stand as a noun does ("launched a
    counteroffensive": an object)."""
    mistagged = token.pos_ in ("ADV", "X") or (token.pos_ == "ADJ" and token.dep_ in _NOUN_ROLES)
    return token.pos_ in ("NOUN", "PROPN") or (mistagged and not token.is_stop)


_NOUN_ROLES = ("dobj", "nsubj", "nsubjpass", "pobj")


def _modifier(token) -> bool:
    """ "supply" of "supply lines" modifies; a sentence's first word the parser misreads as one
    ("Fighting rages on") does not."""
    return token.dep_ == "compound" and not token.is_sent_start


def _gerund_as_noun(token) -> bool:
    return token.tag_ == "VBG" and (token.dep_ in ("nsubj", "csubj", "dobj", "pobj") or token.is_sent_start)


def _phrase_type(token, lexicon: Lexicon) -> str | None:
    """Verb + particle or object phrases ("giving up", "throwing in the towel"), read off the parse."""
    match = _phrase_match(token, lexicon)
    return lexicon.phrases[match] if match else None


def _phrase_match(token, lexicon: Lexicon) -> tuple[str, ...] | None:
    """The longest lexicon phrase the verb and its parts make ("plead not guilty" over "plead guilty")."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.phrase_heads:
        return None  # most verbs head no phrase: the parts are not worth gathering
    # "rolled back" (an adverb to the parser), "pleaded not guilty", "found him guilty" (a small clause)
    parts = ("prt", "prep", "dobj", "nsubjpass", "pobj", "advmod", "acomp", "oprd", "neg", "ccomp")  # "suit was filed"
    lemmas = [token.lemma_.lower()] + [child.lemma_.lower() for child in token.children if child.dep_ in parts]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _CIRCUMSTANCES:
            lemmas.remove(child.lemma_.lower())  # "called off the strike after talks": no "call off talks"
            continue
        if child.dep_ in ("prep", "acomp"):  # "pleaded not guilty": the "not" hangs on "guilty"
            lemmas += [grandchild.lemma_.lower() for grandchild in child.children if grandchild.dep_ in ("pobj", "neg")]
            for inner in (grandchild for grandchild in child.children if grandchild.dep_ == "prep"):
                # "pulled out of talks": the parser hangs "of talks" on "out"
                lemmas += [inner.lemma_.lower()] + [g.lemma_.lower() for g in inner.children if g.dep_ == "pobj"]
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.dep_ not in ("punct",):
        lemmas.append(following.lemma_.lower())  # "pleaded guilty Monday": the parser hung "guilty" on "Monday"
    lemmas += _listed_objects(token)
    matches = [
        phrase
        for phrase in lexicon.phrases
        if phrase[0] == lemmas[0] and all(word in lemmas[1:] for word in phrase[1:] if word not in ("the", "a", "an"))
    ]
    return max(matches, key=len) if matches else None


_CIRCUMSTANCES = frozenset({"after", "before", "since", "until", "during", "amid", "despite"})  # no phrase's part


def _listed_objects(verb) -> list[str]:
    """The lemmas of the objects listed after the verb's first, and of all its objects' modifiers ("used
    firearms, water cannons and tear gas": "tear gas" is one of the things used; "staged a sit-in"; "declared a
    state of emergency")."""
    objects = [child for child in verb.children if child.dep_ == "dobj"]
    listed = [conj for obj in objects for conj in obj.conjuncts]
    modifiers = [c for obj in objects + listed for c in obj.children if c.dep_ in ("compound", "amod")]
    of = [c for obj in objects for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"]
    modifiers += of + [grandchild for c in of for grandchild in c.children if grandchild.dep_ == "pobj"]
    return [token.lemma_.lower() for token in listed + modifiers]


def _event(trigger, event_type: str, number: int, sentence, lexicon: Lexicon, place_spans: list[Span]) -> Event:
    event = Event(event_type, trigger.text, trigger.idx, number, trigger_lemma=trigger.lemma_.lower())
    if trigger.pos_ == "VERB":
        event.actor, event.target = _verb_roles(trigger, lexicon.documents)
        if event_type in lexicon.crowd_types and _participle_of_its_doers(trigger):
            event.actor, event.target = event.target, None
        reported = _reported_subject(trigger, lexicon)
        if reported is not None:
            event.actor = reported
        phrase = _phrase_match(trigger, lexicon)
        if _part_of_the_phrase(event.target, phrase) or (phrase and set(_listed_objects(trigger)) & set(phrase)):
            event.target = None  # "throwing in the towel", "used firearms and tear gas": part of the phrase
        if _fires_a_munition(trigger, lexicon.munitions):
            event.target = _aimed_at(trigger)  # "officers fired tear gas": at no one named, so no target
        if event.actor is None and trigger.lemma_.lower() in lexicon.releasing:
            event.actor = _phrase(_captor(trigger, lexicon.holding_captive))
        deed = _deed_doing(trigger, event_type, lexicon)
        if deed is not None:  # "A Russian missile strike killed ...": the strike's doer, one happening with it
            event.actor, event.elaborates = _noun_roles(deed, lexicon)[0] or event.actor, deed.idx
    else:
        event.actor, event.target = _noun_roles(trigger, lexicon)
        event.quantity = _number_of(trigger)
    if event.target is None and event_type in lexicon.counterpart_with:
        event.target = _phrase(_counterpart(trigger))
    if event.target is None and event_type in lexicon.addressed_to and trigger.pos_ == "VERB":
        event.target = _phrase(_prep_object(trigger, ("to",)))  # "appealed to NATO for air defenses"
    event.places = _places_near(trigger, place_spans, lexicon.representatives)
    event.told_apart = any(
        child.dep_ in ("det", "amod") and child.lower_ in lexicon.apart for child in trigger.children
    )
    event.negated = _is_negated(trigger)
    event.mode = _mode(trigger, sentence, lexicon.modes.get(event_type, {}))
    event.killed, event.injured, event.arrested = _counts(sentence, lexicon)
    event.attributed_to = _source(trigger, sentence, lexicon)
    return event


def _captor(release, holding: frozenset[str]):
    """ "Two hostages held by the Taliban were released": captives set free by no one named were set free by
    whoever the sentence says held them."""
    patient = next((child for child in release.children if child.dep_ == "nsubjpass"), None)
    holders = [child for child in patient.children if child.dep_ in ("acl", "relcl")] if patient is not None else []
    return next((_agent(verb) for verb in holders if verb.lemma_.lower() in holding and _agent(verb)), None)


def _participle_of_its_doers(verb) -> bool:
    """ "Hundreds of students protested in Bogota": the small model reads a protest's verb as a passive
    participle of the noun before it ("students [who were] protested"), though no one is protested; the
    noun is the protest's doers. Not with an agent: "the ruling protested by unions"."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and _agent(verb) is None


def _author_of(document, documents: frozenset[str]):
    """ "The General Assembly adopted a resolution condemning ...": who adopted, issued or signed the text."""
    if document.lemma_.lower() not in documents or document.dep_ != "dobj":
        return None
    return _nsubj(document.head)


def _verb_roles(verb, documents: frozenset[str] = frozenset()):
    children = {child.dep_: child for child in verb.children}
    before_the_aside = None if "nsubj" in children or "nsubjpass" in children else _subject_before_an_aside(verb)
    if before_the_aside is not None:
        return before_the_aside, _phrase(children.get("dobj") or _prep_object(verb, ("on", "against", "at")))
    if "nsubjpass" in children:
        return _phrase(_agent(verb)), _phrase(children["nsubjpass"])
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and "nsubj" not in children:
        # "3 demonstrators killed in Bolivia": the head is the target
        return _phrase(_agent(verb)), _phrase(verb.head)
    subject = children.get("nsubj")
    relative = subject is not None and subject.tag_ in ("WDT", "WP")  # "the United States, which accuses him"
    if (subject is None or relative) and verb.dep_ in ("acl", "relcl"):
        subject = _series_subject(verb) if _misread_series(verb) else _author_of(verb.head, documents) or verb.head
    elif subject is None and "auxpass" in children:
        # "returned home after being deported": the subject it shares is the one deported, not the doer
        return _phrase(_agent(verb)), _phrase(_inherited_subject(verb))
    elif subject is None and _shares_a_passive(verb):
        # "was caught by police and deported": the one caught is the one deported
        return _phrase(_agent(verb) or _agent(verb.head)), _phrase(_shared_patient(verb))
    elif subject is None:
        subject = _inherited_subject(verb)
    target = children.get("dobj") or _prep_object(verb, ("on", "against", "at"))
    if target is not None and target.ent_type_ in ("DATE", "TIME"):
        target = None  # "rallied on Tuesday": a time
    return _phrase(subject), _phrase(target)


_DASHES = frozenset({"-", "–", "—", "--"})


def _subject_before_an_aside(verb) -> Span | None:
    """ "The Palestinian Authority - which considers the US biased ... - called for an emergency meeting": the
    small model loses the subject of a verb that follows an aside between dashes (wire copy's habit), and
    hangs the verb on the noun as if it described it. The subject is the noun phrase opening the sentence,
    or the names the aside gives it ("The only two Arab states to have signed peace treaties with Israel -
    Egypt and Jordan - also criticised ...")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") and not (verb.tag_ == "VBN" and verb.dep_ == "acl"):
        return None  # a finite verb, or one the parser hung on the noun before as its participle
    words = [token for token in verb.sent if token.i < verb.i and token.dep_ not in ("advmod", "aux", "neg")]
    dashes = [token for token in words if token.text in _DASHES and token.whitespace_]
    if len(dashes) != 2 or not words or words[-1].i != dashes[1].i:
        return None  # the verb must follow the closing dash
    opening = next(iter(verb.sent.noun_chunks), None)
    if opening is None or opening.start != verb.sent.start or opening.end > dashes[0].i:
        return None
    aside = verb.doc[dashes[0].i + 1 : dashes[1].i]
    if all(token.pos_ in ("PROPN", "CCONJ", "PUNCT", "DET") for token in aside) and aside.root.ent_type_:
        return Span(aside.text, aside.start_char, aside.end_char)  # the names the aside gives the opening phrase
    return _phrase(opening.root)


def _misread_series(verb) -> bool:
    """ "he asked about the Muslim Brotherhood, called Omar a “terrorist” and said ...": the parser hung a
    verb of a series on the noun before it, as if it described that noun. A verb in the past tense with
    an object of its own describes no noun (a noun's participle is passive: "3 demonstrators killed")."""
    children = {child.dep_ for child in verb.children}
    return verb.dep_ == "acl" and verb.tag_ == "VBD" and "nsubj" not in children and bool(children & _OBJECTS)


_OBJECTS = frozenset({"dobj", "oprd"})


def _series_subject(verb):
    """The subject of the clause the series belongs to: that of the verb above the noun it was hung on."""
    clause = next((token for token in verb.head.ancestors if token.pos_ in ("VERB", "AUX")), None)
    return _nsubj(clause) if clause is not None else None


def _shares_a_passive(verb) -> bool:
    """A verb coordinated with a passive one, with no subject or object of its own, is passive too; not
    one that continues a report (_continues_a_report)."""
    own = {child.dep_ for child in verb.children}
    return (
        verb.dep_ == "conj"
        and not _continues_a_report(verb)
        and not own & {"nsubj", "nsubjpass", "dobj"}
        and any(child.dep_ == "auxpass" for child in verb.head.children)
    )


def _continues_a_report(verb) -> bool:
    """ "The office said the deaths were caused by gunshot wounds and called on the government": a finite
    past the parser hung on a reported passive is the reporting clause's second verb (its subject: the office)."""
    head = verb.head
    passive = any(child.dep_ == "nsubjpass" for child in head.children)
    return verb.dep_ == "conj" and verb.tag_ == "VBD" and head.dep_ == "ccomp" and passive


def _shared_patient(verb):
    """Who undergoes a verb that shares a passive: its head's passive subject, or the subject the head
    inherits ("I tried to enter California but was caught by police and deported": I)."""
    head = verb.head
    return next((c for c in head.children if c.dep_ == "nsubjpass"), None) or _inherited_subject(head)


def _agent(verb):
    """A passive verb's doer: the object of its "by" phrase."""
    agent = next((child for child in verb.children if child.dep_ == "agent"), None)
    return next((child for child in agent.children if child.dep_ == "pobj"), None) if agent is not None else None


_SUBJECT_SHARING = ("xcomp", "conj", "advcl", "pcomp", "prep", "acomp")  # arcs below a verb that share its subject


def _inherited_subject(verb):
    """The subject of a verb without its own, from the verb it hangs from: "Obama inserted himself ... by
    warning candidates" (pcomp under "by"), "wants to withdraw" (xcomp), "met and agreed" (conj). Under
    "of" or "for" a verb's object is the doer: "Ukraine accused Russia of shelling the village", "praised
    the police for arresting", "Russia was accused of shelling"."""
    doer = _object_of_the_charge(verb)
    if doer is not None:
        return doer
    if _continues_a_report(verb):
        return _nsubj(verb.head.head)
    token = verb
    for _ in range(3):
        if token.dep_ not in _SUBJECT_SHARING or token.head.i == token.i:
            return None
        token = token.head
        if any(child.dep_ == "nsubjpass" for child in token.children):
            return _agent(token)  # "hauled out by the UK police and taken into custody": its agent
        subject = _nsubj(token)
        if subject is not None and subject.tag_ in ("WDT", "WP") and token.dep_ == "relcl":
            return token.head  # "the Authority, which considers ... and has rejected ...": the Authority
        if subject is not None:
            return subject
    return None


def _object_of_the_charge(verb):
    """The object (or passive subject) of the verb whose "of"/"for" phrase the verb heads, if any."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in ("of", "for"):
        return None
    charging = verb.head.head
    if charging.pos_ != "VERB":
        return None
    return next((child for child in charging.children if child.dep_ in ("dobj", "nsubjpass")), None)


def _reported_subject(verb, lexicon: Lexicon) -> Span | None:
    """ "sources claim Russian forces ... lack supplies and are throwing in the towel": the parser often
    hangs the second verb on the reporting verb; its subject is then the reported clause's, not the
    reporters'."""
    head = verb.head
    if verb.dep_ != "conj" or head.lemma_.lower() not in lexicon.reporting:
        return None
    clause = next((child for child in head.children if child.dep_ == "ccomp"), None)
    subject = _nsubj(clause) if clause is not None else None
    return _phrase(subject)


_NOUN_TARGET_PREPOSITIONS = ("on", "against", "into")


def _noun_roles(noun, lexicon: Lexicon):
    """A noun trigger's actor ("Russia's attacks", "attacks by Russia", "Russia launched attacks": the
    light verb's subject) and target ("attacks on the convoy"; "opened an investigation into WeWork",
    where the parser hangs the "into" on the verb)."""
    actor = _prep_object(noun, ("by", "from")) or next((child for child in noun.children if _names_actor(child)), None)
    patient = None
    if noun.lemma_.lower() in lexicon.patient_possessors and actor is not None and actor.dep_ == "poss":
        patient, actor = actor, _prep_object(noun, ("by",))  # "Assange's arrest": Assange is arrested
    light_verb = None
    noun_type = lexicon.nouns.get(noun.lemma_.lower())
    carriers = lexicon.light_verbs | (lexicon.giving if noun_type == "AID" else set())
    carried = _sum_in(noun) or noun  # "sent $400 million in military aid": the verb carries the sum
    if carried.dep_ in ("dobj", "nsubjpass") and carried.head.lemma_.lower() in carriers:
        light_verb = carried.head
    elif noun.dep_ == "pobj" and noun.head.lower_ == "on" and noun.head.head.lemma_.lower() in carriers | {"go"}:
        light_verb = noun.head.head  # "went on strike"; not "lifted the ban on protests", where "on" is the ban's
    if actor is not None and actor.ent_type_ in ("GPE", "LOC") and noun_type in lexicon.civilian_types:
        actor = None  # "Indiana's biggest teacher protest", "Iran's protests": where they were, not who protested
    actor = actor or _claimant(noun, lexicon.claims)
    its_own = carried.dep_ in ("dobj", "nsubjpass") or noun.lemma_.lower() not in lexicon.group_nouns
    if actor is None and light_verb is not None and its_own:
        # "staged a protest", "launched airstrikes" (a word of unnamed attackers too): the subject's; "opened
        # fire on protesters": the protesters are no one's; "sanctions were imposed by the Treasury": the agent's
        actor = _agent(light_verb) if carried.dep_ == "nsubjpass" else _nsubj(light_verb)
        # "summoned a U.S. official to lodge a stern protest": the light verb's subject is the summoner; not
        # "charged the man with making threats", whose doer is the man
        infinitive = carried.dep_ == "dobj" and light_verb.dep_ in ("xcomp", "advcl") and _is_infinitive(light_verb)
        actor = actor or (_inherited_subject(light_verb) if infinitive else None)
    their = actor is not None and actor.lower_ == "their"  # "their meeting": the subject's and another's
    if (actor is None or their) and _attended_by_the_subject(noun, lexicon):
        actor = _nsubj(noun.head.head)
    addressed = ("to",) if noun_type in lexicon.addressed_to else ()  # "aid to Ukraine"
    prepositions = _NOUN_TARGET_PREPOSITIONS + addressed
    target = _prep_object(noun, prepositions)
    between = _prep_object(noun, ("between",)) or (
        _prep_object(noun.head, ("between",)) if noun.dep_ == "nsubj" else None  # "clashes erupted between"
    )
    if actor is None and between is not None:  # "clashes between Morales's supporters and security forces"
        actor = between
        target = target or next((child for child in between.children if child.dep_ == "conj"), None)
    if target is None and light_verb is not None and carried.dep_ in ("dobj", "nsubjpass"):
        target = _prep_object(light_verb, prepositions)
    receiver = noun.head if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon.receiving_verbs else None
    if actor is None and receiver is not None and _prep_object(receiver, ("from",)) is not None:
        actor = _prep_object(receiver, ("from",))
        target = target or next((child for child in receiver.children if child.dep_ in ("nsubj", "nsubjpass")), None)
    target = target or patient
    a_setting = noun_type in lexicon.place_targets  # "aid to Ukraine": a party; "attacks on Kupyansk": where
    if target is not None and target.ent_type_ in (("GPE", "LOC", "FAC") if a_setting else ()) + ("DATE", "TIME"):
        target = None  # "attacks on Kupyansk": a place, recorded as the location; "on Monday": a time
    return _phrase(actor), _phrase(target)


def _attended_by_the_subject(noun, lexicon: Lexicon) -> bool:
    """ "announced the deal during a meeting with Liu He", "spoke at talks with the Taliban": whoever acts at a
    meeting held with someone took part in it ([actors] attended). Not "said after the attack": only meetings,
    and only those that name whom they were held with."""
    attended = lexicon.attended
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ in attended.get("prepositions", ())
        and lexicon.nouns.get(noun.lemma_.lower()) in attended.get("types", ())
        and (_counterpart(noun) is not None or any(c.dep_ == "poss" and c.lower_ == "their" for c in noun.children))
    )  # "praised Erdogan during their meeting": the subject's and another's


def _singular(word: str) -> str:
    """A lowercase plural's singular, as the lexicon lists nouns: "officers", "gunmen", "authorities"
    ("ties" is "tie": a stem of one consonant keeps its "ie")."""
    singular = re.sub(r"ies$", "y", word) if word.endswith("ies") and len(word) > 4 else word.rstrip("s")
    return re.sub(r"men$", "man", singular)


def _last_words(span: Span) -> set[str]:
    """The lowercase last word of a span's text and of its entity's name ("Ukrainian police", "Kupyansk Police")."""
    return {(name.split() or [""])[-1].lower() for name in (span.text, span.name or "")}


def _a_security_force(actor: Span | None, lexicon: Lexicon) -> bool:
    """The actor's last word (or its entity's name's) is a security force's ([actors] security_forces)."""
    if actor is None:
        return False
    words = _last_words(actor)
    return bool((words | {_singular(word) for word in words}) & lexicon.security_forces)


def _a_government(event: Event, lexicon: Lexicon) -> bool:
    """The actor is a state ("China") or a government's body ("the Foreign Ministry"), by its last word."""
    if event.actor is None or not lexicon.diplomatic_protest:
        return False
    return event.actor_kind == "state" or bool(_last_words(event.actor) & lexicon.governments)


def _claimant(noun, claims: frozenset[str]):
    """ "The Taliban claimed responsibility for the attack", "The attack, claimed by the Islamic State", "IS
    claimed the attack": who claims an act is its actor."""
    claimed = next((c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in claims and _agent(c)), None)
    if claimed is not None:
        return _agent(claimed)
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() == "claim":
        return _nsubj(noun.head)
    holder = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "for" else None
    if holder is None or holder.lemma_.lower() != "responsibility" or holder.head.lemma_.lower() not in claims:
        return None
    return _nsubj(holder.head)


def _names_actor(child) -> bool:
    """ "Russia's attacks", "Russian attacks": a possessive or a nationality or organization modifier."""
    if child.dep_ == "poss":
        return True
    return child.dep_ in ("amod", "compound", "nmod") and child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON")


def _counterpart(trigger):
    """ "met with Erdogan", "talks with the Taliban", "held talks with China" (the parser may hang the "with"
    on the light verb): the one met, talked or agreed with."""
    holders = [trigger, *(child for child in trigger.children if child.dep_ == "dobj")]  # "hold talks with"
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":
        holders.append(trigger.head)
    return next((found for holder in holders if (found := _prep_object(holder, ("with",))) is not None), None)


def _casualties_of(trigger, lexicon: Lexicon) -> int | None:
    """ "opened fire on protesters, killing at least 15": the killing is the shooting's toll, one act; the
    start of the act whose toll a participle tells ("arresting 210 people" after a ban is an act of its own).
    The parser may hang the participle on the sentence's main verb past the act ("Police are searching for a
    gunman who opened fire at a bar, killing two people"): the nearest violent act before it is the one."""
    toll = lexicon.counts.get(trigger.lemma_.lower()) in ("killed", "injured")
    if not (toll and trigger.dep_ == "advcl" and trigger.tag_ == "VBG"):
        return None
    between = trigger.doc[trigger.head.i + 1 : trigger.i] if trigger.head.i < trigger.i else []
    deed = next((token for token in reversed(between) if _violent(token, lexicon)), None)
    deed = deed if deed is not None and not _violent(trigger.head, lexicon) else trigger.head
    # "Israeli airstrikes hit Gaza City, killing at least 12 people": the act is the noun that hits
    subject = _nsubj(deed)
    attack_noun = subject is not None and lexicon.nouns.get(subject.lemma_.lower()) == "ASSAULT"
    return subject.idx if attack_noun else deed.idx


def _purpose_of(trigger) -> int | None:
    """ "summoned Iraq's ambassador to protest the attack", "blocked roads to protest the tax": the start of the
    act a "to" infinitive tells the purpose of; of the same type, the two are one act (_same_happening)."""
    if trigger.dep_ not in ("advcl", "xcomp") or trigger.head.pos_ != "VERB" or not _is_infinitive(trigger):
        return None
    return trigger.head.idx


def _violent(token, lexicon: Lexicon) -> bool:
    """An attack by its verb or its phrase ("opened fire")."""
    if token.pos_ != "VERB":
        return False
    return lexicon.verbs.get(token.lemma_.lower()) == "ASSAULT" or _phrase_type(token, lexicon) == "ASSAULT"


def _part_of_the_phrase(target: Span | None, phrase: tuple[str, ...] | None) -> bool:
    if target is None or phrase is None:
        return False
    word = (target.text.lower().split() or [""])[-1]
    return word in phrase or _singular(word) in phrase


def _deed_doing(verb, event_type: str, lexicon: Lexicon):
    """ "A Russian missile strike killed three civilians", "were killed by a Russian missile strike": an
    act of the verb's own type doing it; its doer does it (Russian), and the two are one happening."""
    if verb.pos_ != "VERB":
        return None
    deed = _nsubj(verb) or _agent(verb)
    return deed if deed is not None and lexicon.nouns.get(deed.lemma_.lower()) == event_type else None


def _fires_a_munition(verb, munitions: frozenset[str]) -> bool:
    """The verb's object is a shot ("fired tear gas", "opened fire"): the munition is no target."""
    shot = next((child for child in verb.children if child.dep_ == "dobj"), None)
    return shot is not None and shot.lemma_.lower() in munitions


def _aimed_at(verb) -> Span | None:
    """ "fired tear gas at protesters", "opened fire on the convoy": what a shot is aimed at is the target."""
    aimed = _prep_object(verb, ("at", "on", "upon", "against", "toward", "towards"))
    return _phrase(aimed) if aimed is not None and aimed.ent_type_ not in ("DATE", "TIME") else None


def _nsubj(token):
    """The token's active subject, if it has one."""
    return next((child for child in token.children if child.dep_ == "nsubj"), None)


def _prep_object(head, prepositions: tuple[str, ...]):
    for child in head.children:  # the parser calls a giving verb's "to" a dative ("sent aid to Lebanon")
        if child.dep_ in ("prep", "dative") and child.lower_ in prepositions:
            return next((grandchild for grandchild in child.children if grandchild.dep_ == "pobj"), None)
    return None


def _phrase(token) -> Span | None:
    """The noun phrase a token heads, without determiners, relative clauses or trailing modifiers:
    "Some foreign mercenaries fighting for the Russians" -> "foreign mercenaries"."""
    if token is None or token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$", "WDT", "WP"):
        return None  # pronouns are left unresolved rather than guessed
    token = _office_holder(token) or _title_before_names(token) or token
    left = [child for child in token.lefts if child.dep_ in ("amod", "compound", "nummod", "poss", "case", "nmod")]
    start = min([token.i] + [t.i for child in left for t in child.subtree])
    while start < token.i and token.doc[start].lower_ in _DROPPED_DETERMINERS:
        start += 1
    counted = _counted(token)
    end = (counted or token).i + 1
    partners = _joint_names(token)
    if partners:  # "Turkey and Russia agreed": a joint party, written "A and B" (the codebook)
        end = partners[-1].i + 1
    span = token.doc[start:end]
    return Span(span.text, span.start_char, span.end_char)


def _joint_names(token) -> list:
    """The names coordinated with a name by "and" ("Turkey and Russia", "Johnson and Corbyn"), in order; none
    for a common noun ("police and protesters" are two parties, each told as such)."""
    if token.pos_ != "PROPN" or not token.ent_type_:
        return []
    chain = [token]
    while (conj := next((child for child in chain[-1].children if child.dep_ == "conj"), None)) is not None:
        if conj.pos_ != "PROPN" or not conj.ent_type_:
            return []  # "Russia and its allies": not a list of names
        chain.append(conj)
    joined = any(child.dep_ == "cc" and child.lower_ == "and" for link in chain for child in link.children)
    return chain[1:] if joined else []  # "Kyiv or Moscow" are no joint party


def _title_before_names(token):
    """ "President of the Senate, Bukola Saraki, Senator Dino Melaye and Senator Ben Murray-Bruce have dragged ...":
    a title the parser takes for the head of the list of names after it, past a comma, stands for those names."""
    if token.pos_ != "PROPN" or token.ent_type_:
        return None
    names = next((child for child in token.children if child.dep_ == "conj"), None)
    if names is None or names.ent_type_ != "PERSON" or names.left_edge.i == 0:
        return None
    return names if token.doc[names.left_edge.i - 1].text == "," else None


def _office_holder(token):
    """ "the office of the New York State Attorney General" acts for the Attorney General."""
    return _prep_object(token, ("of",)) if token.lemma_.lower() == "office" else None


def _counted(token):
    """The people a count word counts: "Thousands of protesters", "hundreds of Kurds", "a group of men" stand
    for the protesters, the Kurds, the men (the phrase then ends with them, and its last word decides its kind)."""
    if token.lemma_.lower() not in _COUNT_NOUNS and token.pos_ != "NUM":
        return None
    people = _prep_object(token, ("of",))
    return people if people is not None and people.tag_ in ("NNS", "NNPS") else None


def _counter(token):
    """The count word of "thousands of protesters", seen from the protesters (itself if none counts it):
    it holds their place in the clause."""
    count = token.head.head if token.dep_ == "pobj" and token.head.lower_ == "of" else None
    people = _counted(count) if count is not None else None
    return count if people is not None and people.i == token.i else token


def _places_near(trigger, place_spans: list[Span], representatives: frozenset[str]) -> list[Span]:
    """Places in the trigger's own phrase (its subtree, less what a clause under it says: a demand's or a
    warning's content is no place of the act), else places after a place preposition in the clause; else
    none (the article's place then stands in): a place the sentence names otherwise is someone's home or
    origin ("Tays, 32, of Franklin"), not where the act happened."""
    said = [_extent(child) for child in trigger.children if child.dep_ in ("ccomp", "xcomp")]

    def told_of(span: Span) -> bool:  # "begged them not to forget Crimea": Crimea is what was asked about
        return any(start <= span.start_char < end for start, end in said)

    own = [
        span
        for span in _spans_within(place_spans, *_extent(trigger))
        if not _describes_someone(trigger.doc, span, representatives) and not told_of(span)
    ]
    for doer in (child for child in trigger.children if _is_doer(child)):
        start, end = _extent(doer)
        parties = [span for span in own if start <= span.start_char and span.end_char <= end]
        said_where = [span for span in own if span not in parties and _after_place_preposition(trigger.doc, span)]
        if len(parties) > 1 or said_where:  # "the United States and China reached a deal": neither is where;
            own = [span for span in own if span not in parties]  # "Iran seized a tanker in the Strait": the Strait
    if own:
        return own
    clause = _extent(_counter(trigger).head)  # a root's head is itself
    return [
        s for s in _spans_within(place_spans, *clause) if _after_place_preposition(trigger.doc, s) and not told_of(s)
    ]


def _is_doer(child) -> bool:
    """The trigger's subject, its "by" agent, or an actor modifying a noun trigger ("Russia's attacks").
    Two or more places that act together are parties, none of them where the act happened ("the United
    States and China reached a deal"); one alone stands where it acts ("the White House called it a sham",
    "a senator's remarks in Washington")."""
    return child.dep_ in ("nsubj", "agent") or (child.head.pos_ == "NOUN" and _names_actor(child))


def _extent(token) -> tuple[int, int]:
    """The characters the token's phrase (its subtree) covers."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _describes_someone(doc, span: Span, representatives: frozenset[str]) -> bool:
    """ "Christopher L. Tays, 32, of Franklin", "a man from Dnipro", "the envoy to Ukraine", "Ukrainian
    President Zelensky", "China's top negotiator": a place that tells who someone is (where a person is
    from, whom an envoy represents), not where the act happened. The place hangs by "of", "from", "to"
    or "for" on a person's name, or on a noun of `representatives`, or modifies such a noun."""
    token = doc.char_span(span.start_char, span.end_char, alignment_mode="expand")
    if token is None:
        return False
    root = token.root
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "from", "to", "for") and root.head.dep_ == "prep":
        owner = root.head.head
    elif root.dep_ in ("compound", "amod", "poss", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        owner = root.head
    else:
        return False
    while owner.dep_ in ("appos", "conj", "compound") and owner.ent_type_ != "PERSON":  # "Tays, 32, of ..."
        if owner.lemma_.lower() in representatives:
            break
        owner = owner.head
    return owner.ent_type_ == "PERSON" or owner.lemma_.lower() in representatives


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
    spreading = head is not None and head.lower_ == "to" and head.head.lemma_.lower() in _SPREADING
    return head is not None and (head.lower_ in _PLACE_PREPOSITIONS or spreading)


# Verbs whose "to" tells where an act went on ("protests spread to Basra", "marched to parliament"); a "to" is
# otherwise whom something went to ("sent aid to Ukraine").
_SPREADING = frozenset({"spread", "march", "extend", "expand", "escalate", "move", "advance", "head", "walk"})


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


def _no_one(party) -> bool:
    """ "nobody", "none of the leaders", "no one", "no deal": a party or an object that is none."""
    return party.lower_ in ("none", "nobody", "nothing") or any(
        child.dep_ == "det" and child.lower_ == "no" for child in party.children
    )


def _is_negated(trigger) -> bool:
    if any(
        child.dep_ in ("neg", "preconj")
        and _plain(child.lower_) in ("not", "n't", "never", "no", "neither")
        or child.lower_ == "never"
        for child in trigger.children
    ):
        return True  # "didn’t arrest" as "didn't arrest"
    if trigger.dep_ == "conj" and any(c.lower_ == "neither" for c in trigger.head.children):
        return True
    parties = [child for child in trigger.children if child.dep_ in ("dobj", "nsubj", "nsubjpass")]
    if any(_no_one(party) for party in parties):
        return True  # "reached no deal", "made no mention", "arrested nobody", "None of the leaders were arrested"
    head = trigger.head
    if trigger.dep_ == "xcomp" and (head.lemma_.lower() in _FAILURE or any(c.dep_ == "neg" for c in head.children)):
        return True
    if trigger.dep_ == "xcomp" and any(c.lower_ == "yet" and c.dep_ == "advmod" for c in head.children):
        return True  # "Police have yet to arrest anyone"
    # "have been unable to reschedule a meeting": the meeting a failed verb was to bring about did not happen
    verb = head if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" else None
    return verb is not None and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FAILURE


_FAILURE = {"fail", "refuse", "unable"}


def _plain(word: str) -> str:
    """The word with typographic apostrophes made plain ("n’t" is "n't")."""
    return word.replace("’", "'").replace("‘", "'")


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
            subject = _nsubj(head)
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


def _day_of_the_acts(events: list[Event], anchors: list[tuple], doc) -> str | None:
    """The day that "later that day" or "the next day" in a later sentence counts from: the day a clause
    of the sentence gives an act told in it (`events`), with a party (the codebook's "after a dated event").
    Not a noun's day ("the July 25 call"), nor a day told of something that is no act ("the transcript was
    released on September 25", "the permit for the march was printed on Sunday")."""
    told = {e.event_date for e in events if e.modality in ("asserted", "reported") and (e.actor or e.target)}
    clause_days = [day for i, day, precision, _ in anchors if precision == "day" and day and not _scope(doc[i])]
    return next((day for day in clause_days if day in told), None)


def _date(event: Event, trigger, anchors: list[tuple], context: tuple, lexicon: Lexicon) -> None:
    """The day of the anchor nearest the trigger in its sentence; "later that day", "the next day" and
    the like take the last day named before (last_day), shifted by the sentence's offset; an act told "a
    day after" or "two days before" another, the other's day shifted; otherwise no date, with
    date_source none (the publication date stays in the articles view) and, for a coarse anchor ("last
    week"), its precision. `context`: the last day named before, the sentence's offset from it ("the next
    day": 1) and the publication date. The day of a statement an act is told in dates it ([reporting]
    occasions); the day of a report that tells another's act does not."""
    last_day, offset, published = context
    if _date_apart(event, trigger, anchors, last_day, published):
        return
    context_day = dates.shifted(last_day, offset)
    anchors = [
        anchor
        for anchor in anchors
        if (
            _dates_the_trigger(trigger, trigger.doc[anchor[0]])
            or _told_on_the_occasions_day(trigger, trigger.doc[anchor[0]], lexicon)
            or _when_at_a_dated_noun(trigger, trigger.doc[anchor[0]])
        )
        and not _a_reports_day(event, trigger, trigger.doc[anchor[0]], lexicon)
        and not _a_bound(trigger.doc[anchor[0]])
    ]
    holder = _clause_holder(trigger)
    own = [
        anchor
        for anchor in anchors
        if _in_same_clause(holder, trigger.doc[anchor[0]]) and not _in_a_conjunct_apart(trigger, trigger.doc[anchor[0]])
    ]
    anchors = own or anchors  # a clause timed by its own words ("last year") takes no coordinated clause's day
    ranked = sorted(anchors, key=lambda anchor: (anchor[1] is None, abs(anchor[0] - trigger.i)))
    if ranked and ranked[0][1] is not None:
        _, event.event_date, event.date_precision, event.date_text = ranked[0]
        event.date_source = "sentence"
    elif context_day is not None:
        event.event_date, event.date_precision, event.date_source = context_day, "day", "context"
    else:
        event.date_source = "none"
        if ranked:
            _, _, event.date_precision, event.date_text = ranked[0]


def _date_apart(event: Event, trigger, anchors: list[tuple], last_day: str | None, published) -> bool:
    """ "The crash comes a day after the Taliban swapped two hostages": an act in a clause (or phrase) of
    "after" or "before" with a count of days is that many days from the day of the clause it hangs on:
    the day that clause names, or the publication day when it is told in the present ("comes"), else the
    last day named before. True when it dated the event."""
    apart = _days_apart(trigger)
    if apart is None:
        return False
    frame, days = apart
    inside = range(frame.left_edge.i, frame.right_edge.i + 1)
    if any(day for index, day, *_ in anchors if index in inside):
        return False  # "three days after Russia shelled the town on Monday": its own day
    outer = [index for index, day, *_ in anchors if day and index not in inside]
    main_days = [day for index, day, *_ in anchors if index in outer and _scope(trigger.doc[index]) is None]
    present = frame.head.tag_ in ("VBZ", "VBP") and published is not None
    base = main_days[0] if main_days else (published.isoformat() if present else last_day)
    if base is None:
        return False
    event.event_date = dates.shifted(base, days)
    event.date_precision, event.date_source, event.date_text = "day", "context", None
    return True


def _days_apart(trigger):
    """(the clause or phrase of "after"/"before" holding the trigger, days from the outer clause's day):
    "a day after X" -> -1 for X, "two days before the attack" -> +2 for the attack."""
    for frame in [trigger, *trigger.ancestors][:6]:
        direction = next((c.lower_ for c in frame.children if c.dep_ == "mark" and c.lower_ in _APART), None)
        if direction is None and frame.lower_ in _APART and frame.dep_ == "prep" and frame.i != trigger.i:
            direction = frame.lower_
        count = next((c for c in frame.children if c.dep_ == "npadvmod" and c.lemma_.lower() == "day"), None)
        if direction is not None and count is not None:
            number = next((parse_number(c.text) for c in count.children if c.dep_ == "nummod"), None)
            days = number if number is not None else 1  # "a day after"
            return frame, days * _APART[direction]
    return None


_APART = {"after": -1, "before": 1}  # the inner act is this way from the outer clause's day


_HISTORY_YEARS = 2  # a clause dated by a year at least this long before publication is deep history
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _deep_history(event: Event, trigger, anchors: list[tuple], published: date | None) -> bool:
    """ "since the U.S. invaded Afghanistan in 2001": a clause dated by a year long before publication is
    background, not the news (the codebook's deep history). A year that names a noun ("the 2015 bombing",
    for which someone is convicted today) dates only that noun's phrase and does not count."""
    if published is None or event.event_date is not None:
        return False
    holder = _clause_holder(trigger)
    for index, _, _, text in anchors:
        following = trigger.doc[index + 1].lower_ if index + 1 < len(trigger.doc) else ""
        years_back = _years_back(text or "", published, following)
        clause_level = _scope(trigger.doc[index]) is None or _time_frame(trigger, _scope(trigger.doc[index]))
        own = _in_same_clause(holder, trigger.doc[index]) and not _in_another_clause(trigger, trigger.doc[index])
        own = own or _when_clause_after(trigger, trigger.doc[index])
        if years_back is not None and clause_level and own:  # not "an allegation made against him in 2010"
            return years_back >= _HISTORY_YEARS
    return False


def _a_perfect_infinitive_description(trigger) -> bool:
    """ "the only two Arab states to have signed peace treaties with Israel": a perfect infinitive that
    describes who its noun is tells of a past act as background, not as the news. (The parser hangs it
    anywhere, even at the root; only "is said to have signed", a complement, is left to the reporting.)"""
    auxiliaries = {child.lower_ for child in trigger.children if child.dep_ == "aux"}
    return trigger.tag_ == "VBN" and {"to", "have"} <= auxiliaries and trigger.dep_ != "xcomp"


_ELAPSED = re.compile(r"\b([\w,]+) (years?|decades?)\b", re.I)
_BACK_WORDS = frozenset({"ago", "after", "before", "earlier", "since"})  # a span of time back, not a length


def _when_clause_after(trigger, anchor) -> bool:
    """ "In 2014, when Russia annexed Crimea, ...": a "when" clause right after a time expression is
    dated by it, wherever the parser hangs the clause."""
    clause = _when_clause(trigger)
    if clause is None:
        return False
    end = anchor.i
    while end + 1 < len(anchor.doc) and anchor.doc[end + 1].ent_iob_ == "I" and anchor.doc[end + 1].ent_type_ == "DATE":
        end += 1
    between = anchor.doc[end + 1 : clause.left_edge.i]
    return all(token.is_punct for token in between)


def _when_at_a_dated_noun(trigger, anchor) -> bool:
    """ "Trump's July 25 call when he asked Zelenskiy for investigations", "a July 10 meeting at the White House
    when Sondland told ...": a "when" clause right after the phrase of a noun with a day of its own tells what
    happened on that day, though the parser hangs the clause on the sentence's verb."""
    noun, clause = _scope(anchor), _when_clause(trigger)
    return noun is not None and clause is not None and noun.right_edge.i + 1 == clause.left_edge.i


def _when_clause(trigger):
    """The clause the trigger is told in, when "when" opens it; else None."""
    clause = trigger
    while clause.dep_ not in ("advcl", "relcl", "ROOT") and clause.head.i != clause.i:
        clause = clause.head
    opened = any(child.dep_ == "advmod" and child.lower_ == "when" for child in clause.children)
    return clause if opened else None


def _years_back(text: str, published: date, following: str = "") -> int | None:
    """How many years before publication a time expression lies: "in 2001" (a year), "18 years after
    Washington invaded", "two decades ago" (an elapsed span, `following` the word after it); None for any
    other, a length of time among them ("sentenced to five years in prison", "for two decades")."""
    year = _YEAR.search(text)
    if year:
        return published.year - int(year.group(1))
    back = following in _BACK_WORDS or any(word in _BACK_WORDS for word in text.lower().split())
    elapsed = _ELAPSED.search(text) if back else None
    count = parse_number(elapsed.group(1)) if elapsed else None
    if count is None:
        return None
    return count * (10 if elapsed.group(2).lower().startswith("decade") else 1)


def _time_frame(trigger, noun) -> bool:
    """ "seized the territories in the 1967 war": a dated noun the act happened in or during frames the
    act's time too."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.lower_ not in ("in", "during"):
        return False
    holder = preposition.head
    while holder.i != trigger.i and holder.dep_ in ("advcl", "conj", "xcomp") and holder.head.i != holder.i:
        holder = holder.head  # the parser often hangs the phrase on a participle of the clause ("seen as ...")
    return holder.i == trigger.i


def _a_bound(anchor) -> bool:
    """A day that bounds the act, not its day: "postponed the increase until Dec. 15", "must leave by Monday",
    "since Monday", "before Election Day" (the codebook gives these no day)."""
    top = _time_top(anchor)
    return top.dep_ == "pobj" and top.head.lower_ in _BOUNDING_PREPOSITIONS


_BOUNDING_PREPOSITIONS = frozenset({"until", "till", "by", "before", "after", "since", "through", "from"})


def _clause_holder(trigger):
    """The word whose clause tells the trigger's act: the trigger, or for a noun the verb it is an argument
    of ("launched an attack on Kyiv in 2014", "the talks took place in 2015")."""
    return trigger.head if trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "nsubj", "nsubjpass") else trigger


def _in_a_conjunct_apart(trigger, anchor) -> bool:
    """The time expression is inside a coordinated clause that does not hold the trigger: "arrested six
    people last year and charged them on Monday" (Monday is the charging's)."""
    for clause in [anchor, *anchor.ancestors]:
        if clause.i == trigger.i:
            return False
        if clause.dep_ == "conj" and clause.pos_ in ("VERB", "AUX"):
            return not clause.left_edge.i <= trigger.i <= clause.right_edge.i
    return False


def _in_same_clause(trigger, token) -> bool:
    """The time expression is inside the trigger's phrase: it hangs, directly or not, from the trigger."""
    return any(ancestor.i == trigger.i for ancestor in token.ancestors)


_TIME_WORDS = (
    dates.DAY_WORDS
    | dates.MONTHS
    | {"morning", "afternoon", "evening", "night", "day", "week", "month", "hours", "hour", "dawn", "midnight", "noon"}
)
_NOUN_MODIFIERS = ("compound", "nmod", "poss", "amod", "nummod", "appos", "npadvmod")  # "the testimony Tuesday"


def _scope(anchor):
    """The noun a time expression modifies ("the July 25 call", "Trump's Oct. 11 announcement", "the
    meeting on Tuesday"): it dates that noun's event and the events inside its phrase, not the rest of
    the sentence. None when it modifies a clause ("arrested six people Monday")."""
    top = _time_top(anchor)
    head = top.head.head if top.dep_ == "pobj" else top.head
    attached = top.dep_ in _NOUN_MODIFIERS or top.dep_ == "pobj"
    named = head.pos_ == "PROPN" and bool(head.ent_type_)  # "before the committee on Tuesday": a name has no day
    # "Trump on Tuesday criticized ...", "The ministry on Monday said ...": a time between a subject and its
    # verb, hung on the subject, times the clause
    before_the_verb = head.dep_ in ("nsubj", "nsubjpass") and head.i < top.i < head.head.i
    noun = head.pos_ in ("NOUN", "PROPN") and not named and not before_the_verb
    return head if attached and head.i != top.i and noun else None


def _time_top(anchor):
    """The top word of the time expression an anchor starts ("Tuesday" of "Tuesday afternoon", "hours" of "the
    early hours of Tuesday")."""
    top = anchor
    while True:
        if top.head.i != top.i and (
            top.head.lower_ in _TIME_WORDS or top.head.like_num or top.head.ent_type_ == "DATE"
        ):
            top = top.head  # (spaCy makes a new Token at each access: compare positions, not identity)
        elif top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.lower_ in _TIME_WORDS:
            top = top.head.head  # "the early hours of Tuesday", "the morning of Nov. 18"
        else:
            return top


def _a_reports_day(event: Event, trigger, anchor, lexicon: Lexicon) -> bool:
    """ "Russian forces shelled Kherson overnight, the governor said on Wednesday": the day of a report
    that tells the act (the act in its clause) is the report's, not the act's (the codebook); unless the
    reporter tells its own act ("Police said Monday they arrested six people") or announces it officially
    ("A man pleaded guilty ..., the U.S. Attorney's Office announced Monday": [reporting] announcing)."""
    top = _time_top(anchor)
    report = top.head.head if top.dep_ == "pobj" else top.head
    if report.i == trigger.i or report.pos_ != "VERB" or report.lemma_.lower() not in lexicon.reporting:
        return False
    if report.lemma_.lower() in lexicon.announcing:
        return False
    if not any(ancestor.i == report.i for ancestor in trigger.ancestors):
        return False
    reporter = _nsubj(report)
    if reporter is not None and reporter.pos_ == "PRON":  # "He said Monday he had met Putin": his own act, as
        return event.actor_kind != "pronoun"  # a pronoun tells; "He said Monday that police arrested ...": not
    return reporter is None or not _same_party(_phrase(reporter), event.actor)


def _same_party(one: Span | None, other: Span | None) -> bool:
    """Two spans of one party: the same name, or overlapping words of the text ("House Select Committee",
    the reporter's phrase cut at its preposition, within the actor "House Select Committee on Intelligence")."""
    if one is None or other is None:
        return False
    overlap = one.start_char < other.end_char and other.start_char < one.end_char
    return overlap or _key(one) == _key(other)


def _dates_the_trigger(trigger, anchor) -> bool:
    # a content clause ("the Oct. 11 announcement that they had reached a deal") takes its noun's day
    separate = _in_another_clause(trigger, anchor) or _in_another_clause(anchor, trigger, ("relcl",))
    scope = _scope(anchor)
    # "agreed to a ceasefire on Tuesday": a day the parser hangs on the verb's object, after "on" (not "the March
    # 21 call", "a 2010 allegation" or "in the wake of the September 11 attacks", the object's own time), times
    # the verb too
    top = _time_top(anchor)
    on_its_object = scope is not None and top.dep_ == "pobj" and top.head.lower_ == "on" and _object_of(scope, trigger)
    return (_in_scope(trigger, scope) or on_its_object) and not separate


def _told_on_the_occasions_day(trigger, anchor, lexicon: Lexicon) -> bool:
    """ "In a joint statement published Oct. 25, the ministries accused ...", "asked for compassion in a
    letter posted on Twitter Tuesday", "In their TV debate on Tuesday, Johnson attacked ...": the day of
    the statement, letter or debate an act is told in (a noun of `occasions` the trigger holds through "in",
    "during" or "at") is the act's day, though the day hangs on the occasion's own words."""
    path = []
    for token in anchor.ancestors:
        if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.occasions:
            break
        path.append(token)
    else:
        return False
    occasion = token
    if any(step.dep_ not in _OCCASION_ARCS for step in [anchor, *path]):
        return False  # "in a statement about the attack the rebels made on Monday": the attack's day
    if any(step.lemma_.lower() in lexicon.modality.get("intention", ()) for step in path):
        return False  # "during a march planned for Oct. 15": the day of a plan, not of the march
    if occasion.dep_ != "pobj" or occasion.head.lower_ not in ("in", "during", "at"):
        return False
    holder = occasion.head.head
    while holder.i != trigger.i and holder.dep_ in ("pobj", "prep") and holder.head.i != holder.i:
        holder = holder.head  # the parser may hang the phrase on a noun of the trigger's own phrase
    return holder.i == trigger.i


_OCCASION_ARCS = ("npadvmod", "pobj", "prep", "acl", "nummod", "compound", "nmod", "appos")


def _in_another_clause(outside, inside, clauses: tuple[str, ...] = ("acl", "relcl")) -> bool:
    """`inside` sits in a clause that modifies a noun (a participle or a relative clause) which does not
    hold `outside`: "canceled an increase in tariffs planned for Oct. 15" (the day is the plan's, not the
    cancelling's); "the testimony Tuesday of an officer who described Trump's call" (the day is the
    testimony's, not the call's). A present participle tells of its noun at the time of the act ("abducted
    by gunmen wearing military uniforms in August 2016"): it is no clause of its own."""
    for clause in [inside, *inside.ancestors]:
        if clause.dep_ == "acl" and clause.tag_ == "VBG":
            continue
        if clause.dep_ in clauses:  # (a clause modifying `outside` itself tells of it: "an allegation made in 2010")
            return clause.head.i != outside.i and not clause.left_edge.i <= outside.i <= clause.right_edge.i
    return False


def _in_scope(trigger, scope) -> bool:
    return scope is None or scope.left_edge.i <= trigger.i <= scope.right_edge.i


def _object_of(noun, verb) -> bool:
    """The noun is the verb's object, or the object of one of its prepositions ("agreed to a ceasefire")."""
    if verb.pos_ != "VERB":
        return False
    if noun.dep_ == "dobj":
        return noun.head.i == verb.i
    return noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i == verb.i


def _locate_at_seats(events: list[Event], place_spans: list[Span], seats: dict[str, tuple[str, ...]]) -> None:
    """An institution acts at its seat: an event whose sentence names no place and whose actor is one of
    a seat's institutions ("the House Intelligence Committee", "the Kremlin") happened there, when the
    article names that seat (location_source = seat). A seat the article never names is not guessed."""
    for event in events:
        if event.places or event.actor is None:
            continue
        for seat, names in seats.items():
            if any(re.search(rf"\b{re.escape(name)}\b", event.actor.text) for name in names):
                named_seat = next((span for span in place_spans if span.text.lower() == seat), None)
                if named_seat is not None:
                    event.places, event.location_source = [named_seat], "seat"
                break


def _locate_from_article(events: list[Event], place_spans: list[Span], doc=None) -> None:
    """An event whose sentence names no place happened, as far as the article says, at its main place,
    flagged location_source = article: the first place the lead puts something "in", "near" or "at"
    (where news says its story happens: "killed in a helicopter crash in Afghanistan"), else the seat the
    lead's institution acted at (testimony before a House committee: Washington), else the place the
    article names most. A street or an address takes its point from that place ("a traffic stop
    near Seventh Street" in a story set in Columbus)."""
    if not place_spans:
        return
    main = _lead_place(doc, place_spans) if doc is not None else None
    main = main or next(
        (e.places[0] for e in events if e.location_source == "seat" and e.sentence_index < _LEAD_SENTENCES), None
    )
    if main is None:
        counts: dict[str, int] = {}
        for span in place_spans:
            counts[span.text] = counts.get(span.text, 0) + 1
        main = max(place_spans, key=lambda span: counts[span.text])
    locality = main if not _ADDRESS.search(main.text) else None
    for event in events:
        if not event.places:
            event.places, event.location_source = [main], "article"
        event.points = [locality if locality and _ADDRESS.search(place.text) else place for place in event.places]


_LEAD_SENTENCES = 3


_ADDRESS = re.compile(r"\b(Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Boulevard|Blvd|Lane|Place|Court|Way|Highway)\.?$")


def _lead_place(doc, place_spans: list[Span]) -> Span | None:
    """The first place, not a street address, the lead puts something in, near or at."""
    lead_end = next((s.end_char for i, s in enumerate(doc.sents) if i == _LEAD_SENTENCES - 1), len(dates.text_of(doc)))
    for span in place_spans:
        if span.start_char < lead_end and not _ADDRESS.search(span.text) and _after_place_preposition(doc, span):
            return span
    return None


# --- what makes a candidate an event: its sense, its actor, its modality, its article's domain ---


def _sense(trigger, event_type: str, lexicon: Lexicon, article_words: frozenset[str]) -> dict | None:
    """The sense a trigger has in its context ([[senses]] in the lexicon): the first sense of its
    lemma whose conditions hold; a lemma with senses and none that holds is no event here. A lemma
    without senses keeps its lexicon type."""
    senses = lexicon.senses.get(trigger.lemma_.lower())
    if not senses:
        return {"type": event_type}
    children = list(trigger.children)
    # "fired on Thursday" is no "fired on": a preposition of a time marks no sense
    preps = {
        child.lower_ for child in children if child.dep_ == "prt" or (child.dep_ == "prep" and not _of_a_time(child))
    }
    if trigger.pos_ == "NOUN" and trigger.dep_ == "dobj":  # "opened a probe into the deal": the parser hangs
        preps |= {child.lower_ for child in trigger.head.children if _prep_of_a_party(child)}  # "into" on "opened"
    object_tokens = [child for child in children if child.dep_ in ("dobj", "nsubjpass")]
    # "warned the United States of a nuclear response": the parser hangs the verb's "of" on the name it names
    preps |= {
        c.lower_ for o in object_tokens if o.pos_ == "PROPN" for c in o.children if c.dep_ == "prep" and not c.ent_type_
    }
    # "summoned the opposition leader over alleged offences": a cause's "over", which it hangs on any object
    preps |= {c.lower_ for o in object_tokens for c in o.children if c.dep_ == "prep" and c.lower_ == "over"}
    prep_objects = [g for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    described = [trigger.head] if trigger.dep_ == "acl" else []  # "the explanation being offered": its noun
    objects = {token.lower_ for token in object_tokens + prep_objects + described}  # "asked for comment" too
    modifiers = {child.lower_ for child in children if child.dep_ in ("npadvmod", "advmod", "compound")}
    described_as = {child.lower_ for child in children if child.dep_ in ("compound", "amod")}
    # what a sense's object kind reads: the objects, what a count counts ("fired dozens of rockets"), a participle's
    # noun ("a missile fired by the Houthis") and what a receiver is given ("provided Ukraine with missiles")
    given = (
        object_tokens + [noun for noun in described if trigger.tag_ == "VBN"] + _supplied_with(trigger, object_tokens)
    )
    patients = [_counted(token) or token for token in given]
    has_complement = any(child.dep_ in ("oprd", "xcomp", "ccomp") for child in children)
    has_clause = any(child.dep_ == "ccomp" for child in children)
    infinitives = {  # a verb's "to" complement, or a noun's ("his refusal to say")
        child.lemma_.lower() for child in children if _is_infinitive_complement(child, object_tokens)
    } | {token.lemma_.lower() for token in _infinitives_after_an_aside(trigger)}
    has_infinitive = bool(infinitives)
    is_passive = any(child.dep_ in ("nsubjpass", "auxpass", "agent") for child in children)  # "as demonstrated by"
    for sense in senses:
        if sense.get("pos") and trigger.pos_ != sense["pos"]:
            continue
        if "with_prep" in sense and not preps & set(sense["with_prep"]):
            continue
        if preps & set(sense.get("not_with_prep", [])):
            continue  # "a warning of dangerous consequences": addressed to no one
        if sense.get("with_counterpart") and not _addressed(children, lexicon):
            continue  # "pledged to take corrective action": a vague pledge, to no one
        if sense.get("with_complement") and not has_complement:
            continue
        if sense.get("with_act_to_come") and not any(_tells_of_an_act_to_come(c, lexicon) for c in children):
            continue  # "warned that there is no room for compromise": a warning, not a threat
        if sense.get("with_infinitive") and not has_infinitive:
            continue
        if infinitives & set(sense.get("not_with_infinitive", [])):
            continue  # "declined to comment"
        if "with_infinitive_of" in sense and not infinitives & set(sense["with_infinitive_of"]):
            continue  # "vowed to retaliate", not "vowed to support Ukraine"
        if sense.get("without_clause") and has_clause:
            continue  # "agreed that ...", "recognized that ...": an opinion, not an act
        if sense.get("transitive") and not (object_tokens or is_passive or trigger.dep_ in ("acl", "relcl")):
            continue  # "Democrats criticized sharply": criticism with no object is not coded (the codebook)
        if sense.get("intransitive") and (object_tokens or is_passive or trigger.dep_ == "acl"):
            continue
        if objects & set(sense.get("not_with_objects", [])):
            continue
        if modifiers & set(sense.get("not_with_modifiers", [])):
            continue  # "test-fired a missile": a test, not an attack
        if "with_modifiers" in sense and not described_as & set(sense["with_modifiers"]):
            continue  # "a hunger strike", "a general strike": a stoppage, not an attack
        if "with_object_kind" in sense and not any(_is_kind(o, sense["with_object_kind"]) for o in patients):
            continue
        if "with_prep_object_kind" in sense:  # "spoke with Xi", not "spoke with reporters" or "to CNN"
            prep_object = _prep_object(trigger, tuple(sense.get("with_prep", [])))
            if prep_object is None or not _is_kind(prep_object, sense["with_prep_object_kind"]):
                continue
        if "with_subject_kind" in sense and not _subject_is(trigger, sense["with_subject_kind"]):
            continue
        if "in_article_with" in sense and not article_words & set(sense["in_article_with"]):
            continue
        if _governor_lemma(trigger) in set(sense.get("not_governed_by", [])):
            continue
        if "governed_by" in sense and not _governors(trigger) & set(sense["governed_by"]):
            continue
        if "not_complement_tone" in sense and _complement_tone(children) in sense["not_complement_tone"]:
            continue
        if "with_clause_of" in sense and not _a_clause_of(children, sense["with_clause_of"]):
            continue  # "argued that the law was unconstitutional": a view, not an appeal
        if "with_complement_tone" in sense and _complement_tone(children) not in sense["with_complement_tone"]:
            continue  # "dubbed the plan “a disaster”", not "dubbed him “the comeback kid”"
        return sense
    return None


def _supplied_with(verb, object_tokens: list) -> list:
    """ "provided Ukraine with Javelin missiles": what a receiver is given "with", when the verb's object is
    the receiver (the things given, and the others listed with them)."""
    if not any(token.dep_ == "dobj" for token in object_tokens):
        return []
    given = [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"
    ]
    return given + [conj for token in given for conj in token.conjuncts]


def _of_a_time(preposition) -> bool:
    """ "on Thursday", "on July 25": a preposition whose objects are all times."""
    objects = [g for g in preposition.children if g.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _prep_of_a_party(child) -> bool:
    """A preposition whose object is no time ("into the deal", not "on July 25")."""
    has_object = any(g.dep_ == "pobj" for g in child.children)
    return child.dep_ == "prep" and has_object and not _of_a_time(child)


def _tells_of_an_act_to_come(clause, lexicon: Lexicon) -> bool:
    """A "that" clause of something to come: a future or a modal ("warned that it would retaliate", "will not
    sit on our hands"), or a condition ("if ...")."""
    if clause.dep_ != "ccomp":
        return False
    cues = lexicon.modality
    modals = cues.get("future", frozenset()) | cues.get("hypothetical", frozenset())
    if any(child.dep_ == "aux" and child.lower_ in modals for child in clause.children):
        return True
    conditions = (child for child in clause.children if child.dep_ == "advcl")
    marks = {mark.lower_ for condition in conditions for mark in condition.children if mark.dep_ == "mark"}
    return bool(marks & cues.get("conditional", frozenset()))


def _addressed(children, lexicon: Lexicon) -> bool:
    """A promise or pledge made to someone: an indirect object ("promised Zelensky a meeting"), or a person,
    state, organization or group as its object or after "to" ("pledged support to Ukraine"; also where the
    parser hangs "to" inside the object: "pledged 500 million euros to Ukraine", "100 million euros in aid to
    Ukraine")."""
    children = list(children)  # read three times: a token's children come as a generator
    if any(child.dep_ in ("dative", "iobj") for child in children):
        return True
    parties = [child for child in children if child.dep_ == "dobj"]
    # "pledged 100 million euros in aid to Ukraine": the "to" anywhere in the object's phrase
    holders = [*children, *(token for child in parties for token in child.subtree if token.i != child.i)]
    receivers = [g for c in holders if c.dep_ in ("prep", "dative") and c.lower_ == "to" for g in c.children]
    arms = lexicon.munitions | lexicon.weapons_of_a_side  # "sent drones into Ukraine": what is sent is no party
    return any(
        _is_kind(token, _PARTY_LABELS) or (_is_kind(token, lexicon.group_nouns) and not _is_kind(token, arms))
        for token in parties + receivers
    ) or any(_of_a_party(token) for token in receivers)


def _of_a_party(noun) -> bool:
    """Whom something is given "to", told by the party they belong to: "the Rohingya refugees", "Ukrainian
    families", "the company's employees" (an object so told is a thing: "promised its Apple devices")."""
    return noun.pos_ == "NOUN" and any(
        child.dep_ in ("compound", "amod", "nmod", "poss") and child.ent_type_ in _PARTY_LABELS
        for child in noun.children
    )


_PARTY_LABELS = ["PERSON", "ORG", "GPE", "NORP"]


def _is_infinitive_complement(child, object_tokens) -> bool:
    """A "to" infinitive the verb or noun governs. The small model often hangs "pushed Ukraine to
    investigate" and "pleaded with the administration to reconsider" as an adverbial clause: one whose
    doer is the verb's object, or has a subject of its own, is the complement all the same."""
    if child.dep_ in ("xcomp", "acl"):
        return _is_infinitive(child)
    if child.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
        return False
    return bool(object_tokens) or any(c.dep_ == "nsubj" for c in child.children)


def _infinitives_after_an_aside(trigger) -> list:
    """ "was told by John Bolton — Morrison's supervisor — to go straight to the counsel": after an aside on the
    verb's agent or object (an apposition, between dashes or commas) the parser hangs the verb's infinitive on
    the aside; it is the verb's."""
    agents = [g for c in trigger.children if c.dep_ in ("agent", "dobj") for g in [c, *c.children]]
    asides = [a for holder in agents for a in holder.children if a.dep_ == "appos"]
    return [t for aside in asides for t in aside.children if t.dep_ == "acl" and _is_infinitive(t)]


def _is_infinitive(token) -> bool:
    """A "to" infinitive, also where the tagger took the verb for a noun ("declined later to state")."""
    return token.tag_ == "VB" or any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)


def _a_clause_of(children, words) -> bool:
    """A "that" clause whose verb, auxiliary or predicate adjective or noun is one of `words` ("argued that the
    country needs ...", "insisted that he must resign", "ruled that the decree was unlawful")."""
    clauses = [child for child in children if child.dep_ == "ccomp"]
    told = ("aux", "acomp", "attr")  # "must resign"; "ruled that the decree was unlawful"
    return any(
        clause.lemma_.lower() in words or any(c.dep_ in told and c.lemma_.lower() in words for c in clause.children)
        for clause in clauses
    )


def _complement_tone(children) -> str:
    """ "called the campaign a bold, innovative effort" is praise, "called it an extremely adverse
    development" blame: the valence of the complement's words, or of an "as" phrase ("dubbed his role as
    “the Gordon problem”"), by VADER's lexicon: positive, negative or neutral."""
    complement = next((child for child in children if child.dep_ in ("oprd", "xcomp", "ccomp")), None)
    described_as = next((child for child in children if child.dep_ == "prep" and child.lower_ == "as"), None)
    complement = complement or described_as  # "dubbed Sondland's role as “the Gordon problem”"
    if complement is None:
        return "neutral"
    words = complement.doc[complement.left_edge.i : complement.right_edge.i + 1].text
    score = _valence().polarity_scores(words)["compound"]
    return "positive" if score >= _TONE else "negative" if score <= -_TONE else "neutral"


_TONE = 0.3  # VADER's compound score beyond which a phrase reads as praise or blame


@functools.cache
def _valence():
    return SentimentIntensityAnalyzer()


def _governor_lemma(trigger) -> str:
    """The word a noun trigger hangs from: its verb ("aid was stalled"), or through a preposition its noun
    ("the hold on security assistance")."""
    head = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
    return head.lemma_.lower() if head.i != trigger.i else ""


def _governors(trigger) -> set[str]:
    """The words a noun trigger is governed by: the word it hangs from, its first conjunct's for a noun
    in a series ("announced a deal and a truce"), and a participle describing it ("the deal reached on
    Friday", "a plea agreement offered by prosecutors")."""
    first = trigger
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    sum_of_it = _sum_in(first)  # "sent $400 million in military aid": the verb the sum hangs from
    governors = {_governor_lemma(first)} | ({_governor_lemma(sum_of_it)} if sum_of_it is not None else set())
    return governors | {child.lemma_.lower() for child in trigger.children if child.dep_ == "acl"}


def _sum_in(noun):
    """The sum a noun is counted in ("$400 million in military aid", "5,000 tons of aid"), if it is one."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "of"):
        return None
    amount = noun.head.head
    return amount if amount.like_num or amount.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL") else None


def _is_kind(token, kinds: Collection[str]) -> bool:
    """The token is an entity of one of `kinds` (spaCy labels), or its lemma is one of them."""
    return token.ent_type_ in kinds or token.lemma_.lower() in kinds


def _subject_is(trigger, kinds: list[str]) -> bool:
    """The trigger's subject, or for an xcomp, conj or advcl its head's ("plans to visit"), is of `kinds`;
    a noun's subject is the actor that modifies it ("Republican attacks", "the senator's attack")."""
    if trigger.pos_ == "NOUN":
        actor = next((child for child in trigger.children if child.dep_ in ("poss", "amod", "compound", "nmod")), None)
        return actor is not None and (_is_kind(actor, kinds) or actor.pos_ in kinds)
    holders = [trigger, trigger.head] if trigger.dep_ in ("xcomp", "conj", "advcl") else [trigger]
    for holder in holders:
        subject = next((child for child in holder.children if child.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            subject = _counted(subject) or subject  # "Thousands of farmers blocked a highway": the farmers
            return _is_kind(subject, kinds) or subject.pos_ in kinds
    return False


def _name_roles(event: Event, trigger, named: list[Named], lexicon: Lexicon) -> None:
    """Actor and target as a reader could name them: an entity, a definite group ("police", "Russian
    troops"), or a pronoun resolved to the nearest compatible entity before it in the paragraph."""
    if event.actor is not None and _is_dateline(event.actor, named):
        # "Indianapolis – Thousands of teachers ...": where the story was filed, not who acts; the parser may
        # hang the real subject on it ("HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper ... accused")
        event.actor = _after_the_dateline(trigger.doc, event.actor)
    if event.actor is not None and _is_a_time(trigger.doc, event.actor):
        event.actor = None  # "Wednesday morning's hearing": a time, not who holds it
    crowd = event.event_type in lexicon.crowd_types
    actor_pronoun = _role_token(trigger, "actor")
    if event.actor is None and (reporter := _reporter_of_itself(actor_pronoun, lexicon)) is not None:
        event.actor, actor_pronoun = reporter, None  # "The army said it had killed 20 militants": the army
    event.actor, event.actor_kind = _named_role(event.actor, actor_pronoun, named, lexicon, trigger.doc, crowd)
    # "The Arab League called it ...": a pronoun target is someone other than the actor ("itself" would say so)
    others = [m for m in named if event.actor is None or _key(m) != _key(event.actor)]
    target_pronoun = _role_token(trigger, "target")
    event.target, event.target_kind = _named_role(event.target, target_pronoun, others, lexicon, trigger.doc)


def _actors_from_adjacent_sentences(events: list[Event], sentences, named: list[Named], lexicon: Lexicon) -> None:
    """ "Carlineo was arrested in April ... The office referred the call to U.S. Capitol Police, who worked
    with the FBI": an act done to someone by no one the sentence names takes its actor from the sentence
    before or after that names a party of the kind that does such acts (the codebook: the actor may come
    from adjacent sentences that elaborate the same act), [adjacent_actors] in the lexicon: the kinds its
    trigger lists, else its type's (a sentence is a court's, not the police's)."""
    for event in events:
        kinds = lexicon.adjacent_actors.get(event.trigger_lemma) or lexicon.adjacent_actors.get(event.event_type)
        if event.actor is not None or event.target is None or not kinds:
            continue
        for number in (event.sentence_index + 1, event.sentence_index - 1):
            words = sentences[number] if 0 <= number < len(sentences) else []
            party = next((t for t in words if t.lemma_.lower() in kinds and t.pos_ in ("NOUN", "PROPN")), None)
            if party is not None:
                event.actor, event.actor_kind = _named_role(_phrase(party), None, named, lexicon, party.doc)
                break


def _implied_actor(event: Event, trigger, lexicon: Lexicon) -> None:
    """ "Months of anti-government protests in the capital": a protest names its actors, the protesters
    (the codebook's rule), when the sentence says where it happened or counts them ("Hundreds of
    demonstrators blocked roads"). A noun of [actors] implied_by_noun, with no actor of its own, is then its
    own actor, a group. ("A rally" is no such noun: it may be a campaign's.)"""
    counted = _counter(trigger)
    doers = lexicon.implied_actor_nouns.get(trigger.lemma_.lower())
    doers = doers if event.event_type in lexicon.crowd_types else None  # "a general strike", not "a missile strike"
    if event.actor is None and (event.places or counted.i != trigger.i) and trigger.pos_ == "NOUN" and doers:
        event.actor, event.actor_kind = _phrase(counted), "group"
        act = _singular(doers) != trigger.lemma_.lower()  # not "Demonstrators in Hong Kong", who name themselves
        if counted.i == trigger.i and act:  # "protests in the capital" are the protesters' ("teacher protests")
            compounds = [child for child in trigger.children if child.dep_ == "compound"]
            kind = [child.text for child in compounds if _a_group(child.lower_, lexicon)]
            event.actor = Span(" ".join([*kind, doers]), trigger.idx, trigger.idx + len(trigger.text))


def _a_group(word: str, lexicon: Lexicon) -> bool:
    """A lowercase word (or its singular) heads a definite group ([actors] group_nouns): "teachers", "police"."""
    return word in lexicon.group_nouns or _singular(word) in lexicon.group_nouns


def _after_the_dateline(doc, dateline: Span) -> Span | None:
    place = doc.char_span(dateline.start_char, dateline.end_char, alignment_mode="expand")
    if place is None:
        return None
    following = [c for c in place.root.children if c.dep_ == "appos" and c.ent_type_ not in ("GPE", "LOC")]
    return _phrase(following[-1]) if following else None


def _is_a_time(doc, span: Span) -> bool:
    phrase = doc.char_span(span.start_char, span.end_char, alignment_mode="expand")
    return phrase is not None and phrase.root.ent_type_ in ("DATE", "TIME")


def _is_dateline(span: Span, named: list[Named]) -> bool:
    """The span is the dateline's place, as the entity stage recognized it."""
    return any(m.source == "dateline" and m.start_char < span.end_char and span.start_char < m.end_char for m in named)


def _reporter_of_itself(pronoun, lexicon: Lexicon) -> Span | None:
    """ "The army said it had killed 20 militants", "Police said they arrested six people": "it" or "they" as
    the subject of what a body described by a common noun reports is that body (a name is found as any
    antecedent is)."""
    if pronoun is None or pronoun.lower_ not in ("it", "they"):
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in lexicon.reporting:
        return None
    reporter = _nsubj(clause.head)
    return _phrase(reporter) if reporter is not None and reporter.pos_ == "NOUN" else None


def _role_token(trigger, role: str):
    """The pronoun a verb's subject (actor) or object (target) is, if it is one: _phrase leaves them out.
    A noun's possessive pronoun is its actor ("their impeachment inquiry")."""
    deps = ("nsubj",) if role == "actor" else ("dobj", "nsubjpass")
    if trigger.pos_ != "VERB":
        deps = ("poss",) if role == "actor" else ()
    token = next((child for child in trigger.children if child.dep_ in deps), None)
    shared_passive = trigger.pos_ == "VERB" and _shares_a_passive(trigger)
    if token is None and role == "actor" and trigger.pos_ == "VERB" and not shared_passive:
        token = _series_subject(trigger) if _misread_series(trigger) else _inherited_subject(trigger)
    if token is None and role == "target" and shared_passive:
        token = _shared_patient(trigger)
    return token if token is not None and token.pos_ == "PRON" else None


def _named_role(
    span: Span | None, pronoun, named: list[Named], lexicon: Lexicon, doc, crowd: bool = False
) -> tuple[Span | None, str | None]:
    """`crowd`: the act is one a counted crowd does ("About 5,000 people protested"), so one names a group."""
    last_word = span.text.lower().split()[-1] if span is not None and span.text.strip() else ""
    if last_word in lexicon.titles and _after_the(doc, span):  # "the senator": the one last named "Sen. ..."
        persons = [(m.start_char, m.end_char, m.name or m.text, m) for m in named if m.label == "PERSON"]
        holder = titled_person(dates.text_of(doc), span.start_char, persons, lexicon.titles[last_word])
        if holder is not None:
            return Span(holder[3].text, holder[0], holder[1], holder[3].name), "pronoun"
    if span is not None and span.text.lower() in lexicon.descriptions and _after_the(doc, span):
        labels = lexicon.descriptions[span.text.lower()]
        antecedent = _antecedent_before(span.start_char, labels, named, doc)
        if antecedent is not None:
            return Span(antecedent.text, antecedent.start_char, antecedent.end_char, antecedent.name), "pronoun"
    if span is None:
        if pronoun is not None and pronoun.lower_ in lexicon.speaker_pronouns:  # the quote's speaker, if quoted
            return Span(pronoun.text, pronoun.idx, pronoun.idx + len(pronoun.text)), "speaker"
        if pronoun is None or pronoun.lower_ not in lexicon.pronouns:
            return None, None
        labels = lexicon.pronouns[pronoun.lower_]
        groups = _group_subjects(doc, pronoun.idx, lexicon) if "GROUP" in labels else []
        # "Hamas fighters": the entity named in the group is the antecedent already
        groups = [g for g in groups if not any(g.start_char <= m.start_char < g.end_char for m in named)]
        antecedent = _antecedent(pronoun, labels, [*named, *groups])
        if antecedent is None:
            return None, None
        return Span(antecedent.text, antecedent.start_char, antecedent.end_char, antecedent.name), "pronoun"
    # The phrase's head (its last word) decides: "Obama's involvement" is no actor, "Obama" is.
    head_start = span.start_char + (span.text.rstrip().rfind(" ") + 1)
    heading = [m for m in named if m.start_char <= head_start < m.end_char]
    acting = [m for m in heading if m.label != "PLACE"]
    if acting:
        return Span(span.text, span.start_char, span.end_char, acting[0].name), "entity"
    if heading:
        return span, "state"  # a place standing for its government ("Washington said", "the United States sent")
    if _a_group(last_word, lexicon):
        # "The minister, John Smith, accused ...": the name told
        return _named_apposition(doc, head_start, named) or (span, "group")
    if crowd and _a_counted_crowd(doc, head_start):
        return span, "group"
    if _singular(last_word) in lexicon.weapons_of_a_side and _a_sides_weapon_acting(doc, span, head_start, named):
        return span, "group"  # "Israeli jets bombed targets in Gaza": the side the nationality names
    return _named_apposition(doc, head_start, named) or (span, None)


def _a_sides_weapon_acting(doc, span: Span, head_start: int, named: list[Named]) -> bool:
    """A weapon or a craft whose side a name before it tells ("Israeli jets"), the subject of a verb with an object
    ("bombed targets"): not "US Chinook helicopter shot down", a headline's passive the parser reads as active."""
    head = doc.char_span(head_start, span.end_char, alignment_mode="expand")
    if head is None or not any(span.start_char <= m.start_char < head_start for m in named):
        return False
    token = head.root
    return token.dep_ == "nsubj" and any(child.dep_ == "dobj" for child in token.head.children)


def _after_the(doc, span: Span) -> bool:
    """ "the company", "the Democrat": a description pointing back; "Republican attacks" is a party's."""
    return doc.text[max(0, span.start_char - 4) : span.start_char].lower() == "the "


def _a_counted_crowd(doc, head_start: int) -> bool:
    """ "About 5,000 people", "dozens of residents": people counted are a definite group, tied to the act
    they are counted at (an open-ended class, "residents have long protested", is not)."""
    word = doc.char_span(head_start, head_start + 1, alignment_mode="expand")
    if word is None or word[0].tag_ != "NNS":
        return False
    people = word[0]
    if people.lemma_.lower() in _COUNT_NOUNS - {"group", "number"}:
        return True  # "Thousands took to the streets"
    return any(child.dep_ == "nummod" for child in people.children) or _counter(people).i != people.i


def _named_apposition(doc, head_start: int, named: list[Named]) -> tuple[Span, str] | None:
    """ "The two neighbours, Egypt and Jordan, criticised ...": a description the apposition beside it
    names. The apposition (with its coordinated names) stands for it: a state, or an entity."""
    word = doc.char_span(head_start, head_start + 1, alignment_mode="expand")
    appos = next((child for child in word[0].children if child.dep_ == "appos"), None) if word else None
    if appos is None or (appos.i > 0 and appos.doc[appos.i - 1].text == "("):
        return None  # "The New York State Attorney General (NYAG)": an acronym in brackets is the same name
    labels = {m.label for m in named if m.start_char <= appos.idx < m.end_char}
    if not labels:
        return None
    last = max([appos, *(child for child in appos.children if child.dep_ == "conj")], key=lambda token: token.i)
    start, end = appos.left_edge.idx, last.idx + len(last.text)
    return Span(doc.text[start:end], start, end), ("state" if labels == {"PLACE"} else "entity")


def _antecedent_before(position: int, labels: tuple[str, ...], named: list[Named], doc) -> Named | None:
    """ "The company rolled back its policy": the entity the article last made a subject of that type,
    else the last named (not the office it last dealt with: "... a settlement with the NYAG")."""
    before = [m for m in named if m.end_char <= position and m.label in labels]
    subjects = [m for m in before if _is_subject(doc, m)]
    return (subjects or before or [None])[-1]


def _antecedent(pronoun, labels: tuple[str, ...], named: list[Named]) -> Named | None:
    """The nearest entity of a compatible type before the pronoun in its paragraph (or the paragraph before,
    for a pronoun opening its paragraph), a grammatical subject first (a pronoun most often continues the
    subject before it: "Merkel met Macron. She criticized him.")."""
    doc = pronoun.doc
    text = dates.text_of(doc)
    paragraph_start = text.rfind("\n", 0, pronoun.idx) + 1
    if not text[paragraph_start : pronoun.idx].strip(" “\"'"):  # "He begged lawmakers ..." opening a paragraph
        end_before = len(text[:paragraph_start].rstrip("\n"))  # past any blank lines between them
        paragraph_start = text.rfind("\n", 0, end_before) + 1  # continues the one before
    candidates = [*named, *_people_named_together(named, text)] if PEOPLE in labels else named
    before = [m for m in candidates if paragraph_start <= m.start_char and m.end_char <= pronoun.idx]
    before = sorted((m for m in before if m.label in labels and not _of_a_name(doc, m)), key=lambda m: m.start_char)
    subjects = [m for m in before if _is_subject(doc, m)]
    return (subjects or before or [None])[-1]


def _group_subjects(doc, before: int, lexicon: Lexicon) -> list[Named]:
    """Groups told by their noun as a clause's subject before a character offset ("Police fired tear gas at
    crowds on the Ahrar bridge. “They are shooting at us,” ..."): plural, as "they" is, though no entity."""
    found = []
    for token in doc:
        if token.idx >= before:
            break
        plural = token.tag_ == "NNS" or token.lemma_.lower() == "police"
        if token.dep_ in ("nsubj", "nsubjpass") and plural and _is_kind(token, lexicon.group_nouns):
            phrase = _phrase(token)
            if phrase is not None:
                found.append(Named(phrase.start_char, phrase.end_char, "GROUP", phrase.text))
    return found


def _of_a_name(doc, mention: Named) -> bool:
    """ "Turkish President Recep Tayyip Erdogan": a nationality that is part of a person's title is no group
    for "they" or "their" to stand for (as "Russian troops" is)."""
    span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    root = span.root if span is not None else None
    return root is not None and root.dep_ in ("amod", "compound") and root.head.pos_ == "PROPN"


PEOPLE = "PEOPLE"  # the [pronouns] label of people named together: "Warren and Ocasio-Cortez ... They criticised"
_TOGETHER = re.compile(r",? and (?:\w+ ){0,2}$")  # "Warren and congresswoman Ocasio-Cortez"


def _people_named_together(named: list[Named], text: str) -> list[Named]:
    """Two people named side by side ("X and Y", "X, Y and Z"'s last two): one antecedent for "they"."""
    people = sorted((m for m in named if m.label == "PERSON"), key=lambda m: m.start_char)
    return [
        Named(first.start_char, second.end_char, PEOPLE, text[first.start_char : second.end_char])
        for first, second in itertools.pairwise(people)
        if _TOGETHER.fullmatch(text[first.end_char : second.start_char])
    ]


def _is_subject(doc, mention: Named) -> bool:
    """The mention is a subject, or names the subject's people ("Hamas fighters attacked a post"): not what
    the subject acts on ("an Israeli army post")."""
    span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    of_the_subject = root.dep_ in ("compound", "poss", "amod", "nmod") and root.head.dep_ in ("nsubj", "nsubjpass")
    return root.dep_ in ("nsubj", "nsubjpass") or of_the_subject


def _modality(trigger, sentence, event: Event, lexicon: Lexicon) -> str:
    """negated; hypothetical (a conditional, a modal, a question); future (will, or an intention or plan
    it is the object of); reported (someone says so); else asserted. Read off the verb that governs the
    trigger (a noun trigger's verb: "could finalize an agreement")."""
    if event.negated or _denied(trigger, lexicon.modality.get("denial", frozenset())):
        return "negated"
    # "no deal", "any deal": no particular act; nor "no mention of rolling back", "no sign of an attack"
    for noun in _determined_nouns(trigger):
        determiners = {child.lower_ for child in noun.children if child.dep_ == "det"}
        for modality in ("negated", "hypothetical"):
            if determiners & lexicon.generic_determiners.get(modality, frozenset()):
                return modality
    verb = _governing_verb(trigger)
    cues = lexicon.modality
    chain = [verb, *_clause_heads(verb)]
    if sentence.text.rstrip().rstrip("\"”’'").endswith("?"):
        return "hypothetical"
    for head in chain:
        marks = {child.lower_ for child in head.children if child.dep_ == "mark"}
        if marks & cues.get("conditional", frozenset()):
            return "hypothetical"
        when = {child.lower_ for child in head.children if child.dep_ in ("mark", "advmod")}
        if when & cues.get("generic_when", frozenset()) and head.tag_ in ("VBZ", "VBP", "VB"):
            return "hypothetical"  # "When police arrest a suspect, they must ...": what happens, not what happened
        infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in head.children)
        if "for" in marks and infinitive:
            return "future"  # "pressure must continue for Damascus to allow the U.N. to deliver aid": a purpose
    if _habitual(verb, cues.get("habitual", frozenset())):
        return "hypothetical"  # "Police arrest dozens every week", "routinely detain": a habit, no one act
    if any(child.dep_ == "advmod" and child.lower_ in cues.get("speculative", ()) for child in verb.children):
        return "hypothetical"  # "Perhaps police arrested ...", "who allegedly stabbed": guessed or alleged
    complements = _complement_chain(verb)
    for head in complements:
        aux = {child.lower_ for child in head.children if child.dep_ == "aux"}
        if aux & cues.get("future", frozenset()):
            return "future"
        if aux & cues.get("hypothetical", frozenset()):
            return "hypothetical"  # also "would like to see China agree", "would take measures, including calling"
    if _when_it_will_be(verb, cues):
        return "future"  # "The U.S. will keep its base after American troops leave Syria": not left yet
    intention = cues.get("intention", frozenset())
    if verb.head.lemma_.lower() in intention and verb.dep_ in ("xcomp", "ccomp", "acl", "advcl"):
        return "future"  # "wants to withdraw", "a need for Ukraine to launch investigations"
    if _still_to_come(verb, cues.get("to_come", frozenset())):
        return "future"  # "China is going to sign the deal", "China has to sign the deal"
    if _aim_of_an_undertaking(verb, cues.get("purposes", frozenset())):
        return "future"  # "launched a rescue mission to free the hostages": the aim, not what it achieved
    for head in complements[1:]:
        stated = [head] + [child for child in head.children if child.dep_ == "acomp"]  # "it is possible that"
        if any(word.lemma_.lower() in intention for word in stated):
            return "future"  # "would like to see China agree": the wish, not the act
    holder = _held_by_a_noun(trigger)
    if holder is not None and holder.lemma_.lower() in intention | cues.get("forbidding", frozenset()):
        return "future"  # "expectations of a trade deal", "plans for talks", "ceasefire hopes", "a ban on protests"
    if _guarded_against(trigger, cues.get("guarding", frozenset()), cues.get("guarding_verbs", frozenset())):
        return "hypothetical"  # "protection to civilians against Russian airstrikes": feared, not told as made
    if (
        trigger.i != verb.i
        and verb.lemma_.lower() in intention
        and not _doers_of_another_deed(trigger, verb, lexicon)
        and not _the_setting_of(trigger, verb, cues.get("setting", frozenset()))
    ):
        return "future"  # "protests are planned", "plans a visit", "Protesters plan a march": the plan, not the act
    charge = _charge(trigger, lexicon)
    if charge is not None and charge.lemma_.lower() in cues.get("allegation", frozenset()):
        return "hypothetical"  # "Ukraine accused Russia of shelling the village": alleged, not told as done
    if event.attributed_to is not None or charge is not None:
        return "reported"  # "condemned Russia for shelling the village": the condemnation takes the shelling as done
    return "asserted"


def _when_it_will_be(verb, cues: dict[str, frozenset[str]]) -> bool:
    """A clause of time ("after", "before", "until", "once", "when") told in the present of a verb to come: the
    act it tells is to come too ("will keep its base after American troops leave Syria")."""
    marks = {child.lower_ for child in verb.children if child.dep_ == "mark"}
    present = verb.tag_ in ("VBP", "VBZ")
    held_by_a_future = {c.lower_ for c in verb.head.children if c.dep_ == "aux"} & cues.get("future", frozenset())
    return verb.dep_ == "advcl" and bool(marks & _TIME_MARKS) and present and bool(held_by_a_future)


_TIME_MARKS = frozenset({"after", "before", "until", "till", "once", "when"})


def _a_consequent(head, conditional: frozenset[str]) -> bool:
    """ "If the talks succeed, troops will withdraw": a clause whose condition is told before its subject. Not a
    condition told elsewhere ("... has rejected the administration as a mediator if talks are ever revived -
    called for a meeting"), which the parser often hangs on the wrong clause, nor "as if", a manner."""
    subject = next((child for child in head.children if child.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    for clause in head.children:
        marks = {child.lower_ for child in clause.children if child.dep_ == "mark"}
        before = subject is not None and clause.i < subject.i
        if clause.dep_ == "advcl" and before and marks & conditional and "as" not in marks:
            return True
    return False


def _announced_now(event: Event, trigger, lexicon: Lexicon) -> None:
    """ "Troops will leave the border area next month", "Russia said it will release 40 prisoners", "The United
    States will supply Vietnam's coast guard with a ship": a release, a withdrawal or aid told with a "will" of its
    own is announced now, a speech act the codebook codes as made ([announced]: a concession, CONCEDE; aid to a
    counterpart, AGREE). Not a prediction, a plan or a condition's outcome ("analysts expect troops will
    withdraw", "if the talks succeed, troops will withdraw"), nor aid announced to no one."""
    announced = lexicon.announced.get(event.event_type)
    if announced is None or event.modality != "future":
        return
    verb, cues = _governing_verb(trigger), lexicon.modality
    its_own_will = {child.lower_ for child in verb.children if child.dep_ == "aux"} & cues.get("future", set())
    foreseen = verb.head.lemma_.lower() in cues.get("intention", frozenset())
    conditional = _a_consequent(verb, cues.get("conditional", frozenset()))
    supplied_with = any(child.dep_ == "prep" and child.lower_ == "with" for child in verb.children)  # "supply X with"
    to_no_one = announced in lexicon.announced_to_a_counterpart and not (
        _addressed(verb.children, lexicon) or supplied_with
    )
    if its_own_will and not foreseen and not conditional and not to_no_one:
        event.event_type = announced
        event.modality = "reported" if event.attributed_to is not None else "asserted"


def _the_setting_of(trigger, verb, setting: frozenset[str]) -> bool:
    """ "In a phone call with Zelensky, Trump asked for an investigation": the call is where the request was
    made, not what was asked for."""
    return trigger.dep_ == "pobj" and trigger.head.lower_ in setting and trigger.head.head.i == verb.i


def _doers_of_another_deed(trigger, verb, lexicon: Lexicon) -> bool:
    """ "Demonstrators set fire to a police station": protesters (a noun of doers) who do something that
    is no act of the lexicon are acting now, whatever else the verb may mean ("set to" is a plan)."""
    if trigger.dep_ != "nsubj" or trigger.lemma_.lower() not in lexicon.group_nouns:
        return False
    deeds = [child for child in verb.children if child.dep_ in ("dobj", "xcomp")]
    known = [deed.lemma_.lower() in (lexicon.nouns if deed.dep_ == "dobj" else lexicon.verbs) for deed in deeds]
    return bool(deeds) and not any(known)


def _charge(trigger, lexicon: Lexicon):
    """The verb of an accusation whose "of" or "for" phrase tells the act: "Ukraine accused Russia of
    shelling the village", "condemned Russia for shelling the village"."""
    charge = trigger.head.head if trigger.dep_ == "pcomp" and trigger.head.lower_ in ("of", "for") else None
    return charge if charge is not None and lexicon.verbs.get(charge.lemma_.lower()) == "ACCUSE" else None


def _denied(trigger, denial: frozenset[str]) -> bool:
    """ "The ministry denied that its troops had shelled the village", "Iran denied attacking the tankers",
    "Iran rejected claims that it attacked the tankers": what a denial says did not happen is not told
    as having happened (the denial itself is the event)."""
    head = trigger.head
    if trigger.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in denial:
        return True
    claim = head if trigger.dep_ in ("acl", "relcl", "ccomp") and head.pos_ == "NOUN" else None
    return claim is not None and claim.dep_ == "dobj" and claim.head.lemma_.lower() in denial


def _determined_nouns(trigger) -> list:
    """The trigger, and the noun whose "of" phrase holds it ("no sign of an attack")."""
    nouns = [trigger]
    head = trigger.head
    if head.dep_ == "prep" and head.lower_ == "of" and head.head.pos_ == "NOUN" and head.head.i != trigger.i:
        nouns.append(head.head)
    return nouns


def _still_to_come(verb, to_come: frozenset[str]) -> bool:
    """A "to" infinitive of "going" or of a present "have" ("is going to sign", "has to sign", "will have to
    make a deal"): to come or owed, not done; "had to flee" tells what was done."""
    head = verb.head
    if verb.dep_ != "xcomp" or not _is_infinitive(verb) or head.lemma_.lower() not in to_come:
        return False
    return head.tag_ == "VBG" if head.lemma_.lower() == "go" else head.tag_ in ("VB", "VBZ", "VBP")


def _aim_of_an_undertaking(verb, purposes: frozenset[str]) -> bool:
    """A "to" infinitive of an undertaking's noun ("a plot to kill the president"), also where the parser
    hangs it on the verb whose object the noun is ("foiled a plot to kill")."""
    if verb.dep_ not in ("acl", "relcl", "advcl", "xcomp") or not _is_infinitive(verb):
        return False
    if verb.dep_ in ("acl", "relcl"):
        return verb.head.lemma_.lower() in purposes
    objects = [child for child in verb.head.children if child.dep_ == "dobj" and child.i < verb.i]
    return any(obj.lemma_.lower() in purposes for obj in objects)


def _held_by_a_noun(trigger):
    """The noun (or adjective) a noun trigger hangs from, through a preposition ("hopes for a ceasefire")
    or as its modifier ("ceasefire hopes"); else None."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in _ABOUT and head.head.pos_ in ("NOUN", "ADJ"):
        return head.head  # also an adjective's: "wary of an attack"
    if trigger.dep_ == "compound" and head.pos_ == "NOUN":
        return head
    return None


_ABOUT = frozenset({"of", "for", "on", "about", "over", "at"})  # "hopes of", "plans for", "talks on a ceasefire"


def _guarded_against(trigger, guarding: frozenset[str], guarding_verbs: frozenset[str]) -> bool:
    """A trigger that a guarding noun holds through "against" or "from": the nouns its preposition hangs
    from, up to their verb and its object, with what each is a measure of ("a modicum of protection to
    civilians against airstrikes", whose "against" the parser hangs on "civilians"). Or a deed that a
    guarding verb holds so ("warned NATO against deploying missiles", "barred police from arresting")."""
    preposition = trigger.head
    if trigger.dep_ not in ("pobj", "pcomp") or preposition.lower_ not in ("against", "from"):
        return False
    if preposition.head.lemma_.lower() in guarding_verbs:
        return True
    holders, token = [], preposition.head
    while token.pos_ in ("NOUN", "PROPN", "ADP") and token.head is not token:
        holders.append(token)
        token = token.head
    holders += [child for child in token.children if child.dep_ == "dobj"]  # "provide protection ... against"
    measured = [
        grand for noun in holders for child in noun.children if child.lower_ == "of" for grand in child.children
    ]
    return any(noun.lemma_.lower() in guarding for noun in holders + measured)


def _governing_verb(trigger):
    token = trigger
    while token.pos_ not in ("VERB", "AUX") and token.dep_ != "ROOT" and token.head is not token:
        token = token.head
    return token


def _complement_chain(verb) -> list:
    """The verb, and the verbs and adjectives above it for as long as each link up is a complement, an
    object or a preposition: a modal or a wish there governs the verb too ("would like to see China
    agree", "would take measures, including calling for"). A clause of its own (advcl, relcl, conj) ends
    the chain."""
    chain, token = [verb], verb
    while token.dep_ in _COMPLEMENT_LINKS and token.head is not token and len(chain) < 6:
        token = token.head
        if token.pos_ in ("VERB", "AUX", "ADJ"):
            chain.append(token)  # an adjective too: "wary of offering concessions"
    return chain


_COMPLEMENT_LINKS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "attr", "acomp", "oprd"})


def _habitual(verb, habitual: frozenset[str]) -> bool:
    """An adverb of habit on the verb ("often", "routinely") or "every" on a time noun ("every week")."""
    for child in verb.children:
        if child.dep_ == "advmod" and child.lower_ in habitual:
            return True
        if child.dep_ == "npadvmod" and any(det.lower_ == "every" for det in child.children if det.dep_ == "det"):
            return True
    return False


def _clause_heads(token):
    """The heads above a clause, up to the sentence root."""
    heads = []
    while token.dep_ != "ROOT" and token.head is not token and len(heads) < 6:
        token = token.head
        heads.append(token)
    return heads


def document_domain(doc, lexicon: Lexicon) -> str:
    """The article's domain from its words ([domains]): the non-political domain whose words make up the
    largest share of the text, if that share reaches its threshold (a lower one where no politics word
    stands) and beats politics; else politics, if its words reach min_politics_share or the text is too
    short to tell; else general (a page of no domain we know: a book essay, a product review, a press
    release)."""
    lemmas = [token.lemma_.lower() for token in doc if token.is_alpha]
    if not lemmas:
        return "politics"
    counts = {domain: sum(lemma in words for lemma in lemmas) for domain, words in lexicon.domains.items()}
    politics = counts.pop("politics", 0)
    if not counts:
        return "politics"
    domain, count = max(counts.items(), key=lambda item: item[1])
    rule = lexicon.domain_rule
    needed = rule.get("min_share", 0.04)
    if politics == 0:
        needed = min(needed, rule.get("min_share_without_politics", needed))
    enough = count / len(lemmas) >= needed and count >= rule.get("min_domain_words", 1)
    if enough and count >= rule.get("over_politics", 2.0) * politics:
        return domain
    too_short_to_tell = len(lemmas) < rule.get("general_min_words", 0)  # a brief: few words of any domain
    political = politics / len(lemmas) >= rule.get("min_politics_share", 0.0)
    return "politics" if political or too_short_to_tell else "general"


def finalize_events(events: list[Event], quoted: list[tuple[int, int, Span | None]], lexicon: Lexicon) -> list[Event]:
    """Mark events said inside a quote (`quoted`: each quote's span and its speaker) and make its first
    person ("I", "we") the speaker, merge the restatements of one happening (same type, actor and
    target where both name one, no conflicting day) into its first mention, and score each event's
    confidence; an event is shown (is_event) when it is asserted or reported, in an article about
    politics, conflict or crime, has an actor a reader could name, and its confidence reaches the
    model's threshold."""
    kept: list[Event] = []
    for event in events:
        quote = next((q for q in quoted if q[0] <= event.trigger_start < q[1]), None)
        event.in_quote = quote is not None
        _first_person_is_the_speaker(event, quote[2] if quote else None)
        same = next((earlier for earlier in kept if _same_happening(earlier, event, lexicon)), None)
        if same is not None:
            same.mention_count += 1
            if same.actor is None and event.actor_kind is not None:  # "Demonstrators marched on parliament"
                same.actor, same.actor_kind = event.actor, event.actor_kind
            if same.target is None and event.target is not None:  # "A strike ..., killing three civilians"
                same.target, same.target_kind = event.target, event.target_kind
            if same.event_date is None and event.event_date is not None:
                same.event_date, same.date_precision, same.date_source, same.date_text = (
                    event.event_date,
                    event.date_precision,
                    event.date_source,
                    event.date_text,
                )
            continue
        kept.append(event)
    _date_from_the_lead(kept)
    for event in kept:
        if not event.places:
            event.location_source = None
        event.confidence = event_confidence(event, lexicon.confidence)
        event.is_event = (
            event.modality in ("asserted", "reported")
            and (event.domain == "politics" or _involves_institution(event, lexicon))
            and event.actor_kind is not None
            and event.confidence >= lexicon.confidence.get("threshold", 0.5)
        )
    return kept


def _first_person_is_the_speaker(event: Event, speaker: Span | None) -> None:
    """ "“I opposed the hold,” Volker said": the first person of a quotation is its speaker; with no
    speaker known, or outside a quotation (the author), no one a reader could name."""
    if event.actor_kind == "speaker":
        event.actor, event.actor_kind = (speaker, "pronoun") if speaker is not None else (None, None)
    if event.target_kind == "speaker":
        event.target, event.target_kind = (speaker, "pronoun") if speaker is not None else (None, None)


def _date_from_the_lead(events: list[Event]) -> None:
    """The lead's day dates the later acts of the same kind the body tells one by one ("Police arrested
    six people Monday", then each arrest): an undated event takes the day of the lead's event of its
    type, date_source = lead."""
    lead = {}
    for event in events:
        told = event.actor_kind is not None and event.modality in ("asserted", "reported")
        if event.sentence_index < _LEAD_SENTENCES and told and event.event_date and event.date_precision == "day":
            lead.setdefault(event.event_type, event)
    for event in events:
        unanchored = event.event_date is None and event.date_precision is None  # "18 years after" is an anchor
        told_by_the_lead = lead.get(event.event_type)
        if unanchored and told_by_the_lead and event.sentence_index >= _LEAD_SENTENCES:
            if _same_doers(told_by_the_lead, event):
                event.event_date, event.date_precision, event.date_source = told_by_the_lead.event_date, "day", "lead"


def _same_doers(lead: Event, later: Event) -> bool:
    """The lead's act and a later one of its type are done by the same party (the same name), or both by
    a group told by description ("Police arrested six people Monday", then "Officers arrested ..."): not
    "Mr. Trump recounted in an Oct. 21 cabinet meeting" and then "the two sides continue to negotiate"."""
    if lead.actor_kind == "group" and later.actor_kind == "group":
        return True
    return _key(lead.actor) == _key(later.actor)


def _involves_institution(event: Event, lexicon: Lexicon) -> bool:
    """A state or an institution acts, is acted on, or is named in the sentence ("we are cooperating with
    the attorney general's inquiry"): what keeps an event in a non-political article."""
    institutions = set(lexicon.domain_rule.get("institutions", []))
    if _advice_to_the_public(event, lexicon):
        return False  # "Officials have warned people to stay away from infected areas": a health story's advice
    if event.sentence_words & institutions:
        return True
    states_count = event.domain not in lexicon.domain_rule.get("countries_are_teams_in", [])
    for span, kind in ((event.actor, event.actor_kind), (event.target, event.target_kind)):
        words = set(re.findall(r"[a-z]+", span.text.lower())) if span is not None else set()
        if words & institutions or (kind == "state" and states_count):
            return True
    return False


def _advice_to_the_public(event: Event, lexicon: Lexicon) -> bool:
    """A request made to the public at large ("people", "residents", "consumers"): advice, not a party's act."""
    if event.event_type != "REQUEST" or event.target is None:
        return False
    last = (event.target.text.lower().split() or [""])[-1]
    return last in set(lexicon.domain_rule.get("the_public", []))


def _same_happening(earlier: Event, later: Event, lexicon: Lexicon) -> bool:
    if (earlier.event_type, _told(earlier.modality)) != (later.event_type, _told(later.modality)):
        return False
    if later.told_apart:
        return False  # "Other teacher protests were held last year": not the protest told before
    if later.elaborates == earlier.trigger_start or earlier.elaborates == later.trigger_start:
        return True  # "opened fire on protesters, killing at least 15", "a strike killed three": one act
    if _one_day_one_act(earlier, later):
        return True
    if earlier.actor is None or later.actor is None:
        return False
    if _one_crowd_in_one_place(earlier, later, lexicon.crowd_types):
        return True
    if _key(earlier.actor) != _key(later.actor) and not _one_person_named_later(earlier, later, lexicon.one_person):
        return False
    described_then_named = (  # "for fatally shooting an unarmed Black man", then "Coy shot Andre Hill"
        _one_person(earlier.target, earlier.target_kind, lexicon.one_person)
        and later.target_kind == "entity"
        and earlier.trigger_lemma == later.trigger_lemma
    )
    if _named_apart(earlier.target, later.target) and not described_then_named:
        return False  # a restatement may leave the target out: "The Arab League called it ..."
    return not (earlier.event_date and later.event_date and earlier.event_date != later.event_date)


def _one_crowd_in_one_place(earlier: Event, later: Event, crowd_types: frozenset[str]) -> bool:
    """ "Indiana's biggest teacher protest" and "some Indiana protesters chanted": a protest's crowd, told by
    description twice in one place on no two days, is one crowd (the codebook's actor of both is "protesters")."""
    crowds = earlier.event_type in crowd_types and earlier.actor_kind == later.actor_kind == "group"
    told_where = earlier.location_source == later.location_source == "sentence"  # not the article's place
    places = {_key(place) for place in earlier.places} & {_key(place) for place in later.places}
    return (
        crowds
        and told_where
        and bool(places)
        and not (earlier.event_date and later.event_date and later.event_date != earlier.event_date)
    )


def _one_day_one_act(earlier: Event, later: Event) -> bool:
    """ "Trump's July 25 call with Zelensky" and "the July 25 phone call between President Trump and President
    Zelenskyy": the same act on the same day its own sentence names, between parties they share, is one
    happening, though one tells of the pair as its actor."""
    dated = earlier.date_source == later.date_source == "sentence" and earlier.event_date == later.event_date
    if not dated or earlier.event_date is None or earlier.trigger_lemma != later.trigger_lemma:
        return False
    return bool(_parties(earlier) & _parties(later))


def _parties(event: Event) -> set[str]:
    """The keys of the parties an event names, a joint party ("A and B") part by part."""
    keys = set()
    for span in (event.actor, event.target):
        if span is not None:
            keys.update(part.strip() for part in re.split(r"\band\b|,", _key(span)) if part.strip())
    return keys


def _named_apart(earlier: Span | None, later: Span | None) -> bool:
    """Two targets that tell of different parties; "his Ukrainian counterpart" (a possessive pronoun's
    description) points back at someone named elsewhere, so it parts from no name."""
    if earlier is None or later is None or _points_back(earlier) or _points_back(later):
        return False
    return _key(earlier) != _key(later)


def _points_back(span: Span) -> bool:
    return span.text.split(maxsplit=1)[0].lower() in _POSSESSIVE_PRONOUNS


_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my"})


def _one_person_named_later(earlier: Event, later: Event, one_person: frozenset[str]) -> bool:
    """ "A New York man pleaded guilty Monday ..." and then "Patrick W. Carlineo Jr., 55, of Addison,
    pleaded guilty ...": a lead tells of one person by description, the body names him, with the same
    word for the act."""
    described = _one_person(earlier.actor, earlier.actor_kind, one_person)
    return described and later.actor_kind == "entity" and earlier.trigger_lemma == later.trigger_lemma


def _one_person(span: Span | None, kind: str | None, one_person: frozenset[str]) -> bool:
    """A group-kind phrase that tells of one person by description ("a former Ohio police officer")."""
    words = _key(span).split()
    return kind == "group" and bool(words) and words[-1] in one_person


def _told(modality: str) -> str:
    """Asserted and reported are one for a restatement: the lead says it, the body says who said it."""
    return "told" if modality in ("asserted", "reported") else modality


def _key(span: Span | None) -> str:
    """Who a span tells of: its entity's name where it names one ("President Trump" and "Trump" alike)."""
    if span is None:
        return ""
    return re.sub(r"[’']s\b|\W+", " ", (span.name or span.text).lower()).strip()


def event_features(event) -> dict[str, float]:
    """The features the confidence model weighs, read off an Event or a stored events row (any object
    with these attributes): trigger type, actor and target kinds, modality, domain, said inside a
    quote, early in the article, placed by its own sentence, dated by a day, told more than once."""
    return {
        "bias": 1.0,
        f"type_{event.event_type}": 1.0,  # offered to the fit, left out by it (see bench/fit_confidence.py)
        f"actor_{event.actor_kind or 'none'}": 1.0,
        f"target_{event.target_kind or 'none'}": 1.0,
        f"modality_{event.modality}": 1.0,
        f"domain_{event.domain}": 1.0,
        "in_quote": float(bool(event.in_quote)),
        "early_sentence": float(event.sentence_index < 3),
        "placed_by_sentence": float(event.location_source == "sentence"),
        "has_day": float(event.event_date is not None),
        "repeated": float((event.mention_count or 1) > 1),
    }


def event_confidence(event: Event, weights: dict[str, float]) -> float:
    """A logistic model over event_features; its weights are data (fitted by bench/fit_confidence.py)."""
    import math

    score = sum(weights.get(f"w_{name}", 0.0) * value for name, value in event_features(event).items())
    return round(1 / (1 + math.exp(-score)), 4)
