"""Quotes: direct quotations and who said them.

Curly or straight double quotes, one sentence or several; the speaker is the subject of a reporting
verb next to the quote ("“They’re giving up,” Trehubov stated", "remarked Trehubov", "Trehubov
said: “...”"); an embedded post is its author's ("— Robert Maguire (@RobertMaguire_) November 18,
2019"); a quote with no reporting verb that follows another in the same paragraph continues it; a
pronoun ("he", "she", "they", "it") is the last entity of a compatible kind named as a clause's
subject before it, outside quotations. Runs on the spaCy Doc in the workers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsflow.names import titled_person

# From an opening mark to the next mark of either style: pages mix curly and straight marks
# (“..., \" he said, \"...”), and a quote must never swallow its attribution. A quotation that runs on
# into the next paragraph leaves its paragraph open and reopens the next one with a mark.
_QUOTED = re.compile(r"[“\"]([^“”\"\n]+)(?:[”\"]|(?=\n\s*[“\"]))")
_MIN_WORDS_WOVEN = 5  # a partial quote inside the author's sentence: shorter ones are scare quotes and titles
# A role whose words are its institution's: "a spokesman for the ministry said" -> the ministry.
_ROLES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "representative", "statement", "spokespeople", "official"}
)
# So are a text's, when the text names its author ("a study by the Centre for Economic Policy Research concluded
# that ... “...”", "a report from Kotak Institutional Equities"); "the letter" alone is no one's named before.
_TEXTS = frozenset({"study", "report", "letter", "analysis", "survey", "memo", "filing", "complaint", "lawsuit"})


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


def find_quotes(
    doc,
    reporting: frozenset[str],
    named: list[tuple[int, int, str, str]],
    pronouns: dict[str, tuple[str, ...]],
    descriptions: dict[str, tuple[str, ...]],
    titles: dict[str, tuple[str, ...]] | None = None,
) -> list[Quote]:
    """`named`: (start_char, end_char, name, label) of the article's entity mentions, in text order;
    `pronouns` and `descriptions`: the labels each pronoun, and each generic noun made definite ("the
    company"), can stand for (config/event_types.toml [pronouns], [definite_descriptions]); `titles`: the
    forms each office is written in before a name ([titles]: "the senator" is the one last named "Sen. ...")."""
    sentences, text = list(doc.sents), doc.text  # (spaCy joins every token for Doc.text: read it once)
    quotes: list[Quote] = []
    matches = list(_QUOTED.finditer(text))
    # An entity named inside a quotation is spoken about, not speaking: "he" after it is someone else.
    named = [n for n in named if not any(m.start() <= n[0] < m.end() for m in matches)]
    speakers = _Speakers(named, pronouns, [match.span() for match in matches], descriptions, text, titles or {})
    for match in matches:
        body = match.group(1).strip()
        start, end = match.span()
        fragment = _woven(text, start, end) and len(body.split()) < _MIN_WORDS_WOVEN
        if not body or fragment or _a_title(body, text, start):
            continue
        number = next((i for i, s in enumerate(sentences) if s.start_char <= start < s.end_char), 0)
        quote = Quote(body.rstrip(",").strip(), start, end, number, None, None, None, None)
        _attribute(quote, doc, sentences, reporting, speakers)
        if quote.speaker is None:
            _attribute_to_credit(quote, speakers)
        if quote.speaker is None:
            _attribute_to_source(quote, sentences, speakers)
        if quote.speaker is None:
            _attribute_to_introduction(quote, doc, sentences, reporting, speakers)
        if quote.speaker is None:
            _attribute_to_person_before(quote, sentences, reporting, speakers)
        if quote.speaker is None and quotes and _continues(text, quotes[-1], start, _woven(text, start, end)):
            previous = quotes[-1]  # a quote right after another, with no speaker of its own, continues it
            quote.speaker, quote.speaker_start, quote.speaker_end = (
                previous.speaker,
                previous.speaker_start,
                previous.speaker_end,
            )
        quotes.append(quote)
    _repeated_quotes_take_their_speaker(quotes)
    quotes.extend(_embedded_posts(text, sentences))
    return sorted(quotes, key=lambda quote: quote.start_char)


def _repeated_quotes_take_their_speaker(quotes: list[Quote]) -> None:
    """A quotation printed twice (a pull quote, a teaser before the story tells it) is the speaker's
    the story gives it once."""
    attributed = {" ".join(q.quote.split()): q for q in quotes if q.speaker is not None}
    for quote in quotes:
        source = attributed.get(" ".join(quote.quote.split())) if quote.speaker is None else None
        if source is not None:
            quote.speaker, quote.speaker_start, quote.speaker_end = (
                source.speaker,
                source.speaker_start,
                source.speaker_end,
            )


# An embedded social-media post as pages print it: the post's text, then a line naming its author and
# handle ("— Robert Maguire (@RobertMaguire_) November 18, 2019"; "A post shared by Jane Doe (@jdoe) on ...").
_POST_AUTHOR = re.compile(r"^(?:[—–-]|A post shared by)\s*(?P<name>[^\n()@]{2,80}?)\s*\(@\w{1,30}\)[^\n]*$", re.M)
_LINK = re.compile(r"\s*(?:https?://\S+|pic\.twitter\.com/\S+)\s*$")


def _embedded_posts(text: str, sentences) -> list[Quote]:
    """Each embedded post is a quote of its author: the paragraph right above the author's line, without
    its trailing link."""
    posts = []
    for match in _POST_AUTHOR.finditer(text):
        above_end = match.start() - 1
        if above_end <= 0:
            continue  # an author's line with no post above it
        above_start = text.rfind("\n", 0, above_end) + 1
        body, links = _LINK.subn("", text[above_start:above_end])
        while links:
            body, links = _LINK.subn("", body)
        if not body.strip():
            continue
        number = next((i for i, s in enumerate(sentences) if s.start_char <= above_start < s.end_char), 0)
        name = match.group("name").strip()
        name_start = match.start("name") + match.group("name").index(name)
        speaker = (name, name_start, name_start + len(name))
        posts.append(Quote(body.strip(), above_start, above_end, number, *speaker, None))
    return posts


def _attribute(quote: Quote, doc, sentences, reporting: frozenset[str], speakers) -> None:
    """The reporting verb right after the quote ("..., Trehubov stated"; "..., remarked Trehubov"),
    else one just before it ("Trehubov said: “...”")."""
    closing = next((i for i, s in enumerate(sentences) if s.start_char <= quote.end_char - 1 < s.end_char), None)
    opening = next((s for s in sentences if s.start_char <= quote.start_char < s.end_char), None)
    after = [t for t in (sentences[closing] if closing is not None else []) if t.idx >= quote.end_char]
    if not after and closing is not None and closing + 1 < len(sentences):
        after = _attribution_after_its_own_sentence(speakers.text, quote, sentences[closing + 1])
    after = speakers.outside_quotes(after)  # "“A,” he said, “as my statements said ...”": not "statements"
    before = speakers.outside_quotes([t for t in (opening or []) if t.idx + len(t.text) <= quote.start_char])
    introduced = bool(before) and before[-1].text == ":"  # "said after his appointment: “...”"
    before = before[-_INTRODUCTION_TOKENS:] if introduced else before[-4:]
    colon_verb = next((t for t in reversed(before) if t.pos_ == "VERB"), None) if introduced else None
    for token in [*after, *reversed(before)]:
        if not _acts_as_verb(token) or _imperative(token):
            continue
        if token.idx > quote.end_char and _opens_the_next_quote(token):
            continue  # "“..., I guess.” Smith agreed: “It’s a different job.”": Smith speaks the next one
        if token.idx > quote.end_char and _reported_content(token, quote.end_char):
            continue  # "“...” at the release, adding that Weeks’ family had asked ...": what was added, not who
        before_colon = colon_verb is not None and token.i == colon_verb.i
        if token.lemma_.lower() not in reporting and not (before_colon and _speaks_through(token, speakers)):
            continue  # "Smith agreed: “It’s a different job altogether.”": any verb right before the colon
        subject = _subject_of(_holder(token), speakers)
        span = _name_of(subject, quote, speakers) if subject is not None else _person_after(token, quote, speakers)
        if span is None and token.idx > quote.end_char:
            # "“...,” Jim Chilton, senior vice president ..., said": the parser hung the name on the quotation
            span = _named_after_the_mark(quote, speakers, _COMMA_OR_SPACE, ("PERSON", "ORG", "GROUP"))
            # "“...,” chairman, CEO and president Craig Menear said": and the titles before the name too
            span = span or _named_right_before(token, quote, speakers)
        if span is not None:
            quote.speaker, quote.speaker_start, quote.speaker_end = span
            quote.verb = token.text
            return


_INTRODUCTION_TOKENS = 10  # how far before a colon its reporting verb may stand


def _reported_content(verb, after: int) -> bool:
    """A verb of a "that", "whether" or "if" clause begun after the quote: told, not telling (unlike "as he
    said"; the parser may hang a word of the quotation on the verb too)."""
    marks = [child for child in verb.children if child.dep_ == "mark" and child.idx >= after]
    return any(mark.lower_ in ("that", "whether", "if") for mark in marks)


def _opens_the_next_quote(verb) -> bool:
    """The verb introduces the quotation after it: a colon ends its words before the next mark ("Smith
    agreed: “...”", "Tottenham said in a statement on Wednesday: “...”")."""
    text = verb.doc.text
    start, end = verb.idx + len(verb.text), min(verb.sent.end_char, verb.idx + _INTRODUCTION_CHARS)
    mark = _NEXT_MARK.search(text, start, end + 1)
    return mark is not None and text[start : mark.start()].rstrip().endswith(":")


_NEXT_MARK = re.compile(r"[“\"\n]")
_INTRODUCTION_CHARS = 80


def _acts_as_verb(token) -> bool:
    """A verb, or a word the tagger took for a noun but the parser gave a subject ("”, comments Tom
    Johnston in a statement": a plural noun with Johnston as its subject)."""
    return token.pos_ == "VERB" or any(child.dep_ == "nsubj" for child in token.children)


def _attribute_to_credit(quote: Quote, speakers: _Speakers) -> None:
    """ "“... he would’ve been George R.R. Martin.” — Neil Gaiman": a dash and a name after the closing mark."""
    span = _named_after_the_mark(quote, speakers, _CREDIT, ("PERSON", "ORG"))
    if span is not None:
        quote.speaker, quote.speaker_start, quote.speaker_end = span


_CREDIT = re.compile(r"[ \t]*[—–][ \t]*")
_COMMA_OR_SPACE = re.compile(r"[ ,]*")


def _named_right_before(verb, quote: Quote, speakers: _Speakers) -> tuple[str, int, int] | None:
    """The person or organisation named right before the verb, after the quote's closing mark."""
    return next(
        (
            (name, s, e)
            for s, e, name, label in speakers.named
            if quote.end_char <= s < e <= verb.idx
            and label in ("PERSON", "ORG")
            and not speakers.text[e : verb.idx].strip()
        ),
        None,
    )


def _named_after_the_mark(quote: Quote, speakers: _Speakers, gap: re.Pattern, labels) -> tuple[str, int, int] | None:
    """The entity named right after the quote's closing mark, with only `gap` between them."""
    between = gap.match(speakers.text, quote.end_char)
    start = between.end() if between else None
    return next(((name, s, e) for s, e, name, label in speakers.named if s == start and label in labels), None)


def _attribute_to_source(quote: Quote, sentences, speakers: _Speakers) -> None:
    """ "“...,” according to a statement from the ministry" and "According to John Smith, “...”"."""
    sentence = next((s for s in sentences if s.start_char <= quote.start_char < s.end_char), None)
    for token in speakers.outside_quotes(sentence or []):
        if token.lower_ != "according":
            continue
        to = next((child for child in token.children if child.lower_ == "to"), None)
        source = next((child for child in to.children if child.dep_ == "pobj"), None) if to is not None else None
        span = _name_of(source, quote, speakers) if source is not None else None
        if span is not None:
            quote.speaker, quote.speaker_start, quote.speaker_end = span
            quote.verb = "according to"
            return


def _attribution_after_its_own_sentence(text: str, quote: Quote, following) -> list:
    """ "“... of Kentucky!” Trump tweeted": the parser ends the sentence at the quote's "!" or "?", and the
    attribution opens the next one, on the same line: its first words, and its main verb."""
    if "\n" in text[quote.end_char : following.start_char]:
        return []
    words = list(following)[:_ATTRIBUTION_WORDS]
    if following.root.i > words[-1].i:  # "He Jianxiong, the former executive director for ..., said"
        words.append(following.root)
    return words


_ATTRIBUTION_WORDS = 5  # "Trump tweeted", "said Maria Lopez", "the ministry's spokesman said"


def _person_after(verb, quote: Quote, speakers: _Speakers) -> tuple[str, int, int] | None:
    """ "..., remarked Trehubov": the parser often gives the inverted subject no nsubj arc, or makes it an
    object ("..., said another witness in the probe, Fiona Hill")."""
    inverted = next((child for child in verb.rights if child.dep_ == "dobj"), None)
    if inverted is not None and any(child.dep_ == "appos" and _names(child) for child in inverted.children):
        return _name_of(inverted, quote, speakers)
    window_end = verb.idx + len(verb.text) + 40
    for start, end, name in speakers.persons():
        if verb.idx < start <= window_end:
            return name, start, end
    return None


@dataclass
class _Speakers:
    """The article's entity mentions outside quotations, and which of them each pronoun can stand for."""

    named: list[tuple[int, int, str, str]]
    pronouns: dict[str, tuple[str, ...]]
    quoted: list[tuple[int, int]]  # the quotations' spans: their words never attribute another quote
    descriptions: dict[str, tuple[str, ...]]  # "the company" stands for the organization named before
    text: str  # the article's
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # office -> its forms before a name

    def outside_quotes(self, tokens) -> list:
        return [t for t in tokens if not any(start <= t.idx < end for start, end in self.quoted)]

    def persons(self) -> list[tuple[int, int, str]]:
        return [(start, end, name) for start, end, name, label in self.named if label == "PERSON"]

    def for_pronoun(self, word: str) -> list[tuple[int, int, str]] | None:
        labels = self.pronouns.get(word)
        return self.with_labels(labels) if labels else None

    def with_labels(self, labels) -> list[tuple[int, int, str]]:
        return [(s, e, name) for s, e, name, label in self.named if label in labels]


def _name_of(subject, quote: Quote, speakers: _Speakers) -> tuple[str, int, int] | None:
    """Who the subject of a reporting verb is: a pronoun's antecedent; a description's own name ("the
    ministry's spokesman, Ivan Petrov", "another witness, Fiona Hill"); a role's institution ("a spokesman
    for the ministry", "a WeWork spokesperson"); for "the statement", "the spokesman" or "the ministry"
    alone, the one named before; else its name."""
    candidates = speakers.for_pronoun(subject.lower_) if subject.pos_ == "PRON" else None
    if candidates is not None:
        return _antecedent(subject, quote, candidates)
    if subject.pos_ == "PRON" or speakers.outside_quotes([subject]) == []:
        return None  # a subject inside the quotation is spoken about
    described = _description_named(subject, speakers) if subject.pos_ == "NOUN" else None
    if described is not None:
        return described
    titled = _person_in_apposition(subject, speakers) if _person_among([subject], speakers) is None else None
    if titled is not None:
        return titled  # "The UN Secretary-General, António Guterres, called the attack “...”"
    if subject.lemma_.lower() in _ROLES | _TEXTS:
        institution = _institution_of(subject)
        person = _person_in_apposition(institution, speakers) if institution is not None else None
        if person is not None:
            return person  # "A spokesman for the Israeli military, Lt. Col. Peter Lerner, said"
        described = _described_institution(subject, quote, speakers) if institution is None else None
        if described is not None:
            return described  # "a company spokesman said": the company named before
        told_before = _same_role_before(subject, speakers) if institution is None else None
        if told_before is not None:
            return told_before  # "An Israeli military spokesman said ... “...,” the spokesman said"
        subject = institution or subject
    if _an_age(subject) and any(child.lower_ == "the" for child in subject.children):
        return _lead_figure(subject.idx, speakers.persons()) or _phrase_of(subject)  # "the 56-year-old said"
    office_holder = _titled_before(subject, speakers)
    if office_holder is not None:
        return office_holder  # "President Emmanuel Macron visited Kyiv ... “...,” the president said"
    labels = _DESCRIBED.get(subject.lemma_.lower()) or speakers.descriptions.get(subject.lemma_.lower())
    # "the Massachusetts Democrat": a person told by a proper noun (not "the French foreign ministry", a name)
    one = subject.pos_ == "NOUN" or (subject.tag_ == "NNP" and tuple(labels or ()) == ("PERSON",))
    if labels and one and any(child.lower_ == "the" for child in subject.children):
        return _antecedent(subject, quote, speakers.with_labels(labels)) or _phrase_of(subject)
    return _entity_at(subject, speakers) or _phrase_of(subject)


def _titled_before(subject, speakers: _Speakers) -> tuple[str, int, int] | None:
    """ "the senator", "the prime minister": the one person named before with that office's title; none when no
    one or two people were, as an office a story gives to several people is no one's by default."""
    forms = speakers.titles.get(subject.lemma_.lower())
    if not forms or not any(child.lower_ == "the" for child in subject.children):
        return None
    found = titled_person(speakers.text, subject.idx, speakers.persons(), forms)
    return (found[2], found[0], found[1]) if found else None


def _entity_at(subject, speakers: _Speakers) -> tuple[str, int, int] | None:
    """The entity the subject's head word names, by its name in the article: "White House Press Secretary
    Stephanie Grisham said" is Stephanie Grisham; "Maley said" is Matt Maley, named so before."""
    return next(((name, s, e) for s, e, name, _ in speakers.named if s <= subject.idx < e), None)


def _description_named(description, speakers: _Speakers) -> tuple[str, int, int] | None:
    """The name a description or a string of titles gives: a person reached from it through appositions,
    coordinations and name words only, not a preposition ("chairman, CEO and president Craig Menear", which
    the parser reads as "chairman" with the rest in apposition; "the lawyer for John Smith" is the lawyer),
    else a name in apposition ("another witness in the probe, Fiona Hill": the entity, not "former White
    House Russia adviser Fiona Hill")."""
    frontier, reached = [description], []
    while frontier:
        frontier = [child for token in frontier for child in token.children if child.dep_ in _TITLE_ARCS]
        reached += frontier
    person = _person_among(reached, speakers)
    named = next((child for child in description.children if child.dep_ == "appos" and _names(child)), None)
    if person is not None or named is None:
        return person
    return next(((n, s, e) for s, e, n, _ in speakers.named if s <= named.idx < e), None) or _phrase_of(named)


_TITLE_ARCS = ("appos", "conj", "compound", "flat")


# What "the statement said" and "the spokesman said" stand for: the one named before, of these kinds.
_DESCRIBED = {role: ("PERSON", "ORG", "GROUP") for role in _ROLES} | {"statement": ("ORG", "GROUP")}


def _person_among(tokens, speakers: _Speakers) -> tuple[str, int, int] | None:
    """The first person named at one of the tokens: (name, start, end)."""
    persons = speakers.persons()
    return next(((name, s, e) for token in tokens for s, e, name in persons if s <= token.idx < e), None)


def _person_in_apposition(institution, speakers: _Speakers) -> tuple[str, int, int] | None:
    """A person the parser hung in apposition on a role's institution ("a spokesman for the ministry, Ivan
    Petrov,") or on a title ("The UN Secretary-General, António Guterres,"): neither is a person, so the
    person is the one speaking."""
    return _person_among([child for child in institution.children if child.dep_ == "appos"], speakers)


def _an_age(subject) -> bool:
    """ "The 56-year-old": a person told by age."""
    return subject.lower_ == "old" and any(child.lower_ in ("year", "years") for child in subject.children)


def _lead_figure(position: int, persons: list[tuple[int, int, str]]) -> tuple[str, int, int] | None:
    """The first person the article names, if before `position`: a story calls its main figure, named in
    its lead, "the 56-year-old" ("Jose Mourinho has agreed a deal to replace Mauricio Pochettino ...
    Pochettino was sacked ... The 56-year-old said" is Mourinho)."""
    first = min(persons, default=None)
    return (first[2], first[0], first[1]) if first is not None and first[1] <= position else None


def _institution_of(role):
    """ "a spokesman for the ministry", "a statement from the ministry", "a study by the Centre", "a WeWork
    spokesperson"."""
    return next(
        (
            grandchild
            for child in role.children
            if child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "by")
            for grandchild in child.children
            if grandchild.dep_ == "pobj"
        ),
        None,
    ) or next((child for child in role.children if child.dep_ in ("compound", "poss") and _names(child)), None)


def _same_role_before(role, speakers: _Speakers) -> tuple[str, int, int] | None:
    """ "the spokesman", after "An Israeli military spokesman said ...": the one the text told of so before,
    by the person named beside it or its institution, else the earlier phrase itself."""
    if role.lemma_.lower() not in _PEOPLES_ROLES or not any(child.lower_ == "the" for child in role.children):
        return None
    earlier = speakers.outside_quotes(
        [t for t in role.doc[: role.i] if t.lemma_.lower() == role.lemma_.lower() and t.pos_ == "NOUN"]
    )
    if not earlier:
        return None
    first_told = earlier[-1]
    if any(child.lower_ == "the" for child in first_told.children):
        return None  # "the spokesman" again: no description to take
    institution = _institution_of(first_told)
    return (
        _person_in_apposition(first_told, speakers)
        or (_entity_at(institution, speakers) if institution is not None else None)
        # "An Israeli military spokesman"; not a bare "spokesperson"
        or (_phrase_of(first_told) if _told_by_a_name(first_told) else None)
    )


_PEOPLES_ROLES = _ROLES - {"statement"}  # the roles a person holds


def _described_institution(role, quote: Quote, speakers: _Speakers) -> tuple[str, int, int] | None:
    """ "a company spokesman", "a ministry spokeswoman": a role whose institution is told by a generic noun
    of [definite_descriptions] speaks for the one of that kind named before, as "the company" would."""
    for child in role.children:
        labels = speakers.descriptions.get(child.lemma_.lower()) if child.dep_ == "compound" else None
        if labels and child.pos_ == "NOUN":
            return _antecedent(child, quote, speakers.with_labels(labels))
    return None


def _phrase_of(subject) -> tuple[str, int, int]:
    tokens = _name_tokens(subject)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return subject.doc.char_span(start, end).text, start, end


def _antecedent(pronoun, quote: Quote, candidates) -> tuple[str, int, int] | None:
    """The entity a pronoun stands for, among the compatible `candidates`: the last one named before it
    as the subject of a clause within the last few sentences (the one the text is about: "Taylor Swift
    posted on Twitter ... she said" is Swift, whatever the model made of Twitter; "Big Machine have
    denied ... “...,” they said" is Big Machine), else the last one named before it."""
    doc = pronoun.doc
    before = [entity for entity in candidates if entity[1] <= min(pronoun.idx, quote.start_char)]
    if not before:
        return None
    window_start = _sentence_start(doc, pronoun, _ANTECEDENT_SENTENCES)
    for start, end, name in reversed(before):
        span = doc.char_span(start, end, alignment_mode="expand")
        if start < window_start or span is None:
            break
        if span.root.dep_ in ("nsubj", "nsubjpass"):
            return name, start, end
    return before[-1][2], before[-1][0], before[-1][1]


_ANTECEDENT_SENTENCES = 3


def _sentence_start(doc, token, back: int) -> int:
    """The first character of the sentence `back` sentences before the token's (its own for 0)."""
    sentences = [s for s in doc.sents if s.start <= token.i]
    return sentences[max(0, len(sentences) - 1 - back)].start_char


def _names(token) -> bool:
    """A name, not a description ("WeWork", "the ministry's", not "a press")."""
    return token.pos_ == "PROPN" or token.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")


_NAME_PARTS = ("compound", "amod", "poss", "case", "flat", "nmod")  # "The U.N. human rights office"


def _name_tokens(head) -> list:
    """The head and the words that make up its name ("John Williams", "the ministry's spokesman"),
    reached through name arcs only: not an apposition, a clause or a prepositional phrase about it
    ("John Williams, the president of the Federal Reserve Bank, said": the speaker is John Williams), nor
    a description of a name ("the 14th-ranked Schwartzman said": Schwartzman)."""
    tokens, frontier = [head], [head]
    while frontier:
        children = [
            child
            for token in frontier
            for child in token.children
            if child.dep_ in _NAME_PARTS and not (token.pos_ == "PROPN" and child.dep_ == "amod" and child.is_lower)
        ]
        tokens += children
        frontier = children
    return tokens


def _continues(text: str, previous: Quote, start: int, woven: bool) -> bool:
    """Nothing but the attribution of the previous quote, or a paragraph break, stands between them; a
    quote woven into the author's words of a new paragraph is not the one before continued."""
    between = text[previous.end_char : start]
    if "\n" in between and woven:
        return False
    return "\n" not in between or not between.strip() or between.count("\n") <= 2 and len(between) < 120


def _a_title(body: str, text: str, start: int) -> bool:
    """ "“Takin’ It To The Streets,”", "“Wild Rose”": every word capitalized but the small ones, and no
    sentence's end: a title of a work or a slogan (the codebook's), not words someone said. After a colon
    it is said or posted ("with the caption: “Welcome Jose”")."""
    if text[:start].rstrip().endswith(":"):
        return False
    words = re.findall(r"[^\W\d_][\w’']*", body)
    capitalized = [word for word in words if word[:1].isupper()]
    small = all(word[:1].isupper() or word.lower() in _TITLE_SMALL_WORDS for word in words)
    return len(capitalized) >= 2 and small and not body.rstrip(" ,").endswith((".", "!", "?"))


_TITLE_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "with", "by", "from"}


