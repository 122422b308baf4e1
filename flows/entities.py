"""Entities: the people, organizations, places and groups in an article, found with spaCy and the
curated alias table, and normalized within the article.

`analyze_doc` runs in the worker processes on Docs of `pipeline_for` (loaded once per process);
the cross-corpus part, `resolve_entity`, runs where the entity registry is, and only looks names up.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import spacy
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from spacy.language import Language

from newsflow import ids
from newsflow.dates import MONTHS
from newsflow.names import an_english_word, consonant_skeleton, name_key, surname, us_state_key
from newsflow.settings import NlpSettings

_SPACY_LABEL = {"PERSON": "PERSON", "ORG": "ORG", "PLACE": "GPE", "GROUP": "NORP"}
# When the model gives one name several types in one article, the most frequent wins; ties go to
# the type listed first (the small model calls places ORG far more often than the reverse).
_TYPE_PRIORITY = {"PERSON": 0, "PLACE": 1, "GROUP": 2, "ORG": 3}
_POSSESSIVES = {"'s", "’s", "'", "’"}
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Curated:
    name: str
    type: str
    geonames_id: int | None


@dataclass
class Mention:
    text: str
    start_char: int
    end_char: int
    sentence_index: int
    label: str
    model_label: str | None
    source: str  # model, alias (the curated table), rule ("X sector"), gazetteer or repeat (found elsewhere)
    name: str = ""  # the name this mention stands for in the article ("Trehubov" -> "Viktor Trehubov")
    curated: Curated | None = None


@dataclass
class Analysis:
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start_char, end_char)
    mentions: list[Mention] = field(default_factory=list)
    events: list = field(default_factory=list)  # filled by the event stage
    quotes: list = field(default_factory=list)  # filled by the quote stage


def nlp_version(settings: NlpSettings) -> str:
    return f"spacy {spacy.__version__} {settings.model}"


def curated_index(entries: list[dict]) -> CuratedIndex:
    """Name key -> curated entity, for every name and alias of the table."""
    return _curated_index(_frozen(entries))


class CuratedIndex(dict):
    """Name key -> Curated, and the keys grouped by consonant skeleton for near-spelling lookups."""

    def __init__(self, entries: dict[str, Curated]):
        super().__init__(entries)
        self.by_skeleton: dict[str, list[str]] = defaultdict(list)
        for key in self:
            self.by_skeleton[consonant_skeleton(key)].append(key)


@cache
def _curated_index(frozen: tuple) -> CuratedIndex:
    index = {}
    for name, entity_type, aliases, geonames_id in frozen:
        curated = Curated(name, entity_type, geonames_id)
        for alias in (name, *aliases):
            index[name_key(alias)] = curated
    return CuratedIndex(index)


def _frozen(entries: list[dict]) -> tuple:
    """The alias table as a hashable value, so what is built from it is built once per process."""
    return tuple((e["name"], e["type"].upper(), tuple(e.get("aliases", [])), curated_place_id(e)) for e in entries)


def curated_place_id(entry: dict) -> int | None:
    """A curated place's GeoNames id, or the id of a landmark the table places itself."""
    if entry.get("geonames_id"):
        return entry["geonames_id"]
    return ids.landmark_id(entry["name"]) if entry.get("latitude") is not None else None


@cache
def load_pipeline(model: str, frozen_entries: tuple):
    """The spaCy pipeline with an entity ruler before the statistical NER, so that curated names are
    found and typed right even where the small model misses or mislabels them."""
    nlp = spacy.load(model)  # every pipe is used: lemmas and the parse by the event stage
    nlp.add_pipe("newsflow_paragraph_sentences", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "NORM"})
    patterns = []
    for name, entity_type, aliases, _ in frozen_entries:
        for alias in (name, *aliases):
            if alias.isascii():
                patterns.append({"label": _SPACY_LABEL[entity_type], "pattern": _pattern(nlp, alias), "id": name})
    ruler.add_patterns(patterns)
    return nlp


