"""One file, several meetings: a year of a committee's minutes kept in one document, or a web
page with the minutes of two meetings.  Each meeting starts with a title of its own ("2. zápis z
jednání parlamentu", "Zápis z členské schůze dne 10. 3. 2024") followed by its date."""

from __future__ import annotations

import re
from itertools import pairwise

from zapis.lang import fold_aligned
from zapis.parse.dates import find_dates
from zapis.parse.header import title_match
from zapis.parse.labels import match_label

MIN_CONTENT_LINES = 3  # what stands between two titles must be minutes, not a repeated heading
_NUMBERED = re.compile(r"^\s*(?:\d{1,3}[.)]|[-–•*])\s")
_ORDINAL_TITLE = re.compile(r"^\s*\d{1,3}\s*\.\s*")  # "2. zápis z jednání …": the minutes' number
# A verb of the record in the line: it tells about minutes, it does not head them.
_SENTENCE = re.compile(r"(?<!\w)(?:byl|byla|bylo|byly|je|jsou|schválen\w*|schválil\w*|projednal\w*|vzal\w*)(?!\w)")


def _is_meeting_title(lines: list[str], i: int) -> bool:
    """A title line that opens a meeting: the title shape, a date on it or within three lines,
    and not an item of a list ("3. Zápis z jednání finančního výboru" inside a programme)."""
    line = lines[i]
    head = _ORDINAL_TITLE.sub("", line)
    if not title_match(head) or title_match(head).start() > 20:  # type: ignore[union-attr]
        return False
    if _NUMBERED.match(line) and not _ORDINAL_TITLE.match(line):
        return False
    prev = next((ln for ln in reversed(lines[max(0, i - 3) : i]) if ln.strip()), "")
    if _ORDINAL_TITLE.match(line) and _ORDINAL_TITLE.match(prev):
        return False  # an item of a numbered list (a programme that lists other minutes)
    if len(head.split()) > 16 or _SENTENCE.search(head):
        return False  # "Zápis z jednání dne 14. 7. byl schválen.": a sentence about other minutes
    around = lines[i : i + 4]
    dated = any(find_dates(ln) for ln in around) or any(
        (lab := match_label(ln)) is not None and lab.field == "date" for ln in around
    )
    # what follows reads as minutes: a label (Přítomni, Program, Datum …) or a numbered item
    body = [ln for ln in lines[i + 1 : i + 10] if ln.strip()]
    return dated and any(match_label(ln) or _NUMBERED.match(ln) or title_match(ln) for ln in body)


def meeting_starts(lines: list[str]) -> list[int]:
    """The lines where meetings start; [] or one start for a file of one meeting."""
    starts: list[int] = []
    for i in range(len(lines)):
        if not _is_meeting_title(lines, i):
            continue
        # a title repeated right under a heading of the same meeting is one start
        if starts and _content_lines(lines, starts[-1] + 1, i) < MIN_CONTENT_LINES:
            continue
        starts.append(i)
    return starts


def _content_lines(lines: list[str], start: int, end: int) -> int:
    return sum(1 for ln in lines[start:end] if ln.strip() and not title_match(fold_aligned(ln)))


def split_meetings(text: str) -> list[list[tuple[int, int]]]:
    """For each meeting in ``text``, the line ranges [start, end) of its text; a file of one
    meeting gives one meeting of one range.

    Every meeting's text begins with what precedes the first title (a letterhead, a web page's
    heading naming the body), so that each reads its body as the first one does.
    """
    lines = text.split("\n")
    starts = meeting_starts(lines)
    if len(starts) < 2:
        return [[(0, len(lines))]]
    bounds = [*starts, len(lines)]
    preamble = (0, starts[0])
    return [[(0, e)] if k == 0 else [preamble, (s, e)] for k, (s, e) in enumerate(pairwise(bounds))]
