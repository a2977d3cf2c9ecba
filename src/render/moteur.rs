//! An embedded Typst `World`: fonts and templates in the binary, no file system, no network,
//! a fixed date, and the case data served as one JSON file (`/data.json`), never as markup.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use unicode_bidi::{bidi_class, BidiClass};

use crate::validate::texte;

/// The templates of `typst-templates/`, embedded.
const TEMPLATES: &[(&str, &str)] = &[
    ("lib.typ", include_str!("../../typst-templates/lib.typ")),
    (
        "relance.typ",
        include_str!("../../typst-templates/relance.typ"),
    ),
    (
        "mise-en-demeure.typ",
        include_str!("../../typst-templates/mise-en-demeure.typ"),
    ),
    (
        "decompte.typ",
        include_str!("../../typst-templates/decompte.typ"),
    ),
    (
        "requete-injonction.typ",
        include_str!("../../typst-templates/requete-injonction.typ"),
    ),
    (
        "bordereau.typ",
        include_str!("../../typst-templates/bordereau.typ"),
    ),
    (
        "assignation.typ",
        include_str!("../../typst-templates/assignation.typ"),
    ),
    (
        "lettre-commissaire.typ",
        include_str!("../../typst-templates/lettre-commissaire.typ"),
    ),
    (
        "lettre-avocat.typ",
        include_str!("../../typst-templates/lettre-avocat.typ"),
    ),
    (
        "declaration-creance.typ",
        include_str!("../../typst-templates/declaration-creance.typ"),
    ),
    (
        "demande-petites-creances.typ",
        include_str!("../../typst-templates/demande-petites-creances.typ"),
    ),
    (
        "reconnaissance-dette.typ",
        include_str!("../../typst-templates/reconnaissance-dette.typ"),
    ),
    (
        "requete-saisie-conservatoire.typ",
        include_str!("../../typst-templates/requete-saisie-conservatoire.typ"),
    ),
    (
        "demande-creances-incontestees.typ",
        include_str!("../../typst-templates/demande-creances-incontestees.typ"),
    ),
    (
        "demande-conciliation.typ",
        include_str!("../../typst-templates/demande-conciliation.typ"),
    ),
    (
        "saisine-mediateur.typ",
        include_str!("../../typst-templates/saisine-mediateur.typ"),
    ),
    (
        "lettre-signification-ordonnance.typ",
        include_str!("../../typst-templates/lettre-signification-ordonnance.typ"),
    ),
    ("etat.typ", include_str!("../../typst-templates/etat.typ")),
];

/// Version of the template set, recorded in manifests.
pub const VERSION_TEMPLATES: &str = concat!("recouvre-", env!("CARGO_PKG_VERSION"));

/// Override folders hold a firm's letterhead: a few templates and images, never more.
const OVERRIDE_MAX_FICHIERS: usize = 200;
const OVERRIDE_MAX_OCTETS: u64 = 32 * 1024 * 1024;

const DATA: &str = "/data.json";

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("modèle {template} : {message}")]
    Modele { template: String, message: String },
    #[error("dossier de modèles {dossier} : {message}")]
    Surcharge { dossier: String, message: String },
    #[error("export PDF de {template} : {message}")]
    Pdf { template: String, message: String },
}

/// Built once per process and shared by `&` across threads: fonts, library, templates.
pub struct Moteur {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: HashMap<FileId, Source>,
    fichiers: HashMap<FileId, Bytes>,
    /// Where templates come from: `intégrés`, or `modèles personnalisés, empreinte <SHA-256>`
    /// for an override folder (its files' paths and contents, never the folder's path).
    pub origine: String,
    empreinte: String,
}

/// SHA-256 over every template and file, in path order.
fn empreinte_modeles(
    sources: &HashMap<FileId, Source>,
    fichiers: &HashMap<FileId, Bytes>,
) -> String {
    let mut tout: Vec<(String, &[u8])> = sources
        .iter()
        .map(|(id, s)| (format!("{id:?}"), s.text().as_bytes()))
        .chain(
            fichiers
                .iter()
                .map(|(id, b)| (format!("{id:?}"), b.as_slice())),
        )
        .collect();
    tout.sort();
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for (nom, octets) in tout {
        h.update(nom.as_bytes());
        h.update((octets.len() as u64).to_le_bytes());
        h.update(octets);
    }
    crate::empreinte::hex(&h.finalize())
}