@Language.component("newsflow_paragraph_sentences")
def paragraph_sentences(doc):
    """A paragraph break always ends a sentence: a headline, a caption or a byline ("Staff Reports")
    has no full stop, and the parser would run it into the next sentence ("Arrests Belarusian police
    arrested ..."). The parser keeps sentence starts set before it."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def _pattern(nlp, alias: str):
    """Names match whatever their case and apostrophe style, but acronyms only as written: "US" is
    the country, "us" is not."""
    if alias.replace(".", "").isupper() and len(alias.replace(".", "")) <= 4:
        return [{"ORTH": token.text} for token in nlp.make_doc(alias)]
    return alias


def pipeline_for(settings: NlpSettings, entries: list[dict]):
    return load_pipeline(settings.model, _frozen(entries))


def analyze_doc(doc, settings: NlpSettings, index: CuratedIndex, known_places=frozenset()) -> Analysis:
    analysis = Analysis(sentences=[(sentence.start_char, sentence.end_char) for sentence in doc.sents])
    sentence_of = {}
    for number, sentence in enumerate(doc.sents):
        for token in sentence:
            sentence_of[token.i] = number
    titles, newspapers = set(settings.titles), set(settings.newspaper_words)
    institution_heads = set(settings.institution_heads)
    name_words = {token.text for ent in doc.ents if len(ent) > 1 for token in ent}  # "Morales" of "Evo Morales"
    for found in doc.ents:
        ent = _cut_short(found, titles)
        entity_type = settings.label_map.get(ent.label_)
        if entity_type is None:
            continue
        span = _trim(ent, titles, newspapers)
        if span is None or len(_WORD.findall(span.text)) < 2 or span.text.endswith("-"):
            continue  # "pro-" of "pro-Kremlin", a lone initial: not a name ("U.S." is one)
        source = "alias" if ent.ent_id_ else "model"
        if source == "model" and (
            not _looks_like_a_name(span.text, institution_heads) or _a_common_plural(span, ent.label_, name_words)
        ):
            continue  # "n’t" (a place to the small model), "anesthesia", "Gunmen" opening a sentence
        mention = Mention(
            span.text,
            span.start_char,
            span.end_char,
            sentence_of[span.start],
            entity_type,
            None if source == "alias" else ent.label_,
            source,
        )
        analysis.mentions.append(mention)
    _join_institutions(doc, analysis.mentions, set(settings.institution_nouns))
    _join_groups(doc, analysis.mentions, set(settings.group_nouns))
    _join_named_institutions(doc, analysis.mentions, institution_heads)
    analysis.mentions.extend(_places_naming_institutions(analysis.mentions, institution_heads, known_places))
    _take_dateline_places(doc, analysis.mentions, sentence_of, known_places)
    analysis.mentions.extend(_missed_curated_names(doc, sentence_of, settings, index))
    people_words = {word for m in analysis.mentions if m.label == "PERSON" for word in m.text.split()}
    analysis.mentions.extend(_missed_places(doc, sentence_of, known_places, people_words))
    analysis.mentions.extend(_party_states(doc, analysis.mentions, sentence_of, known_places))
    analysis.mentions.extend(_postal_qualifiers(doc.text, analysis.mentions))
    _label_organizations(analysis.mentions, set(settings.organization_words))
    _label_people_by_role(doc, analysis.mentions, set(settings.person_roles))
    _label_plural_names_as_groups(doc, analysis.mentions)
    suffixes = frozenset(settings.name_suffixes)
    analysis.mentions.extend(_repeated_names(doc, analysis.mentions, sentence_of, suffixes))
    areas = _coordinated_areas(doc, analysis.mentions, sentence_of, settings.area_plurals)
    analysis.mentions.sort(key=lambda mention: mention.start_char)
    _split_place_suffixes(analysis.mentions, doc.text, set(settings.place_suffixes), index)
    analysis.mentions = _split_place_prefixes(analysis.mentions, doc, known_places, set(settings.person_roles))
    normalize_in_article(analysis.mentions, index, settings)
    for mention in analysis.mentions:
        if (mention.start_char, mention.end_char) in areas:
            mention.name, mention.label = f"{mention.name} {areas[(mention.start_char, mention.end_char)]}", "PLACE"
    # a name the article once uses as a person's is that person's wherever it stands alone
    text = doc.text
    personal = {mention.name for mention in analysis.mentions if _in_personal_context(text, mention, settings)}
    acting = {m.name for m in analysis.mentions if _acts_as_a_party(doc, m, set(settings.place_subject_verbs))}
    _relabel_known_places([m for m in analysis.mentions if m.name not in personal | acting], known_places)
    return analysis


def _label_organizations(mentions: list[Mention], words: set[str]) -> None:
    """A name ending in a company's, a newspaper's or an institute's word is an organization."""
    for mention in mentions:
        last = re.sub(r"\W+$", "", mention.text).rsplit(" ", 1)[-1].lower()
        if mention.source == "model" and " " in mention.text and last in words:
            mention.label = "ORG"


def _label_people_by_role(doc, mentions: list[Mention], roles: set[str]) -> None:
    """A name in apposition with a person's role ("Eswar Prasad, a trade professor at Cornell") is a
    person's, whatever the model called it."""
    for mention in mentions:
        span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
        if mention.source != "model" or mention.label == "PERSON" or span is None:
            continue
        if any(child.dep_ == "appos" and child.lemma_.lower() in roles for child in span.root.children):
            mention.label = "PERSON"


def _label_plural_names_as_groups(doc, mentions: list[Mention]) -> None:
    """A "person" whose name ends in a plural the model elsewhere calls a group is that group: the small
    model calls "Virginia Democrats" a person and "Democrats" a NORP, and every later "Democrats" then
    became that person ("his deals" their deals). The tagger also calls "Morales" and "Waters" plurals,
    and the model never calls them groups."""
    groups = {ent.text for ent in doc.ents if ent.label_ == "NORP"}
    for mention in mentions:
        span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
        if mention.source != "model" or mention.label != "PERSON" or span is None:
            continue
        if span[-1].tag_ == "NNPS" and span[-1].text in groups:
            mention.label = "GROUP"


def _repeated_names(
    doc, mentions: list[Mention], sentence_of: dict[int, int], suffixes: frozenset[str]
) -> list[Mention]:
    """The other places where the article writes a name it was found under, or a person's surname: the
    model finds "Big Machine" once and misses it twice after, yet each time it acts or speaks. Whole
    words, as written (capitals included), outside any mention."""
    taken = sorted((mention.start_char, mention.end_char) for mention in mentions)
    forms = {}
    for mention in mentions:
        if mention.source == "gazetteer" or not mention.text[:1].isupper():
            continue
        forms.setdefault(mention.text, mention.label)
        family_name = surname(mention.text, suffixes)
        if mention.label == "PERSON" and family_name != mention.text and family_name[:1].isupper():
            forms.setdefault(family_name, "PERSON")  # "Swift got support", after "Taylor Swift"
    found, whole = {}, doc.text
    for text, label in forms.items():
        for match in re.finditer(rf"(?<!\w){re.escape(text)}(?!\w)", whole):
            span = doc.char_span(match.start(), match.end())
            if span is None or match.start() in found or _overlaps(taken, match.start(), match.end()):
                continue
            if not _reads_as_a_name(span, label):
                continue
            sentence = sentence_of[span.start]
            found[match.start()] = Mention(text, match.start(), match.end(), sentence, label, None, "repeat")
    return list(found.values())


