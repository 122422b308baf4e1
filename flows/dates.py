"""Time expressions: the day-level anchors of a sentence and how they resolve against the publication
date. Shared by the event stage (as names.py is by the entity and place stages): plain functions on
spaCy spans and strings.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {
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
DAY_WORDS = {"today", "yesterday", "tonight", "overnight"} | WEEKDAYS


def time_anchors(sentence, published: date | None, holidays: dict[str, str]) -> list[tuple]:
    """(token index, ISO day or None, precision, text) of each time expression in the sentence. Only a
    day-level expression gives a day: a weekday (the most recent on or before publication, the
    publication's own weekday being that day), today, tonight, yesterday, last night, or a calendar
    date; "last week", "in October" or a year alone give a precision and no day."""
    anchors = []
    tokens = list(sentence)
    for position, token in enumerate(tokens):
        word = token.lower_
        previous = tokens[position - 1].lower_ if position else ""
        if published is None:
            break
        if word in WEEKDAYS and previous not in ("next", "this", "every"):
            back = (published.weekday() - _WEEKDAY_INDEX[word]) % 7
            anchors.append((token.i, (published - timedelta(days=back)).isoformat(), "day", token.text))
        elif word in ("today", "tonight") or (word in ("morning", "afternoon", "evening") and previous == "this"):
            anchors.append((token.i, published.isoformat(), "day", token.text))
        elif word == "yesterday" or (word == "night" and previous == "last"):
            anchors.append((token.i, (published - timedelta(days=1)).isoformat(), "day", token.text))
    anchors.extend(_dates_outside_date_entities(sentence, published, holidays))
    covered = {i for i, *_ in anchors}
    for ent in _entities_of(sentence):
        if ent.label_ == "EVENT":  # "the 1967 Six-Day War", "the September 11, 2001 attacks": the year dates it
            years = [t for t in ent if t.like_num and len(t.text) == 4 and 1900 <= int(t.text) <= 2100]
            anchors.extend((year.i, None, "year", year.text) for year in years[:1])
        days_ago = _days_ago(ent.text) if ent.label_ == "DATE" and published else None
        if days_ago is not None and not covered & {t.i for t in ent}:
            anchors.append((ent.root.i, (published - timedelta(days=days_ago)).isoformat(), "day", ent.text))
            continue
        if ent.label_ != "DATE" or covered & {t.i for t in ent} or not _names_a_time(ent.text):
            continue
        resolved = _resolved_head(ent, published, holidays) if published else None
        if resolved is not None:
            day, precision = resolved
            anchors.append((ent.root.i, day if precision == "day" else None, precision, ent.text))
        else:  # "at the end of August": a time of its own, though not one to resolve to a day
            anchors.append((ent.root.i, None, date_precision(ent.text.lower()), ent.text))
    return anchors


def _resolved_head(ent, published: date, holidays: dict[str, str]) -> tuple[str, str] | None:
    """The date an entity names, or else the date its first words name: the model runs a date into the
    words after it ("sentenced him on Nov. 15 to ten years": "Nov. 15 to ten years")."""
    base = datetime.combine(published, datetime.min.time())
    if (resolved := resolve_date(ent.text, base, holidays)) is not None:
        return resolved
    words = [token.text for token in ent]
    for end in range(min(len(words) - 1, _LONGEST_DATE_WORDS), 1, -1):  # its first words, longest first
        head = " ".join(words[:end])
        if _names_a_time(head) and (resolved := resolve_date(head, base, holidays)) is not None:
            return resolved
    return None


_LONGEST_DATE_WORDS = 5  # "Nov. 15, 2019" is four words; "the morning of Nov. 15" five
_DAYS_AGO = re.compile(r"^(?:about |some )?(a|one|two|three|four|five|six|\d) days? ago$", re.I)
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _days_ago(text: str) -> int | None:
    """ "two days ago": a day counted back from publication (a week or more back is no longer told by the day)."""
    match = _DAYS_AGO.match(text.strip())
    if match is None:
        return None
    count = match.group(1).lower()
    return int(count) if count.isdigit() else _SMALL_NUMBERS[count]


def _entities_of(sentence) -> list:
    """The sentence's named entities."""
    entities = _kept(sentence.doc, "entities", lambda doc: list(doc.ents))
    return [ent for ent in entities if sentence.start <= ent.start < sentence.end]


def text_of(doc) -> str:
    """The document's text."""
    return _kept(doc, "text", lambda doc: doc.text)


def _kept(doc, name: str, read):
    """spaCy rebuilds Doc.text and every entity at each access: what the rules read of a document is read
    once and kept with it."""
    key = f"newsflow_{name}"
    if key not in doc.user_data:
        doc.user_data[key] = read(doc)
    return doc.user_data[key]


def _dates_outside_date_entities(sentence, published: date, holidays: dict[str, str]) -> list[tuple]:
    """ "Trump’s July 25 call": a month and a day the model swallowed into a name."""
    found = []
    if published is None:
        return found
    for token in sentence:
        following = token.nbor(1) if token.i + 1 < len(token.doc) else None
        if following is None or not following.like_num or token.lower_.rstrip(".") not in MONTHS:
            continue
        if "DATE" in (token.ent_type_, following.ent_type_):
            continue
        phrase = f"{token.text} {following.text}"
        resolved = resolve_date(phrase, datetime.combine(published, datetime.min.time()), holidays)
        if resolved is not None and resolved[1] == "day":
            found.append((following.i, resolved[0], "day", phrase))
    return found


_WEEKDAY_INDEX = {
    name: index
    for index, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
# Days told relative to the day last named before: the same day, the day after, the day before.
_RELATIVE_DAYS = [
    (
        re.compile(
            r"\b(later that day|that same day|the same day|that (morning|afternoon|evening|night)|"
            r"(earlier|later) (in|that) the day|(earlier|later) that day)\b",
            re.I,
        ),
        0,
    ),
    (re.compile(r"\b(the next day|the following day|a day later|the day after)\b", re.I), 1),
    (re.compile(r"\b(the previous day|the day before|a day earlier)\b", re.I), -1),
]


def day_offset(sentence) -> int | None:
    """How many days after the day last named the sentence says its acts happened ("later that day" 0,
    "the next day" 1, "the day before" -1), or None when it says nothing of the kind."""
    return next((offset for pattern, offset in _RELATIVE_DAYS if pattern.search(sentence.text)), None)


def shifted(day: str | None, offset: int | None) -> str | None:
    if day is None or offset is None:
        return None
    return (date.fromisoformat(day) + timedelta(days=offset)).isoformat()


def _names_a_time(text: str) -> bool:
    """ "32" (an age the model calls a DATE) is no date; a year, a month, a weekday or "last week" is."""
    lowered = text.lower()
    words = set(re.findall(r"[a-z]+", lowered))
    named = words & (MONTHS | DAY_WORDS | {"week", "month", "year", "weeks", "months", "years", "decade", "decades"})
    years = [int(year) for year in re.findall(r"\b(\d{4})\b", text)]
    plausible_year = any(1900 <= year <= 2100 for year in years)  # not "1119 Seventh Street"
    return bool(plausible_year or named or "christmas" in lowered or "new year" in lowered)


def resolve_date(text: str, published_at: datetime | None, holidays: dict[str, str]) -> tuple[str, str] | None:
    """(ISO date, precision) of a date expression, relative expressions against the publication date:
    "on December 24" -> the last December 24 before it; "Thursday"; "last week"; "in September 2022"
    (the first of the month, precision month); "Christmas" from the holiday table."""

    phrase = _DATE_NOISE.sub("", _ARTICLE_BEFORE_A_MONTH.sub("", text.lower().strip())).strip()
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
    has_day_number = bool(re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", phrase)) and bool(words & MONTHS)
    if has_day_number or words & DAY_WORDS or re.search(r"\d{4}-\d{2}-\d{2}", phrase):
        return "day"
    if words & {"week", "weeks"}:
        return "week"
    if words & MONTHS or words & {"month", "months"}:
        return "month"
    return "year"


# "In a Nov. 5 letter": the model may take the article into the date, which dateparser then misreads ("an Oct. 26"
# as 1926-10-01)
_ARTICLE_BEFORE_A_MONTH = re.compile(r"^an?\s+(?=(?:" + "|".join(sorted(MONTHS)) + r")\b)")
_DATE_NOISE = re.compile(r"\b(on|in|since|by|during|the|of|early|late|mid|this past)\b")
