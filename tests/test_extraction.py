"""Extraction on sentences written for these tests, through the public pipeline."""

from __future__ import annotations

from ssrgraph.extract.documents import document_from_text
from ssrgraph.extract.pipeline import build_pipeline, extract


def test_pipeline_starts_from_blank_english(nlp):
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["ssr_sentences", "lemmatizer", "ssr_entities", "ssr_syntax", "ssr_relations"]
    assert nlp("Donors were funding projects.")[1].lemma_ == "be"


def test_sentences_split_at_headings_and_abbreviations(nlp):
    doc = nlp("Annual review\n\nThe grant came from the U.S. Tajikistan used it well. It was a con-\n\ntinued effort.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Annual review", "The grant came from the U.S.", "Tajikistan used it well.",
                         "It was a con-\n\ntinued effort."]


def test_a_blank_line_ends_a_sentence_that_seemed_to_run_on(nlp):
    doc = nlp("Support covered training, equipment and the\n\nJos Boonstra is a senior researcher at FRIDE. "
              "The grant went to the\nBorder Guards of Tajikistan.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences == ["Support covered training, equipment and the", "Jos Boonstra is a senior researcher at FRIDE.",
                         "The grant went to the\nBorder Guards of Tajikistan."]


def test_known_actors_by_alias_and_acronym_case(run_extract):
    entities, _ = run_extract("The Organisation for Security and Cooperation in Europe met the OSCE staff; "
                              "we saw Tadjikistan and us.")
    assert "organisation-for-security-and-cooperation-in-europe" in entities
    assert "tajikistan" in entities
    assert "united-states" not in entities


def test_active_and_passive_funding(facts):
    assert ("germany", "funds", "border-management-programme-in-central-asia") in facts(
        "Germany funded the Border Management Programme in Central Asia.")
    assert ("japan", "funds", "central-asia-drug-action-programme") in facts(
        "The Central Asia Drug Action Programme was financed by Japan.")


def test_hyphenated_compounds(facts):
    found = facts("Tajikistan joined the Russian-led Collective Security Treaty Organization in 1992.")
    assert ("russia", "leads", "collective-security-treaty-organisation") in found
    assert ("tajikistan", "memberOf", "collective-security-treaty-organisation") in found


def test_training_with_coordinated_trainers(facts):
    found = facts("Uzbek border guards were trained by Turkey, Germany and the United States.")
    for trainer in ("turkey", "germany", "united-states"):
        assert (trainer, "trains", "border-guards-uzbekistan") in found
    assert ("border-guards-uzbekistan", "partOf", "uzbekistan") in found


def test_bodies_of_states_by_adjective_possessive_and_context(run_extract):
    entities, assertions = run_extract(
        "Turkmenistan's foreign ministry rejected the plan. The Kyrgyz police protested. "
        "In Uzbekistan, the parliament debated the budget.")
    labels = {e.label for e in entities.values()}
    assert {"Ministry of Foreign Affairs (Turkmenistan)", "Police (Kyrgyzstan)", "Parliament (Uzbekistan)"} <= labels
    parts = {(a.subject, a.object) for a in assertions if a.relation == "partOf"}
    assert ("police-kyrgyzstan", "kyrgyzstan") in parts


def test_generic_body_without_a_state_is_no_entity(run_extract):
    entities, _ = run_extract("Across the region, the police are rarely trusted.")
    assert not any(e.cls == "StateAgency" for e in entities.values())


def test_unknown_names_are_discovered_by_head_noun(run_extract):
    entities, _ = run_extract("The Caspian Policy Institute and the Steppe Peace Foundation "
                              "launched the Safe Borders Initiative.")
    classes = {e.label: e.cls for e in entities.values()}
    assert classes["Caspian Policy Institute"] == "NonStateOrganisation"
    assert classes["Steppe Peace Foundation"] == "NonStateOrganisation"
    assert classes["Safe Borders Initiative"] == "Programme"


def test_acronym_defined_in_brackets_links_later_uses(run_extract):
    entities, assertions = run_extract(
        "The Regional Water Security Network (RWSN) was founded in 2016. Later the RWSN partnered with UNDP.")
    assert entities["regional-water-security-network"].aliases >= {"RWSN"}
    assert ("regional-water-security-network", "partnersWith", "undp") in {
        (a.subject, a.relation, a.object) for a in assertions}


def test_president_title_leads_the_state_with_period(run_extract):
    _, assertions = run_extract("In Turkmenistan, President Gurbanguly Berdimuhamedow (2007-2022) ruled alone.")
    leads = [a for a in assertions if a.relation == "leads"]
    assert [(a.subject, a.object, a.time) for a in leads] == [("gurbanguly-berdimuhamedow", "turkmenistan", "2007-2022")]


def test_negation_hedging_and_prescription_are_not_facts(run_extract):
    _, assertions = run_extract(
        "Japan did not fund the Central Asia Drug Action Programme. "
        "Germany reportedly trained Kyrgyz special forces. "
        "The European Union should assist Turkmenistan.")
    qualities = {(a.subject, a.relation): (a.polarity, a.modality) for a in assertions}
    assert qualities[("japan", "funds")] == ("negative", "asserted")
    assert qualities[("germany", "trains")] == ("positive", "hedged")
    assert qualities[("european-union", "assists")] == ("positive", "prescribed")
    assert not any(a.is_fact for a in assertions if a.relation in ("funds", "trains", "assists"))


def test_amount_time_and_sector_qualifiers(run_extract):
    _, assertions = run_extract("In 2014 Finland granted EUR 4.5 million to the OSCE for border management.")
    funding = next(a for a in assertions if a.relation == "funds")
    assert (funding.amount, funding.currency, funding.time) == (4_500_000.0, "EUR", "2014")
    assert "border-management" in funding.sectors


def test_evidence_offsets_slice_the_document_text(nlp):
    text = "Preface\n\nSweden   funded the OSCE Academy in Bishkek.  Later, NATO trained Kazakh officers."
    document = document_from_text(text)
    result = extract(document, nlp)
    assert result.assertions
    for assertion in result.assertions:
        assert document.text[assertion.start:assertion.end] == assertion.sentence


def test_footnotes_state_no_relations(run_extract):
    _, assertions = run_extract("Main text here.\n\n12 J. Smith, 'Germany funds the OSCE', Journal 4, 2011.")
    assert assertions == []


def test_build_pipeline_gives_an_independent_working_pipeline():
    nlp = build_pipeline()
    result = extract(document_from_text("Norway funds UNDP."), nlp)
    assert ("norway", "funds", "undp") in {(a.subject, a.relation, a.object) for a in result.assertions}


def test_regression_space_as_second_token_still_sets_sentence_boundaries(nlp):
    doc = nlp("0\x1f0")
    assert len(list(doc.sents)) == 1


def test_the_pattern_index_offers_exactly_the_patterns_a_full_scan_would_try(nlp):
    index = nlp.get_pipe("ssr_relations").patterns
    vocabulary = sorted({form for pattern in index.patterns for forms in pattern.required for form in forms})
    assert len(index.patterns) > 50 and vocabulary
    for step in range(1, 40):
        words = set(vocabulary[::step]) | {"the", "@0:State"}
        expected = [pattern for pattern in index.patterns if pattern.may_match(words)]
        assert index.candidates(words) == expected
    assert index.candidates({"the"}) == [p for p in index.patterns if not p.required]