def _woven(text: str, start: int, end: int) -> bool:
    """A quote inside the author's sentence ("called it a “profound indictment of the system”"), not
    an utterance standing at the start of a sentence or paragraph, or after a colon."""
    before = text[max(0, start - 3) : start].rstrip(" ")
    return not (before == "" or before.endswith(("\n", ":", ".", "?", "!")))


def _attribute_to_introduction(quote: Quote, doc, sentences, reporting: frozenset[str], speakers) -> None:
    """A quote that opens its sentence or paragraph, introduced by the sentence before it ("In a
    statement, the ministry said:" or "Morrison said in his opening statement."), or a partial quote
    woven into a sentence, whose speaker is that sentence's subject ("Cruz called the suicide a “...”")."""
    opening = next((i for i, s in enumerate(sentences) if s.start_char <= quote.start_char < s.end_char), None)
    if opening is None:
        return
    candidates = [sentences[opening]] if _woven(speakers.text, quote.start_char, quote.end_char) else []
    if opening and _introduces(sentences[opening - 1], reporting):
        candidates.append(sentences[opening - 1])
    for sentence in candidates:
        woven_in = sentence is sentences[opening]
        verbs = (
            [*_reporting_above(doc, quote, reporting), sentence.root]
            if woven_in
            else [t for t in speakers.outside_quotes(sentence) if t.lemma_.lower() in reporting]
        )
        for verb in verbs:
            subject = _subject_of(_holder(verb), speakers)
            if subject is not None and verb.lemma_.lower() not in reporting and not _can_speak(subject, speakers):
                continue  # "the merger will create a “stronger” enterprise": a merger says nothing
            span = _name_of(subject, quote, speakers) if subject is not None else None
            if span is not None:
                quote.speaker, quote.speaker_start, quote.speaker_end = span
                quote.verb = verb.text
                return


