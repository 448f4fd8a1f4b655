"""The report's PDF on the demo county (issue 27): a new user's walk answered 500, WeasyPrint's layout asserting on
a village table with its chart laid out as a grid kept whole on one page, taller than the page."""
import subprocess

from portal.background.files import FileJob
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_demo_countys_report_pdf_is_made_in_the_request_and_on_the_queue(app, client, tmp_path):
    build_demo_county(seed=7)
    client.post("/login", data={"username": "coordinator", "password": DEMO_PASSWORD})
    here = client.get("/reports/print?format=pdf")
    assert here.status_code == 200 and here.mimetype == "application/pdf"
    text = pdf_text(here.data, tmp_path)
    assert "各村结对覆盖" in text and "龙潭村" in text
    # a larger area's PDF is a file job: the worker renders the same page, which must lay out too
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 0
    queued = client.get("/reports/print?format=pdf")
    assert queued.status_code == 302 and "/files/" in queued.headers["Location"]
    job = db.session.get(FileJob, int(queued.headers["Location"].rstrip("/").split("/")[-1]))
    assert job.status == "ready", job.error
    assert "各村结对覆盖" in pdf_text(client.get(f"/files/{job.id}/download").data, tmp_path)
