"""2^64 in the visits pages' query strings is a 400 naming the field, not a 500 (issue 26's probe)."""
HUGE = str(2**64)


def test_huge_ids_and_numbers_are_refused_naming_the_field(client, county, login):
    login("coord")
    for url, field in ((f"/visits/new?person={HUGE}", "person"), (f"/visits/overdue?place={HUGE}", "place"),
                       (f"/visits/overdue?helper={HUGE}", "helper"), ("/visits/overdue?place=²", "place"),
                       (f"/visits/campaigns/double_ninth?year={HUGE}", "year"),
                       (f"/visits/campaigns/double_ninth?place={HUGE}", "place")):
        response = client.get(url)
        assert response.status_code == 400, url
        assert f"{field}：" in response.get_data(as_text=True) or f"{field}:" in response.get_data(as_text=True), url