def _reads_as_a_name(span, label: str) -> bool:
    """A name written again is a proper noun; or an organisation's one-word name inside a sentence, which
    the tagger took for a common noun ("but Wikileaks welcomed": a plural). Not a pronoun ("He" of Liu He
    opening a sentence), a capitalised word opening a sentence, a product's last word ("the Samsung TV"
    after "Samsung 4K Smart LED TV"), or letters in capitals ("USB-C")."""
    if span[-1].pos_ == "PROPN":
        return True
    word = span[0]
    return label == "ORG" and len(span) == 1 and word.pos_ == "NOUN" and not word.is_sent_start and not word.is_upper


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < taken_end and taken_start < end for taken_start, taken_end in taken)


# A wire dateline opens the text: the city (in capitals, as a rule), then its state or country, the agency,
# a dash ("BUFFALO, N.Y. (AP) —", "KYIV, Ukraine —", "WASHINGTON (Reuters) -", "VIENNA —", "Indianapolis –").
_DATELINE = re.compile(
    r"\s*(?P<city>[A-Z][A-Za-z.'’\- ]*?[A-Za-z.])(?:,\s+(?P<region>[A-Z][\w.'’\- ]{0,40}?))?\s*"
    r"(?P<agency>\([^)\n]{1,30}\)\s*)?(?:[—–]|--?\s)"
)


def _take_dateline_places(doc, mentions: list[Mention], sentence_of: dict[int, int], known_places) -> None:
    """The places of the text's dateline, where the story was filed: the small model reads a city in
    capitals as anything but a place ("BUFFALO" a group). A dateline opens the text or one of its next
    two lines (after a headline); it is taken when it names a region or an agency too, or a well-known
    place, so a headline in capitals before a dash is not one; a city not in capitals must be a
    well-known place ("Indianapolis –"), so "Trump, Allies Push Back —" is not one either."""
    match = next((m for m in map(_DATELINE.match, [doc.text] * 3, _line_starts(doc.text, 3)) if m), None)
    if match is None:
        return
    qualified = match["city"].isupper() and (match["region"] or match["agency"])
    if not (qualified or name_key(match["city"]) in known_places):
        return
    for group in ("city", "region"):
        start, end = match.span(group)
        span = doc.char_span(start, end, alignment_mode="expand") if start >= 0 else None
        if span is None or len(_WORD.findall(match[group])) < 2:
            continue
        mentions[:] = [m for m in mentions if m.end_char <= start or m.start_char >= end]
        mentions.append(Mention(match[group], start, end, sentence_of[span.start], "PLACE", None, "dateline"))


_POSTAL_AFTER = re.compile(r", ([A-Z]{2})\b")


