"""From typed text to the query every backend runs (search.parsing): only folded words survive."""

from __future__ import annotations

from search.parsing import parse


def test_words_are_folded_and_the_last_one_is_a_prefix_while_typed():
    # when
    query = parse("Công đoàn tổ c")
    typed_out = parse("Công đoàn tổ chức ")
    # then
    assert query.fts5() == '"cong" AND "doan" AND "to"'  # one letter being typed waits for the next
    assert parse("Công đoàn tổ ch").fts5() == '"cong" AND "doan" AND "to" AND "ch"*'
    assert typed_out.tsquery() == "cong & doan & to & chuc"
    assert (
        parse("công đoàn cơ sở").fts5() == '("cong doan co so" OR "cdcs")'
    )  # a phrase with its abbreviation
    assert parse("lươ").tsquery() == "luo:*"


def test_abbreviations_and_their_phrases_are_alternatives():
    # when
    abbreviation = parse("BHXH trễ hạn ")
    phrase = parse("bảo hiểm xã hội ")
    # then
    assert abbreviation.fts5() == '("bhxh" OR "bao hiem xa hoi") AND "tre" AND "han"'
    assert abbreviation.tsquery() == "(bhxh | (bao & hiem & xa & hoi)) & tre & han"
    assert phrase.fts5() == '("bao hiem xa hoi" OR "bhxh")'


def test_nothing_typed_reaches_a_query_language():
    # when
    query = parse('"; DROP TABLE x; -- NEAR(a) OR * ^ :* & | ! \x00 😀 ')
    # then: letters and digits only, whatever was typed
    assert query.tsquery() == "drop & table & x & near & a & or"
    assert query.fts5() == '"drop" AND "table" AND "x" AND "near" AND "a" AND "or"'


def test_long_text_is_cut_to_ten_words():
    # when
    query = parse(" ".join(f"tu{n}" for n in range(5_000)))
    # then
    assert len(query.clauses) == 10
    assert parse("x" * 10_000).tsquery() == "x" * 40 + ":*"


def test_accented_words_are_kept_for_ranking():
    assert parse("Đình công, BHXH").accented_words == ("đình", "công")
    assert parse("dinh cong").accented_words == ()
