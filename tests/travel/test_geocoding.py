"""Place search: every OSM name variant, type words in English and Chinese, typos, the
confidence rule (match / ambiguous / none) and bad input, on the real Helsinki extract
and on a small hand-made list where the rule itself is checked."""

from __future__ import annotations

import pytest

from incabin.travel import Atlas, InvalidTravelRequest, LatLon, Place, PlaceNotFound
from incabin.travel import AmbiguousPlace, Gazetteer
from incabin.travel.network import haversine_m

STATION = LatLon(60.1699, 24.9384)  # Mannerheimintie by the Central Station
KAMPPI = LatLon(60.1690, 24.9320)


@pytest.fixture(scope="module")
def atlas() -> Atlas:
    return Atlas.default()


def _best(atlas: Atlas, query: str, near: LatLon = STATION) -> Place:
    return atlas.geocode(query, near=near)[0]


@pytest.mark.parametrize(
    ("query", "osm_id"),
    [
        ("Helsinki Cathedral", "way/419479428"),  # name:en of Helsingin tuomiokirkko
        ("Stokka", "way/122595241"),  # loc_name of Stockmann
        ("Oodi", "way/596937289"),  # short_name of Helsingin keskustakirjasto Oodi
        ("Makkaratalo", "relation/9630"),  # alt_name of Kauppakeskus Citycenter
        ("Kansallisteatteri", "way/122595207"),  # alt_name of Suomen Kansallisteatteri
        ("Market Square", "relation/2919185"),  # a multipolygon place, by its name:en
        ("Helsinki Music Centre", "way/58023634"),  # a building cut by the extract's edge
        ("老农贸市场", "way/123814071"),  # name:zh of Vanha Kauppahalli
    ],
)
def test_every_name_variant_is_searchable(atlas: Atlas, query: str, osm_id: str) -> None:
    assert _best(atlas, query).osm_id == osm_id


@pytest.mark.parametrize(
    ("query", "tag"),
    [
        ("the cathedral", "building=cathedral"),
        ("a museum", "tourism=museum"),
        ("博物馆", "tourism=museum"),
        ("charger", "amenity=charging_station"),
        ("最近的充电站", "amenity=charging_station"),
        ("the station", "railway=station"),
        ("火车站", "railway=station"),
        ("parking", "amenity=parking"),
        ("a park", "leisure=park"),
    ],
)
def test_a_type_only_query_is_the_nearest_place_of_that_type(
    atlas: Atlas, query: str, tag: str
) -> None:
    key, value = tag.split("=")
    typed = [p for p in atlas.gazetteer.places if p.tags.get(key) == value]
    nearest = min(typed, key=lambda p: haversine_m(KAMPPI.lat, KAMPPI.lon, p.lat, p.lon))
    assert _best(atlas, query, near=KAMPPI) == nearest


def test_type_words_narrow_a_name(atlas: Atlas) -> None:
    assert _best(atlas, "Stockmann parking").osm_id == "node/1244282835"  # Stockmann Q-Park
    assert _best(atlas, "Kiasma museum").osm_id == "way/8042215"


def test_typos_are_corrected_to_the_closest_word(atlas: Atlas) -> None:
    assert _best(atlas, "Stokmann").osm_id == "way/122595241"  # not "Tokmanni", 2 edits
    assert _best(atlas, "Atheneum").osm_id == "way/8033120"
    assert _best(atlas, "Musiikitalo").osm_id == "way/58023634"


def test_a_short_word_is_not_corrected_into_another(atlas: Atlas) -> None:
    # "home" is one edit from "Hope": navigating to Globe Hope was a move nobody asked for.
    with pytest.raises(PlaceNotFound):
        atlas.geocode("home")


@pytest.mark.parametrize(
    "query",
    [
        "Marsalkka Mannerheimin ratsastajapatsaan kahvila",  # a real statue's name + café
        "Helsingin tuomiokirkon kellotorni",  # the cathedral's bell tower: not mapped
        "Kiasma Museum of Ancient Art",
        "Stockmann Grand Hotel",
        "Uspenski Cathedral",  # real, but outside this extract
    ],
)
def test_a_place_that_is_not_on_the_map_is_never_a_match(atlas: Atlas, query: str) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        atlas.geocode(query, near=STATION)
    assert not isinstance(caught.value, AmbiguousPlace)
    assert len(caught.value.suggestions) <= 3