def _postal_qualifiers(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "BB&T Pavilion, Camden, NJ": a US postal code right after a place and a comma says the place's state
    (the model calls "NJ" an organization); the place stage reads it as the state only there. Replaces
    what the model made of the code; returns the codes' place mentions."""
    found = []
    for place in [m for m in mentions if m.label == "PLACE"]:
        match = _POSTAL_AFTER.match(text, place.end_char)
        if match is None or us_state_key(match[1].lower()) is None:
            continue
        start, end = match.span(1)
        mentions[:] = [m for m in mentions if m.end_char <= start or m.start_char >= end]
        found.append(Mention(match[1], start, end, place.sentence_index, "PLACE", None, "rule"))
    return found


def _line_starts(text: str, count: int) -> list[int]:
    """Where the text's first lines start: a dateline opens the text, or the line after its headline."""
    starts = [0]
    while len(starts) < count and (newline := text.find("\n", starts[-1])) != -1:
        starts.append(newline + 1)
    return starts


_LIST_SEPARATORS = {",", "and", "or"}


def _coordinated_areas(doc, mentions: list[Mention], sentence_of, area_plurals: dict[str, str]) -> dict:
    """Two or more capitalized names listed right before a plural of `area_plurals` ("Barry, Berrien, Cass
    and Van Buren counties") are each a place named with the singular (whatever the model called them:
    it calls Van Buren a person). Adds their mentions; returns (start_char, end_char) -> the singular,
    which the caller appends to the names once they are normalized."""
    areas = {}
    for plural in (token for token in doc if token.lower_ in area_plurals):
        start = plural.i
        while start > 0 and (_is_listed_name(doc[start - 1]) or doc[start - 1].lower_ in _LIST_SEPARATORS):
            start -= 1
        names, current = [], []
        for token in [*doc[start : plural.i], None]:
            if token is None or token.lower_ in _LIST_SEPARATORS:
                names += [current] if current else []
                current = []
            else:
                current.append(token)
        if len(names) < 2:
            continue
        for name in names:
            begin, end = name[0].idx, name[-1].idx + len(name[-1].text)
            mentions[:] = [m for m in mentions if m.end_char <= begin or m.start_char >= end]
            mentions.append(Mention(doc.text[begin:end], begin, end, sentence_of[name[0].i], "PLACE", None, "rule"))
            areas[(begin, end)] = area_plurals[plural.lower_]
    return areas


def _is_listed_name(token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_stop


def _join_institutions(doc, mentions: list[Mention], institution_nouns: set[str]) -> None:
    """A nationality or a country followed by an institution is the institution, an organization:
    "Afghan government", "Ghanaian army" (a demonym on its own is no entity); "U.S. military" (the
    country stays a place mention of its own)."""

    def an_institution(mention, span, noun) -> bool:
        return noun.pos_ == "NOUN" and noun.lemma_.lower() in institution_nouns

    _join_the_noun_after(doc, mentions, "ORG", an_institution)


def _join_groups(doc, mentions: list[Mention], group_nouns: set[str]) -> None:
    """A place or a nationality followed by people in the plural is a group: "Hong Kong protesters",
    "Kurdish fighters" (not "Hamas fighters": a named movement's fighters are the movement)."""

    def people(mention, span, noun) -> bool:
        a_nationality_or_place = mention.label == "PLACE" or span[-1].pos_ == "ADJ"
        return noun.tag_ == "NNS" and noun.lemma_.lower() in group_nouns and a_nationality_or_place

    _join_the_noun_after(doc, mentions, "GROUP", people)


def _join_the_noun_after(doc, mentions: list[Mention], label: str, joins) -> None:
    """A nationality or a place followed by a noun `joins` accepts makes one `label` mention with it: the
    nationality's mention becomes it (the codebook: a demonym is no entity of its own); the place stays a place
    mention, and the joined one is added."""
    for mention in list(mentions):
        if mention.label not in ("GROUP", "PLACE"):
            continue
        span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
        following = doc[span.end] if span is not None and span.end < len(doc) else None
        if following is None or not joins(mention, span, following):
            continue
        end = following.idx + len(following.text)
        if mention.label == "GROUP":
            mention.end_char, mention.text = end, doc.text[mention.start_char : end]
            mention.label, mention.model_label, mention.source = label, None, "rule"
        else:
            text = doc.text[mention.start_char : end]
            mentions.append(Mention(text, mention.start_char, end, mention.sentence_index, label, None, "rule"))


_NAME_CONNECTORS = {"of", "and", "for", "'s", "’s", "&"}


def _join_named_institutions(doc, mentions: list[Mention], heads: set[str]) -> None:
    """A country or nationality followed by a capitalized name ending in an institution's word is that
    organization: "U.S. Attorney's Office", "U.S. Securities and Exchange Commission", "U.S. House of
    Representatives" (the alias table takes "U.S." before the model can see the whole name). The country
    stays a place mention of its own; what else the model found inside the name is replaced. A name the
    model calls a place that ends in such a word is the organization too ("Bartholomew County Sheriff's
    Department")."""
    for mention in mentions:
        words = mention.text.split()
        if mention.label == "PLACE" and mention.source == "model" and len(words) > 1 and words[-1].lower() in heads:
            mention.label, mention.model_label = "ORG", None
    for mention in [m for m in mentions if m.label in ("GROUP", "PLACE")]:
        span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
        if span is None or mention not in mentions:  # inside a name joined already
            continue
        last = None
        for token in doc[span.end : span.end + 8]:
            # the parser often takes the period of "U.S." for a sentence's end
            abbreviation_split = token.i == span.end and mention.text.endswith(".")
            if (token.is_sent_start and not abbreviation_split) or not (
                token.text[:1].isupper() or token.lower_ in _NAME_CONNECTORS
            ):
                break
            if token.text[:1].isupper():
                last = token
        if last is None or last.lemma_.lower() not in heads or last.i == span.end - 1:
            continue
        end = last.idx + len(last.text)
        mentions[:] = [
            m for m in mentions if m is mention or not (m.start_char >= mention.start_char and m.end_char <= end)
        ]
        text = doc.text[mention.start_char : end]
        mentions.append(Mention(text, mention.start_char, end, mention.sentence_index, "ORG", None, "rule"))


def _places_naming_institutions(mentions: list[Mention], heads: set[str], known_places) -> list[Mention]:
    """The well-known place an institution is named after is a place mention too ("Columbus Police
    Department", "Kyiv City Council"): news lists the town by its police or its council. Only names that
    end in an institution's word: "Lincoln Center" names no town."""
    found = []
    placed = {m.start_char for m in mentions if m.label == "PLACE"}
    for mention in mentions:
        words = mention.text.split()
        if mention.label != "ORG" or len(words) < 2 or words[-1].lower() not in heads or mention.start_char in placed:
            continue
        for size in range(len(words) - 1, 0, -1):  # the longest leading name: "New York" before "New"
            place = " ".join(words[:size])
            if name_key(place) in known_places:
                end = mention.start_char + len(place)
                found.append(Mention(place, mention.start_char, end, mention.sentence_index, "PLACE", None, "rule"))
                break
    return found


def _in_personal_context(text: str, mention: Mention, settings: NlpSettings) -> bool:
    """A person's context: a title right before the name ("President Obama"), or a personal noun right
    after it ("Obama administration", "Morales supporters")."""
    if mention.label != "PERSON":
        return False
    before = text[max(0, mention.start_char - 40) : mention.start_char].split()
    after = text[mention.end_char : mention.end_char + 40].split()
    title = before[-1].lower().rstrip(".") if before else ""
    following = after[0].lower().strip(".,;:’'\"") if after else ""
    return title in settings.titles or following in settings.personal_nouns


def _acts_as_a_party(doc, mention: Mention, place_subject_verbs: set[str]) -> bool:
    """A name the model calls an organization that does something to something or says something
    ("Toyota recalled 100,000 cars", "Paramount released the film", "Chelsea signed the striker"): a
    company's or a club's, though a town shares it. A town is a subject only of what happens in it
    ("Bakhmut saw heavy fighting": `nlp.place_subject_verbs`). (The model calls countries people, not
    organizations: "Jordan has refused" is the country.)"""
    if mention.label != "ORG":
        return False
    span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
    if span is None or span.root.dep_ != "nsubj":
        return False
    verb = span.root.head
    done_to = any(child.dep_ in ("dobj", "ccomp") for child in verb.children)
    return verb.pos_ == "VERB" and done_to and verb.lemma_.lower() not in place_subject_verbs


def _relabel_known_places(mentions: list[Mention], known_places: frozenset[str]) -> None:
    """The small model calls "Bakhmut" an organization and "Kherson" a person: a one-word name of a
    well-known place that the article gives no person's full name for is the place (nor a first name:
    "Back to Taylor!" after "Taylor Swift")."""
    first_names = {m.name.split()[0] for m in mentions if m.label == "PERSON" and " " in m.name}
    for mention in mentions:
        if (
            mention.label in ("PERSON", "ORG")
            and mention.curated is None
            and " " not in mention.name
            and name_key(mention.name) in known_places
            and not (mention.label == "PERSON" and mention.name in first_names)
        ):
            mention.label, mention.source = "PLACE", "gazetteer"


def _missed_curated_names(doc, sentence_of: dict[int, int], settings: NlpSettings, index: CuratedIndex):
    """Capitalized words the model left out that are near-spellings of a one-word curated name:
    in an all-caps headline the small model tags nothing, not even "ZALEONSKYY"."""
    for token in doc:
        if (
            token.ent_type_
            or not token.is_alpha
            or not token.text[:1].isupper()
            or len(token) < settings.fuzzy_min_length
        ):
            continue
        key = name_key(token.text)
        match = (
            key if key in index else near_spelling(key, index.by_skeleton.get(consonant_skeleton(key), []), settings)
        )
        if match:
            start, end = token.idx, token.idx + len(token.text)
            yield Mention(token.text, start, end, sentence_of[token.i], index[match].type, None, "alias")


# A US legislator's party and state: "Rep. David McKinley, R-W.Va.", "Sen. Ted Cruz (R-Texas)".
_PARTY_STATE = re.compile(r"(?<![\w-])[RDI]-((?:[A-Z][a-z]*\.?){1,2}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)")


def _party_states(doc, mentions: list[Mention], sentence_of: dict[int, int], known_places: frozenset[str]):
    """The state of a legislator's party-and-state tag, which the model reads as no name at all."""
    taken = [(mention.start_char, mention.end_char) for mention in mentions]
    for match in _PARTY_STATE.finditer(doc.text):
        start, end = match.span(1)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or name_key(match[1]) not in known_places or _overlaps(taken, start, end):
            continue
        yield Mention(match[1], start, end, sentence_of[span.start], "PLACE", None, "rule")


def _missed_places(doc, sentence_of: dict[int, int], known_places: frozenset[str], people_words=frozenset()):
    """Capitalized words (or pairs) inside a sentence, outside any entity and not stop words, that
    name a well-known place: the small model misses place names more often than it invents them. A word
    of a longer name ("Sabres center Casey Mittelstadt") is no place, though a town bears it, nor is a
    word the article also writes in lowercase ("the Capitol Police" and "police": not Police, Poland), nor
    a word of a person's name the article gives (`people_words`: "Taylor" after "Taylor Swift")."""
    tokens, whole = list(doc), doc.text  # (spaCy joins every token for Doc.text: read it once)
    # A word the article also writes in lowercase is a common word there ("Police", "Time"), not a town.
    common = {token.text for token in tokens if token.is_lower}
    skip_to = 0
    for i, token in enumerate(tokens):
        if i < skip_to or not _could_be_place(token):
            continue
        pair = tokens[i : i + 2] if i + 1 < len(tokens) and _could_be_place(tokens[i + 1]) else []
        inside_a_name = _name_word(tokens[i - 1]) if i else False  # "Casey Mittelstadt": not Mittelstadt
        inside_a_name = inside_a_name or whole[token.idx - 1 : token.idx] == "-"  # "T-Mobile": not Mobile
        inside_a_name = inside_a_name or (i + 1 < len(tokens) and _name_word(tokens[i + 1]))
        for span in ([pair[0], pair[1]], [token]) if pair else ([token],):
            if len(span) == 1 and (inside_a_name or token.lower_ in common or token.text in people_words):
                break
            text = whole[span[0].idx : span[-1].idx + len(span[-1].text)]
            if name_key(text) in known_places:
                skip_to = i + len(span)
                yield Mention(
                    text, span[0].idx, span[0].idx + len(text), sentence_of[token.i], "PLACE", None, "gazetteer"
                )
                break


def _name_word(token) -> bool:
    """A capitalized proper noun outside any entity: a word of a longer name."""
    return not token.ent_type_ and token.is_alpha and token.text[:1].isupper() and token.tag_ in ("NNP", "NNPS")


def acting_mentions(mentions: list[Mention], known_places: frozenset[str]) -> list[Mention]:
    """The mentions that may act in an event: not a name the model calls a place that the gazetteer does
    not know ("Dashlane offers a free version": no state acting). All of them when the gazetteer is not
    built."""
    if not known_places:
        return list(mentions)
    return [m for m in mentions if not _an_unknown_place(m, known_places)]


def _an_unknown_place(mention: Mention, known_places: frozenset[str]) -> bool:
    guessed = mention.source in ("model", "repeat")  # not the gazetteer's, the alias table's or a rule's
    return mention.label == "PLACE" and guessed and name_key(mention.name) not in known_places


def _a_common_plural(span, label: str, name_words: set[str]) -> bool:
    """One word opening a sentence (its capital is the sentence's) that the tagger reads as a common noun's
    plural, though the model called it a place or a person: "Gunmen abducted 30 students" (a place to the
    small model), "Challenges remain". Inside a sentence such a word is a name ("Homs", "Jobs"), and
    nationalities and organizations keep theirs ("Democrats"); so does a word of a longer name the article
    gives ("Morales said" after "Evo Morales")."""
    word = span[0]
    if len(span) != 1 or not word.is_sent_start or word.tag_ != "NNS" or word.text in name_words:
        return False
    return label in ("GPE", "LOC", "FAC", "PERSON")


def _looks_like_a_name(text: str, institution_heads) -> bool:
    """A name has a capital or a digit, unless it is an institution told in lowercase ("the commerce
    ministry")."""
    return any(ch.isupper() or ch.isdigit() for ch in text) or text.rsplit(" ", 1)[-1] in institution_heads


def _could_be_place(token) -> bool:
    return (
        (not token.ent_type_ or _score_read_as_product(token))
        and token.is_alpha
        and token.text[:1].isupper()
        and not token.is_sent_start
        and not token.is_stop
        and len(token) >= 4
        and token.tag_ in ("NNP", "NNPS")
    )


def _score_read_as_product(token) -> bool:
    """ "Switzerland beat Gibraltar 6-0": the model reads a team and its score as a product."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.ent_type_ == "PRODUCT" and following is not None and following.like_num


_PRONOUN_SURNAMES = {"He"}  # "He Jianxiong", "He Lifeng": a Chinese surname the model reads as the pronoun


def _cut_short(ent, titles: set[str]):
    """ "the Sioux Falls Argus Leader" (the model stops at "Argus"), "the American Music Awards" (it finds only the
    adjective): an organization's or a group's name that the parser hangs on capitalized words right after it goes on
    to the last of them, as an organization's; not a title before a person's name ("British Foreign Secretary Dominic
    Raab", "Russian President Putin") nor a run into another entity."""
    doc, end = ent.doc, ent.end
    if ent.label_ not in ("ORG", "NORP"):
        return ent
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and not doc[end].ent_type_:
        if doc[end].norm_.rstrip(".") in titles:
            return ent
        end += 1
    hung_on_the_run = ent.end < end and ent.end <= doc[ent.end - 1].head.i < end
    before_a_person = end < len(doc) and doc[end].ent_type_ == "PERSON"
    if not hung_on_the_run or before_a_person:
        return ent
    return doc.char_span(ent.start_char, doc[end - 1].idx + len(doc[end - 1]), label="ORG") or ent


def _with_pronoun_surname(ent):
    """A person's name the model started one word late, at a surname spelled like a pronoun: the parser
    still hangs that word on the name ("He" a compound of "Jianxiong")."""
    before = ent.doc[ent.start - 1] if ent.start else None
    if ent.label_ == "PERSON" and before is not None and before.text in _PRONOUN_SURNAMES:
        if before.dep_ == "compound" and ent.start <= before.head.i < ent.end:
            return ent.doc.char_span(before.idx, ent.end_char, label=ent.label_)
    return ent


def _trim(ent, titles: set[str], newspapers: set[str] = frozenset()):
    """Drop leading titles and articles and a trailing possessive: the span names the entity. A
    capital "The" inside a sentence is part of an organization's name ("The Hill", "The New York
    Times"); at the start of a sentence, only of a paper's (`newspapers`: its name's last word)."""
    ent = _with_pronoun_surname(ent)
    start, end = ent.start, ent.end
    is_paper = ent.label_ == "ORG" and ent.doc[end - 1].lower_ in newspapers
    before = ent.doc[start - 1] if start else None
    if before is not None and before.text == "The" and ent.label_ == "ORG" and (not before.is_sent_start or is_paper):
        start -= 1  # the model often leaves the article out of the name it found
    while start < end and (ent.doc[start].norm_.rstrip(".") in titles or ent.doc[start].norm_ in _POSSESSIVES):
        token = ent.doc[start]
        if token.text == "The" and (not token.is_sent_start or is_paper) and ent.label_ == "ORG" and end - start > 1:
            break
        start += 1
    while (
        end - start > 1
        and ent.doc[end - 1].is_punct
        and (ent.doc[end - 2].whitespace_ or ent.doc[end - 1].text in ",;:")
    ):
        end -= 1  # "Kim Kardashian -", "Blue Origin,": a dash set apart or a comma ("pro-" stays whole, and is dropped)
    while end - start > 1 and ent.doc[end - 1].is_lower and _runs_on(ent.doc[end - 1]):
        end -= 1  # "Avdiivka and Marinka in": the model ran a name into the word after it
    if end - start > 2 and ent.doc[end - 1].like_num and ent.doc[end - 2].lower_.rstrip(".") in MONTHS:
        end -= 2  # "Trump’s July 25": the model ran a name into the date of what follows ("call")
    while end > start and ent.doc[end - 1].norm_ in _POSSESSIVES:
        end -= 1
    return ent.doc[start:end] if end > start else None


def _runs_on(token) -> bool:
    """A small word no name ends in: a conjunction, an article, a preposition of place or time ("in", "at");
    not "of" or "for", which a name the model cut short goes on with ("Alliance for American Manufacturing")."""
    return token.pos_ in ("CCONJ", "DET") or (token.pos_ == "ADP" and token.lower_ not in ("of", "for"))


def _split_place_suffixes(mentions: list[Mention], text: str, suffixes: set[str], index: CuratedIndex):
    """ "Kupyansk sector" (which the model calls an organization) is the place Kupyansk; a name the alias table
    gives whole ("Donetsk Oblast") stays whole, and so does one whose first word is a word of the dictionary ("the
    Western District of New York", a court's, is no place "Western")."""
    for mention in mentions:
        words = mention.text.rsplit(" ", 1)
        a_word = len(words) == 2 and an_english_word(words[0])
        suffixed = len(words) == 2 and words[1].lower() in suffixes and not a_word
        if suffixed and mention.label != "PERSON" and mention.source != "alias":
            curated = index.get(name_key(words[0]))
            if mention.label == "PLACE" or (curated is not None and curated.type == "PLACE") or words[0][:1].isupper():
                mention.end_char = mention.start_char + len(words[0])
                mention.text = text[mention.start_char : mention.end_char]
                mention.label, mention.source = "PLACE", "rule"


def _split_place_prefixes(mentions: list[Mention], doc, known_places, roles: set[str]) -> list[Mention]:
    """ "the envoy to Ukraine Kurt Volker": the model ran the place into the name after it. A name that
    opens with a well-known place (one or two words) and then has two words or more is that place and a
    person when the place follows a person's role and "to" or "for" ("envoy to", "ambassador for"). (A
    surname the article uses elsewhere is no such sign: towns are first names too, "George R.R. Martin".)"""
    text = doc.text
    split: list[Mention] = []
    for mention in mentions:
        words = mention.text.split(" ")
        cut = next((n for n in (2, 1) if len(words) - n >= 2 and name_key(" ".join(words[:n])) in known_places), None)
        if mention.label == "PLACE" or cut is None or not _after_a_role(doc, mention.start_char, roles):
            split.append(mention)
            continue
        place = " ".join(words[:cut])
        person_start = mention.start_char + len(place) + 1
        split.append(
            Mention(
                place,
                mention.start_char,
                mention.start_char + len(place),
                mention.sentence_index,
                "PLACE",
                None,
                "rule",
            )
        )
        mention.text, mention.start_char = text[person_start : mention.end_char], person_start
        mention.label, mention.source = "PERSON", "rule"
        split.append(mention)
    return split


def _after_a_role(doc, start_char: int, roles: set[str]) -> bool:
    """The words right before the character are a person's role and "to" or "for" ("envoy to")."""
    first = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if first is None or first.start < 2:
        return False
    preposition, role = doc[first.start - 1], doc[first.start - 2]
    return preposition.lower_ in ("to", "for") and role.lemma_.lower() in roles


def normalize_in_article(mentions: list[Mention], index: CuratedIndex, settings: NlpSettings) -> None:
    """Fold case, possessives and transliteration; give each mention the full name used in the
    article ("Trehubov" -> "Viktor Trehubov", "the General Staff" -> the organization's full name)
    and one type per name (curated type first, else the article's majority)."""
    for mention in mentions:
        mention.name = display_name(mention.text, mention.label)
        mention.curated = index.get(name_key(mention.name)) or _near_curated(name_key(mention.name), index, settings)
    body_words = frozenset(settings.organization_words) | frozenset(settings.institution_heads)
    _link_short_forms(mentions, frozenset(settings.name_suffixes), body_words)
    for mention in mentions:
        mention.curated = mention.curated or index.get(name_key(mention.name))
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        votes[name_key(mention.name)][mention.label] += 1
    for mention in mentions:
        if mention.curated is not None:
            mention.label, mention.name = mention.curated.type, mention.curated.name
        else:
            mention.label = _voted_label(votes[name_key(mention.name)], settings.person_vote_share)


def _voted_label(counts: Counter, person_share: float) -> str:
    """The article's majority label for a name; a person once the model calls it one often enough (it
    calls people organizations far more often than the reverse: "Trump's supporters")."""
    if counts["PERSON"] >= person_share * sum(counts.values()):
        return "PERSON"
    return min(counts, key=lambda label: (-counts[label], _TYPE_PRIORITY[label]))


def _near_curated(key: str, index: CuratedIndex, settings: NlpSettings) -> Curated | None:
    """A near-spelling of a curated name ("ZALEONSKYY" for Zelenskyy), whatever the model's label."""
    match = near_spelling(key, index.by_skeleton.get(consonant_skeleton(key), []), settings)
    return index[match] if match else None


def near_spelling(key: str, known_keys: list[str], settings: NlpSettings) -> str | None:
    """The known key that is a transliteration variant or an obvious typo of `key`: same initial and
    word count, the same consonant skeleton (Zelensky, Zelenskyy, Zelenskiy, Zaleonskyy) and at most
    `fuzzy_max_edit_ratio` of its letters edited. Johnson and Johnston stay apart (skeletons differ);
    so do Kharkiv and Kherson."""
    if len(key) < settings.fuzzy_min_length:
        return None
    skeleton, words = consonant_skeleton(key), len(key.split())
    choices = [
        known
        for known in known_keys
        if known[:1] == key[:1] and len(known.split()) == words and consonant_skeleton(known) == skeleton
    ]
    max_edits = max(1, int(len(key) * settings.fuzzy_max_edit_ratio))
    best = process.extractOne(key, choices, scorer=Levenshtein.distance, score_cutoff=max_edits)
    return best[0] if best else None


def display_name(text: str, label: str | None = None) -> str:
    """'ZELENSKYY' -> 'Zelenskyy'; acronyms of four letters or fewer (NATO, UN) stay as they are, and so does an
    organization's one capitalized word (UNICEF, UNHCR, NAACP: an acronym, not a name set in capitals)."""
    text = " ".join(text.replace("’", "'").split())
    an_acronym = label in ("ORG", "GROUP") and " " not in text
    if text.isupper() and len(text.replace(".", "")) > 4 and not an_acronym:
        return text.title()
    return text


def _link_short_forms(mentions: list[Mention], suffixes: frozenset[str], body_words: frozenset[str]) -> None:
    """A surname alone is the person named in full in the article. An organization's short form is its longest
    name that ends in a word of a body (`body_words`: "Big Machine" of "Big Machine Label Group", "Disney" of "Walt
    Disney Co."), or else its longest name told before it; not a product or a part told after it ("Apple", then
    "Apple Pay"; "the United Nations", then "the United Nations High Commissioner")."""
    full_people, family_first = {}, defaultdict(set)
    organizations: dict[str, int] = {}  # multi-word name -> where the article first tells it
    for mention in mentions:
        words = mention.name.split()
        if mention.label == "PERSON" and len(words) >= 2:
            full_people.setdefault(name_key(surname(mention.name, suffixes)), mention.name)
            if all(word[:1].isupper() and word.replace("-", "").isalpha() for word in words):
                family_first[name_key(words[0])].add((mention.name, mention.start_char))
        if mention.label == "ORG" and len(words) >= 2:
            organizations.setdefault(mention.name, mention.start_char)
    for mention in mentions:
        key, one_word = name_key(mention.name), len(mention.name.split()) == 1
        if one_word and key in full_people:
            mention.name, mention.label = full_people[key], "PERSON"
        elif one_word and mention.label == "PERSON" and len({name for name, _ in family_first.get(key, ())}) == 1:
            # "Liu Xiaming" then "Liu": a family name told first, as Chinese, Korean and Hungarian names are (or a
            # given name, once the person is named in full: "Guido Pella", then "Guido")
            name, first = min(family_first[key], key=lambda told: told[1])
            if first < mention.start_char:  # named in full before: news names a person in full first
                mention.name = name
        elif mention.label == "ORG":
            longer = [
                org
                for org, first in organizations.items()
                if _contains_words(org, mention.name)
                and org != mention.name
                and (first < mention.start_char or name_key(org).split()[-1] in body_words)
            ]
            if longer:
                mention.name = max(longer, key=len)


def _contains_words(longer: str, shorter: str) -> bool:
    long_key, short_key = f" {name_key(longer)} ", f" {name_key(shorter)} "
    return short_key.strip() != "" and short_key in long_key


@dataclass
class Registry:
    """Known entities: name key -> entity id per type, and display names for fuzzy matching. With a
    `lookup`, the warehouse's names are learnt as batches need them (`prefetch`), not all at start:
    a run's cost then follows its own names, not the registry's history."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, name_key) -> entity_id
    names: dict[str, str] = field(default_factory=dict)  # entity_id -> canonical name
    # (type, consonant skeleton) -> keys: near-spellings are only looked for among these
    by_skeleton: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    stored: set[tuple[str, str]] = field(default_factory=set)  # (entity_id, name_key) in the warehouse
    # (skeletons, entity ids) -> the warehouse's entity_names rows with one of those skeletons or ids
    lookup: Callable[[set[str], set[str]], list[dict]] | None = None
    skeletons_looked_up: set[str] = field(default_factory=set)
    entities_looked_up: set[str] = field(default_factory=set)

    def add(self, entity_type: str, key: str, entity_id: str, name: str) -> None:
        if (entity_type, key) not in self.ids:
            self.by_skeleton[(entity_type, consonant_skeleton(key))].append(key)
        self.ids[(entity_type, key)] = entity_id
        self.names.setdefault(entity_id, name)

    def add_stored(self, rows: list[dict]) -> None:
        """Names the warehouse holds (entity_names rows)."""
        for row in rows:
            self.add(row["type"], row["name_key"], row["entity_id"], row["name"])
            self.stored.add((row["entity_id"], row["name_key"]))

    def prefetch(self, keys: set[str], entity_ids: set[str]) -> None:
        """Learn the stored names that these keys could match (any key of the same consonant skeleton,
        which holds the key itself and its near-spellings) and the stored names of these entities."""
        if self.lookup is None:
            return
        skeletons = {consonant_skeleton(key) for key in keys} - self.skeletons_looked_up
        wanted_ids = set(entity_ids) - self.entities_looked_up
        if skeletons or wanted_ids:
            self.add_stored(self.lookup(skeletons, wanted_ids))
        self.skeletons_looked_up |= skeletons
        self.entities_looked_up |= wanted_ids


def resolve_entity(entity_type: str, name: str, registry: Registry, settings: NlpSettings) -> tuple[str, str, str]:
    """(entity_id, canonical name, how it matched) for a name that is neither curated nor a placed
    place: the known entity with this key, else a known one of the same type with a near-spelling
    (see `near_spelling`), else a new entity."""
    key = name_key(name)
    known = registry.ids.get((entity_type, key))
    if known is not None:
        return known, registry.names[known], "exact"
    similar = near_spelling(key, registry.by_skeleton.get((entity_type, consonant_skeleton(key)), []), settings)
    if similar is not None:
        entity_id = registry.ids[(entity_type, similar)]
        return entity_id, registry.names[entity_id], "fuzzy"
    return ids.entity_id(entity_type, key), name, "new"
