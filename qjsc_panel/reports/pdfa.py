"""PDF/A-2b groundwork for the opinion PDF: PDF 1.7, an sRGB output intent, XMP metadata that
states what the document information states, and the PDF/A identification.

What PDF/A-2 asks and what this project can check without a validator is listed in
tests/reports/test_pdfa.py; nothing here claims a full ISO 19005-2 validation.

The output intent's profile is ``resources/icc/sRGB.icc`` (Debian ``icc-profiles-free``, zlib
licence, ICC v2.3 display profile); it is read only when a document is written.

The XMP packet is written uncompressed and in plain RDF so that pyHanko (which updates it on
every signature, :mod:`qjsc_panel.reports.signing`) and any XMP reader parse it.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

PART, CONFORMANCE = 2, "B"
PDF_VERSION = (1, 7)  # PDF/A-2 is based on ISO 32000-1 (PDF 1.7)
ICC_FILE = ("icc", "sRGB.icc")
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"


@functools.cache
def srgb_profile() -> bytes:
    from qjsc_panel.paths import shipped_file

    return shipped_file("resources", *ICC_FILE).read_bytes()


@dataclass(frozen=True)
class Info:
    """The document information entries that have an XMP equivalent (ISO 19005-2 §6.6.2.3.1)."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str  # the creating application: xmp:CreatorTool
    producer: str
    created: datetime  # aware
    modified: datetime  # aware
    trapped: str = "False"


def xmp_date(when: datetime) -> str:
    """ISO 8601 with the offset, to the second (what the Info dictionary's D: string holds)."""
    off = when.utcoffset() or timedelta(0)
    if off == timedelta(0):
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat(timespec="seconds")


def pdf_date(value: str) -> datetime:
    """A PDF date string ``D:YYYYMMDDHHmmSS`` with ``Z``, ``+HH'mm'`` or no offset (read as UTC)."""
    s = value[2:] if value.startswith("D:") else value
    base = datetime.strptime(s[:14], "%Y%m%d%H%M%S")
    rest = s[14:].replace("'", "")
    tz: timezone = UTC
    if rest[:1] in "+-" and len(rest) >= 3:
        sign = -1 if rest[0] == "-" else 1
        minutes = int(rest[1:3]) * 60 + (int(rest[3:5]) if len(rest) >= 5 else 0)
        tz = timezone(sign * timedelta(minutes=minutes))
    return base.replace(tzinfo=tz)


def xmp(info: Info, part: int | None = PART, conformance: str = CONFORMANCE, lang: str = "zh-CN") -> bytes:
    """An XMP packet equivalent to ``info``; ``part`` None leaves out the PDF/A identification."""

    def e(s: str) -> str:  # (xml.sax.saxutils would import urllib.request: 30 ms)
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    pdfaid = (
        f'<rdf:Description rdf:about="" xmlns:pdfaid="{PDFAID_NS}">'
        f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}</pdfaid:conformance>"
        "</rdf:Description>\n"
        if part
        else ""
    )
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt>'
        "</dc:description>"
        f"<dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>"
        "</rdf:Description>\n"
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{xmp_date(info.created)}</xmp:CreateDate>"
        f"<xmp:ModifyDate>{xmp_date(info.modified)}</xmp:ModifyDate>"
        "</rdf:Description>\n"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{e(info.producer)}</pdf:Producer>"
        f"<pdf:Keywords>{e(info.keywords)}</pdf:Keywords>"
        f"<pdf:Trapped>{e(info.trapped)}</pdf:Trapped>"
        "</rdf:Description>\n"
        f"{pdfaid}"
        "</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    return body.encode("utf-8")