fn id(chemin: &str) -> Option<FileId> {
    let v = VirtualPath::new(chemin).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, v).intern())
}

impl Moteur {
    /// The engine with the embedded templates, overridden by the files of `surcharge`.
    pub fn new(surcharge: Option<&Path>) -> Result<Self, RenderError> {
        // Typst's fonts first, then the fallbacks for other scripts (assets/fonts/): the
        // indices of Typst's fonts, hence the documents that use only them, do not change.
        let fonts: Vec<Font> = texte::polices()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        let mut sources = HashMap::new();
        let mut fichiers = HashMap::new();
        for (nom, texte) in TEMPLATES {
            let fid = id(&format!("/{nom}")).expect("valid template path");
            sources.insert(fid, Source::new(fid, (*texte).to_owned()));
        }
        let mut origine = "intégrés".to_owned();
        if let Some(dir) = surcharge {
            let err = |message: String| RenderError::Surcharge {
                dossier: dir.display().to_string(),
                message,
            };
            if !dir.is_dir() {
                return Err(err("ce dossier n'existe pas".into()));
            }
            let mut total = 0u64;
            let mut pile = vec![dir.to_path_buf()];
            let mut n = 0;
            // (path in the set, SHA-256): what the bundles record instead of the folder path.
            let mut empreintes: Vec<(String, String)> = Vec::new();
            while let Some(d) = pile.pop() {
                let entrees = std::fs::read_dir(&d).map_err(|e| err(e.to_string()))?;
                for e in entrees {
                    let e = e.map_err(|e| err(e.to_string()))?;
                    let meta =
                        std::fs::symlink_metadata(e.path()).map_err(|e| err(e.to_string()))?;
                    if meta.file_type().is_symlink() {
                        continue;
                    }
                    if meta.is_dir() {
                        pile.push(e.path());
                        continue;
                    }
                    n += 1;
                    total += meta.len();
                    if n > OVERRIDE_MAX_FICHIERS || total > OVERRIDE_MAX_OCTETS {
                        return Err(err(
                            "trop de fichiers ou trop volumineux pour un jeu de modèles".into(),
                        ));
                    }
                    let rel = e
                        .path()
                        .strip_prefix(dir)
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .map_err(|e| err(e.to_string()))?;
                    let fid = id(&format!("/{rel}"))
                        .ok_or_else(|| err(format!("nom de fichier invalide : {rel}")))?;
                    let octets = std::fs::read(e.path()).map_err(|e| err(e.to_string()))?;
                    empreintes.push((rel.clone(), crate::empreinte::sha256_hex(&octets)));
                    if rel.ends_with(".typ") {
                        let texte = String::from_utf8(octets)
                            .map_err(|_| err(format!("{rel} n'est pas en UTF-8")))?;
                        sources.insert(fid, Source::new(fid, texte));
                    } else {
                        fichiers.insert(fid, Bytes::new(octets));
                    }
                }
            }
            // Never the folder's path (it would leak into every bundle and change with the
            // machine): a digest of the files' paths and contents, in a stable order.
            empreintes.sort();
            let liste: String = empreintes
                .iter()
                .map(|(chemin, sha)| format!("{sha}  {chemin}\n"))
                .collect();
            origine = format!(
                "modèles personnalisés, empreinte {}",
                crate::empreinte::sha256_hex(liste.as_bytes())
            );
        }
        let empreinte = empreinte_modeles(&sources, &fichiers);
        Ok(Moteur {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            sources,
            fichiers,
            origine,
            empreinte,
        })
    }

    /// Digest of the templates and files in effect (the skip fingerprint of a batch
    /// covers their content, not their folder's name).
    pub fn empreinte(&self) -> &str {
        &self.empreinte
    }

