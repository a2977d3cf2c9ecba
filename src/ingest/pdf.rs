//! Untrusted PDF bytes (exhibits, Factur-X invoices) meet hayro-syntax only after a pre-scan
//! of our own, iterative and bounded, has shown that hayro cannot overflow its stack, inflate
//! a bomb or spend quadratic time on them; hayro then runs on a thread of its own with a large
//! stack and a deadline.
//!
//! Why: hayro-syntax parses nested arrays and dictionaries and walks the page tree by
//! recursion (50 000 nested arrays overflow any default stack, and a stack overflow aborts
//! the whole process, every other case with it), decodes object and xref streams in full
//! before anyone can look at their size, and clones the inherited resources of every level of
//! the page tree for every page (a 1 000-level tree takes seconds and hundreds of megabytes).
//!
//! The pre-scan:
//! - follows the syntax of the file (strings, comments, hexadecimal strings, stream data
//!   skipped to `endstream`) and refuses more than [`PROFONDEUR_MAX_PDF`] nested arrays or
//!   dictionaries, in the file and in the object streams it decodes;
//! - inflates, through a fixed buffer and never keeping the output, the data after every
//!   `stream` keyword of the file, wherever it is (hayro may reach any offset), and the
//!   output of each inflation again (a filter chain of several Flate layers), and refuses the
//!   file as soon as the bytes inflated exceed [`DECOMPRESSION_MAX_PDF`]: a bomb is never
//!   decoded, by us or by hayro;
//! - counts, wherever they appear (file and inflated data), the names hayro acts on: `/Pages`
//!   and `/Page` bound the page tree, `/Encrypt` means streams we cannot measure, and the
//!   LZW, run-length and ASCII filters expand data we do not inflate. A file with those is
//!   not refused (it may be a genuine document) but hayro does not read it either: its page
//!   count stays unknown, its attachment unread.
//!
//! What stays possible: an object hidden at an offset inside another stream's data or a
//! string, nested deeper than the pre-scan saw; the thread's stack ([`PILE_ANALYSE_PDF`])
//! absorbs a few hundred thousand levels and the deadline ([`DUREE_MAX_ANALYSE_PDF`]) the
//! quadratic cases. Streams decoded with image filters (JPEG, JPEG 2000, JBIG2, fax) are left
//! to the limits of those decoders.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use flate2::{Decompress, FlushDecompress, Status};

use super::fichier::taille_lisible;

/// Deepest nesting of arrays and dictionaries accepted in a PDF (real files stay under 20).
pub const PROFONDEUR_MAX_PDF: usize = 64;
/// Most bytes the Flate streams of one PDF may inflate to, all together (measured while
/// inflating, through a fixed buffer).
pub const DECOMPRESSION_MAX_PDF: u64 = 512 * 1024 * 1024;
/// Page-tree nodes (`/Pages`) beyond which a PDF is refused: hayro's time grows with the
/// square of the tree's depth, which the number of nodes bounds.
pub const NOEUDS_PAGES_MAX: u64 = 10_000;
/// Page-tree nodes beyond which hayro is not run (the page count stays unknown): a deeper
/// tree could cost it seconds.
pub const NOEUDS_PAGES_ANALYSES_MAX: u64 = 256;
/// Pages × page-tree nodes beyond which hayro is not run (the page count stays unknown):
/// hayro keeps a copy of the inherited resources of each level for each page.
pub const PAGES_FOIS_NOEUDS_MAX: u64 = 200_000;
/// Stack of the thread that runs hayro (reserved, not used, unless the file is hostile).
pub const PILE_ANALYSE_PDF: usize = 64 * 1024 * 1024;
/// Time hayro may take on one PDF after the pre-scan.
pub const DUREE_MAX_ANALYSE_PDF: Duration = Duration::from_secs(10);
/// Most bytes one object stream may inflate to: its objects are checked for depth as they
/// come, and real object streams hold at most a few megabytes.
pub const TAILLE_MAX_FLUX_OBJETS: u64 = 16 * 1024 * 1024;
/// Flate layers measured on one stream (a filter chain `[/FlateDecode /FlateDecode …]`).
const COUCHES_MAX: usize = 4;

