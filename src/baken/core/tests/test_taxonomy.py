from baken.core import taxonomy


def test_every_organisation_has_a_bestuurslaag_or_is_unknown_on_purpose():
    unknown = {code for code in taxonomy.Organisation.values if taxonomy.bestuurslaag_for(code) is None}
    assert unknown == {"overig"}


def test_every_topic_has_a_domain_and_default_organisations_are_valid():
    assert set(taxonomy.DOMAIN_BY_TOPIC) == set(taxonomy.Topic.values)
    assert set(taxonomy.DEFAULT_ORGANISATION_BY_TOPIC.values()) <= set(taxonomy.Organisation.values)


def test_codes_match_the_contract():
    assert len(taxonomy.Topic.values) == 21
    assert taxonomy.Duration.values == ["lt5", "5_15", "15_30", "30_60", "gt60"]
    assert "warm_doorverwezen" in taxonomy.Help.values
    assert taxonomy.bestuurslaag_for("uwv") == "rijk"
    assert taxonomy.bestuurslaag_for(None) is None
