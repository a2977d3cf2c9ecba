#!/usr/bin/env python3
"""Independent check of what `recouvre import FILE... --out DIR --json` reads from e-invoices.

Usage:
    python3 tests/independent/einvoices_check.py --bin target/debug/recouvre [--corpus DIR]
        [--strict-ws] [--verbose]
    python3 tests/independent/einvoices_check.py --self-test [--corpus DIR]

Standard library only (xml.etree.ElementTree, json, subprocess, zlib, decimal).

Corpus (default /work/shared/corpus/einvoices):
    en16931/ubl/*.xml, en16931/cii/*.xml, factur-x/*.xml (UBL and CII) and factur-x/*.pdf
    (Factur-X PDF: the XML attachment named `factur-x.xml` is pulled out of the PDF here
    with a small raw-object scanner + zlib, independently of the Rust code; the other
    attachment, `Bon_de_livraison.pdf`, is ignored).

The binary is run ONCE with every corpus file; its stdout must be one JSON object whose key
"lues" lists one entry per e-invoice document, matched here by `source` (real path).
For each document every field below is compared with our own ElementTree extraction:

    format, numero (BT-1), type (BT-3), date (BT-2), echeance (BT-9), devise (BT-5),
    montant_du (BT-115), paye (BT-113), total_ttc (BT-112),
    vendeur/acheteur: nom, siren, siret, tva, code_postal, ville, pays,
    conditions (payment terms text), facture_liee (BT-25, preceding invoice).

Extraction rules (where the XML has several candidates we take the FIRST in document order
and record the others in `_alternatives`; disagreements are printed, never silently
resolved):
  UBL  (Invoice / CreditNote root)
    numero   cbc:ID                     type  cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode
    date     cbc:IssueDate              devise cbc:DocumentCurrencyCode
    echeance Invoice: cbc:DueDate (root); CreditNote: cac:PaymentMeans/cbc:PaymentDueDate
             (the other location is recorded as an alternative if present)
    amounts  cac:LegalMonetaryTotal/ PayableAmount, PrepaidAmount, TaxInclusiveAmount
    party    cac:Accounting{Supplier,Customer}Party/cac:Party (direct children only, so the
             nested AgentParty/ServiceProviderParty of extended-ctc-fr are NOT read)
       nom   PartyLegalEntity/RegistrationName, else PartyName/Name
       siren PartyLegalEntity/CompanyID[@schemeID=0002], else PartyIdentification/ID[0002],
             else first 9 digits of the SIRET
       siret PartyIdentification/ID[@schemeID=0009], else PartyLegalEntity/CompanyID[0009]
       tva   PartyTaxScheme[cac:TaxScheme/cbc:ID='VAT']/CompanyID (a PartyTaxScheme with
             another scheme, e.g. LOC 'DGFIP_ref_1242', is ignored)
       address PostalAddress/ PostalZone, CityName, Country/IdentificationCode
    conditions   first cac:PaymentTerms/cbc:Note
    facture_liee first cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID
  CII  (rsm:CrossIndustryInvoice)
    numero/type/date  rsm:ExchangedDocument/ ram:ID, ram:TypeCode, ram:IssueDateTime/udt:DateTimeString
    settlement        …/ram:ApplicableHeaderTradeSettlement:
        devise InvoiceCurrencyCode; echeance SpecifiedTradePaymentTerms/DueDateDateTime;
        conditions SpecifiedTradePaymentTerms/Description; amounts in
        SpecifiedTradeSettlementHeaderMonetarySummation/ DuePayableAmount, TotalPrepaidAmount,
        GrandTotalAmount; facture_liee InvoiceReferencedDocument/IssuerAssignedID
    party  …/ram:ApplicableHeaderTradeAgreement/ram:{Seller,Buyer}TradeParty:
        nom Name; siren SpecifiedLegalOrganization/ID[@schemeID=0002] (else SIRET[:9]);
        siret GlobalID[@schemeID=0009] | ID[0009] | SpecifiedLegalOrganization/ID[0009];
        tva SpecifiedTaxRegistration/ID[@schemeID='VA'];
        address PostalTradeAddress/ PostcodeCode, CityName, CountryID
    dates: format 102 = YYYYMMDD -> YYYY-MM-DD.

Comparison:
  * amounts are compared as Decimal ("2337.5" == "2337.50"); a Rust amount that is not a
    string with exactly 2 decimals is reported as a NOTE (not a failure);
  * text fields: exact after strip(); if they differ only in whitespace (CRLF, line breaks,
    runs of spaces; for siren/siret/tva also spaces inside the id, e.g. "FR 05 987 654 321")
    the field passes with a NOTE, or fails with --strict-ws;
  * a field missing in the XML must be JSON null in Rust output ("" is a failure);
  * format: UBL -> "ubl"; PDF -> "factur-x"; standalone CII XML -> "cii" (also accepted,
    with a NOTE, "factur-x" when the CII guideline id names a factur-x profile).
Prints every mismatch as `FAIL file field: expected … got …` and ends with
`einvoices: P passed, F failed` (per document). Exit 1 on any mismatch, on a corpus file
absent from "lues", or on several "lues" entries for one file.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib
from decimal import Decimal, InvalidOperation

DEFAULT_CORPUS = "/work/shared/corpus/einvoices"

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}

TOP_FIELDS = ["format", "numero", "type", "date", "echeance", "devise",
              "montant_du", "paye", "total_ttc", "conditions", "facture_liee"]
PARTY_FIELDS = ["nom", "siren", "siret", "tva", "code_postal", "ville", "pays"]
AMOUNT_FIELDS = {"montant_du", "paye", "total_ttc"}
ID_FIELDS = {"siren", "siret", "tva"}


# ----------------------------------------------------------------------------- helpers

def txt(el):
    """Stripped text of an element, None when absent or empty."""
    if el is None:
        return None
    t = (el.text or "").strip()
    return t if t else None


def all_txt(parent, path):
    """Non-empty stripped texts of every match of path, in document order."""
    if parent is None:
        return []
    out = []
    for el in parent.findall(path, NS):
        t = txt(el)
        if t is not None:
            out.append(t)
    return out


def dedup(seq):
    seen, out = set(), []
    for s in seq:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


class Doc:
    """Collects the chosen value of each field, alternatives and notes."""

    def __init__(self, source, fmt):
        self.v = {"source": source, "format": fmt}
        self.alt = {}
        self.notes = []

    def pick(self, key, candidates, what=""):
        """First candidate wins; other distinct candidates are recorded and noted."""
        cands = dedup([c for c in candidates if c is not None])
        self.v[key] = cands[0] if cands else None
        if len(cands) > 1:
            self.alt[key] = cands[1:]
            self.notes.append(f"{key}: several candidates {cands}, took the first{(' (' + what + ')') if what else ''}")
        return self.v[key]


def norm_amount(s):
    if s is None:
        return None
    try:
        return Decimal(str(s).strip())
    except InvalidOperation:
        return None


def cii_date(el, doc, key):
    if el is None:
        return None
    t = txt(el)
    if t is None:
        return None
    fmt = el.get("format")
    if (fmt in (None, "102")) and re.fullmatch(r"\d{8}", t):
        return f"{t[0:4]}-{t[4:6]}-{t[6:8]}"
    doc.notes.append(f"{key}: unexpected CII date {t!r} format={fmt!r}, kept raw")
    return t


def siren_from_siret(siret):
    if siret and re.fullmatch(r"\d{14}", siret.replace(" ", "")):
        return siret.replace(" ", "")[:9]
    return None


def finish_party(doc, prefix, p, siren_cands, siret_cands):
    """siren/siret logic shared by UBL and CII."""
    siret = doc.pick(prefix + ".siret", siret_cands, "schemeID 0009")
    siren_0002 = dedup([c for c in siren_cands if c])
    derived = siren_from_siret(siret)
    if siren_0002:
        doc.pick(prefix + ".siren", siren_0002, "schemeID 0002")
        if derived and derived != siren_0002[0]:
            doc.notes.append(f"{prefix}: SIREN 0002 {siren_0002[0]} != SIRET[:9] {derived}")
            doc.alt.setdefault(prefix + ".siren", []).append(derived)
    else:
        doc.v[prefix + ".siren"] = derived
        if siret and not derived:
            doc.notes.append(f"{prefix}: SIRET {siret!r} is not 14 digits, no SIREN derived")


# ----------------------------------------------------------------------------- UBL

def extract_ubl(root, source, fmt="ubl"):
    doc = Doc(source, fmt)
    tag = root.tag.split("}")[-1]
    is_cn = tag == "CreditNote"
    doc.v["_root"] = tag

    doc.pick("numero", all_txt(root, "cbc:ID"))
    doc.pick("type", all_txt(root, "cbc:CreditNoteTypeCode" if is_cn else "cbc:InvoiceTypeCode"))
    doc.pick("date", all_txt(root, "cbc:IssueDate"))
    doc.pick("devise", all_txt(root, "cbc:DocumentCurrencyCode"))

    root_due = all_txt(root, "cbc:DueDate")
    pm_due = all_txt(root, "cac:PaymentMeans/cbc:PaymentDueDate")
    if is_cn:
        doc.pick("echeance", pm_due, "PaymentMeans/PaymentDueDate")
        if root_due:
            doc.alt.setdefault("echeance", []).extend(root_due)
            doc.notes.append(f"echeance: CreditNote also has root cbc:DueDate {root_due}")
    else:
        doc.pick("echeance", root_due, "cbc:DueDate")
        if pm_due:
            doc.alt.setdefault("echeance", []).extend(pm_due)
            doc.notes.append(f"echeance: Invoice also has PaymentMeans/PaymentDueDate {pm_due} (UBL-CR-412)")

    lmt = root.find("cac:LegalMonetaryTotal", NS)
    for key, el in (("montant_du", "cbc:PayableAmount"), ("paye", "cbc:PrepaidAmount"),
                    ("total_ttc", "cbc:TaxInclusiveAmount")):
        doc.pick(key, all_txt(lmt, el))
        if lmt is not None:
            for e in lmt.findall(el, NS):
                cur = e.get("currencyID")
                if cur and doc.v.get("devise") and cur != doc.v["devise"]:
                    doc.notes.append(f"{key}: currencyID {cur} != DocumentCurrencyCode {doc.v['devise']}")

    for prefix, path in (("vendeur", "cac:AccountingSupplierParty/cac:Party"),
                         ("acheteur", "cac:AccountingCustomerParty/cac:Party")):
        p = root.find(path, NS)
        if p is None:
            doc.notes.append(f"{prefix}: no {path}")
            for f in PARTY_FIELDS:
                doc.v[prefix + "." + f] = None
            continue
        reg = all_txt(p, "cac:PartyLegalEntity/cbc:RegistrationName")
        pname = all_txt(p, "cac:PartyName/cbc:Name")
        doc.pick(prefix + ".nom", reg or pname)
        if reg and pname and pname[0] != reg[0]:
            doc.alt.setdefault(prefix + ".nom", []).extend(x for x in pname if x != reg[0])

        def ids(xpath, scheme):
            return [txt(e) for e in p.findall(xpath, NS) if e.get("schemeID") == scheme and txt(e)]

        siren_c = ids("cac:PartyLegalEntity/cbc:CompanyID", "0002") + ids("cac:PartyIdentification/cbc:ID", "0002")
        siret_c = ids("cac:PartyIdentification/cbc:ID", "0009") + ids("cac:PartyLegalEntity/cbc:CompanyID", "0009")
        ep = p.find("cbc:EndpointID", NS)
        if ep is not None and ep.get("schemeID") in ("0002", "0009"):
            doc.notes.append(f"{prefix}: EndpointID schemeID {ep.get('schemeID')} {txt(ep)} not used as legal id")
        finish_party(doc, prefix, p, siren_c, siret_c)

        vat = []
        other_tax = []
        for pts in p.findall("cac:PartyTaxScheme", NS):
            scheme = txt(pts.find("cac:TaxScheme/cbc:ID", NS))
            cid = txt(pts.find("cbc:CompanyID", NS))
            if cid is None:
                continue
            (vat if scheme == "VAT" else other_tax).append(cid)
        doc.pick(prefix + ".tva", vat)
        if other_tax:
            doc.notes.append(f"{prefix}.tva: ignored non-VAT PartyTaxScheme {other_tax}")

        addr = p.find("cac:PostalAddress", NS)
        doc.pick(prefix + ".code_postal", all_txt(addr, "cbc:PostalZone"))
        doc.pick(prefix + ".ville", all_txt(addr, "cbc:CityName"))
        doc.pick(prefix + ".pays", all_txt(addr, "cac:Country/cbc:IdentificationCode"))

    terms = []
    for pt in root.findall("cac:PaymentTerms", NS):
        terms.extend(all_txt(pt, "cbc:Note"))
    doc.pick("conditions", terms, "first cac:PaymentTerms/cbc:Note")
    doc.pick("facture_liee", all_txt(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
             "first BillingReference")
    return doc


# ----------------------------------------------------------------------------- CII

def extract_cii(root, source, fmt="cii"):
    doc = Doc(source, fmt)
    doc.v["_root"] = "CrossIndustryInvoice"
    guide = all_txt(root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
    doc.v["_guideline"] = guide[0] if guide else None

    ed = root.find("rsm:ExchangedDocument", NS)
    doc.pick("numero", all_txt(ed, "ram:ID"))
    doc.pick("type", all_txt(ed, "ram:TypeCode"))
    dts = ed.findall("ram:IssueDateTime/udt:DateTimeString", NS) if ed is not None else []
    doc.pick("date", [cii_date(e, doc, "date") for e in dts])

    tr = root.find("rsm:SupplyChainTradeTransaction", NS)
    agr = tr.find("ram:ApplicableHeaderTradeAgreement", NS) if tr is not None else None
    st = tr.find("ram:ApplicableHeaderTradeSettlement", NS) if tr is not None else None

    doc.pick("devise", all_txt(st, "ram:InvoiceCurrencyCode"))
    terms = st.findall("ram:SpecifiedTradePaymentTerms", NS) if st is not None else []
    dues, descs = [], []
    for t in terms:
        for e in t.findall("ram:DueDateDateTime/udt:DateTimeString", NS):
            dues.append(cii_date(e, doc, "echeance"))
        descs.extend(all_txt(t, "ram:Description"))
    doc.pick("echeance", dues, "first SpecifiedTradePaymentTerms")
    doc.pick("conditions", descs, "first SpecifiedTradePaymentTerms/Description")

    summ = st.find("ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS) if st is not None else None
    doc.pick("montant_du", all_txt(summ, "ram:DuePayableAmount"))
    doc.pick("paye", all_txt(summ, "ram:TotalPrepaidAmount"))
    doc.pick("total_ttc", all_txt(summ, "ram:GrandTotalAmount"))
    doc.pick("facture_liee", all_txt(st, "ram:InvoiceReferencedDocument/ram:IssuerAssignedID"),
             "first InvoiceReferencedDocument")

    for prefix, path in (("vendeur", "ram:SellerTradeParty"), ("acheteur", "ram:BuyerTradeParty")):
        p = agr.find(path, NS) if agr is not None else None
        if p is None:
            doc.notes.append(f"{prefix}: no {path}")
            for f in PARTY_FIELDS:
                doc.v[prefix + "." + f] = None
            continue
        doc.pick(prefix + ".nom", all_txt(p, "ram:Name"))

        def ids(xpath, scheme):
            return [txt(e) for e in p.findall(xpath, NS) if e.get("schemeID") == scheme and txt(e)]

        siren_c = ids("ram:SpecifiedLegalOrganization/ram:ID", "0002") + ids("ram:GlobalID", "0002") + ids("ram:ID", "0002")
        siret_c = (ids("ram:GlobalID", "0009") + ids("ram:ID", "0009")
                   + ids("ram:SpecifiedLegalOrganization/ram:ID", "0009"))
        finish_party(doc, prefix, p, siren_c, siret_c)
        doc.pick(prefix + ".tva", ids("ram:SpecifiedTaxRegistration/ram:ID", "VA"))
        addr = p.find("ram:PostalTradeAddress", NS)
        doc.pick(prefix + ".code_postal", all_txt(addr, "ram:PostcodeCode"))
        doc.pick(prefix + ".ville", all_txt(addr, "ram:CityName"))
        doc.pick(prefix + ".pays", all_txt(addr, "ram:CountryID"))
    return doc


# ----------------------------------------------------------------------------- PDF

def pdf_unescape(s: bytes) -> bytes:
    """Decode a PDF literal string body (without the parentheses)."""
    out, i = bytearray(), 0
    esc = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
           b"(": b"(", b")": b")", b"\\": b"\\"}
    while i < len(s):
        c = s[i:i + 1]
        if c == b"\\":
            n = s[i + 1:i + 2]
            if n in esc:
                out += esc[n]
                i += 2
                continue
            m = re.match(rb"[0-7]{1,3}", s[i + 1:i + 4])
            if m:
                out.append(int(m.group(0), 8) & 0xFF)
                i += 1 + len(m.group(0))
                continue
            i += 1
            continue
        out += c
        i += 1
    return bytes(out)


def pdf_objects(data: bytes):
    """Map obj number -> (dict bytes, stream start offset or None) for raw (uncompressed) objects.

    Scans `N G obj` headers left to right and skips over stream bodies (using /Length when it
    is direct, else the next `endstream`), so binary stream content is never taken for an
    object header. A later definition (incremental update) replaces an earlier one.
    """
    objs = {}
    hdr = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj\b")
    pos = 0
    while True:
        m = hdr.search(data, pos)
        if not m:
            break
        num = int(m.group(1))
        start = m.end()
        end = data.find(b"endobj", start)
        body_end = end if end >= 0 else len(data)
        s = data.find(b"stream", start, body_end)
        if s >= 0 and data[s - 3:s] != b"end":
            head = data[start:s]
            p = s + len(b"stream")
            if data[p:p + 2] == b"\r\n":
                p += 2
            elif data[p:p + 1] in (b"\n", b"\r"):
                p += 1
            objs[num] = (head, p)
            lm = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", head)
            es = data.find(b"endstream", p + (int(lm.group(1)) if lm else 0))
            pos = (data.find(b"endobj", es) if es >= 0 else len(data))
            if pos < 0:
                pos = len(data)
        else:
            objs[num] = (data[start:body_end], None)
            pos = body_end
    return objs


def pdf_attachment(path: str, wanted: str):
    """Return (bytes of the embedded file named `wanted`, notes)."""
    data = open(path, "rb").read()
    objs = pdf_objects(data)
    notes = []
    if re.search(rb"/Type\s*/ObjStm", data):
        notes.append("PDF has object streams (not scanned by this checker)")
    names = {}
    for num, (head, _) in objs.items():
        if b"/Filespec" not in head:
            continue
        fname = None
        for key in (rb"/UF", rb"/F"):
            m = re.search(key + rb"\s*\(((?:\\.|[^\\)])*)\)", head, re.S)
            if m:
                raw = pdf_unescape(m.group(1))
                fname = raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
                break
        ef = re.search(rb"/EF\s*<<[^>]*?/F\s+(\d+)\s+\d+\s+R", head, re.S)
        rel = re.search(rb"/AFRelationship\s*/(\w+)", head)
        names[fname] = (int(ef.group(1)) if ef else None, rel.group(1).decode() if rel else None)
    notes.append(f"PDF attachments: {sorted(k for k in names if k)}")
    if wanted not in names or names[wanted][0] is None:
        raise RuntimeError(f"{path}: no embedded file named {wanted!r} (found {sorted(k for k in names if k)})")
    ref, rel = names[wanted]
    notes.append(f"{wanted}: object {ref}, AFRelationship /{rel}")
    head, p = objs[ref]
    if p is None:
        raise RuntimeError(f"{path}: object {ref} has no stream")
    m = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", head)
    if m.group(2):
        lh, _ = objs[int(m.group(1))]
        length = int(re.search(rb"\d+", lh).group(0))
    else:
        length = int(m.group(1))
    raw = data[p:p + length]
    if re.search(rb"/Filter\s*/FlateDecode", head):
        raw = zlib.decompress(raw)
    elif re.search(rb"/Filter", head):
        raise RuntimeError(f"{path}: unsupported filter in {head[:200]!r}")
    return raw, notes


# ----------------------------------------------------------------------------- dispatch

def extract_xml_bytes(xml: bytes, source: str, fmt_override=None):
    root = ET.fromstring(xml)
    ns = root.tag.split("}")[0].lstrip("{")
    if ns in (NS["inv"], NS["cn"]):
        return extract_ubl(root, source, fmt_override or "ubl")
    if ns == NS["rsm"]:
        return extract_cii(root, source, fmt_override or "cii")
    raise RuntimeError(f"{source}: unknown root {root.tag}")


def extract_file(path: str):
    if path.lower().endswith(".pdf"):
        xml, notes = pdf_attachment(path, "factur-x.xml")
        doc = extract_xml_bytes(xml, path, "factur-x")
        doc.notes = notes + doc.notes
        return doc
    with open(path, "rb") as fh:
        return extract_xml_bytes(fh.read(), path)


def corpus_files(corpus: str):
    files = []
    for pat in ("en16931/ubl/*.xml", "en16931/cii/*.xml", "factur-x/*.xml", "factur-x/*.pdf"):
        files.extend(sorted(glob.glob(os.path.join(corpus, pat))))
    return [os.path.realpath(f) for f in files]


def consistency_notes(doc: Doc):
    """BR-CO-16 sanity on our own extraction (informative only)."""
    due, tot, paid = (norm_amount(doc.v.get(k)) for k in ("montant_du", "total_ttc", "paye"))
    if due is not None and tot is not None:
        if tot - (paid or 0) != due:
            doc.notes.append(f"info: total_ttc {tot} - paye {paid or 0} = {tot - (paid or 0)} != montant_du {due}"
                             " (rounding amount BT-114?)")


def as_json(doc: Doc):
    out = {}
    for k in ["source"] + TOP_FIELDS:
        out[k] = doc.v.get(k)
    for prefix in ("vendeur", "acheteur"):
        out[prefix] = {f: doc.v.get(prefix + "." + f) for f in PARTY_FIELDS}
    if doc.alt:
        out["_alternatives"] = doc.alt
    if doc.notes:
        out["_notes"] = doc.notes
    return out


# ----------------------------------------------------------------------------- compare

def collapse(s, remove_all=False):
    s = str(s)
    return "".join(s.split()) if remove_all else " ".join(s.split())


def compare_field(doc: Doc, key: str, got, strict_ws: bool):
    """Return (ok, note_or_None)."""
    exp = doc.v.get(key)
    field = key.split(".")[-1]
    if key == "format":
        if got == exp:
            return True, None
        g = doc.v.get("_guideline") or ""
        if exp == "cii" and got == "factur-x" and "factur-x" in g:
            return True, f"format 'factur-x' accepted for CII XML with guideline {g!r}"
        return False, None
    if exp is None:
        return (got is None), None
    if got is None:
        return False, None
    if field in AMOUNT_FIELDS:
        note = None
        if not isinstance(got, str):
            note = f"{key}: amount given as JSON {type(got).__name__} {got!r}, not a string"
        elif not re.fullmatch(r"-?\d+\.\d{2}", got):
            note = f"{key}: amount string {got!r} is not in 2-decimal form"
        return (norm_amount(got) == norm_amount(exp)), note
    if not isinstance(got, str):
        return False, None
    if got == exp:
        return True, None
    if got.strip() == exp:
        return (not strict_ws), f"{key}: Rust value has surrounding whitespace {got!r}"
    if collapse(got) == collapse(exp) or (field in ID_FIELDS and collapse(got, True) == collapse(exp, True)):
        return (not strict_ws), f"{key}: equal up to whitespace: expected {exp!r}, got {got!r}"
    return False, None


def get_rust(entry, key):
    if "." in key:
        a, b = key.split(".")
        sub = entry.get(a)
        if not isinstance(sub, dict):
            return ("<missing>", False)
        return (sub.get(b), b in sub)
    return (entry.get(key), key in entry)


def run_check(args, files, docs):
    with tempfile.TemporaryDirectory(prefix="einv_out_") as out:
        cmd = [args.bin, "import", *files, "--out", out, "--json"]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=args.cwd)
    if proc.returncode != 0:
        print(f"NOTE binary exit code {proc.returncode}; stderr tail:\n{proc.stderr[-2000:]}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        print(f"FATAL stdout is not one JSON object ({e}); first 1000 chars:\n{proc.stdout[:1000]}")
        print(f"stderr tail:\n{proc.stderr[-2000:]}")
        print(f"einvoices: 0 passed, {len(files)} failed")
        return 1
    if not isinstance(data, dict) or not isinstance(data.get("lues"), list):
        print(f"FATAL no list 'lues' in output; keys: {list(data) if isinstance(data, dict) else type(data)}")
        print(f"einvoices: 0 passed, {len(files)} failed")
        return 1
    others = {k: (len(v) if isinstance(v, (list, dict)) else v) for k, v in data.items() if k != "lues"}
    if others:
        print(f"NOTE other top-level keys: {json.dumps(others, ensure_ascii=False)[:500]}")

    by_src = {}
    for e in data["lues"]:
        src = e.get("source") if isinstance(e, dict) else None
        if src is None:
            print(f"FAIL entry without source: {json.dumps(e, ensure_ascii=False)[:300]}")
            continue
        by_src.setdefault(os.path.realpath(os.path.join(args.cwd, src)), []).append(e)
    unknown = [s for s in by_src if s not in docs]
    for s in unknown:
        print(f"NOTE 'lues' entry for a file outside the corpus list: {s} ({len(by_src[s])} entr(y|ies))")

    passed = failed = 0
    for f in files:
        doc = docs[f]
        rel = os.path.relpath(f, args.corpus)
        entries = by_src.get(f, [])
        if not entries:
            print(f"FAIL {rel}: absent from 'lues'")
            failed += 1
            continue
        bad = False
        if len(entries) > 1:
            print(f"FAIL {rel}: {len(entries)} entries in 'lues' (expected 1): "
                  + ", ".join(str(x.get('numero')) for x in entries))
            bad = True
        entry = entries[0]
        keys = TOP_FIELDS + [p + "." + f2 for p in ("vendeur", "acheteur") for f2 in PARTY_FIELDS]
        for key in keys:
            got, present = get_rust(entry, key)
            if not present:
                print(f"FAIL {rel} {key}: key missing in Rust output (expected {doc.v.get(key)!r})")
                bad = True
                continue
            ok, note = compare_field(doc, key, got, args.strict_ws)
            if note:
                print(f"NOTE {rel} {note}")
            if not ok:
                alt = doc.alt.get(key)
                extra = ""
                if alt:
                    extra = f"  [XML alternatives: {alt}" + ("; Rust took one of them]" if got in alt else "]")
                print(f"FAIL {rel} {key}: expected {doc.v.get(key)!r}, got {got!r}{extra}")
                bad = True
        if args.verbose and doc.notes:
            for n in doc.notes:
                print(f"  xml-note {rel}: {n}")
        if bad:
            failed += 1
        else:
            passed += 1
    print(f"einvoices: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description="independent check of recouvre import on e-invoices")
    ap.add_argument("--bin", help="path to the recouvre binary")
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--self-test", action="store_true", help="print our own extraction as JSON, no binary")
    ap.add_argument("--strict-ws", action="store_true", help="whitespace-only differences fail")
    ap.add_argument("--verbose", action="store_true", help="also print extraction notes per file")
    ap.add_argument("--cwd", default=os.getcwd(), help="working directory for the binary")
    args = ap.parse_args()
    args.corpus = os.path.realpath(args.corpus)

    files = corpus_files(args.corpus)
    if not files:
        print(f"no corpus files under {args.corpus}", file=sys.stderr)
        return 2
    docs = {}
    for f in files:
        docs[f] = extract_file(f)
        consistency_notes(docs[f])

    if args.self_test:
        out = [as_json(docs[f]) for f in files]
        # PDF vs standalone XML of the same invoice, when both exist
        pdfs = [f for f in files if f.endswith(".pdf")]
        cross = []
        for p in pdfs:
            for f in files:
                if f is p or f.endswith(".pdf"):
                    continue
                if docs[f].v.get("numero") == docs[p].v.get("numero"):
                    a, b = as_json(docs[p]), as_json(docs[f])
                    diffs = {k: (a[k], b[k]) for k in a if k not in ("source", "format", "_notes", "_alternatives")
                             and a[k] != b[k]}
                    cross.append({"pdf": p, "xml": f, "differences": diffs})
        print(json.dumps({"documents": len(out), "lues": out, "pdf_vs_xml": cross}, ensure_ascii=False, indent=1))
        return 0
    if not args.bin:
        ap.error("--bin is required unless --self-test")
    return run_check(args, files, docs)


if __name__ == "__main__":
    sys.exit(main())
