"""2^64 in the re-verification forms is a 400 naming the field, not a 500 (issue 26's probe)."""
HUGE = str(2**64)


def test_huge_place_is_refused_naming_the_field(client, county, login):
    login("coord")
    response = client.post("/reverify/open", data={"kind": "quarterly", "period": "2026-12", "place": HUGE})
    assert response.status_code == 400 and "place" in response.get_data(as_text=True)
