"""A file written for a row is removed when the row's transaction rolls back, and kept when it commits (issue 31:
the losing twin of an offline send left its photos on disk)."""
import pytest

from portal.core.stored_files import write_file
from portal.extensions import db


@pytest.mark.commits
def test_a_rollback_removes_what_the_transaction_wrote_and_a_commit_keeps_it(app, tmp_path):
    kept = write_file(str(tmp_path), "kept.jpg", b"one")
    db.session.commit()
    dropped = write_file(str(tmp_path), "dropped.jpg", b"two")
    db.session.rollback()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.jpg"]
    assert open(kept, "rb").read() == b"one" and dropped.endswith("dropped.jpg")
    db.session.rollback()  # a second rollback has nothing left to remove
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.jpg"]
