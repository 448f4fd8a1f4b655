"""2^64 as the report's place is the report form's 400 naming the field, not a 500 (issue 26's probe)."""
HUGE = str(2**64)


def test_huge_place_is_refused_in_the_form(client, county, login):
    login("coord")
    for url in (f"/reports/?place={HUGE}", f"/reports/export.xlsx?place={HUGE}", f"/reports/print?place={HUGE}",
                f"/reports/commendation?place={HUGE}"):
        response = client.get(url)
        assert response.status_code == 400 and "place" in response.get_data(as_text=True), url
    response = client.get(f"/reports/?year={HUGE}")
    assert response.status_code == 400 and "年份" in response.get_data(as_text=True)
