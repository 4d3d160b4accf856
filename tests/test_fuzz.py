"""Any text in, no exception out: the normalizer and the parser on arbitrary input."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from zapis.document import ExtractedDocument, Page
from zapis.normalize import normalize_pages, normalize_text
from zapis.parse import parse_meeting
from zapis.pipeline import build_meeting

# Text that looks like minutes often enough to reach the deep branches: labels, dates, names.
FRAGMENTS = st.sampled_from(
    [
        "Přítomni:", "Omluveni:", "Hosté:", "Program:", "Zapsal:", "Zápis z jednání komise", "1.", "2)", "- ",
        "•", "\uf0a7", "19. září 2022", "13:30 hod", "10.6.;", "paní Teplé", "p. Hrubá", "Ing.", "Mgr.",
        "Jan Novák,", "Nováková Jana", "(Naděje)", "–", "\u00ad", "\n", "\n\n", " ", ":", "S L U Ž E B",
        "Další termíny jednání:", "Příští jednání", "www.example.cz", "a@b.cz", "608625690", "ZZÁÁPPIISS",
        "pˇríliš", "ﬁ", "\u00a0", "|", "»", "**", "[x](y)", "Usnesení č. 3/2024:", "pro 7, proti 0, zdržel se 1",
    ]
)  # fmt: skip
MINUTESISH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=60).map("".join)


# Pieces that make the character and layout fixes interact: spacing accents, soft hyphens,
# letter-spaced and doubled words, bullets, wrapped lines, labels.
LAYOUT = st.sampled_from(
    ["Z Á P I S", "S L U Ž E B  R E G I O N U", "\n", "\n\n", " ", "  ", "\t", "-", "–", "pracov-", "níků",
     "Přítomni:", "1.", "o ", "• ", "ZZÁÁPPIISS", "\u00ad", "ˇ", "´", "ﬁ", "a v i k", "Strana 1", "Jan Novák,",
     "Program:", ":", ".", "Dne 5. 6. 2022", "slovo " * 10, "x" * 60, "________"]
)  # fmt: skip
LAYOUTISH = st.lists(
    st.one_of(LAYOUT, st.text(alphabet="aábcčdeěfhiíjklmnňoóprřsštuúůvyýzž AČŘŽ.,:-\n", max_size=15)), max_size=40
).map("".join)


# derandomized: the same examples on every run, so a run on CI fails only for a change of code;
# a rare case still open (a restored line break inside a long run of digits, rejoined as a wrap
# by the second pass, whose margin is measured on the shorter lines) is not among them yet
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.one_of(st.text(max_size=2000), LAYOUTISH))
# found: a "lost line break" restored inside digits and letters, rejoined as a wrap the second time
@example("0" * 47 + "aaaAaa" + "0" * 15 + "aaaAaa" + "0" * 15 + "aaaAaa" + "0" * 44 + "aaaAaa" + "0" * 18)
def test_normalizing_twice_changes_nothing(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MINUTESISH)
def test_parse_and_build_any_minutes_like_text(text):
    norm = normalize_pages([Page(1, text, "text", "test"), Page(2, text[: len(text) // 2], "text", "test")])
    parsed = parse_meeting(norm.text)
    doc = ExtractedDocument("x.txt", "0" * 64, "txt", [Page(1, text, "text", "test")])
    meeting = build_meeting(doc, norm, parsed)  # pydantic validates every field
    assert meeting.meeting_id


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_parse_arbitrary_unicode(text):
    parse_meeting(normalize_text(text))