    /// Compiles `template` with `donnees` at `/data.json` and exports a PDF/A-2b.
    ///
    /// `ident` names the document stably (PDF /ID); `date` is the document date (PDF/A needs
    /// one; `datetime.today()` returns it), so the same input gives the same bytes.
    pub fn rendre(
        &self,
        template: &str,
        donnees: &impl serde::Serialize,
        ident: &str,
        date: NaiveDate,
    ) -> Result<Rendu, RenderError> {
        let erreur = |message: String| RenderError::Modele {
            template: template.to_owned(),
            message,
        };
        let main =
            id(&format!("/{template}")).ok_or_else(|| erreur("nom de modèle invalide".into()))?;
        if !self.sources.contains_key(&main) {
            return Err(erreur("modèle introuvable".into()));
        }
        let valeur = serde_json::to_value(donnees).map_err(|e| erreur(e.to_string()))?;
        let sur = assainir(&valeur);
        let data = serde_json::to_vec(sur.as_ref().unwrap_or(&valeur))
            .map_err(|e| erreur(e.to_string()))?;
        let monde = Monde {
            moteur: self,
            main,
            data_id: id(DATA).expect("valid data path"),
            data: Bytes::new(data),
            date,
        };
        let resultat = typst::compile::<PagedDocument>(&monde);
        let document = resultat
            .output
            .map_err(|diags| erreur(diagnostics(&monde, &diags)))?;
        let jour =
            Datetime::from_ymd_hms(date.year(), date.month() as u8, date.day() as u8, 0, 0, 0)
                .ok_or_else(|| erreur("date hors limites".into()))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some(format!("recouvre {}", env!("CARGO_PKG_VERSION")))),
            timestamp: Some(Timestamp::new_utc(jour)),
            standards: PdfStandards::new(&[PdfStandard::A_2b])
                .map_err(|e| erreur(format!("{e:?}")))?,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|diags| RenderError::Pdf {
            template: template.to_owned(),
            message: diagnostics(&monde, &diags),
        })?;
        let pages = document.pages().len();
        // Without eviction the memo cache grows by megabytes per document
        // (reference/typst-embedding.md §3).
        comemo::evict(1);
        Ok(Rendu { pdf, pages })
    }
}

/// Longest run without a break opportunity the renderer lets through: above the longest run
/// recouvre itself writes (a SHA-256 in hexadecimal, 64 characters, in the bordereau) and
/// far below where Typst's PDF/A export fails (16 383 glyphs in one run). Case data is held
/// to [`texte::MOT_MAX`] by `check`.
const TENANT_MAX: usize = 100;

/// Defence in depth for text that reaches a template without going through `check` (the
/// reasons listed in the état des dossiers, data built by templates' callers): whatever
/// the data holds, the document is printed and nothing in it reorders or hides the rest.
/// Returns the data with every string made safe, or `None` when every string already is:
/// the data of a case that passed `check` is left alone unless it holds right-to-left
/// letters, so the documents of every other case keep their bytes.
///
/// In each string:
/// - a character no font can print, a control (a line feed excepted: it breaks the line),
///   a bidirectional control or a private-use character is written as a visible escape
///   (`\u{202e}`), as on the terminal;
/// - a run longer than [`TENANT_MAX`] characters without a line-break opportunity gets a
///   zero width space every [`TENANT_MAX`] characters, so it wraps instead of failing;
/// - a string holding right-to-left letters (Hebrew, Arabic…) is wrapped in FIRST STRONG
///   ISOLATE … POP DIRECTIONAL ISOLATE: it keeps its own order but cannot pull the
///   template's text or the amounts around it into its direction (UAX #9, X5c).
fn assainir(donnees: &serde_json::Value) -> Option<serde_json::Value> {
    fn parcourir(v: &serde_json::Value, f: &mut impl FnMut(&str) -> bool) -> bool {
        match v {
            serde_json::Value::String(s) => f(s),
            serde_json::Value::Array(a) => a.iter().any(|x| parcourir(x, f)),
            serde_json::Value::Object(o) => o.values().any(|x| parcourir(x, f)),
            _ => false,
        }
    }
    fn modifier(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Some(sur) = texte_sur(s) {
                    *s = sur;
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(modifier),
            serde_json::Value::Object(o) => o.values_mut().for_each(modifier),
            _ => {}
        }
    }
    if !parcourir(donnees, &mut a_assainir) {
        return None;
    }
    let mut copie = donnees.clone();
    modifier(&mut copie);
    Some(copie)
}

