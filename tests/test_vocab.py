"""The fixed words of the warehouse, documented: every fetch status and input kind in the README's
tables is a member of its enum, and every member is in the README."""

import re
from pathlib import Path

from newsflow.vocab import FetchStatus, InputKind

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _section(heading: str) -> str:
    start = README.index(heading)
    end = README.find("\n#", start + len(heading))
    return README[start : end if end > 0 else None]


def test_readme_status_table_lists_exactly_the_fetch_statuses():
    table = _section("### Fetch statuses")
    documented = {name for row in re.findall(r"^\| (.+?) \|", table, re.M) for name in re.findall(r"`(\w+)`", row)}
    documented -= {"http_404", "http_500"}  # examples of FetchStatus.http(code)
    assert documented == {str(status) for status in FetchStatus}


def test_readme_documents_every_input_kind():
    [row] = [line for line in README.splitlines() if line.startswith("| input_kind |")]
    assert set(re.findall(r"`(\w+)`", row)) == {str(kind) for kind in InputKind}


def test_statuses_are_stored_as_their_plain_names():
    assert FetchStatus.OK == "ok" and str(FetchStatus.TOO_LARGE) == "too_large"
    assert FetchStatus.http(404) == "http_404"