def test_a_made_up_name_with_nothing_close_is_refused_without_suggestions(atlas: Atlas) -> None:
    with pytest.raises(PlaceNotFound) as caught:
        atlas.geocode("Xyzzyville Qwerty")
    assert caught.value.suggestions == []


def test_several_places_fitting_alike_are_ambiguous(atlas: Atlas) -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        atlas.geocode("Fazer", near=STATION)
    found = caught.value.candidates
    assert 2 <= len(found) <= 3 and all("Fazer" in p.name for p in found)
    assert len({p.name.casefold() for p in found}) == len(found)
    metres = [haversine_m(STATION.lat, STATION.lon, p.lat, p.lon) for p in found]
    assert metres == sorted(metres)  # nearest first
    assert caught.value.suggestions == [p.name for p in found]


def test_a_type_only_query_without_a_position_is_ambiguous(atlas: Atlas) -> None:
    with pytest.raises(AmbiguousPlace):
        atlas.geocode("a museum")


def test_corridor_and_world_cities_still_resolve(atlas: Atlas) -> None:
    for query, name in [("Berlin", "Berlin"), ("上海", "Shanghai"), ("Nürnberg", "Nuremberg"),
                        ("Leipzig", "Leipzig"), ("Nanjing", "Nanjing"), ("Helsinki", "Helsinki")]:
        best = atlas.geocode(query)[0]
        assert (best.name, best.kind) == (name, "city")


def test_bad_input_gets_a_clear_error(atlas: Atlas) -> None:
    with pytest.raises(PlaceNotFound) as empty:
        atlas.geocode("  the  ")  # only filler words
    assert empty.value.suggestions == []
    with pytest.raises(InvalidTravelRequest, match="must be text"):
        atlas.geocode(b"Kiasma")  # type: ignore[arg-type]
    with pytest.raises(InvalidTravelRequest, match="not valid text"):
        atlas.geocode("Kiasma\udcff")


# --- the confidence rule on a hand-made list ----------------------------------------------
HERE = LatLon(60.0, 25.0)


def _place(name: str, north_m: float, **tags: str) -> Place:
    return Place(name=name, lat=60.0 + north_m / 111_195.0, lon=25.0, tags=tags)


@pytest.fixture(scope="module")
def small() -> Gazetteer:
    return Gazetteer([
        _place("Alpha Cafe", 300, amenity="cafe"),
        _place("Alpha Bar", 900, amenity="bar"),
        _place("Beta", 100, amenity="cafe"),
        _place("Beta", 5000, amenity="cafe"),
        _place("Gamma Gallery", 50, tourism="museum"),
        _place("Delta Tower", 2000, man_made="tower"),
        _place("Delta Tower Stop", 2050, railway="tram_stop"),
    ])


def test_rule_exact_name_is_a_match_and_twins_go_nearest_first(small: Gazetteer) -> None:
    assert small.search("Alpha Cafe", near=HERE)[0].name == "Alpha Cafe"
    twins = small.search("Beta", near=HERE)
    assert [p.name for p in twins[:2]] == ["Beta", "Beta"] and twins[0].lat < twins[1].lat
    far = LatLon(60.0 + 5000 / 111_195.0, 25.0)
    assert small.search("Beta", near=far)[0].lat > twins[0].lat


def test_rule_part_of_two_names_is_ambiguous(small: Gazetteer) -> None:
    result = small.find("Alpha", near=HERE)
    assert result.verdict == "ambiguous"
    assert [p.name for p in result.places] == ["Alpha Cafe", "Alpha Bar"]


def test_rule_places_one_destination_apart_are_not_a_choice(small: Gazetteer) -> None:
    # "Delta Tower" names the tower in full; "Delta" fits the tower and its stop, 50 m apart.
    assert small.find("Delta", near=HERE).verdict == "match"


def test_rule_partial_matches_are_suggestions_only(small: Gazetteer) -> None:
    # Two words of three fit: a suggestion, not a destination; nothing fits: no suggestion.
    result = small.find("Gamma Gallery Opera", near=HERE)
    assert result.verdict == "none" and [p.name for p in result.places] == ["Gamma Gallery"]
    assert small.find("Gamma Opera House Annex", near=HERE).places == ()
    assert small.find("Omega", near=HERE).places == ()


def test_rule_type_words_and_kinds(small: Gazetteer) -> None:
    assert small.search("museum", near=HERE)[0].name == "Gamma Gallery"
    assert small.search("cafe", near=HERE)[0].name == "Beta"
    with pytest.raises(PlaceNotFound):
        small.search("cafe", near=HERE, kinds=["street"])