/// A PDF refused: it would make any reader overflow, explode or spin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefusPdf {
    #[error("plus de {limite} tableaux ou dictionnaires imbriqués (octet {position}) : fichier PDF hostile ou endommagé")]
    Profondeur { limite: usize, position: usize },
    #[error(
        "flux compressés qui dépassent {limite} une fois décompressés (bombe de décompression)"
    )]
    Decompression { limite: String },
    #[error("flux d'objets de plus de {limite} une fois décompressé (bombe de décompression)")]
    FluxObjets { limite: String },
    #[error("arbre de pages de plus de {limite} nœuds : fichier PDF hostile ou endommagé")]
    ArbreDePages { limite: u64 },
    #[error("lecture du PDF interrompue après {secondes} s")]
    Duree { secondes: u64 },
}

/// The outcome of reading a PDF through hayro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lecture<T> {
    Lu(T),
    /// Not read, and why (in French): encrypted, a filter we do not measure, a page tree
    /// too large, or a structure hayro could not read.
    NonLu(&'static str),
}

/// What the pre-scan found.
#[derive(Debug, Default)]
struct Constat {
    noeuds_pages: u64,
    pages: u64,
    chiffre: bool,
    filtre_non_mesure: bool,
    /// A stream that is an object or xref stream by its dictionary and that is decoded with
    /// an image filter.
    structure_en_image: bool,
}

/// Reads `octets` with hayro on a thread of its own, after the pre-scan: `lire` gets the
/// parsed document. Refused files never reach hayro.
pub fn lire_pdf<T: Send + 'static>(
    octets: Arc<[u8]>,
    lire: impl FnOnce(&hayro_syntax::Pdf) -> T + Send + 'static,
) -> Result<Lecture<T>, RefusPdf> {
    let c = examiner(&octets)?;
    if c.chiffre {
        return Ok(Lecture::NonLu("PDF chiffré"));
    }
    if c.filtre_non_mesure || c.structure_en_image {
        return Ok(Lecture::NonLu(
            "PDF compressé par des filtres dont la taille décodée n'est pas mesurée",
        ));
    }
    if c.noeuds_pages > NOEUDS_PAGES_ANALYSES_MAX
        || c.noeuds_pages.saturating_mul(c.pages) > PAGES_FOIS_NOEUDS_MAX
    {
        return Ok(Lecture::NonLu("arbre de pages trop grand pour être lu"));
    }
    let (tx, rx) = mpsc::sync_channel(1);
    let lancement = std::thread::Builder::new()
        .name("lecture-pdf".into())
        .stack_size(PILE_ANALYSE_PDF)
        .spawn(move || {
            let donnees = hayro_syntax::PdfData::from(Arc::new(Partage(octets)));
            let resultat = match hayro_syntax::Pdf::new(donnees) {
                Ok(pdf) => Lecture::Lu(lire(&pdf)),
                Err(_) => Lecture::NonLu("structure PDF illisible"),
            };
            let _ = tx.send(resultat);
        });
    if lancement.is_err() {
        return Ok(Lecture::NonLu("mémoire insuffisante pour lire le PDF"));
    }
    match rx.recv_timeout(DUREE_MAX_ANALYSE_PDF) {
        Ok(r) => Ok(r),
        // The thread keeps running until hayro returns; nobody waits for it.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(RefusPdf::Duree {
            secondes: DUREE_MAX_ANALYSE_PDF.as_secs(),
        }),
        // hayro panicked: the document is not read, the process goes on.
        Err(mpsc::RecvTimeoutError::Disconnected) => Ok(Lecture::NonLu("structure PDF illisible")),
    }
}

/// Why [`inflater_borne`] gave nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErreurInflation {
    TropGros,
    Illisible(String),
}