def _can_speak(subject, speakers: _Speakers) -> bool:
    """A name, a pronoun, a role or a definite description ("the company"): the subject of a verb that is
    not one of speech speaks through it only then ("Cruz called the suicide a “profound indictment of the
    system”")."""
    lemma = subject.lemma_.lower()
    known = lemma in _ROLES or lemma in speakers.descriptions or lemma in speakers.titles
    # "The U.N. human rights office called the killings “...”": a body its name's words tell
    return subject.pos_ == "PRON" or _names(subject) or known or (subject.pos_ == "NOUN" and _told_by_a_name(subject))


def _told_by_a_name(noun) -> bool:
    """A name's words modify the noun: "The U.N. human rights office", "An Israeli military spokesman"."""
    return any(child.dep_ in ("compound", "amod", "poss", "nmod") and _names(child) for child in noun.children)


def _attribute_to_person_before(quote: Quote, sentences, reporting: frozenset[str], speakers: _Speakers) -> None:
    """A quote that stands as a sentence of its own, with no attribution, after a sentence about a person
    is that person's ("Aderholt returned to the issue later in the hearing. “What commercial launch vehicles
    exist today ...?”"; "In his Instagram announcement, Van Der Beek noted ...\n\n"@Vanderkimberly and I
    have been through ..."), as it is after a sentence a person is said to say ("The tuft cell, Herbert
    said, is constantly sensing ... “Once some of those ...”")."""
    opening = next((i for i, s in enumerate(sentences) if s.start_char <= quote.start_char < s.end_char), None)
    if not opening or _woven(speakers.text, quote.start_char, quote.end_char):
        return
    own, before = sentences[opening], sentences[opening - 1]
    if speakers.text[own.start_char : quote.start_char].strip() or speakers.text[quote.end_char : own.end_char].strip():
        return  # words of the author's around the quote: not a quote standing alone
    if not speakers.outside_quotes(before):
        return
    saying = [token for token in before if token.lemma_.lower() in reporting and token.pos_ == "VERB"]
    for verb in [before.root, *saying]:
        subject = _subject_of(verb, speakers)
        span = _name_of(subject, quote, speakers) if subject is not None else None
        if span is not None and any(start == span[1] for start, *_ in speakers.persons()):
            quote.speaker, quote.speaker_start, quote.speaker_end = span
            return


