"""A list page read by the database one page at a time: what the tests of such lists ask of it."""
from __future__ import annotations


def assert_paged(client, url: str, names: list[str], per_page: int, total_words: str) -> None:
    """``url`` (with its filters) shows ``names`` over its pages, ``per_page`` a page, each name once, and each page
    says the whole list's size in ``total_words`` ("共 5 行"). The app's page size must be ``per_page``."""
    pages = -(-len(names) // per_page)
    seen: list[str] = []
    joiner = "&" if "?" in url else "?"
    for number in range(1, pages + 1):
        page = client.get(f"{url}{joiner}page={number}").get_data(as_text=True)
        rows = [n for n in names if f">{n}</a>" in page]
        assert len(rows) == (per_page if number < pages else len(names) - per_page * (pages - 1)), (number, rows)
        assert total_words in page, number
        seen += rows
    assert sorted(seen) == sorted(names)
