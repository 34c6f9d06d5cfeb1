#!/usr/bin/env python3
"""The Word export opened by real readers, against the built binary.

A new library gets the seed examples and one hostile example; a published collection of four is exported
with `casebook export --format docx`. python-docx must find the title in the core properties, headings in
Word's heading styles, list paragraphs with numbering, hyperlinks only to http, https or mailto addresses,
and every hostile text as plain text. LibreOffice (headless) must turn the file into a PDF whose pages
pdftoppm renders; the pages are kept in artifacts/documents/. A local guide with hostile text is exported
with `casebook guide export --format docx --all-foundations` and checked the same way: all ten foundations
as headings, the team's answers, examples and actions, the local contact and the credit.
Prints '2 passed, 0 failed' or exits non-zero.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

import docx
from docx.oxml.ns import qn

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("CASEBOOK_BINARY", ROOT / ".build" / "debug" / "casebook"))
ARTEFACTS = ROOT / "artifacts" / "documents"
HOSTILE_TITLE = "=HYPERLINK(\"http://x\",\"y\") <w:p> ]]> bell\u0007"
HOSTILE_BODY = (
    "## <w:p>What we did</w:p>\n\n- first <w:r>step</w:r>\n- second ]]> step\n\n1. ask\n2. listen\n\n"
    "See [the framework](https://example.org/framework), [bad](javascript:alert(1)) and "
    "<a href=\"javascript:alert(2)\">raw</a> **bold** *italic*."
)
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def casebook(library, *arguments):
    return subprocess.run([str(BINARY), "--db", str(library), *arguments], capture_output=True, text=True, check=True).stdout


def hostile_example():
    return {
        "uid": "99999999-9999-4999-8999-999999999999", "title": HOSTILE_TITLE,
        "summary": "Summary with ]]> and <![CDATA[ x ]]> and esc\u001b.", "body": HOSTILE_BODY,
        "foundations": ["co-design"], "ambitions": [], "organisation": {"name": "@SUM(A1)", "type": "vcse"},
        "region": "north-west", "keywords": [], "evidence": "not-evaluated",
        "links": [{"title": "https://example.org/report", "url": "https://example.org/report"}],
        "status": "published", "published_at": "2024-01-01T00:00:00Z",
    }


def export(folder):
    library = folder / "documents.sqlite"
    casebook(library, "init")
    examples = folder / "hostile.jsonl"
    examples.write_text(json.dumps(hostile_example()) + "\n")
    casebook(library, "import", str(examples))
    hostile_id = json.loads(casebook(library, "search", "HYPERLINK", "--format", "json"))["results"][0]["id"]
    casebook(library, "collection", "create", "board-pack", "--title", "Board pack <w:p> & friends",
             "--description", "Four examples for the partnership board.",
             "--introduction", "# How to use it\n\n- Read one example\n- Try *one* step",
             "--contact", "Palliative care team\n\n[team@example.org](mailto:team@example.org)")
    casebook(library, "collection", "add", "board-pack", "1", "2", "3", str(hostile_id))
    casebook(library, "collection", "publish", "board-pack")
    output = folder / "board-pack.docx"
    casebook(library, "export", "board-pack", "--format", "docx", "--output", str(output))
    return output


def check_reader(path):
    document = docx.Document(str(path))
    assert document.core_properties.title == "Board pack <w:p> & friends", document.core_properties.title
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    headings = [text for style, text in styles if style.startswith("Heading")]
    assert {"Heading 1", "Heading 2", "Heading 3"} <= {style for style, _ in styles}, sorted({s for s, _ in styles})
    assert any(style == "Title" for style, _ in styles)
    assert any(text.startswith("Foundation 7: Co-design") for text in headings), headings
    assert any(text.startswith("7. Co-design") for _, text in styles), "contents numbered as the foundations are"
    lists = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert lists and all(p.style.name == "List Paragraph" for p in lists)
    texts = [p.text for p in document.paragraphs]
    assert "first <w:r>step</w:r>" in texts and "second ]]> step" in texts, "markup in a list item is text"
    assert any(t == HOSTILE_TITLE.replace("\u0007", "\ufffd") for t in texts), "the hostile title arrives as text"
    assert any("<w:p>What we did</w:p>" == t for t in texts)
    assert any("<a href=\"javascript:alert(2)\">raw</a>" in t for t in texts)
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.reltype == HYPERLINK]
    assert "https://example.org/framework" in targets and "mailto:team@example.org" in targets, targets
    assert all(t.startswith(("http://", "https://", "mailto:")) for t in targets), targets
    links = document.element.body.findall(".//" + qn("w:hyperlink"))
    assert len(links) == len(targets), "every hyperlink has its relationship"
    tables = document.tables
    assert len(tables) == 4 and tables[0].rows[0].cells[0].text == "Organisation"
    facts = {row.cells[0].text: row.cells[1].text for row in tables[-1].rows}
    assert facts.get("Organisation", "").startswith("@SUM(A1)"), facts
    return len(lists), len(targets)


def check_package(path):
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml", names
        assert package.testzip() is None
        assert "javascript" not in package.read("word/_rels/document.xml.rels").decode().lower()


def check_libreoffice(path, folder):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is not installed (Debian: libreoffice-writer-nogui)"
    profile = (folder / "profile").as_uri()
    subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                   check=True, capture_output=True, timeout=240)
    pdf = folder / "board-pack.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("board-pack*"):
        old.unlink()
    shutil.copy(pdf, ARTEFACTS / "board-pack.pdf")
    shutil.copy(path, ARTEFACTS / "board-pack.docx")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTEFACTS / "board-pack")], check=True)
    pages = sorted(ARTEFACTS.glob("board-pack-*.png"))
    assert 2 <= len(pages) <= 8, f"{len(pages)} pages"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Page 2" in text.split("\f")[1], "numbered pages after the cover"
    return len(pages)


GUIDE_TITLE = "Fellmoor <w:p> partnership & friends"


def export_guide(folder):
    library = folder / "documents.sqlite"
    example = json.loads(casebook(library, "search", "care", "--format", "json"))["results"][0]
    guide = {
        "title": GUIDE_TITLE, "area": "Fellmoor ICB", "contact": {"name": "A. Person ]]>", "email": "lead@example.org"},
        "foundations": [{
            "foundation": "shared-records", "rating": "developing", "answers": ["We fax <w:r>care plans</w:r>."],
            "actions": [{"what": "Agree a shared ReSPECT process", "owner": "J. Smith", "due": "2027-03", "done": True}],
            "examples": [{"example": example["uid"], "note": "We would use our own EPaCCS."}]}]}
    source = folder / "guide.json"
    source.write_text(json.dumps(guide))
    guide_id = str(json.loads(casebook(library, "guide", "create", str(source)))["id"])
    output = folder / "local-guide.docx"
    casebook(library, "guide", "export", guide_id, "--format", "docx", "--all-foundations", "--output", str(output))
    return output, example["title"]


def check_guide(path, example_title, folder):
    check_package(path)
    document = docx.Document(str(path))
    assert document.core_properties.title == GUIDE_TITLE, document.core_properties.title
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    chapters = [text for style, text in styles if style == "Heading 1"]
    assert len(chapters) == 10 and chapters[1] == "2. Shared records", chapters
    texts = [text for _, text in styles]
    assert GUIDE_TITLE in texts and "We fax <w:r>care plans</w:r>." in texts, "the team's text arrives as text"
    assert "Our rating: Developing" in texts and texts.count("Not answered yet.") >= 36, "every prompt has room to answer"
    assert any(example_title in t and "We would use our own EPaCCS." in t for t in texts)
    assert any(t.startswith("Done: Agree a shared ReSPECT process (J. Smith, by March 2027)") for t in texts), texts
    assert "Your local contact is:" in texts and "A. Person ]]>" in texts
    assert any("CC BY 4.0" in t for t in texts)
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([office, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(path)], check=True, capture_output=True, timeout=240)
    pdf = folder / "local-guide.pdf"
    assert pdf.exists(), "LibreOffice wrote no PDF of the guide"
    for old in ARTEFACTS.glob("local-guide*"):
        old.unlink()
    shutil.copy(pdf, ARTEFACTS / "local-guide.pdf")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTEFACTS / "local-guide")], check=True)
    pages = len(list(ARTEFACTS.glob("local-guide-*.png")))
    assert pages >= 10, f"the guide printed on {pages} pages"
    return pages


def main():
    folder = pathlib.Path(tempfile.mkdtemp())
    try:
        path = export(folder)
        check_package(path)
        lists, links = check_reader(path)
        pages = check_libreoffice(path, folder)
        print(f"docx: {path.stat().st_size} bytes, {lists} list paragraphs, {links} hyperlinks, {pages} pages in LibreOffice")
        guide, example_title = export_guide(folder)
        guide_pages = check_guide(guide, example_title, folder)
        print(f"guide docx: {guide.stat().st_size} bytes, ten foundations, {guide_pages} pages in LibreOffice")
    except (AssertionError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as failure:
        detail = getattr(failure, "stderr", "") or ""
        print(f"FAILED: {failure!r} {detail}", file=sys.stderr)
        print("0 passed, 2 failed")
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("2 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