/// A character the renderer must not receive as it is.
fn a_echapper(c: char) -> bool {
    c != '\n'
        && (texte::est_controle(c)
            || texte::controle_bidi(c).is_some()
            || matches!(c as u32, 0xE000..=0xF8FF | 0xF_0000..=0x10_FFFF)
            || !texte::imprimable(c))
}

fn droite_a_gauche(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

fn a_assainir(s: &str) -> bool {
    // Printable ASCII is never escaped nor right-to-left: the table lookups are skipped for
    // it (they were 2 % of a batch's CPU, every string being read for every document).
    s.chars()
        .any(|c| !matches!(c, ' '..='~') && (a_echapper(c) || droite_a_gauche(c)))
        || (s.len() > TENANT_MAX && texte::mot_le_plus_long(s).0 > TENANT_MAX)
}

/// `s` made safe to print, `None` when it already is (see [`assainir`]).
fn texte_sur(s: &str) -> Option<String> {
    if !a_assainir(s) {
        return None;
    }
    let isoler = s.chars().any(droite_a_gauche);
    let mut t = String::with_capacity(s.len() + 16);
    if isoler {
        t.push('\u{2068}');
    }
    // Characters written since the last break opportunity (escapes count in full).
    let mut d_un_tenant = 0;
    for c in s.chars() {
        let piece = if a_echapper(c) {
            format!("\\u{{{:x}}}", c as u32)
        } else {
            c.to_string()
        };
        let n = piece.chars().count();
        // A space is a break opportunity (the no-break ones are not).
        if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}') {
            d_un_tenant = 0;
        } else if d_un_tenant + n > TENANT_MAX {
            t.push('\u{200b}');
            d_un_tenant = 0;
        }
        t.push_str(&piece);
        d_un_tenant += n;
    }
    if isoler {
        t.push('\u{2069}');
    }
    Some(t)
}

/// A rendered document.
pub struct Rendu {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

fn diagnostics(monde: &Monde, diags: &[SourceDiagnostic]) -> String {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            let lieu = d
                .span
                .id()
                .and_then(|fid| {
                    let source = monde.source(fid).ok()?;
                    let range = monde.range(d.span)?;
                    let ligne = source.text()[..range.start.min(source.text().len())]
                        .matches('\n')
                        .count()
                        + 1;
                    Some(format!("{}:{ligne} : ", fid.vpath().get_with_slash()))
                })
                .unwrap_or_default();
            // Typst's hints say what to do: keep them.
            let aides: String = d
                .hints
                .iter()
                .map(|h| format!(" (indication de Typst : {})", h.v))
                .collect();
            format!("{lieu}{}{aides}", d.message)
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// One document's world: the shared engine plus this document's data and date.
struct Monde<'a> {
    moteur: &'a Moteur,
    main: FileId,
    data_id: FileId,
    data: Bytes,
    date: NaiveDate,
}

impl World for Monde<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.moteur.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.moteur.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.moteur
            .sources
            .get(&id)
            .cloned()
            .ok_or_else(|| introuvable(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some(b) = self.moteur.fichiers.get(&id) {
            return Ok(b.clone());
        }
        if let Some(s) = self.moteur.sources.get(&id) {
            return Ok(Bytes::from_string(s.clone()));
        }
        Err(introuvable(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.moteur.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.date.year(),
            self.date.month() as u8,
            self.date.day() as u8,
        )
    }
}

/// No file system, no packages: anything not embedded does not exist.
fn introuvable(id: FileId) -> FileError {
    match id.root() {
        VirtualRoot::Package(spec) => FileError::Package(PackageError::NotFound(spec.clone())),
        VirtualRoot::Project => FileError::NotFound(id.vpath().get_with_slash().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_needs_no_lookup() {
        // The fast path of `a_assainir` is right only if these hold.
        for c in ' '..='~' {
            assert!(!a_echapper(c), "{c:?}");
            assert!(!droite_a_gauche(c), "{c:?}");
        }
        assert!(a_assainir("abc \u{202e} def"));
        assert!(a_assainir("שלום"));
        assert!(!a_assainir("Société Générale, 12 rue de l'Église"));
    }
}