/// Inflates Flate data as hayro would (zlib, or raw deflate when the header is not zlib's),
/// stopping at `limite + 1` bytes: never decodes more than the limit to check it.
pub fn inflater_borne(donnees: &[u8], limite: u64) -> Result<Vec<u8>, ErreurInflation> {
    use std::io::Read;
    let zlib = donnees.len() >= 2 && entete_zlib(donnees[0], donnees[1]);
    let brut = if zlib { &donnees[2..] } else { donnees };
    let mut sortie = Vec::new();
    flate2::read::DeflateDecoder::new(brut)
        .take(limite + 1)
        .read_to_end(&mut sortie)
        .map_err(|e| ErreurInflation::Illisible(e.to_string()))?;
    if sortie.len() as u64 > limite {
        return Err(ErreurInflation::TropGros);
    }
    Ok(sortie)
}

fn entete_zlib(cmf: u8, flg: u8) -> bool {
    (cmf & 0x0f) == 0x08
        && (u16::from(cmf) << 8 | u16::from(flg)).is_multiple_of(31)
        && (flg & 0x20) == 0
}

/// The exhibit's bytes shared with hayro without a copy.
struct Partage(Arc<[u8]>);

impl AsRef<[u8]> for Partage {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The pre-scan: refuses what no reader should open, and counts what decides whether hayro
/// may.
fn examiner(octets: &[u8]) -> Result<Constat, RefusPdf> {
    let mut constat = Constat::default();
    let mut noms = Noms::default();
    noms.pousser(octets, &mut constat);
    // The syntax of the file, skipping stream data; object streams are noted by offset.
    let mut flux_objets: Vec<(usize, usize)> = Vec::new();
    let mut lex = Lexeur::default();
    let mut i = 0;
    while i < octets.len() {
        match lex.pousser(&octets[i..], i)? {
            None => break,
            Some(apres_mot) => {
                let dict = std::mem::take(&mut lex.dernier_dict);
                let Some(debut) = debut_donnees(octets, apres_mot) else {
                    i = apres_mot;
                    continue;
                };
                let fin = memchr::memmem::find(&octets[debut..], b"endstream")
                    .map(|n| debut + n)
                    .unwrap_or(octets.len());
                if dict.structure && dict.filtre_image {
                    constat.structure_en_image = true;
                }
                if dict.objets {
                    flux_objets.push((debut, dict.flate.min(COUCHES_MAX)));
                    if dict.flate == 0 {
                        // Uncompressed object stream: its objects are read as they are.
                        Lexeur::default().pousser_tout(&octets[debut..fin], debut)?;
                    }
                }
                lex = Lexeur::default();
                i = fin + b"endstream".len();
            }
        }
    }
    // Every `stream` keyword, wherever it is: hayro may jump to any offset.
    let mut budget = Budget {
        reste: DECOMPRESSION_MAX_PDF,
    };
    for n in memchr::memmem::find_iter(octets, b"stream") {
        let Some(debut) = debut_donnees(octets, n + b"stream".len()) else {
            continue;
        };
        let objets = flux_objets
            .iter()
            .find(|(d, _)| *d == debut)
            .map(|(_, couches)| *couches);
        inflater(&octets[debut..], objets, &mut budget, &mut constat)?;
    }
    if constat.noeuds_pages > NOEUDS_PAGES_MAX {
        return Err(RefusPdf::ArbreDePages {
            limite: NOEUDS_PAGES_MAX,
        });
    }
    Ok(constat)
}

/// Where stream data starts after the `stream` keyword (hayro: LF, CRLF or CR).
fn debut_donnees(octets: &[u8], apres_mot: usize) -> Option<usize> {
    match octets.get(apres_mot..apres_mot + 2)? {
        [b'\r', b'\n'] => Some(apres_mot + 2),
        [b'\n', _] | [b'\r', _] => Some(apres_mot + 1),
        _ => (octets.len() == apres_mot + 1 && matches!(octets[apres_mot], b'\n' | b'\r'))
            .then_some(apres_mot + 1),
    }
}

struct Budget {
    reste: u64,
}

impl Budget {
    fn prendre(&mut self, n: usize) -> Result<(), RefusPdf> {
        match self.reste.checked_sub(n as u64) {
            Some(r) => {
                self.reste = r;
                Ok(())
            }
            None => Err(RefusPdf::Decompression {
                limite: taille_lisible(DECOMPRESSION_MAX_PDF),
            }),
        }
    }
}

/// One Flate layer, decoding as hayro does: a zlib header is skipped if valid, otherwise the
/// data is taken as raw deflate.
struct Couche {
    dec: Decompress,
    entete: Vec<u8>,
    finie: bool,
    noms: Noms,
    /// The layer whose output is an object stream's objects, checked for depth.
    lex: Option<Lexeur>,
    position: usize,
}

impl Couche {
    fn new(objets: bool) -> Self {
        Couche {
            dec: Decompress::new(false),
            entete: Vec::new(),
            finie: false,
            noms: Noms::default(),
            lex: objets.then(Lexeur::default),
            position: 0,
        }
    }
}

/// Inflates `donnees` (and its output again, up to [`COUCHES_MAX`] layers) through fixed
/// buffers, counting every byte produced against the budget. `objets`: the number of Flate
/// layers of an object stream, whose final output is checked for depth.
fn inflater(
    donnees: &[u8],
    objets: Option<usize>,
    budget: &mut Budget,
    constat: &mut Constat,
) -> Result<(), RefusPdf> {
    let mut couches: Vec<Couche> = (0..COUCHES_MAX)
        .map(|k| Couche::new(objets == Some(k + 1)))
        .collect();
    let mut tampons: Vec<Vec<u8>> = vec![vec![0u8; 64 * 1024]; COUCHES_MAX];
    pousser(&mut couches, &mut tampons, 0, donnees, budget, constat)
}

/// Feeds `entree` to layer `k`, whose output goes to layer `k + 1`.
fn pousser(
    couches: &mut [Couche],
    tampons: &mut [Vec<u8>],
    k: usize,
    mut entree: &[u8],
    budget: &mut Budget,
    constat: &mut Constat,
) -> Result<(), RefusPdf> {
    if k >= couches.len() || couches[k].finie {
        return Ok(());
    }
    // The first two bytes decide between zlib and raw deflate.
    if couches[k].entete.len() < 2 {
        let manque = 2 - couches[k].entete.len();
        let pris = manque.min(entree.len());
        couches[k].entete.extend_from_slice(&entree[..pris]);
        entree = &entree[pris..];
        if couches[k].entete.len() < 2 {
            return Ok(());
        }
        let e = couches[k].entete.clone();
        if !entete_zlib(e[0], e[1]) {
            pousser_brut(couches, tampons, k, &e, budget, constat)?;
        }
    }
    pousser_brut(couches, tampons, k, entree, budget, constat)
}

fn pousser_brut(
    couches: &mut [Couche],
    tampons: &mut [Vec<u8>],
    k: usize,
    entree: &[u8],
    budget: &mut Budget,
    constat: &mut Constat,
) -> Result<(), RefusPdf> {
    // This layer's buffer is taken out while the next layers run on its content (on an
    // error everything stops: the buffers are not needed again).
    let mut tampon = std::mem::take(&mut tampons[k]);
    let mut entree = entree;
    // Until the input is used up and nothing more comes out (output may be pending).
    while !couches[k].finie {
        let (avant_in, avant_out) = (couches[k].dec.total_in(), couches[k].dec.total_out());
        let statut = couches[k]
            .dec
            .decompress(entree, &mut tampon, FlushDecompress::None);
        let lu = (couches[k].dec.total_in() - avant_in) as usize;
        let produit = (couches[k].dec.total_out() - avant_out) as usize;
        entree = &entree[lu..];
        if produit > 0 {
            budget.prendre(produit)?;
            let sortie = &tampon[..produit];
            let c = &mut couches[k];
            c.noms.pousser(sortie, constat);
            if let Some(lex) = c.lex.as_mut() {
                if (c.position + produit) as u64 > TAILLE_MAX_FLUX_OBJETS {
                    return Err(RefusPdf::FluxObjets {
                        limite: taille_lisible(TAILLE_MAX_FLUX_OBJETS),
                    });
                }
                lex.pousser_tout(sortie, c.position)?;
            }
            c.position += produit;
            pousser(couches, tampons, k + 1, sortie, budget, constat)?;
        }
        match statut {
            Ok(Status::StreamEnd) | Err(_) => couches[k].finie = true,
            Ok(_) if lu == 0 && produit == 0 => break,
            Ok(_) => {}
        }
    }
    tampons[k] = tampon;
    Ok(())
}

/// Counts the names hayro acts on, in any bytes (every `/` starts one, whatever the syntax
/// around it, since hayro may start reading anywhere). Streaming: a name may span two chunks.
#[derive(Default)]
struct Noms {
    courant: Option<Vec<u8>>,
    /// `#` escape in progress: the hex digits read so far.
    echappe: Option<Vec<u8>>,
}

/// The longest name the PDF format allows.
const NOM_MAX: usize = 127;

impl Noms {
    fn pousser(&mut self, octets: &[u8], constat: &mut Constat) {
        let mut i = 0;
        while i < octets.len() {
            if self.courant.is_none() {
                // Outside a name only a `/` matters.
                match memchr::memchr(b'/', &octets[i..]) {
                    Some(n) => i += n,
                    None => return,
                }
            }
            let b = octets[i];
            i += 1;
            if let Some(nom) = self.courant.as_mut() {
                if let Some(hex) = self.echappe.as_mut() {
                    if b.is_ascii_hexdigit() {
                        hex.push(b);
                        if hex.len() == 2 {
                            let v = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("0"), 16)
                                .unwrap_or(0);
                            nom.push(v);
                            self.echappe = None;
                        }
                        continue;
                    }
                    self.echappe = None;
                }
                if b == b'#' {
                    self.echappe = Some(Vec::new());
                    continue;
                }
                if est_regulier(b) && nom.len() <= NOM_MAX {
                    nom.push(b);
                    continue;
                }
                let nom = self.courant.take().unwrap_or_default();
                constater(&nom, constat);
            }
            if b == b'/' {
                self.courant = Some(Vec::new());
            }
        }
    }
}

