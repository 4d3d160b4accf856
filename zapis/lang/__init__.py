"""The Czech language base every stage shares: folding, word lists, name forms, names, matching
of names, and the organization list.

Other packages use these public names only, never the modules behind them.
"""

from __future__ import annotations

from zapis.lang.forms import Case, Gender, feminine_surnames, first_name_gender, is_first_name
from zapis.lang.lemmas import (
    Lemma,
    Reading,
    explain_reading,
    first_name_lemmas,
    honorific_case,
    known_surname,
    nominative_first_name,
    nominative_surname,
    proper_nominative,
    read_name,
    reload_dictionary,
    surname_lemmas,
)
from zapis.lang.matching import (
    TYPO_MIN_LENGTH,
    NameKey,
    blocking_keys,
    evidence,
    explain_tier,
    fit,
    match_tier,
    name_key,
    split_name,
    typo_close,
)
from zapis.lang.morphology import MissingDictionaryWarning, cache_folder, dictionary_version, morphology
from zapis.lang.names import (
    CleanName,
    clean_name,
    gender_of,
    is_honorific,
    is_not_name,
    is_role,
    is_title,
    looks_like_name,
    strip_titles,
    surname_first,
)
from zapis.lang.organizations import OrganizationList, canonical_organization, organization_list
from zapis.lang.text import fold, fold_aligned, slug, strip_diacritics, without_word_bullet
from zapis.lang.vocab import Found, Phrases, load, phrases, words
from zapis.lang.wordforms import word_forms

__all__ = [
    "TYPO_MIN_LENGTH",
    "Case",
    "CleanName",
    "Found",
    "Gender",
    "Lemma",
    "MissingDictionaryWarning",
    "NameKey",
    "OrganizationList",
    "Phrases",
    "Reading",
    "blocking_keys",
    "cache_folder",
    "canonical_organization",
    "clean_name",
    "dictionary_version",
    "evidence",
    "explain_reading",
    "explain_tier",
    "feminine_surnames",
    "first_name_gender",
    "first_name_lemmas",
    "fit",
    "fold",
    "fold_aligned",
    "gender_of",
    "honorific_case",
    "is_first_name",
    "is_honorific",
    "is_not_name",
    "is_role",
    "is_title",
    "known_surname",
    "load",
    "looks_like_name",
    "match_tier",
    "morphology",
    "name_key",
    "nominative_first_name",
    "nominative_surname",
    "organization_list",
    "phrases",
    "proper_nominative",
    "read_name",
    "reload_dictionary",
    "slug",
    "split_name",
    "strip_diacritics",
    "strip_titles",
    "surname_first",
    "surname_lemmas",
    "typo_close",
    "without_word_bullet",
    "word_forms",
    "words",
]
