#!/usr/bin/env python3
"""Create the missing exhibit PDFs referenced by recouvre's fixture case files.

A case file (TOML or JSON, see DESIGN.md) references exhibits by a path relative
to the case file: `factures[].piece`, `evenements[].piece`, `pieces[].fichier`.
For each referenced file that does not exist yet, this tool writes a small,
realistic one-page PDF in French, chosen from the key that references it and
its title or file name: an invoice ("FACTURE N° …"), a copy of a relance or of
the mise en demeure, an avis de réception, a contract, a deed of sale, a
delivery note or lettre de voiture, CGV, a reconnaissance de dette, a statement
of account… Existing files are never
touched (except, with --force, files this tool wrote itself).

    pip install fpdf2          # tested with fpdf2 2.8.9, Python 3.11
    python3 tools/fixture-pdfs.py                  # every case file under fixtures/
    python3 tools/fixture-pdfs.py path/to/dossier.toml other/case.json
    python3 tools/fixture-pdfs.py --out /tmp/x src/.../dossier.toml   # write elsewhere
    python3 tools/fixture-pdfs.py --dry-run

Without arguments it scans fixtures/**/*.toml and fixtures/**/*.json (any file
with exhibit references is treated as a case file; others are ignored).

Opting out, for fixtures that test a *missing* exhibit:
  - a case file containing the comment `# fixture-pdfs: ignore` is skipped;
  - a reference whose TOML line carries the comment `# fixture-pdfs: absent`
    is left missing.

Safety: absolute paths and paths leaving the case folder (`..`, symlinks) are
never written; references that are not `.pdf` are reported and skipped.

Deterministic: fixed creation date (2026-01-01 UTC), fixed producer, no random
identifiers (reference numbers are derived from a hash of the case data), so
two runs give identical bytes. Every page carries a discreet footer saying the
document is fictitious test data.

Exit status: 0 when every reference could be handled (created, already there
or deliberately skipped), 1 when a file could not be written, 2 on usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

try:
    from fpdf import FPDF
except ImportError:  # pragma: no cover
    sys.exit("fixture-pdfs: fpdf2 is missing: pip install fpdf2")

CREATION_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)
CREATOR = "recouvre tools/fixture-pdfs.py"
FOOTER = "Pièce fictive générée pour les jeux d'essai de recouvre - sans valeur juridique."
REPO = Path(__file__).resolve().parent.parent
MAX_ROWS = 12  # invoice rows in a table, to stay on one page

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


# --------------------------------------------------------------------------- values

def g(obj, *keys, default=None):
    """obj[k1][k2]... tolerant of missing keys and wrong types."""
    for k in keys:
        if isinstance(obj, dict) and k in obj:
            obj = obj[k]
        elif isinstance(obj, list) and isinstance(k, int) and -len(obj) <= k < len(obj):
            obj = obj[k]
        else:
            return default
    return default if obj is None else obj


def tables(case, key) -> list[dict]:
    value = g(case, key, default=[])
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def parse_amount(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        d = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def fr_amount(value, devise: str = "EUR") -> str:
    """4800 -> '4 800,00 €' (DESIGN.md formatting); unparsable input as given."""
    d = parse_amount(value) if not isinstance(value, Decimal) else value
    if d is None:
        return str(value)
    d = money(d)
    sign = "-" if d < 0 else ""
    units, cents = f"{abs(d):.2f}".split(".")
    groups = []
    while len(units) > 3:
        groups.insert(0, units[-3:])
        units = units[:-3]
    groups.insert(0, units)
    symbol = "€" if devise.upper() == "EUR" else devise.upper()
    return f"{sign}{' '.join(groups)},{cents} {symbol}"


def fr_date(value) -> str:
    d = parse_date(value)
    if d is None:
        return str(value) if value else "(date non précisée)"
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MOIS[d.month - 1]} {d.year}"


def short_date(value) -> str:
    d = parse_date(value)
    return d.strftime("%d/%m/%Y") if d else (str(value) if value else "-")


_UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize "
          "quatorze quinze seize dix-sept dix-huit dix-neuf").split()
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix, quatre-vingt-dix
        base = "soixante" if tens == 7 else "quatre-vingt"
        if tens == 7 and unit == 1:
            return "soixante et onze"
        return f"{base}-{_UNITS[10 + unit]}"
    if tens == 8:
        return "quatre-vingts" if unit == 0 else f"quatre-vingt-{_UNITS[unit]}"
    if unit == 0:
        return _TENS[tens]
    if unit == 1:
        return f"{_TENS[tens]} et un"
    return f"{_TENS[tens]}-{_UNITS[unit]}"


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent" + ("s" if rest == 0 else "")
    return head if rest == 0 else f"{head} {_below_100(rest)}"


def fr_words(n: int) -> str:
    """French number in words (1990 spelling rules not applied: classic spelling)."""
    if n == 0:
        return "zéro"
    parts = []
    for value, singular, plural in ((10**9, "milliard", "milliards"),
                                    (10**6, "million", "millions")):
        count, n = divmod(n, value)
        if count:
            parts.append(f"{fr_words(count)} {singular if count == 1 else plural}")
    thousands, n = divmod(n, 1000)
    if thousands:
        t = _below_1000(thousands)
        # "deux cents" / "quatre-vingts" lose their s before "mille"
        t = re.sub(r"(cent|vingt)s$", r"\1", t)
        parts.append("mille" if thousands == 1 else f"{t} mille")
    if n:
        parts.append(_below_1000(n))
    return " ".join(parts)


def amount_in_words(value: Decimal, devise: str = "EUR") -> str:
    value = money(abs(value))
    euros = int(value)
    cents = int((value - euros) * 100)
    unit = "euro" if devise.upper() == "EUR" else devise.upper()
    words = f"{fr_words(euros)} {unit}{'s' if euros > 1 and unit == 'euro' else ''}"
    if euros and euros % 10**6 == 0:
        words = words.replace(f" {unit}", f" d'{unit}")
    if cents:
        cents_words = f"{fr_words(cents)} centime{'s' if cents > 1 else ''}"
        words = f"{words} et {cents_words}" if euros else cents_words
    return words


def digest(*parts) -> int:
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return int(h[:15], 16)


def slug(text: str) -> str:
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"\b(sas|sarl|sa|eurl|sasu|snc|sci|scop)\b", "", t)
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "entreprise"


def norm(text: str) -> str:
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()


def pdf_text(text) -> str:
    """Make any text printable with a core font (cp1252)."""
    out = []
    for ch in str(text):
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore").decode("cp1252")
            out.append(base or {"\u202f": " ", "\u2009": " "}.get(ch, "?"))
    return "".join(out)


# --------------------------------------------------------------------------- case

@dataclass
class Party:
    name: str
    lines: list[str]  # address
    ids: list[str]  # SIREN, RCS, capital...
    signatory: str
    quality: str
    professional: bool
    nature: str
    iban: str
    ville: str


def party(case, key: str, fallback: str) -> Party:
    p = g(case, key, default={})
    if not isinstance(p, dict):
        p = {}
    nature = str(g(p, "nature", default="societe"))
    name = g(p, "denomination") or " ".join(
        str(x) for x in (g(p, "prenoms"), g(p, "nom")) if x) or fallback
    name = str(name)
    forme = g(p, "forme_juridique")
    adresse = g(p, "adresse", default={})
    lines = [str(x) for x in g(adresse, "lignes", default=[]) if x] if isinstance(
        g(adresse, "lignes"), list) else []
    cp, ville = g(adresse, "code_postal", default=""), g(adresse, "ville", default="")
    if cp or ville:
        lines.append(f"{cp} {ville}".strip())
    if g(adresse, "pays"):
        lines.append(str(g(adresse, "pays")))
    ids = []
    if forme or g(p, "capital"):
        cap = f" au capital de {fr_amount(g(p, 'capital'))}" if g(p, "capital") else ""
        ids.append(f"{forme or 'Société'}{cap}")
    if g(p, "siren"):
        rcs = f"RCS {g(p, 'rcs')} " if g(p, "rcs") else "SIREN "
        ids.append(f"{rcs}{g(p, 'siren')}")
    rep = g(p, "representant", default={})
    signatory = str(g(rep, "nom", default="")) or (
        name if nature in ("particulier", "entreprise_individuelle") else "")
    quality = str(g(rep, "qualite", default=""))
    professional = nature in ("societe", "entreprise_individuelle", "association",
                              "personne_publique") or bool(g(p, "commercant", default=False))
    return Party(name, lines, ids, signatory, quality, professional, nature,
                 str(g(p, "iban", default="")), str(ville or ""))


@dataclass
class Case:
    data: dict
    path: Path
    creancier: Party
    debiteur: Party
    devise: str
    description: str

    def amount(self, value) -> str:
        return fr_amount(value, self.devise)


def load_case(path: Path) -> Case:
    raw = path.read_bytes()
    if path.suffix.lower() == ".json":
        data = json.loads(raw.decode("utf-8"))
    else:
        data = tomllib.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("the case file is not a table/object")
    return Case(
        data=data,
        path=path,
        creancier=party(data, "creancier", "Le créancier"),
        debiteur=party(data, "debiteur", "Le débiteur"),
        devise=str(g(data, "creance", "devise", default="EUR")),
        description=str(g(data, "creance", "description", default="") or
                        "Prestations de services"),
    )


def invoices(case: Case) -> list[dict]:
    return tables(case.data, "factures")


def outstanding(case: Case, at: date | None) -> list[tuple[dict, Decimal, Decimal]]:
    """(facture, montant, restant dû at `at`) for invoices issued by `at`.

    Payments dated on or before `at` are imputed to their `facture` when given,
    otherwise to the oldest invoices first (roughly C. civ. 1342-10). Interest is
    ignored: this is only what an exhibit letter would show."""
    rows = []
    for f in invoices(case):
        issued = parse_date(g(f, "date"))
        if at and issued and issued > at:
            continue
        rows.append([f, parse_amount(g(f, "montant")) or Decimal(0)])
    if not rows:
        rows = [[f, parse_amount(g(f, "montant")) or Decimal(0)] for f in invoices(case)]
    due = {id(r[0]): r[1] for r in rows}
    free = Decimal(0)
    for p in tables(case.data, "paiements"):
        when, amount = parse_date(g(p, "date")), parse_amount(g(p, "montant"))
        if amount is None or (at and when and when > at):
            continue
        target = next((r for r in rows if str(g(r[0], "numero")) == str(g(p, "facture"))), None)
        if target is not None:
            paid = min(amount, due[id(target[0])])
            due[id(target[0])] -= paid
            free += amount - paid
        else:
            free += amount
    for r in sorted(rows, key=lambda r: str(g(r[0], "echeance", default=""))):
        paid = min(free, due[id(r[0])])
        due[id(r[0])] -= paid
        free -= paid
    return [(r[0], r[1], due[id(r[0])]) for r in rows]


# --------------------------------------------------------------------------- PDF

class Doc(FPDF):
    def __init__(self, case: Case, title: str):
        super().__init__(format="A4", unit="mm")
        self.core_fonts_encoding = "windows-1252"  # WinAnsi: accents and €
        self.set_creation_date(CREATION_DATE)
        self.set_producer("fpdf2")
        self.set_creator(CREATOR)
        self.set_title(pdf_text(title))
        self.set_author(pdf_text(case.creancier.name))
        self.set_subject(pdf_text(f"Dossier {g(case.data, 'reference', default='')}"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, 18)
        self.add_page()
        self.set_font("Helvetica", size=10)

    def footer(self):
        self.set_y(-13)
        self.set_font("Helvetica", "I", 7)
        self.set_text_color(140)
        self.cell(0, 4, pdf_text(FOOTER), align="C")
        self.set_text_color(0)

    # small helpers; all text goes through pdf_text
    def text_line(self, text, size=10, style="", h=5, align="L", w=0):
        self.set_font("Helvetica", style, size)
        self.cell(w, h, pdf_text(text), new_x="LMARGIN", new_y="NEXT", align=align)
        self.set_font("Helvetica", "", 10)

    def para(self, text, size=10, style="", h=5, align="J"):
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, h, pdf_text(text), align=align, new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 10)

    def gap(self, h=4):
        self.ln(h)

    def block(self, x, y, lines, first_bold=True, w=80, h=4.6):
        self.set_xy(x, y)
        for i, line in enumerate(lines):
            self.set_font("Helvetica", "B" if (i == 0 and first_bold) else "", 10)
            self.set_x(x)
            self.cell(w, h, pdf_text(line), new_x="LEFT", new_y="NEXT")
        self.set_font("Helvetica", "", 10)
        return self.get_y()

    def letterhead(self, p: Party):
        bottom = self.block(20, 18, [p.name, *p.lines])
        if p.ids:
            self.set_font("Helvetica", "", 8)
            self.set_xy(20, bottom)
            for line in p.ids:
                self.cell(90, 3.8, pdf_text(line), new_x="LEFT", new_y="NEXT")
            self.set_font("Helvetica", "", 10)
        return self.get_y()

    def table(self, headers, widths, rows, aligns=None, bold_last=False):
        aligns = aligns or ["L"] * len(headers)
        self.set_font("Helvetica", "B", 9)
        self.set_fill_color(235)
        for h, w in zip(headers, widths):
            self.cell(w, 7, pdf_text(h), border=1, fill=True, align="C")
        self.ln()
        for i, row in enumerate(rows):
            last = bold_last and i == len(rows) - 1
            self.set_font("Helvetica", "B" if last else "", 9)
            for value, w, a in zip(row, widths, aligns):
                self.cell(w, 6.5, pdf_text(value), border=1, align=a)
            self.ln()
        self.set_font("Helvetica", "", 10)

    def signature(self, who: Party, x=115, label=None):
        self.gap(6)
        self.set_x(x)
        if label:
            self.text_line(label, w=0, h=5)
            self.set_x(x)
        self.set_font("Helvetica", "", 10)
        name = who.signatory or who.name
        self.cell(0, 5, pdf_text(name), new_x="LMARGIN", new_y="NEXT")
        if who.quality:
            self.set_x(x)
            self.cell(0, 5, pdf_text(f"{who.quality}, {who.name}"), new_x="LMARGIN",
                      new_y="NEXT")
        self.set_x(x)
        self.set_font("Times", "I", 16)
        self.set_text_color(30, 50, 120)
        self.cell(0, 10, pdf_text(scribble(name)), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.set_font("Helvetica", "", 10)


def scribble(name: str) -> str:
    """A fake handwritten signature: initial + surname."""
    words = [w for w in re.split(r"\s+", name) if w]
    if not words:
        return "signé"
    if len(words) == 1:
        return words[0]
    return f"{words[0][0]}. {words[-1]}"


def letter(doc: Doc, case: Case, sender: Party, recipient: Party, when, mode: str,
           subject: str):
    doc.letterhead(sender)
    bottom = doc.block(112, 48, [recipient.name, *recipient.lines], w=78)
    doc.set_y(max(bottom, doc.get_y()) + 8)
    place = sender.ville or "Paris"
    doc.text_line(f"{place}, le {fr_date(when)}", align="R")
    doc.gap(3)
    mode_line = {
        "lrar": "Lettre recommandée avec demande d'avis de réception",
        "lre": "Lettre recommandée électronique",
        "email": "Par courriel",
        "courrier": "Par courrier simple",
        "commissaire": "Par acte de commissaire de justice",
    }.get(mode)
    if mode_line:
        doc.text_line(mode_line, style="B", size=9)
    ref = g(case.data, "reference")
    if ref:
        doc.text_line(f"Nos réf. : dossier {ref}", size=9)
    doc.set_font("Helvetica", "B", 10)
    doc.multi_cell(0, 5, pdf_text(f"Objet : {subject}"), new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.gap(4)


def invoice_table(doc: Doc, case: Case, rows, show_due=True):
    headers = ["Facture", "Date", "Échéance", "Montant TTC"] + (["Restant dû"] if show_due else [])
    widths = [40, 27, 27, 38] + ([38] if show_due else [])
    aligns = ["L", "C", "C", "R", "R"]
    body = []
    for f, amount, due in rows[:MAX_ROWS]:
        body.append([str(g(f, "numero", default="-")), short_date(g(f, "date")),
                     short_date(g(f, "echeance")), case.amount(amount)]
                    + ([case.amount(due)] if show_due else []))
    if len(rows) > MAX_ROWS:
        rest = rows[MAX_ROWS:]
        body.append([f"+ {len(rest)} autres factures", "", "",
                     case.amount(sum((r[1] for r in rest), Decimal(0)))]
                    + ([case.amount(sum((r[2] for r in rest), Decimal(0)))] if show_due else []))
    total_amount = sum((r[1] for r in rows), Decimal(0))
    total_due = sum((r[2] for r in rows), Decimal(0))
    body.append(["Total", "", "", case.amount(total_amount)]
                + ([case.amount(total_due)] if show_due else []))
    doc.table(headers, widths, body, aligns, bold_last=True)
    return total_due


def between_professionals(case: Case) -> bool:
    """L. 441-10 and D. 441-5 C. com. apply only between professionals."""
    return case.creancier.professional and case.debiteur.professional


def late_payment_terms(case: Case) -> str:
    if not between_professionals(case):
        return ("Tout retard de paiement donnera lieu, après mise en demeure, à des intérêts "
                "au taux légal (art. 1231-6 du code civil).")
    text = ("Tout retard de paiement entraîne de plein droit des pénalités de retard au "
            "taux appliqué par la Banque centrale européenne à son opération de "
            "refinancement la plus récente majoré de 10 points (art. L. 441-10 du code "
            "de commerce)")
    if g(case.data, "creance", "indemnite_forfaitaire", default=True) is not False:
        text += (" ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € "
                 "(art. D. 441-5 du code de commerce)")
    return text + ". Pas d'escompte pour paiement anticipé."


# --------------------------------------------------------------------------- documents

def doc_facture(case: Case, f: dict, title: str) -> Doc:
    numero = str(g(f, "numero", default="") or "sans numéro")
    doc = Doc(case, f"Facture {numero}")
    s, c = case.creancier, case.debiteur
    doc.letterhead(s)
    doc.set_xy(112, 18)
    doc.set_font("Helvetica", "B", 16)
    doc.cell(78, 9, pdf_text(f"FACTURE N° {numero}"), align="R", new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"Date de facture : {short_date(g(f, 'date'))}"), align="R",
             new_x="LEFT", new_y="NEXT")
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"Date d'échéance : {short_date(g(f, 'echeance'))}"), align="R",
             new_x="LEFT", new_y="NEXT")
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"Code client : C{digest(c.name) % 90000 + 10000}"), align="R")
    bottom = doc.block(112, 52, ["Facturé à :", c.name, *c.lines], first_bold=False, w=78)
    doc.set_y(bottom + 10)

    ttc = parse_amount(g(f, "montant"))
    vat_exempt = s.nature in ("particulier", "entreprise_individuelle", "association")
    if ttc is None:
        ht = tva = None
    elif vat_exempt:
        ht, tva = ttc, Decimal(0)
    else:
        ht = money(ttc / Decimal("1.2"))
        tva = ttc - ht
    designation = case.description
    if len(designation) > 60:
        designation = designation[:57] + "..."
    doc.table(["Désignation", "Qté", "Prix unitaire HT", "Total HT"], [86, 14, 35, 35],
              [[designation, "1", case.amount(ht) if ht is not None else "-",
                case.amount(ht) if ht is not None else "-"]], ["L", "C", "R", "R"])
    doc.gap(4)
    x = 120
    totals = [("Total HT", case.amount(ht) if ht is not None else "-")]
    if vat_exempt:
        totals.append(("TVA", "non applicable"))
    else:
        totals.append(("TVA 20 %", case.amount(tva) if tva is not None else "-"))
    totals.append(("Total TTC", case.amount(ttc) if ttc is not None else str(g(f, "montant"))))
    for i, (label, value) in enumerate(totals):
        doc.set_x(x)
        bold = i == len(totals) - 1
        doc.set_font("Helvetica", "B" if bold else "", 10)
        doc.cell(35, 7, pdf_text(label), border=1, fill=bold)
        doc.cell(35, 7, pdf_text(value), border=1, align="R", fill=bold,
                 new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.gap(6)
    doc.text_line(f"Net à payer : {case.amount(ttc) if ttc is not None else g(f, 'montant')}"
                  f" au plus tard le {fr_date(g(f, 'echeance'))}.", style="B")
    if vat_exempt:
        doc.text_line("TVA non applicable, art. 293 B du CGI.", size=9)
    doc.gap(2)
    if s.iban:
        iban = " ".join(s.iban[i:i + 4] for i in range(0, len(s.iban), 4))
        doc.para(f"Règlement par virement bancaire - IBAN : {iban} - en rappelant le "
                 f"numéro de facture {numero}.", size=9)
    else:
        doc.para(f"Règlement par virement ou chèque à l'ordre de {s.name}, en rappelant le "
                 f"numéro de facture {numero}.", size=9)
    doc.gap(2)
    doc.para(late_payment_terms(case), size=8, h=4)
    return doc


def doc_mise_en_demeure(case: Case, ev: dict, title: str) -> Doc:
    when = parse_date(g(ev, "date"))
    mode = str(g(ev, "mode", default="lrar"))
    doc = Doc(case, title or "Mise en demeure")
    s, d = case.creancier, case.debiteur
    letter(doc, case, s, d, g(ev, "date"), mode, "Mise en demeure de payer")
    doc.para("Madame, Monsieur,")
    doc.gap(2)
    what = "factures suivantes" if case.creancier.professional else "sommes suivantes"
    doc.para(f"Malgré nos précédentes relances, nous constatons que les {what} "
             "demeurent impayées à ce jour :")
    doc.gap(2)
    total = invoice_table(doc, case, outstanding(case, when))
    doc.gap(4)
    delay = when + timedelta(days=8) if when else None
    doc.para(f"Par la présente, nous vous mettons en demeure de nous régler la somme de "
             f"{case.amount(total)} dans un délai de huit jours à compter de la réception "
             f"de ce courrier" + (f", soit au plus tard le {fr_date(delay)}" if delay and
                                   mode != "lrar" else "") + ".")
    doc.gap(2)
    consequences = ("À défaut de règlement dans ce délai, nous saisirons la juridiction "
                    "compétente afin d'obtenir le paiement de notre créance, sans autre avis. ")
    interets = str(g(case.data, "creance", "interets", default="l441-10"))
    taux = g(case.data, "creance", "taux_contractuel")
    if interets == "contractuel" and taux:
        consequences += (f"Cette somme sera majorée des intérêts de retard au taux "
                         f"contractuel de {taux} % l'an")
    elif interets == "aucun":
        consequences += "Nous nous réservons le droit de réclamer tous dommages et intérêts"
    if interets in ("contractuel", "aucun") and (taux or interets == "aucun"):
        clause = g(case.data, "creance", "clause_penale")
        if clause:
            consequences += f", ainsi que de la clause pénale de {clause} % prévue au contrat"
        consequences += "."
    elif between_professionals(case):
        consequences += ("Cette somme sera majorée des pénalités de retard prévues par "
                         "l'article L. 441-10 du code de commerce")
        if g(case.data, "creance", "indemnite_forfaitaire", default=False):
            consequences += (" et de l'indemnité forfaitaire de 40 € par facture pour frais "
                             "de recouvrement (art. D. 441-5 du code de commerce)")
        consequences += "."
    else:
        consequences += ("La présente vaut mise en demeure au sens de l'article 1344 du code "
                         "civil et fait courir les intérêts au taux légal.")
    doc.para(consequences)
    doc.gap(2)
    doc.para("Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
             "distinguées.")
    doc.signature(s)
    return doc


def doc_relance(case: Case, ev: dict, title: str) -> Doc:
    when = parse_date(g(ev, "date"))
    mode = str(g(ev, "mode", default="courrier"))
    rows = [r for r in outstanding(case, when) if r[2] > 0] or outstanding(case, when)
    numbers = ", ".join(str(g(r[0], "numero", default="?")) for r in rows[:4])
    if len(rows) > 4:
        numbers += "..."
    subject = f"Relance - facture{'s' if len(rows) > 1 else ''} impayée{'s' if len(rows) > 1 else ''} {numbers}"
    doc = Doc(case, title or "Relance")
    s, d = case.creancier, case.debiteur
    if mode == "email":
        email_header(doc, case, g(ev, "date"), subject)
    else:
        letter(doc, case, s, d, g(ev, "date"), mode, subject)
    doc.para("Madame, Monsieur,")
    doc.gap(2)
    doc.para("Sauf erreur ou omission de notre part, nous n'avons pas reçu le règlement des "
             "factures ci-dessous, arrivées à échéance :")
    doc.gap(2)
    total = invoice_table(doc, case, rows)
    doc.gap(4)
    doc.para(f"Nous vous remercions de bien vouloir procéder au règlement de la somme de "
             f"{case.amount(total)} dans les meilleurs délais. Si votre paiement a été émis "
             "entre-temps, nous vous prions de ne pas tenir compte de ce courrier.")
    doc.gap(2)
    doc.para(late_payment_terms(case), size=9)
    doc.gap(2)
    doc.para("Nous restons à votre disposition pour tout renseignement et vous prions "
             "d'agréer, Madame, Monsieur, nos salutations distinguées.")
    doc.signature(s)
    return doc


def email_header(doc: Doc, case: Case, when, subject: str):
    s, d = case.creancier, case.debiteur
    dt = parse_date(when)
    stamp = (f"{JOURS[dt.weekday()]} {fr_date(dt)} à {9 + digest(subject) % 8}:"
             f"{digest(when, subject) % 60:02d}") if dt else str(when)
    doc.set_font("Helvetica", "B", 13)
    doc.cell(0, 8, pdf_text(subject), new_x="LMARGIN", new_y="NEXT")
    doc.set_draw_color(180)
    doc.line(20, doc.get_y() + 1, 190, doc.get_y() + 1)
    doc.gap(4)
    for label, value in (("De", f"Service comptabilité <comptabilite@{slug(s.name)}.fr>"),
                         ("À", f"{d.signatory or d.name} <contact@{slug(d.name)}.fr>"),
                         ("Date", stamp), ("Objet", subject)):
        doc.set_font("Helvetica", "B", 9)
        doc.cell(18, 5, pdf_text(f"{label} :"))
        doc.set_font("Helvetica", "", 9)
        doc.cell(0, 5, pdf_text(value), new_x="LMARGIN", new_y="NEXT")
    doc.line(20, doc.get_y() + 2, 190, doc.get_y() + 2)
    doc.set_draw_color(0)
    doc.gap(8)


def recommande_number(case: Case, ev: dict) -> str:
    n = f"{digest(g(case.data, 'reference'), g(ev, 'date'), g(ev, 'piece')) % 10**11:011d}"
    return f"1A {n[:3]} {n[3:6]} {n[6:10]} {n[10]}"


def doc_accuse_reception(case: Case, ev: dict, title: str) -> Doc:
    when = parse_date(g(ev, "date"))
    doc = Doc(case, title or "Avis de réception")
    s, d = case.creancier, case.debiteur
    number = recommande_number(case, ev)
    doc.set_draw_color(0)
    doc.set_line_width(0.6)
    doc.rect(20, 20, 170, 160)
    doc.set_line_width(0.2)
    doc.set_xy(25, 25)
    doc.set_font("Helvetica", "B", 18)
    doc.cell(0, 10, pdf_text("AVIS DE RÉCEPTION"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.cell(0, 5, pdf_text("Lettre recommandée - R1"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Courier", "B", 13)
    doc.cell(0, 8, pdf_text(f"N° {number}"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    presented = when + timedelta(days=1 + digest(number) % 2) if when else None
    distributed = presented + timedelta(days=digest(number, 1) % 2) if presented else None
    if distributed and distributed.weekday() == 6:
        distributed += timedelta(days=1)
    if presented and presented.weekday() == 6:
        presented += timedelta(days=1)
        distributed = max(distributed, presented)
    y = doc.get_y() + 6
    doc.set_xy(25, y)
    doc.set_font("Helvetica", "B", 9)
    doc.cell(0, 5, pdf_text("Envoi déposé le"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 11)
    doc.cell(0, 6, pdf_text(short_date(when)), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "B", 9)
    doc.cell(0, 5, pdf_text("Présenté / avisé le"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 11)
    doc.cell(0, 6, pdf_text(short_date(presented)), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "B", 9)
    doc.cell(0, 5, pdf_text("Distribué le"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 11)
    doc.cell(0, 6, pdf_text(short_date(distributed)), new_x="LEFT", new_y="NEXT")
    doc.block(110, y, ["Destinataire :", d.name, *d.lines], first_bold=True, w=75)
    doc.set_xy(25, y + 48)
    doc.set_font("Helvetica", "B", 9)
    doc.cell(0, 5, pdf_text("Signature du destinataire ou de son mandataire"),
             new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 9)
    signer = d.signatory or d.name
    doc.cell(0, 5, pdf_text(f"Nom et prénom : {signer}"), new_x="LEFT", new_y="NEXT")
    doc.set_font("Times", "I", 18)
    doc.set_text_color(30, 50, 120)
    doc.cell(0, 12, pdf_text(scribble(signer)), new_x="LEFT", new_y="NEXT")
    doc.set_text_color(0)
    doc.line(20, y + 80, 190, y + 80)
    doc.block(25, y + 84, ["À renvoyer à l'expéditeur :", s.name, *s.lines], w=100)
    return doc


def doc_preuve_lre(case: Case, ev: dict, title: str) -> Doc:
    when = parse_date(g(ev, "date"))
    doc = Doc(case, title or "Preuve de réception LRE")
    s, d = case.creancier, case.debiteur
    ident = f"LRE-{digest(g(case.data, 'reference'), g(ev, 'date')) % 10**10:010d}"
    doc.text_line("Lettre recommandée électronique", size=16, style="B", h=9)
    doc.text_line("Preuve de dépôt et de réception (art. L. 100 du code des postes et des "
                  "communications électroniques)", size=9)
    doc.gap(6)
    received = when + timedelta(days=1) if when else None
    rows = [("Identifiant de l'envoi", ident),
            ("Expéditeur", s.name), ("Destinataire", d.name),
            ("Dépôt", f"{short_date(when)} 10:12:07 (UTC+1)"),
            ("Réception (acceptation)", f"{short_date(received)} 08:41:55 (UTC+1)"),
            ("Empreinte SHA-256 du contenu",
             hashlib.sha256(ident.encode()).hexdigest()[:48] + "...")]
    for label, value in rows:
        doc.set_font("Helvetica", "B", 10)
        doc.cell(60, 7, pdf_text(label), border=1)
        doc.set_font("Helvetica", "", 10)
        doc.cell(0, 7, pdf_text(value), border=1, new_x="LMARGIN", new_y="NEXT")
    doc.gap(6)
    doc.para("Le destinataire a accepté la lettre recommandée électronique ; son contenu "
             "lui a été mis à disposition à la date de réception ci-dessus.", size=9)
    return doc


def doc_reconnaissance(case: Case, ev: dict, title: str) -> Doc:
    when = parse_date(g(ev, "date"))
    doc = Doc(case, title or "Reconnaissance de dette")
    s, d = case.creancier, case.debiteur
    rows = outstanding(case, when)
    total = sum((r[2] for r in rows), Decimal(0))
    doc.text_line("RECONNAISSANCE DE DETTE", size=16, style="B", h=10, align="C")
    doc.gap(6)
    who = d.signatory or d.name
    if d.signatory and d.signatory != d.name:
        quality = f", agissant en qualité de {d.quality or 'représentant'} de {d.name}"
    else:
        quality = ""
    address = ", ".join(d.lines)
    doc.para(f"Je soussigné(e) {who}{quality}, {address},")
    doc.gap(2)
    doc.para(f"reconnais devoir à {s.name}, {', '.join(s.lines)}, la somme de "
             f"{case.amount(total)} ({amount_in_words(total, case.devise)}), au titre des "
             f"factures suivantes, demeurées impayées :")
    doc.gap(2)
    invoice_table(doc, case, rows)
    doc.gap(4)
    doc.para("Je m'engage à régler cette somme dans les meilleurs délais. La présente "
             "reconnaissance interrompt la prescription (art. 2240 du code civil).")
    doc.gap(4)
    doc.text_line(f"Fait à {d.ville or 'Paris'}, le {fr_date(g(ev, 'date'))}, en un exemplaire "
                  "original.")
    doc.gap(2)
    doc.para(f"Bon pour reconnaissance de dette de la somme de "
             f"{amount_in_words(total, case.devise)}.", size=9, style="I", align="L")
    doc.signature(d, label="Signature :")
    return doc


def doc_courrier(case: Case, ev: dict, title: str) -> Doc:
    kind = str(g(ev, "type", default="courrier")).replace("_", " ")
    subject = title or kind.capitalize()
    doc = Doc(case, subject)
    s, d = case.creancier, case.debiteur
    if str(g(ev, "mode")) == "email":
        email_header(doc, case, g(ev, "date"), subject)
    else:
        letter(doc, case, s, d, g(ev, "date"), str(g(ev, "mode", default="")), subject)
    doc.para("Madame, Monsieur,")
    doc.gap(2)
    doc.para(f"Nous revenons vers vous au sujet de notre créance relative à : "
             f"{case.description}.")
    doc.gap(2)
    total = invoice_table(doc, case, outstanding(case, parse_date(g(ev, "date"))))
    doc.gap(4)
    doc.para(f"Le solde restant dû s'élève à {case.amount(total)}. Nous vous remercions de "
             "nous faire part de vos intentions de règlement.")
    doc.gap(2)
    doc.para("Veuillez agréer, Madame, Monsieur, nos salutations distinguées.")
    doc.signature(s)
    return doc


def parties_intro(doc: Doc, case: Case, role_s: str, role_d: str):
    s, d = case.creancier, case.debiteur
    doc.para("ENTRE LES SOUSSIGNÉS :", style="B")
    ids = f", {', '.join(s.ids)}" if s.ids else ""
    rep = f", représentée par {s.signatory}, {s.quality}" if s.signatory and s.quality else ""
    seat = (f", {person_details(case, 'creancier')}demeurant {', '.join(s.lines)}"
            if s.nature == "particulier" and s.lines else
            f", dont le siège est {', '.join(s.lines)}" if s.lines else "")
    doc.para(f"{s.name}{ids}{seat}{rep}, "
             f"ci-après « {role_s} »,", size=9)
    doc.para("ET :", style="B")
    ids = f", {', '.join(d.ids)}" if d.ids else ""
    rep = f", représentée par {d.signatory}, {d.quality}" if d.signatory and d.quality else ""
    where = (f", {person_details(case, 'debiteur')}demeurant {', '.join(d.lines)}"
             if d.nature == "particulier" and d.lines else
             f", {', '.join(d.lines)}" if d.lines else "")
    doc.para(f"{d.name}{ids}{where}{rep}, ci-après « {role_d} ».", size=9)
    doc.gap(3)


def person_details(case: Case, key: str) -> str:
    """'né(e) le … à …, retraité, ' for a particulier, from optional keys."""
    born, place = g(case.data, key, "date_naissance"), g(case.data, key, "lieu_naissance")
    out = ""
    if born:
        out += f"né(e) le {fr_date(born)}" + (f" à {place}" if place else "") + ", "
    if g(case.data, key, "profession"):
        out += f"{g(case.data, key, 'profession')}, "
    return out


def article(doc: Doc, n: int, heading: str, text: str):
    doc.text_line(f"Article {n} - {heading}", size=10, style="B")
    doc.para(text, size=9, h=4.4)
    doc.gap(2)


def doc_contrat(case: Case, piece: dict, title: str) -> Doc:
    doc = Doc(case, title or "Contrat")
    s, d = case.creancier, case.debiteur
    signed = g(piece, "date")
    doc.text_line((title or "Contrat de prestation de services").upper(), size=13, style="B",
                  h=8, align="C")
    doc.gap(4)
    parties_intro(doc, case, "le Prestataire", "le Client")
    n = 1
    article(doc, n, "Objet", f"Le présent contrat a pour objet : {case.description}. "
            "Le Prestataire s'engage à exécuter les prestations avec diligence et selon les "
            "règles de l'art.")
    n += 1
    article(doc, n, "Durée", f"Le contrat prend effet le {fr_date(signed)} pour une durée "
            "d'un an, renouvelable par tacite reconduction sauf dénonciation par lettre "
            "recommandée trois mois avant son terme.")
    n += 1
    article(doc, n, "Prix et modalités de paiement",
            "Les prestations sont facturées selon le tarif en vigueur à la date de leur "
            "exécution. Les factures sont payables à trente jours à compter de leur date "
            "d'émission, par virement. " + late_payment_terms(case))
    taux = g(case.data, "creance", "taux_contractuel")
    if taux and str(g(case.data, "creance", "interets")) == "contractuel":
        n += 1
        article(doc, n, "Intérêts de retard", f"Par dérogation, les sommes impayées à "
                f"l'échéance portent intérêt au taux conventionnel de {taux} % l'an.")
    clause = g(case.data, "creance", "clause_penale")
    if clause:
        n += 1
        article(doc, n, "Clause pénale", f"À défaut de paiement à l'échéance, et après mise "
                f"en demeure restée infructueuse, le Client sera redevable d'une indemnité "
                f"forfaitaire égale à {clause} % des sommes impayées (art. 1231-5 du code "
                "civil).")
    n += 1
    court = ("au tribunal de commerce compétent" if s.professional and d.professional and g(
        case.data, "debiteur", "commercant", default=False) else "à la juridiction compétente")
    article(doc, n, "Litiges", f"Tout litige relatif au présent contrat sera soumis {court}"
            + (f" du ressort de {s.ville}" if s.ville else "") + ".")
    doc.text_line(f"Fait à {s.ville or 'Paris'}, le {fr_date(signed)}, en deux exemplaires.",
                  size=9)
    y = doc.get_y()
    doc.signature(s, x=20, label="Pour le Prestataire :")
    doc.set_y(y)
    doc.signature(d, x=115, label="Pour le Client :")
    return doc


def doc_acte_vente(case: Case, f: dict, title: str) -> Doc:
    doc = Doc(case, title or "Acte de vente")
    s, d = case.creancier, case.debiteur
    signed = g(f, "date")
    price = parse_amount(g(f, "montant"))
    doc.text_line("ACTE DE VENTE SOUS SEING PRIVÉ", size=13, style="B", h=8, align="C")
    doc.gap(4)
    parties_intro(doc, case, "le Vendeur", "l'Acquéreur")
    article(doc, 1, "Objet", f"Le Vendeur cède à l'Acquéreur, qui l'accepte, le bien "
            f"suivant : {case.description}. L'Acquéreur déclare bien connaître le bien "
            "pour l'avoir examiné.")
    if price is not None:
        price_text = (f"La vente est consentie moyennant le prix de {case.amount(price)} "
                      f"({amount_in_words(price, case.devise)})")
    else:
        price_text = f"La vente est consentie moyennant le prix de {g(f, 'montant', default='-')}"
    article(doc, 2, "Prix", price_text + f", payable au plus tard le "
            f"{fr_date(g(f, 'echeance'))}" + (f" par virement sur le compte IBAN {s.iban}"
                                               if s.iban else "") + ".")
    article(doc, 3, "Transfert de propriété", "Le transfert de propriété et des risques a "
            "lieu ce jour, par la remise du bien et de ses documents à l'Acquéreur.")
    article(doc, 4, "Défaut de paiement", "À défaut de paiement du prix à l'échéance, les "
            "sommes dues porteront intérêt au taux légal à compter de la mise en demeure "
            "(art. 1231-6 du code civil).")
    doc.text_line(f"Fait à {s.ville or 'Paris'}, le {fr_date(signed)}, en deux exemplaires "
                  "originaux.", size=9)
    y = doc.get_y()
    doc.signature(s, x=20, label="Le Vendeur, lu et approuvé :")
    doc.set_y(y)
    doc.signature(d, x=115, label="L'Acquéreur, lu et approuvé :")
    return doc


def doc_lettre_voiture(case: Case, piece: dict, title: str) -> Doc:
    when = g(piece, "date")
    number = f"LV-{str(when)[:4] if when else '0000'}-{digest(title, when) % 90000 + 10000}"
    doc = Doc(case, title or f"Lettre de voiture {number}")
    s, d = case.creancier, case.debiteur
    doc.letterhead(s)
    doc.set_xy(112, 18)
    doc.set_font("Helvetica", "B", 15)
    doc.cell(78, 9, pdf_text("LETTRE DE VOITURE"), align="R", new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"N° {number}"), align="R", new_x="LEFT", new_y="NEXT")
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"Date de prise en charge : {short_date(when)}"), align="R")
    bottom = doc.block(112, 52, ["Donneur d'ordre / destinataire :", d.name, *d.lines],
                       first_bold=False, w=78)
    doc.set_y(bottom + 10)
    if title:
        doc.text_line(title, style="B")
        doc.gap(2)
    pallets = 4 + digest(number) % 20
    doc.table(["Nature de la marchandise", "Colis", "Poids brut"], [110, 30, 30],
              [["Marchandises diverses sur palettes", f"{pallets} palettes",
                f"{pallets * (400 + digest(number, 2) % 300)} kg"]], ["L", "C", "R"])
    doc.gap(3)
    doc.para(f"Transporteur : {s.name}. Lieu de livraison : {', '.join(d.lines) or '-'}.",
             size=9)
    doc.para("Réserves à la livraison : néant. Marchandise livrée en bon état.", size=9)
    doc.signature(d, label="Le destinataire, date, cachet et signature :")
    return doc


def doc_cgv(case: Case, piece: dict, title: str) -> Doc:
    doc = Doc(case, title or "Conditions générales de vente")
    s = case.creancier
    doc.text_line((title or "Conditions générales de vente").upper(), size=13, style="B",
                  h=8, align="C")
    doc.text_line(f"{s.name} - version du {fr_date(g(piece, 'date'))}", size=9, align="C")
    doc.gap(4)
    article(doc, 1, "Champ d'application", "Les présentes conditions s'appliquent à toutes "
            "les ventes et prestations conclues par le vendeur avec ses clients "
            "professionnels. Elles prévalent sur toutes conditions d'achat.")
    article(doc, 2, "Commandes", "Toute commande n'est définitive qu'après acceptation "
            "écrite du vendeur ou commencement d'exécution.")
    article(doc, 3, "Prix", "Les prix s'entendent hors taxes, au tarif en vigueur au jour "
            "de la commande.")
    article(doc, 4, "Paiement", "Sauf stipulation contraire, les factures sont payables à "
            "trente jours date de facture, sans escompte. " + late_payment_terms(case))
    n = 5
    if g(case.data, "creance", "clause_penale"):
        article(doc, n, "Clause pénale", f"En cas de recouvrement contentieux, une "
                f"indemnité égale à {g(case.data, 'creance', 'clause_penale')} % des sommes "
                "dues sera exigible à titre de clause pénale (art. 1231-5 du code civil).")
        n += 1
    article(doc, n, "Réserve de propriété", "Les marchandises restent la propriété du "
            "vendeur jusqu'au paiement intégral du prix.")
    article(doc, n + 1, "Attribution de juridiction", "Tout litige sera de la compétence "
            "exclusive du tribunal du siège du vendeur.")
    return doc


def doc_bon_livraison(case: Case, piece: dict, title: str) -> Doc:
    when = g(piece, "date")
    number = f"BL-{str(when)[:4] if when else '0000'}-{digest(title, when) % 9000 + 1000}"
    doc = Doc(case, title or f"Bon de livraison {number}")
    s, d = case.creancier, case.debiteur
    doc.letterhead(s)
    doc.set_xy(112, 18)
    doc.set_font("Helvetica", "B", 15)
    doc.cell(78, 9, pdf_text("BON DE LIVRAISON"), align="R", new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"N° {number}"), align="R", new_x="LEFT", new_y="NEXT")
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"Date de livraison : {short_date(when)}"), align="R")
    bottom = doc.block(112, 52, ["Livré à :", d.name, *d.lines], first_bold=False, w=78)
    doc.set_y(bottom + 10)
    if title:
        doc.text_line(title, style="B")
        doc.gap(2)
    desc = case.description if len(case.description) <= 90 else case.description[:87] + "..."
    doc.table(["Réf.", "Désignation", "Quantité"], [25, 120, 25],
              [[f"ART-{digest(desc) % 900 + 100}", desc, "1"]], ["L", "L", "C"])
    doc.gap(8)
    doc.para("Marchandises et prestations reçues en bon état et conformes à la commande, "
             "sans réserve.")
    doc.signature(d, label="Reçu le " + short_date(when) + ", cachet et signature du client :")
    return doc


def doc_devis(case: Case, piece: dict, title: str) -> Doc:
    when = g(piece, "date")
    kind = "BON DE COMMANDE" if "commande" in norm(title) else "DEVIS"
    number = f"{'BC' if kind != 'DEVIS' else 'D'}-{str(when)[:4] if when else '0000'}-" \
             f"{digest(title, when) % 900 + 100}"
    doc = Doc(case, title or kind.capitalize())
    s, d = case.creancier, case.debiteur
    doc.letterhead(s)
    doc.set_xy(112, 18)
    doc.set_font("Helvetica", "B", 15)
    doc.cell(78, 9, pdf_text(f"{kind} N° {number}"), align="R", new_x="LEFT", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.set_x(112)
    doc.cell(78, 5, pdf_text(f"Date : {short_date(when)}"), align="R")
    bottom = doc.block(112, 52, ["Client :", d.name, *d.lines], first_bold=False, w=78)
    doc.set_y(bottom + 10)
    total = sum((parse_amount(g(f, "montant")) or Decimal(0) for f in invoices(case)),
                Decimal(0))
    desc = case.description if len(case.description) <= 70 else case.description[:67] + "..."
    doc.table(["Désignation", "Quantité", "Montant TTC"], [110, 25, 35],
              [[desc, "1", case.amount(total)]], ["L", "C", "R"])
    doc.gap(6)
    doc.para("Conditions de paiement : à trente jours date de facture. " +
             late_payment_terms(case), size=9)
    doc.gap(4)
    doc.signature(d, label="Bon pour accord, le " + short_date(when) + " :")
    return doc


def doc_pv_reception(case: Case, piece: dict, title: str) -> Doc:
    doc = Doc(case, title or "Procès-verbal de réception")
    doc.text_line((title or "Procès-verbal de réception").upper(), size=13, style="B", h=8,
                  align="C")
    doc.gap(4)
    parties_intro(doc, case, "le Prestataire", "le Client")
    doc.para(f"Les parties se sont réunies le {fr_date(g(piece, 'date'))} afin de procéder "
             f"à la réception des prestations suivantes : {case.description}.")
    doc.gap(2)
    doc.para("Après examen contradictoire, le Client déclare prononcer la réception sans "
             "réserve. La réception rend exigible le solde du prix.")
    y = doc.get_y()
    doc.signature(case.creancier, x=20, label="Le Prestataire :")
    doc.set_y(y)
    doc.signature(case.debiteur, x=115, label="Le Client :")
    return doc


def doc_kbis(case: Case, piece: dict, title: str) -> Doc:
    who = case.debiteur if "debit" in norm(title) or (
        norm(case.debiteur.name) and norm(case.debiteur.name) in norm(title)) else case.creancier
    doc = Doc(case, title or "Extrait Kbis")
    key = "debiteur" if who is case.debiteur else "creancier"
    rcs = g(case.data, key, "rcs", default="")
    doc.text_line(f"Greffe du tribunal de commerce de {rcs or '...'}", size=10, style="B")
    doc.text_line(f"Extrait à jour au {fr_date(g(piece, 'date'))}", size=9)
    doc.gap(4)
    doc.text_line("EXTRAIT D'IMMATRICULATION PRINCIPALE AU REGISTRE DU COMMERCE ET DES "
                  "SOCIÉTÉS", size=11, style="B", align="C")
    doc.gap(4)
    rows = [("Immatriculation", f"{g(case.data, key, 'siren', default='-')} R.C.S. {rcs}"),
            ("Dénomination", who.name),
            ("Forme juridique", str(g(case.data, key, "forme_juridique", default="-"))),
            ("Capital social", fr_amount(g(case.data, key, "capital", default="-"))),
            ("Adresse du siège", ", ".join(who.lines) or "-"),
            ("Activité", case.description if who is case.creancier else "-"),
            ("Représentant légal", f"{who.signatory} ({who.quality})" if who.signatory
             else "-")]
    for label, value in rows:
        doc.set_font("Helvetica", "B", 9)
        doc.cell(50, 7, pdf_text(label), border=1)
        doc.set_font("Helvetica", "", 9)
        value = value if len(value) <= 80 else value[:77] + "..."
        doc.cell(0, 7, pdf_text(value), border=1, new_x="LMARGIN", new_y="NEXT")
    return doc


def doc_releve(case: Case, piece: dict, title: str) -> Doc:
    when = parse_date(g(piece, "date"))
    doc = Doc(case, title or "Relevé de compte client")
    s, d = case.creancier, case.debiteur
    doc.letterhead(s)
    doc.block(112, 48, [d.name, *d.lines], w=78)
    doc.set_y(80)
    doc.text_line((title or "Relevé de compte client").upper(), size=12, style="B", h=7)
    doc.text_line(f"Arrêté au {fr_date(when) if when else fr_date(g(case.data, 'arrete_au'))}",
                  size=9)
    doc.gap(3)
    entries = []
    for f in invoices(case):
        entries.append((str(g(f, "date", default="")), f"Facture {g(f, 'numero', default='')}",
                        parse_amount(g(f, "montant")) or Decimal(0), Decimal(0)))
    for p in tables(case.data, "paiements"):
        label = "Règlement" + (f" facture {g(p, 'facture')}" if g(p, "facture") else "")
        entries.append((str(g(p, "date", default="")), label, Decimal(0),
                        parse_amount(g(p, "montant")) or Decimal(0)))
    entries = [e for e in entries if not when or not parse_date(e[0]) or parse_date(e[0]) <= when]
    entries.sort(key=lambda e: e[0])
    balance = Decimal(0)
    rows = []
    for when_, label, debit, credit in entries[:MAX_ROWS + 4]:
        balance += debit - credit
        rows.append([short_date(when_), label, case.amount(debit) if debit else "",
                     case.amount(credit) if credit else "", case.amount(balance)])
    for _, _, debit, credit in entries[MAX_ROWS + 4:]:
        balance += debit - credit
    rows.append(["", "Solde dû", "", "", case.amount(balance)])
    doc.table(["Date", "Libellé", "Débit", "Crédit", "Solde"], [24, 58, 29, 29, 30], rows,
              ["C", "L", "R", "R", "R"], bold_last=True)
    return doc


def doc_generique(case: Case, piece: dict, title: str) -> Doc:
    doc = Doc(case, title or "Pièce")
    s, d = case.creancier, case.debiteur
    doc.letterhead(s)
    doc.set_y(max(doc.get_y(), 50) + 10)
    doc.para(title or "Pièce justificative", size=14, style="B", h=7, align="L")
    if g(piece, "date"):
        doc.text_line(f"Date : {fr_date(g(piece, 'date'))}", size=9)
    doc.gap(4)
    doc.para(f"Document établi dans le cadre de la relation commerciale entre {s.name} et "
             f"{d.name}, relative à : {case.description}.")
    doc.gap(2)
    rows = outstanding(case, parse_date(g(piece, "date")))
    if rows:
        doc.para("Factures concernées :")
        doc.gap(1)
        invoice_table(doc, case, rows, show_due=False)
    doc.signature(s)
    return doc


# --------------------------------------------------------------------------- choosing

def has(text: str, *words: str) -> bool:
    t = f" {norm(text)} "
    return any(f" {norm(w)} " in t or (len(norm(w)) > 4 and norm(w) in t) for w in words)


def for_facture(case: Case, f: dict):
    """An invoice, unless the file name or libellé says the claim rests on another deed."""
    text = f"{Path(str(g(f, 'piece', default=''))).stem} {g(f, 'libelle', default='')}"
    if not has(text, "facture"):
        if has(text, "acte de vente", "vente", "cession", "compromis"):
            return "acte de vente", lambda: doc_acte_vente(case, f, "")
        if has(text, "reconnaissance"):
            return "reconnaissance de dette", lambda: doc_reconnaissance(case, f, "")
        if has(text, "contrat", "convention", "bail"):
            return "contrat", lambda: doc_contrat(case, f, "")
    return "facture", lambda: doc_facture(case, f, "")


def for_evenement(case: Case, ev: dict, rel: str):
    kind = norm(g(ev, "type", default=""))
    mode = norm(g(ev, "mode", default=""))
    name = f"{Path(rel).stem} {g(ev, 'titre', default='')} {g(ev, 'description', default='')}"
    title = str(g(ev, "titre", default="") or "")
    if has(name, "accuse", "avis de reception", "ar", "avis reception", "preuve",
           "accuse reception", "distribution"):
        if mode == "lre":
            return "preuve de réception LRE", lambda: doc_preuve_lre(case, ev, title)
        return "avis de réception", lambda: doc_accuse_reception(case, ev, title)
    if "mise en demeure" in kind or has(name, "mise en demeure", "med"):
        return "mise en demeure", lambda: doc_mise_en_demeure(case, ev, title)
    if "relance" in kind or has(name, "relance", "rappel"):
        return "relance", lambda: doc_relance(case, ev, title)
    if "reconnaissance" in kind or has(name, "reconnaissance"):
        return "reconnaissance de dette", lambda: doc_reconnaissance(case, ev, title)
    return "courrier", lambda: doc_courrier(case, ev, title)


def for_piece(case: Case, piece: dict, rel: str):
    title = str(g(piece, "titre", default="") or "")
    text = f"{title} {Path(rel).stem}"
    ev = {"date": g(piece, "date"), "piece": rel, "titre": title}
    if has(text, "accuse", "avis de reception", "avis reception", "ar"):
        return "avis de réception", lambda: doc_accuse_reception(case, ev, title)
    if has(text, "mise en demeure"):
        return "mise en demeure", lambda: doc_mise_en_demeure(case, {**ev, "mode": "lrar"}, title)
    if has(text, "relance"):
        return "relance", lambda: doc_relance(case, ev, title)
    if has(text, "reconnaissance"):
        return "reconnaissance de dette", lambda: doc_reconnaissance(case, ev, title)
    if has(text, "lettre de voiture", "lettres de voiture", "cmr"):
        return "lettre de voiture", lambda: doc_lettre_voiture(case, piece, title)
    if has(text, "bon de livraison", "livraison", "bl"):
        return "bon de livraison", lambda: doc_bon_livraison(case, piece, title)
    if has(text, "bon de commande", "commande", "devis", "bc"):
        return "devis / bon de commande", lambda: doc_devis(case, piece, title)
    if has(text, "conditions generales", "cgv", "cga"):
        return "conditions générales", lambda: doc_cgv(case, piece, title)
    if has(text, "proces verbal", "pv", "reception des travaux"):
        return "procès-verbal de réception", lambda: doc_pv_reception(case, piece, title)
    if has(text, "kbis", "k bis", "registre du commerce"):
        return "extrait Kbis", lambda: doc_kbis(case, piece, title)
    if has(text, "releve", "grand livre", "extrait de compte", "compte client"):
        return "relevé de compte", lambda: doc_releve(case, piece, title)
    if has(text, "contrat", "convention", "accord", "abonnement", "bail"):
        return "contrat", lambda: doc_contrat(case, piece, title)
    if has(text, "facture"):
        numero = next((f for f in invoices(case) if str(g(f, "numero", default="\0")) in text),
                      None)
        f = numero or {"numero": Path(rel).stem, "date": g(piece, "date")}
        return "facture", lambda: doc_facture(case, f, title)
    if has(text, "courriel", "email", "mail", "echange"):
        return "courriel", lambda: doc_courrier(case, {**ev, "mode": "email", "type": title}, title)
    return "pièce générique", lambda: doc_generique(case, piece, title)


def references(case: Case):
    """(where, relative path, (kind, build)) for every exhibit reference."""
    for i, f in enumerate(invoices(case)):
        if isinstance(g(f, "piece"), str):
            yield f"factures[{i}].piece", f["piece"], for_facture(case, f)
    for i, ev in enumerate(tables(case.data, "evenements")):
        if isinstance(g(ev, "piece"), str):
            yield f"evenements[{i}].piece", ev["piece"], for_evenement(case, ev, ev["piece"])
    for i, p in enumerate(tables(case.data, "pieces")):
        if isinstance(g(p, "fichier"), str):
            yield f"pieces[{i}].fichier", p["fichier"], for_piece(case, p, p["fichier"])


# --------------------------------------------------------------------------- driver

def safe_target(base: Path, rel: str) -> Path | None:
    """base/rel if it stays inside base (no absolute path, no .., no symlink escape)."""
    if not rel or rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", rel) or "\0" in rel:
        return None
    parts = Path(rel.replace("\\", "/")).parts
    if ".." in parts:
        return None
    target = base.joinpath(*parts)
    try:
        target.resolve().relative_to(base.resolve())
    except ValueError:
        return None
    return target


def absent_marked(raw_text: str, rel: str) -> bool:
    return any(rel in line and "fixture-pdfs: absent" in line for line in raw_text.splitlines())


def render(build) -> bytes:
    return bytes(build().output())


def case_files(args_paths: list[str]) -> list[Path]:
    if args_paths:
        out = []
        for a in args_paths:
            p = Path(a)
            if p.is_dir():
                out += [q for q in (p / "dossier.toml", p / "dossier.json") if q.is_file()]
            else:
                out.append(p)
        return out
    root = REPO / "fixtures"
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in (".toml", ".json")
                  and p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description="Create missing exhibit PDFs for case files.")
    ap.add_argument("cases", nargs="*", help="case files or folders (default: fixtures/)")
    ap.add_argument("--out", metavar="DIR", type=Path,
                    help="write exhibits under DIR instead of next to the case file")
    ap.add_argument("--dry-run", action="store_true", help="only say what would be done")
    ap.add_argument("--force", action="store_true",
                    help="also rewrite existing files that this tool created")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only what changes")
    args = ap.parse_args()

    failures = 0
    explicit = bool(args.cases)
    for path in case_files(args.cases):
        try:
            raw_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            print(f"{path}: cannot read: {e}", file=sys.stderr)
            failures += 1
            continue
        if "fixture-pdfs: ignore" in raw_text:
            print(f"{path}: skipped (fixture-pdfs: ignore)")
            continue
        try:
            case = load_case(path)
        except (ValueError, tomllib.TOMLDecodeError, json.JSONDecodeError) as e:
            if explicit:
                print(f"{path}: not a readable case file: {e}", file=sys.stderr)
                failures += 1
            else:
                print(f"{path}: skipped, not parsable ({str(e).splitlines()[0]})")
            continue
        refs = list(references(case))
        if not refs:
            if explicit:
                print(f"{path}: no exhibit reference")
            continue
        base = args.out if args.out else path.parent
        done: set[Path] = set()
        for where, rel, (kind, build) in refs:
            label = f"{path} › {where}"
            target = safe_target(base, rel)
            if target is None:
                print(f"{label}: {rel!r} leaves the case folder: not written", file=sys.stderr)
                continue
            if target in done:
                continue
            done.add(target)
            if target.suffix.lower() != ".pdf":
                if not target.exists():
                    print(f"{label}: {rel} is not a .pdf: not generated")
                continue
            if absent_marked(raw_text, rel):
                if not args.quiet:
                    print(f"{label}: {rel} kept absent (fixture-pdfs: absent)")
                continue
            if target.exists() or target.is_symlink():
                ours = target.is_file() and CREATOR.encode() in target.read_bytes()
                if not (args.force and ours):
                    if not args.quiet:
                        print(f"{label}: {rel} exists")
                    continue
            if args.dry_run:
                print(f"{label}: would create {target} ({kind})")
                continue
            try:
                data = render(build)
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(target.name + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(target)
            except Exception as e:  # one bad exhibit never stops the others
                print(f"{label}: cannot create {rel}: {type(e).__name__}: {e}",
                      file=sys.stderr)
                failures += 1
                continue
            print(f"{label}: created {target} ({kind}, {len(data)} bytes)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