fn constater(nom: &[u8], c: &mut Constat) {
    match nom {
        b"Pages" => c.noeuds_pages += 1,
        b"Page" => c.pages += 1,
        b"Encrypt" => c.chiffre = true,
        b"LZWDecode" | b"LZW" | b"RunLengthDecode" | b"RL" | b"ASCIIHexDecode" | b"AHx"
        | b"ASCII85Decode" | b"A85" | b"Crypt" => c.filtre_non_mesure = true,
        _ => {}
    }
}

fn est_blanc(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn est_delimiteur(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn est_regulier(b: u8) -> bool {
    !est_blanc(b) && !est_delimiteur(b)
}

/// What a top-level dictionary says about the stream that may follow it.
#[derive(Debug, Default, Clone)]
struct InfoDict {
    /// `/Type /ObjStm` or `/First`: hayro reads objects from it.
    objets: bool,
    /// An object stream or an xref stream (`/XRef`, `/W`).
    structure: bool,
    filtre_image: bool,
    /// Flate layers in its filter chain.
    flate: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Etat {
    #[default]
    Normal,
    Commentaire,
    /// Literal string: nesting of parentheses, backslash pending.
    Chaine(usize, bool),
    Hexa,
    Nom,
    Mot,
}

/// The syntax of PDF objects, streaming: nesting depth of arrays and dictionaries, outside
/// strings and comments, and the names of the current top-level dictionary.
#[derive(Default)]
struct Lexeur {
    etat: Etat,
    pile: usize,
    /// A `<` or `>` waiting for its twin.
    en_attente: Option<u8>,
    jeton: Vec<u8>,
    echappe: Option<Vec<u8>>,
    /// Depth at which the current top-level dictionary opened (1), if one is open.
    dict: Option<InfoDict>,
    dernier_dict: InfoDict,
}

impl Lexeur {
    /// Consumes all of `octets` (`base`: their offset, for messages), ignoring `stream`.
    fn pousser_tout(&mut self, octets: &[u8], base: usize) -> Result<(), RefusPdf> {
        let mut i = 0;
        while i < octets.len() {
            match self.pousser(&octets[i..], base + i)? {
                Some(apres) => i = apres - base,
                None => break,
            }
        }
        Ok(())
    }

    /// Consumes `octets` until the keyword `stream`: returns the offset just after it, or
    /// `None` when everything was consumed.
    fn pousser(&mut self, octets: &[u8], base: usize) -> Result<Option<usize>, RefusPdf> {
        for (i, &b) in octets.iter().enumerate() {
            if let Some(p) = self.en_attente.take() {
                if p == b {
                    self.ouvrir_fermer(p, true, base + i)?;
                    continue;
                }
                self.ouvrir_fermer(p, false, base + i)?;
                if self.etat == Etat::Hexa {
                    if b == b'>' {
                        self.etat = Etat::Normal;
                    }
                    continue;
                }
            }
            match self.etat {
                Etat::Commentaire => {
                    if b == b'\n' || b == b'\r' {
                        self.etat = Etat::Normal;
                    }
                    continue;
                }
                Etat::Chaine(n, echappe) => {
                    self.etat = match (b, echappe) {
                        (_, true) => Etat::Chaine(n, false),
                        (b'\\', false) => Etat::Chaine(n, true),
                        (b'(', false) => Etat::Chaine(n + 1, false),
                        (b')', false) if n <= 1 => Etat::Normal,
                        (b')', false) => Etat::Chaine(n - 1, false),
                        _ => Etat::Chaine(n, false),
                    };
                    continue;
                }
                Etat::Hexa => {
                    if b == b'>' {
                        self.etat = Etat::Normal;
                    }
                    continue;
                }
                Etat::Nom => {
                    if let Some(hex) = self.echappe.as_mut() {
                        if b.is_ascii_hexdigit() {
                            hex.push(b);
                            if hex.len() == 2 {
                                let v =
                                    u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("0"), 16)
                                        .unwrap_or(0);
                                self.jeton.push(v);
                                self.echappe = None;
                            }
                            continue;
                        }
                        self.echappe = None;
                    }
                    if b == b'#' {
                        self.echappe = Some(Vec::new());
                        continue;
                    }
                    if est_regulier(b) {
                        if self.jeton.len() <= NOM_MAX {
                            self.jeton.push(b);
                        }
                        continue;
                    }
                    self.fin_nom();
                }
                Etat::Mot => {
                    if est_regulier(b) {
                        if self.jeton.len() <= 16 {
                            self.jeton.push(b);
                        }
                        continue;
                    }
                    self.etat = Etat::Normal;
                    if self.jeton == b"stream" && self.pile == 0 {
                        self.jeton.clear();
                        // The keyword ends at `i`; the data starts at its line end.
                        return Ok(Some(base + i));
                    }
                    self.jeton.clear();
                }
                Etat::Normal => {}
            }
            // Normal state (or the end of a name or a word).
            match b {
                b'%' => self.etat = Etat::Commentaire,
                b'(' => self.etat = Etat::Chaine(1, false),
                b'<' | b'>' => self.en_attente = Some(b),
                b'[' => self.ouvrir(base + i)?,
                b']' => self.fermer(),
                b'/' => {
                    self.etat = Etat::Nom;
                    self.jeton.clear();
                }
                b if est_regulier(b) => {
                    self.etat = Etat::Mot;
                    self.jeton.clear();
                    self.jeton.push(b);
                }
                _ => {}
            }
        }
        if self.etat == Etat::Mot && self.jeton == b"stream" && self.pile == 0 {
            self.etat = Etat::Normal;
            self.jeton.clear();
            return Ok(Some(base + octets.len()));
        }
        Ok(None)
    }

    fn fin_nom(&mut self) {
        self.etat = Etat::Normal;
        let nom = std::mem::take(&mut self.jeton);
        if let Some(d) = self.dict.as_mut() {
            match nom.as_slice() {
                b"ObjStm" | b"First" => {
                    d.objets = true;
                    d.structure = true;
                }
                b"XRef" | b"W" => d.structure = true,
                b"FlateDecode" | b"Fl" => d.flate += 1,
                b"DCTDecode" | b"DCT" | b"JPXDecode" | b"JBIG2Decode" | b"CCITTFaxDecode"
                | b"CCF" => d.filtre_image = true,
                _ => {}
            }
        }
    }

    /// `<<`/`>>` (double) or a single `<` (hex string) / `>` (stray).
    fn ouvrir_fermer(&mut self, p: u8, double: bool, position: usize) -> Result<(), RefusPdf> {
        match (p, double) {
            (b'<', true) => {
                self.ouvrir(position)?;
                if self.pile == 1 {
                    self.dict = Some(InfoDict::default());
                }
            }
            (b'>', true) => {
                if self.pile == 1 {
                    if let Some(d) = self.dict.take() {
                        self.dernier_dict = d;
                    }
                }
                self.fermer();
            }
            (b'<', false) => self.etat = Etat::Hexa,
            _ => {}
        }
        Ok(())
    }

    fn ouvrir(&mut self, position: usize) -> Result<(), RefusPdf> {
        self.pile += 1;
        if self.pile > PROFONDEUR_MAX_PDF {
            return Err(RefusPdf::Profondeur {
                limite: PROFONDEUR_MAX_PDF,
                position,
            });
        }
        Ok(())
    }

    fn fermer(&mut self) {
        self.pile = self.pile.saturating_sub(1);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A PDF of `objets` (numbered from 1), object 1 the catalog, with a classic xref table.
    pub(crate) fn pdf(objets: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut positions = Vec::new();
        for (i, o) in objets.iter().enumerate() {
            positions.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objets.len() + 1).as_bytes(),
        );
        for p in positions {
            out.extend_from_slice(format!("{p:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objets.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    pub(crate) fn deux_pages() -> Vec<u8> {
        pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Count 2 /Kids [3 0 R 4 0 R] >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] (a string with [[[ and >>) >>"
                .to_vec(),
        ])
    }

    fn pages(octets: Vec<u8>) -> Result<Lecture<usize>, RefusPdf> {
        lire_pdf(octets.into(), |p| p.pages().len())
    }

    #[test]
    fn a_plain_pdf_is_read() {
        assert_eq!(pages(deux_pages()), Ok(Lecture::Lu(2)));
    }

    #[test]
    fn deep_nesting_is_refused_before_hayro() {
        let mut o = b"<< /Type /Pages /Count 0 /Kids [] /X ".to_vec();
        o.extend(std::iter::repeat_n(b'[', 50_000));
        o.extend(std::iter::repeat_n(b']', 50_000));
        o.extend_from_slice(b" >>");
        let e = pages(pdf(&[b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(), o])).unwrap_err();
        assert!(matches!(e, RefusPdf::Profondeur { limite: 64, .. }), "{e}");
        let mut o = b"<< /Type /Pages /Count 0 /Kids [] /X ".to_vec();
        o.extend(b"<< /A ".repeat(10_000));
        o.extend(b">>".repeat(10_000));
        o.extend_from_slice(b" >>");
        let e = pages(pdf(&[b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(), o])).unwrap_err();
        assert!(
            e.to_string().contains("64 tableaux ou dictionnaires"),
            "{e}"
        );
    }

    #[test]
    fn a_deep_page_tree_is_refused_or_left_unread() {
        let arbre = |n: usize| {
            let mut v = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()];
            for i in 0..n {
                v.push(format!("<< /Type /Pages /Count 1 /Kids [{} 0 R] >>", i + 3).into_bytes());
            }
            v.push(b"<< /Type /Page >>".to_vec());
            pdf(&v)
        };
        assert_eq!(
            pages(arbre(20_000)),
            Err(RefusPdf::ArbreDePages { limite: 10_000 })
        );
        assert!(matches!(pages(arbre(1_000)), Ok(Lecture::NonLu(_))));
        assert_eq!(pages(arbre(10)), Ok(Lecture::Lu(1)));
    }

    pub(crate) fn zlib(octets: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(octets).unwrap();
        e.finish().unwrap()
    }

    /// A zlib stream of `n` zero bytes, built without holding them.
    pub(crate) fn bombe(n: usize) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..n / zeros.len() {
            e.write_all(&zeros).unwrap();
        }
        e.finish().unwrap()
    }

    fn flux(dict: &str, donnees: &[u8]) -> Vec<u8> {
        let mut o = format!("<< {dict} /Length {} >>\nstream\n", donnees.len()).into_bytes();
        o.extend_from_slice(donnees);
        o.extend_from_slice(b"\nendstream");
        o
    }

    #[test]
    fn a_flate_bomb_is_refused_without_being_inflated() {
        let b = bombe(600 << 20);
        assert!(b.len() < 1 << 20);
        let doc = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Count 0 /Kids [] >>".to_vec(),
            flux("/Type /XObject /Filter /FlateDecode", &b),
        ]);
        assert_eq!(
            pages(doc),
            Err(RefusPdf::Decompression {
                limite: "512 Mio".into()
            })
        );
        // An object stream is bounded sooner: its objects are checked as they come.
        let doc = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Count 0 /Kids [] >>".to_vec(),
            flux("/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", &b),
        ]);
        assert_eq!(
            pages(doc),
            Err(RefusPdf::FluxObjets {
                limite: "16 Mio".into()
            })
        );
        // Two Flate layers: the bomb is inside the first layer's output.
        let double = zlib(&bombe(600 << 20));
        let doc = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Count 0 /Kids [] >>".to_vec(),
            flux("/Filter [/FlateDecode /FlateDecode]", &double),
        ]);
        assert!(matches!(pages(doc), Err(RefusPdf::Decompression { .. })));
    }

    #[test]
    fn nesting_inside_an_object_stream_is_seen() {
        let mut objets = b"3 0 ".to_vec();
        objets.extend(std::iter::repeat_n(b'[', 1_000));
        objets.extend(std::iter::repeat_n(b']', 1_000));
        let doc = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Count 0 /Kids [] >>".to_vec(),
            flux(
                "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
                &zlib(&objets),
            ),
        ]);
        assert!(matches!(pages(doc), Err(RefusPdf::Profondeur { .. })));
    }

    #[test]
    fn encrypted_or_unmeasured_filters_are_left_unread() {
        let mut doc = deux_pages();
        doc.extend_from_slice(b"% /Encrypt\n");
        assert_eq!(pages(doc), Ok(Lecture::NonLu("PDF chiffré")));
        let doc = pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Count 0 /Kids [] >>".to_vec(),
            flux("/Filter /LZW#44ecode", b"garbage"),
        ]);
        assert!(matches!(pages(doc), Ok(Lecture::NonLu(_))));
    }

    #[test]
    fn garbage_never_panics() {
        for octets in [
            &b""[..],
            b"%PDF",
            b"%PDF-1.7\nstream\n",
            b"%PDF-1.7\n<< /A (unterminated",
            b"%PDF-1.7\nstream\r\n\x78\x9c",
            b"%PDF-1.7\n1 0 obj << >> stream\rxyz",
        ] {
            let _ = pages(octets.to_vec());
        }
    }
}
