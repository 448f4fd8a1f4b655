"""The volunteers list reads as many statements for a page of volunteers as for one (no query per row)."""



from ..factories import add_volunteer, statements


def test_volunteers_list_statements_do_not_grow_with_the_rows(client, county, login):
    add_volunteer(county, "甲老师")
    login("coord")
    client.get("/volunteers/")
    with statements() as one:
        client.get("/volunteers/")
    for i in range(4):
        add_volunteer(county, f"乙老师{i}")
    client.get("/volunteers/")  # the user and their place are read again after the test's own commits
    with statements() as five:
        page = client.get("/volunteers/").get_data(as_text=True)
    assert page.count("乙老师") == 4 and len(five) == len(one)