def _reporting_above(doc, quote: Quote, reporting: frozenset[str]) -> list:
    """The reporting verbs the quote's words hang from, nearest first ("the DEA says that the border
    “remains the primary entry point ...”": says), whatever the sentence's main verb ("That said, ...")."""
    inside = doc.char_span(quote.start_char, quote.end_char, alignment_mode="contract")
    if inside is None or not len(inside):
        return []
    return [token for token in inside.root.ancestors if token.lemma_.lower() in reporting and token.pos_ == "VERB"]


def _introduces(sentence, reporting: frozenset[str]) -> bool:
    """The sentence before a quote that opens its own introduces it when it ends with a colon, or when it
    is itself a statement: its main verb is a reporting verb ("Big Machine have twice denied doing anything
    wrong. “At no point did we say ...”")."""
    return sentence.text.rstrip().endswith(":") or sentence.root.lemma_.lower() in reporting


def _speaks_through(verb, speakers: _Speakers) -> bool:
    """The verb's subject can speak (a verb right before a colon that opens a quote introduces it)."""
    subject = _subject_of(_holder(verb), speakers)
    return subject is not None and _can_speak(subject, speakers)


def _imperative(verb) -> bool:
    """ "Read our review." after a quote attributes nothing."""
    return verb.tag_ == "VB" and not any(child.dep_ in ("nsubj", "aux", "auxpass") for child in verb.children)


def _holder(verb):
    """The verb whose subject speaks: "said ... and added, “...”" and "Liu said ..., warning: “...”" take
    the subject of "said"."""
    return verb.head if verb.dep_ in ("conj", "advcl") and not _subject_of(verb) else verb


def _subject_of(verb, speakers: _Speakers | None = None):
    """The verb's subject; with `speakers`, the one outside the quotations: the parser often makes the
    quotation's own subject a subject of the reporting verb too ("“The mission ...,” Stafford responded")."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if speakers is not None:
        subjects = speakers.outside_quotes(subjects)[-1:]
    return next(iter(subjects), None)
