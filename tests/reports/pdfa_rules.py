"""The PDF/A-2b rules this project can check without a validator (there is no veraPDF here).

:func:`problems` returns one line per breach it finds; an empty list means every rule below holds,
not that the file is valid PDF/A (that needs a full ISO 19005-2 validation).  Checked:

- file header ``%PDF-1.n`` (n ≤ 7) with a binary comment line, catalog /Version ≤ 1.7
- every stream with a direct /Length: exactly that many bytes, then an end-of-line, then
  ``endstream``
- a trailer /ID, no /Encrypt
- XMP metadata, unfiltered, with pdfaid part 2 conformance B, and each Info entry that has an
  XMP equivalent (Title, Author, Subject, Keywords, Creator, Producer, CreationDate, ModDate)
  equal to it
- exactly one output intent kind (GTS_PDFA1) whose profile is an ICC RGB profile (/N 3, ICC ≤ v4)
- no JavaScript, no /AA additional actions on catalog, pages or annotations, no forbidden action
  types anywhere; no XFA, no NeedAppearances, no optional content
- part 2: no embedded files at all (we embed no PDF/A files); part 3: every attachment listed in
  the catalog's /AF with /AFRelationship, /F and /UF, a MIME /Subtype and /Params /ModDate
- every annotation prints (Print flag set; Hidden, Invisible, NoView, ToggleNoView clear), none of
  a forbidden subtype, each widget with an appearance dictionary holding only /N
- every font reachable from a page, a form XObject or an annotation appearance is embedded
  (FontFile/2/3); Type0 descendants of type CIDFontType2 carry /CIDToGIDMap; symbolic TrueType
  fonts have no /Encoding and a cmap with one subtable or a (3,0) one; non-symbolic TrueType fonts
  use WinAnsi or MacRoman; the /Widths (or /W) agree with the embedded program's advance widths
- no DeviceCMYK (operators k/K or the colour space name) in any content stream or image, since
  the output intent is RGB; no PostScript XObjects, no /OPI, no image /Alternates, no
  Interpolate true, no transfer functions other than Default, no /HTP

Not checked (a validator would): the content streams' full syntax and limits, transparency
groups' blending spaces, glyph presence for every shown code, XMP schema validity beyond the
fields above, ICC profile internals, annotation appearance streams' own resources beyond fonts.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pikepdf

FORBIDDEN_ACTIONS = {
    "/Launch",
    "/Sound",
    "/Movie",
    "/ResetForm",
    "/ImportData",
    "/JavaScript",
    "/Hide",
    "/SetOCGState",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
}
FORBIDDEN_ANNOTS = {"/3D", "/Sound", "/Screen", "/Movie", "/FileAttachment", "/RichMedia"}
# Info key -> XMP property
EQUIVALENTS = {
    "/Title": "dc:title",
    "/Author": "dc:creator",
    "/Subject": "dc:description",
    "/Keywords": "pdf:Keywords",
    "/Creator": "xmp:CreatorTool",
    "/Producer": "pdf:Producer",
    "/CreationDate": "xmp:CreateDate",
    "/ModDate": "xmp:ModifyDate",
}


def problems(data: bytes, part: int = 2) -> list[str]:
    """Breaches of the rules above; ``part`` 3 admits attachments associated with the document."""
    out: list[str] = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", data[:20]):
        out.append(f"header {data[:16]!r}")
    out += _stream_spacing(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        version = root.get("/Version")
        if version is not None and str(version) > "/1.7":
            out.append(f"catalog /Version {version}")
        if "/ID" not in pdf.trailer:
            out.append("no trailer /ID")
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            out.append("encrypted")
        out += _metadata(pdf, part)
        out += _output_intent(root)
        out += _actions_and_files(pdf, part)
        out += _annotations(pdf)
        out += _fonts(pdf)
        out += _colour(pdf)
    return out


_STREAM = re.compile(rb"(\d+) \d+ obj\b(.*?)\bstream(\r\n|\n)", re.S)


def _stream_spacing(data: bytes) -> list[str]:
    """§6.1.7.1: /Length counts exactly the bytes between ``stream``+EOL and EOL+``endstream``."""
    bad = []
    for m in _STREAM.finditer(data):
        length = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", m.group(2))
        if length is None or length.group(2):
            continue  # an indirect length: not written by reportlab or pyHanko
        end = m.end() + int(length.group(1))
        if not re.match(rb"(\r\n|\r|\n)endstream", data[end : end + 11]):
            bad.append(int(m.group(1)))
    return [f"stream objects {bad[:8]} (of {len(bad)}): /Length or EOL before endstream"] if bad else []


def _metadata(pdf: pikepdf.Pdf, part: int) -> list[str]:
    root = pdf.Root
    if "/Metadata" not in root:
        return ["no XMP metadata"]
    out: list[str] = []
    stream = root.Metadata
    if "/Filter" in stream:
        out.append("XMP metadata stream is filtered")
    meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
    if str(meta.get("pdfaid:part", "")) != str(part) or str(meta.get("pdfaid:conformance", "")) != "B":
        out.append(f"pdfaid {meta.get('pdfaid:part')!r}/{meta.get('pdfaid:conformance')!r}")
    info = pdf.trailer.get("/Info")
    for key, prop in EQUIVALENTS.items():
        if info is None or key not in info:
            continue
        value = str(info[key])
        xmp = meta.get(prop)
        if isinstance(xmp, list | set):
            xmp = next(iter(xmp), None) if len(xmp) == 1 else xmp
        if key.endswith("Date"):
            same = xmp is not None and _pdf_date(value) == datetime.fromisoformat(str(xmp).replace("Z", "+00:00"))
        else:
            same = xmp is not None and str(xmp) == value
        if not same:
            out.append(f"Info {key} {value!r} but XMP {prop} {xmp!r}")
    return out


def _pdf_date(value: str) -> datetime:
    from qjsc_panel.reports.pdfa import pdf_date

    return pdf_date(value)


def _output_intent(root: Any) -> list[str]:
    intents = list(root.get("/OutputIntents", []))
    if not intents:
        return ["no output intent"]
    out: list[str] = []
    kinds = {str(i.get("/S")) for i in intents}
    profiles = {i.DestOutputProfile.objgen for i in intents if "/DestOutputProfile" in i}
    if kinds != {"/GTS_PDFA1"} or len(profiles) != 1:
        out.append(f"output intents {kinds} with {len(profiles)} profiles")
    profile = intents[0].get("/DestOutputProfile")
    if profile is None:
        return [*out, "output intent without a profile"]
    icc = profile.read_bytes()
    if int(profile.get("/N", 0)) != 3 or icc[16:20] != b"RGB " or icc[36:40] != b"acsp" or icc[8] > 4:
        out.append("output profile is not an ICC (v2–v4) RGB profile")
    return out


def _objects(pdf: pikepdf.Pdf) -> Iterator[Any]:
    """Every dictionary in the file: each indirect object and the direct ones inside it."""
    for obj in pdf.objects:
        yield from _dictionaries(obj)


def _dictionaries(obj: Any) -> Iterator[Any]:
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        yield obj
        children = list(obj.stream_dict.values() if isinstance(obj, pikepdf.Stream) else obj.values())
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:  # scalars come back as Python values; containers as pikepdf objects
        if isinstance(child, pikepdf.Object) and not child.is_indirect:
            yield from _dictionaries(child)


def _actions_and_files(pdf: pikepdf.Pdf, part: int) -> list[str]:
    out: list[str] = []
    root = pdf.Root
    if "/JavaScript" in root.get("/Names", {}):
        out.append("catalog /Names /JavaScript")
    out += [f"catalog {key}" for key in ("/AA", "/OCProperties", "/NeedsRendering") if key in root]
    form = root.get("/AcroForm")
    if form is not None and ("/XFA" in form or bool(form.get("/NeedAppearances", False))):
        out.append("AcroForm with XFA or NeedAppearances")
    out += ["page /AA" for page in pdf.pages if "/AA" in page.obj]
    for obj in _objects(pdf):
        kind = obj.get("/S")
        if "/JS" in obj or (kind is not None and str(kind) in FORBIDDEN_ACTIONS):
            out.append(f"action {kind}")
    return out + _attachments(pdf, part)


def _attachments(pdf: pikepdf.Pdf, part: int) -> list[str]:
    root = pdf.Root
    specs = [obj for obj in _objects(pdf) if "/EF" in obj]
    if part == 2:
        if specs or "/EmbeddedFiles" in root.get("/Names", {}) or "/AF" in root:
            return ["embedded files (PDF/A-2 admits only PDF/A attachments)"]
        return []
    # PDF/A-3 §6.8: each attachment associated with the document, with its MIME type and date.
    associated = {o.objgen for o in root.get("/AF", [])}
    out = []
    for spec in specs:
        stream = spec.EF.get("/F")
        if (
            spec.objgen not in associated
            or "/AFRelationship" not in spec
            or not {"/F", "/UF"} <= set(spec.keys())
            or stream is None
            or "/Subtype" not in stream
            or "/ModDate" not in stream.get("/Params", {})
        ):
            out.append(f"attachment {spec.get('/F')} lacks /AF, /AFRelationship, /UF, MIME type or /ModDate")
    return out


def _annotations(pdf: pikepdf.Pdf) -> list[str]:
    out: list[str] = []
    for n, page in enumerate(pdf.pages, 1):
        for annot in page.obj.get("/Annots", []):
            kind = str(annot.get("/Subtype"))
            flags = int(annot.get("/F", 0))
            if kind in FORBIDDEN_ANNOTS:
                out.append(f"p{n} annotation {kind}")
            if kind == "/Popup":
                continue
            if not flags & 4 or flags & (1 | 2 | 32 | 256):
                out.append(f"p{n} {kind} annotation flags {flags}")
            if "/AA" in annot:
                out.append(f"p{n} annotation /AA")
            ap = annot.get("/AP")
            if kind == "/Widget" and (ap is None or set(ap.keys()) != {"/N"}):
                out.append(f"p{n} widget appearance {None if ap is None else sorted(ap.keys())}")
    return out


def _resources(pdf: pikepdf.Pdf) -> Iterator[tuple[str, Any, list[bytes]]]:
    """(where, resource dictionary, content streams) for pages, forms and appearances, once each."""
    seen: set[tuple[int, int]] = set()

    def walk(where: str, res: Any, contents: list[bytes]) -> Iterator[tuple[str, Any, list[bytes]]]:
        yield where, res, contents
        for name, xobj in (res.get("/XObject", {}) if res is not None else {}).items():
            if xobj.objgen in seen:
                continue
            seen.add(xobj.objgen)
            if str(xobj.get("/Subtype")) == "/Form":
                yield from walk(f"{where}{name}", xobj.get("/Resources"), [xobj.read_bytes()])

    for n, page in enumerate(pdf.pages, 1):
        yield from walk(
            f"p{n}", page.obj.get("/Resources"), [page.obj.Contents.read_bytes()] if "/Contents" in page.obj else []
        )
        for annot in page.obj.get("/Annots", []):
            ap: Any = annot.get("/AP", {})
            normal = ap.get("/N")
            if isinstance(normal, pikepdf.Stream) and normal.objgen not in seen:
                seen.add(normal.objgen)
                yield from walk(f"p{n}/AP", normal.get("/Resources"), [normal.read_bytes()])


def _fonts(pdf: pikepdf.Pdf) -> list[str]:
    out: list[str] = []
    done: set[tuple[int, int]] = set()
    for where, res, _contents in _resources(pdf):
        for name, font in (res.get("/Font", {}) if res is not None else {}).items():
            if font.objgen in done:
                continue
            done.add(font.objgen)
            out += [f"{where} {name} {font.get('/BaseFont')}: {p}" for p in _font(font)]
    return out


def _font(font: Any) -> list[str]:
    kind = str(font.get("/Subtype"))
    if kind == "/Type0":
        desc = font.DescendantFonts[0]
        out = _font_program(desc)
        if str(desc.get("/Subtype")) == "/CIDFontType2":
            if "/CIDToGIDMap" not in desc:
                out.append("no /CIDToGIDMap")
            else:
                out += _cid_widths(desc)
        return out
    if kind == "/Type3":
        return []
    out = _font_program(font)
    if out or kind != "/TrueType":
        return out
    symbolic = bool(int(font.FontDescriptor.get("/Flags", 0)) & 4)
    tt = _tt(font.FontDescriptor)
    subtables = [(t.platformID, t.platEncID) for t in tt["cmap"].tables]
    if symbolic:
        if "/Encoding" in font:
            out.append("symbolic TrueType with /Encoding")
        if len(subtables) != 1 and (3, 0) not in subtables:
            out.append(f"symbolic TrueType cmap {subtables}")
    elif str(font.get("/Encoding")) not in {"/WinAnsiEncoding", "/MacRomanEncoding"}:
        out.append(f"non-symbolic TrueType encoding {font.get('/Encoding')}")
    return out + _simple_widths(font, tt)


def _font_program(font: Any) -> list[str]:
    desc = font.get("/FontDescriptor")
    if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        return ["not embedded"]
    return []


def _tt(desc: Any) -> Any:
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(desc.FontFile2.read_bytes()))


def _advance(tt: Any, glyph: str) -> float:
    return float(tt["hmtx"][glyph][0] * 1000 / tt["head"].unitsPerEm)


def _simple_widths(font: Any, tt: Any) -> list[str]:
    first = int(font.get("/FirstChar", 0))
    cmap: dict[int, str] = {}
    for table in tt["cmap"].tables:
        for code, glyph in table.cmap.items():
            cmap.setdefault(code & 0xFF if table.platformID == 3 and table.platEncID == 0 else code, glyph)
    bad = []
    for i, width in enumerate(font.get("/Widths", [])):
        glyph = cmap.get(first + i)
        if glyph is not None and abs(_advance(tt, glyph) - float(width)) > 1:
            bad.append(first + i)
    return [f"/Widths differ from the program at codes {bad[:8]}"] if bad else []


def _cid_widths(desc: Any) -> list[str]:
    tt = _tt(desc.FontDescriptor)
    order = tt.getGlyphOrder()
    mapping = desc.CIDToGIDMap
    gid_of: Any
    if isinstance(mapping, pikepdf.Stream):
        raw = mapping.read_bytes()

        def gid_of(cid: int) -> int:
            return int.from_bytes(raw[2 * cid : 2 * cid + 2], "big")
    else:

        def gid_of(cid: int) -> int:
            return cid

    widths: dict[int, float] = {}
    w = list(desc.get("/W", []))
    i = 0
    while i < len(w):
        start = int(w[i])
        if isinstance(w[i + 1], pikepdf.Array):
            for k, v in enumerate(w[i + 1]):
                widths[start + k] = float(v)
            i += 2
        else:
            for cid in range(start, int(w[i + 1]) + 1):
                widths[cid] = float(w[i + 2])
            i += 3
    bad = [c for c, v in widths.items() if gid_of(c) < len(order) and abs(_advance(tt, order[gid_of(c)]) - v) > 1]
    return [f"/W differs from the program at CIDs {bad[:8]}"] if bad else []


_CMYK_OP = re.compile(rb"(?:^|\s)(?:[-\d.]+\s+){4}[kK](?=\s|$)")


def _colour(pdf: pikepdf.Pdf) -> list[str]:
    out: list[str] = []
    for where, res, contents in _resources(pdf):
        if any(_CMYK_OP.search(data) or b"/DeviceCMYK" in data for data in contents):
            out.append(f"{where}: DeviceCMYK in content")
        if res is None:
            continue
        out += _xobjects(where, res)
        for name, gs in res.get("/ExtGState", {}).items():
            tr2 = gs.get("/TR2")
            if "/TR" in gs or "/HTP" in gs or (tr2 is not None and str(tr2) != "/Default"):
                out.append(f"{where} ExtGState {name}: transfer function or /HTP")
        if "/DeviceCMYK" in repr(res.get("/ColorSpace", {})):
            out.append(f"{where}: DeviceCMYK colour space")
    return out


def _xobjects(where: str, res: Any) -> list[str]:
    out = []
    for name, xobj in res.get("/XObject", {}).items():
        sub = str(xobj.get("/Subtype"))
        if sub == "/PS" or "/OPI" in xobj or "/Ref" in xobj:
            out.append(f"{where}{name}: {sub} XObject with PostScript, OPI or /Ref")
        if sub != "/Image":
            continue
        if "/DeviceCMYK" in repr(xobj.get("/ColorSpace")):
            out.append(f"{where}{name}: DeviceCMYK image")
        if "/Alternates" in xobj or bool(xobj.get("/Interpolate", False)):
            out.append(f"{where}{name}: image /Alternates or /Interpolate")
    return out
