"""2^64 as a place, in a query string or a posted form, is a 400 naming the field, not a 500 (issue 26's probe)."""
HUGE = str(2**64)


def test_huge_place_is_refused_naming_the_field(client, county, login):
    login("coord")
    for response in (client.get(f"/cards/batch/contacts?place={HUGE}"), client.get(f"/cards/contacts?place={HUGE}"),
                     client.post("/cards/contacts", data={"place": HUGE, "role": "x", "name": "y", "phone": "1"})):
        assert response.status_code == 400 and "place" in response.get_data(as_text=True), response.request.url
