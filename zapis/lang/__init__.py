"""The Czech language base every stage shares: folding, word lists, name forms, names, matching
of names, and the organization list.

Other packages use these public names only, never the modules behind them.
"""

from __future__ import annotations

from zapis.lang.forms import Case, first_name_gender, is_first_name, nominative_first_name, nominative_surname
from zapis.lang.matching import NameKey, blocking_keys, explain_tier, match_tier, name_key
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
from zapis.lang.text import fold, fold_aligned, slug, strip_diacritics
from zapis.lang.vocab import Found, Phrases, load, phrases, words

__all__ = [
    "Case",
    "CleanName",
    "Found",
    "NameKey",
    "OrganizationList",
    "Phrases",
    "blocking_keys",
    "canonical_organization",
    "clean_name",
    "explain_tier",
    "first_name_gender",
    "fold",
    "fold_aligned",
    "gender_of",
    "is_first_name",
    "is_honorific",
    "is_not_name",
    "is_role",
    "is_title",
    "load",
    "looks_like_name",
    "match_tier",
    "name_key",
    "nominative_first_name",
    "nominative_surname",
    "organization_list",
    "phrases",
    "slug",
    "strip_diacritics",
    "strip_titles",
    "surname_first",
    "words",
]
