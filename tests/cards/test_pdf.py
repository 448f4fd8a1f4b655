"""The PDF download of a batch: WeasyPrint lays it out like the browser, on A4 or at the card's own size."""
import re
import subprocess

from portal.extensions import db
from portal.ledger.models import Household

from .conftest import ID_NUMBER


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_a_village_batch_downloads_as_an_a4_pdf_in_chinese(client, scene, login, tmp_path):
    v_east = scene["county"]["v_east"]
    for i in range(9):
        db.session.add(Household(place_id=v_east.id, head_name=f"村民{i}"))
    db.session.commit()
    login("east")
    response = client.get(f"/cards/batch/contacts?place={v_east.id}&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"  # names and phones: kept by no cache (issue 26)
    pdf = tmp_path / "batch.pdf"
    pdf.write_bytes(response.data)
    info = pdf_info(pdf)
    assert re.search(r"^Pages:\s+2$", info, re.M) and "(A4)" in info, info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("便民服务联系卡") == 10 and "张包片" in text and "陈老师" in text and ID_NUMBER not in text


def test_a_pairing_pdf_for_a_card_printer_has_the_cards_size(client, scene, login, tmp_path):
    login("vol")
    response = client.get(f"/cards/pairing/{scene['child_pairing'].id}?layout=single&format=pdf")
    pdf = tmp_path / "pairing.pdf"
    pdf.write_bytes(response.data)
    info = pdf_info(pdf)
    assert re.search(r"^Pages:\s+2$", info, re.M), info
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (90, 60)
    assert client.get(f"/cards/pairing/{scene['far_pairing'].id}?format=pdf").status_code == 404


def test_without_weasyprint_the_page_says_to_print_from_the_browser(client, scene, login, monkeypatch):
    from portal.cards import sheets
    from portal.cards.pdf import PdfUnavailable

    def missing(*args, **kwargs):
        raise PdfUnavailable("no Pango")
    monkeypatch.setattr(sheets, "pdf_response", missing)
    login("vol")
    url = f"/cards/pairing/{scene['child_pairing'].id}"
    response = client.get(f"{url}?layout=single&format=pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}?layout=single")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "另存为 PDF" in page and page.count('class="printed-card') == 2


def test_the_service_list_and_the_policy_cards_download_as_pdf_too(client, scene, login, tmp_path):
    """Issue 27: like the other cards, the published service list (001) and the policy card (004) as PDFs."""
    from portal.cards.policy import save_policy_card
    county = scene["county"]
    login("east")
    page = client.get(f"/cards/services?place={county['v_east'].id}").get_data(as_text=True)
    assert 'id="download-pdf"' in page and "format=pdf" in page
    response = client.get(f"/cards/services?place={county['v_east'].id}&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = tmp_path / "services.pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "关爱服务清单" in text and "结对帮扶" in text
    save_policy_card(county["users"]["kids"], "children", county["root"],
                     {"title": "留守儿童关爱政策", "policies": "每月走访一次", "contacts": ""})
    db.session.commit()
    login("kids")
    response = client.get(f"/cards/policy/children/print?place={county['root'].id}&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf.write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "每月走访一次" in text