def install(canv: Any, created: datetime, part: int | None = PART) -> None:
    """Make the reportlab document ``canv`` writes PDF 1.7 with an sRGB output intent and XMP
    metadata equivalent to its document information (call before the first page is written)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    _patch_streams()
    doc = canv._doc
    doc._pdfVersion = PDF_VERSION
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())  # the document's filters (Flate)
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
            "Info": PDFString(OUTPUT_CONDITION),
            "DestOutputProfile": doc.Reference(profile),
        }
    )
    catalog = doc.Catalog
    # reportlab writes only the catalog keys it knows; OutputIntents is not among them.
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
    catalog.OutputIntents = PDFArray([doc.Reference(intent)])
    i = doc.info
    info = Info(i.title, i.author, i.subject, i.keywords, i.creator, i.producer, created, created, str(i.trapped))
    # Unfiltered: readable by XMP scanners that do not parse PDF.
    catalog.Metadata = _plain_stream()(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp(info, part)
    )


_patched = False


def _patch_streams() -> None:
    """reportlab writes ``…data endstream``; PDF/A-2 (§6.1.7.1) wants an end-of-line between the
    data and ``endstream``, not counted in /Length (the PDF reference asks it too)."""
    global _patched
    if _patched:
        return
    from reportlab.pdfbase.pdfdoc import PDFStream

    original = PDFStream.format

    def format_with_eol(self: Any, document: Any) -> bytes:
        body: bytes = original(self, document)
        tail = b"endstream\n"
        if body.endswith(tail):
            body = body[: -len(tail)] + b"\n" + tail
        return body

    PDFStream.format = format_with_eol
    _patched = True


@functools.cache
def _plain_stream() -> type:
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFStream, format

    class PlainStream(PDFStream):  # type: ignore[misc]
        """A stream written without any filter (reportlab would apply the document's)."""

        def format(self, document: Any) -> bytes:
            content = self.content
            d = PDFDictionary({**self.dictionary.dict, "Length": len(content)})
            return bytes(format(d, document) + b"\nstream\n" + content + b"\nendstream\n")

    return PlainStream


def incremental_writer(data: bytes) -> Any:
    """A pyHanko incremental writer on ``data`` whose XMP packet keeps stating what the document
    information states (see :func:`_writer_class`)."""
    return _writer_class()(io.BytesIO(data), strict=False)


@functools.cache
def _writer_class() -> type:
    """pyHanko appends itself to the Info /Producer but writes only its own name to XMP
    pdf:Producer, and takes "now" twice for /ModDate and xmp:ModifyDate; this writer copies
    both Info values into the XMP packet after pyHanko's own update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata import model

    class Writer(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:
            super()._update_meta()  # type: ignore[no-untyped-call]
            if self._info is None:
                return
            info: Any = self._info.get_object()  # type: ignore[no-untyped-call]
            if "/Producer" in info and "/ModDate" in info:
                set_xmp(
                    self,
                    {
                        model.PDF_PRODUCER: str(info["/Producer"]),
                        model.XMP_MODDATE: xmp_date(pdf_date(str(info["/ModDate"]))),
                    },
                )

    return Writer


def set_xmp(writer: Any, values: dict[Any, str]) -> None:
    """Set simple properties (pyHanko ``ExpandedName`` -> text) in the document's XMP packet, in
    the update ``writer`` (a pyHanko incremental writer) is writing; no packet, no change."""
    from pyhanko.pdf_utils.metadata import model
    from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream

    try:
        stream = writer.root["/Metadata"]  # item access dereferences (``get`` does not)
    except KeyError:
        return
    if not isinstance(stream, MetadataStream):
        return
    fields = {k: v for part in stream.xmp for k, v in part}
    for key, text in values.items():
        fields[key] = model.XmpValue(text)
    stream._xmp = [model.XmpStructure(fields)]
    stream._reserialise()
    stream._encoded_data = None
    writer.update_container(stream)


def declare_part(writer: Any, part: int) -> None:
    """Change the PDF/A part the XMP packet declares (conformance stays B)."""
    from pyhanko.pdf_utils.metadata import model

    set_xmp(writer, {model.ExpandedName(ns=PDFAID_NS, local_name="part"): str(part)})
