//! `recouvre import FILE... --out DIR [--delai JOURS] [--json]`: e-invoices (UBL, CII,
//! Factur-X PDF), FEC and bulk CSV become case files, one per creditor/debtor pair.

use serde_json::json;
use std::path::{Path, PathBuf};

use super::{terminal, ECHEC, OK, USAGE};
use crate::ingest::facture_electronique::{self, FactureLue};
use crate::ingest::fichier::{lire_borne, ErreurFichier};
use crate::ingest::import::{self, CasImporte, ErreurImport};
use crate::ingest::{csv, fec};

#[derive(clap::Args)]
pub struct Args {
    /// Factures électroniques (.xml UBL ou CII, .pdf Factur-X), FEC (.txt), CSV de masse (.csv)
    #[arg(required = true, value_name = "FILE")]
    fichiers: Vec<PathBuf>,
    /// Dossier où écrire un dossier par créancier et débiteur : DIR/<reference>/dossier.toml
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Échéance par défaut, en jours après la date de la facture, quand la facture n'en donne pas
    #[arg(long, value_name = "JOURS")]
    delai: Option<u32>,
    /// Rapport JSON (documents lus, dossiers écrits, à compléter) sur la sortie standard
    #[arg(long)]
    json: bool,
}

enum Genre {
    Facture,
    Fec,
    Csv,
}

fn genre(p: &Path) -> Genre {
    let nom = p
        .file_name()
        .map(|n| n.to_string_lossy().to_uppercase())
        .unwrap_or_default();
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "csv" {
        Genre::Csv
    } else if nom.contains("FEC") && (ext == "txt" || ext.is_empty() || ext == "tsv") {
        Genre::Fec
    } else {
        Genre::Facture
    }
}

fn ecrire(out: &Path, c: &CasImporte) -> Result<PathBuf, ErreurImport> {
    // Every name that comes from the input is checked before it becomes a path.
    import::verifier_chemins(c)?;
    let dir = out.join(&c.dossier.reference);
    let f = dir.join("dossier.toml");
    if f.exists() {
        return Err(ErreurImport::Existe(f.display().to_string()));
    }
    let texte = import::toml_commente(c, None)?;
    // What we write must read back as a case: same model, same keys. Checked before any write.
    crate::ingest::analyser(texte.as_bytes(), crate::ingest::Format::Toml).map_err(|d| {
        ErreurImport::Relecture {
            reference: c.dossier.reference.clone(),
            detail: d.to_string(),
        }
    })?;
    let ecriture = |chemin: &Path| {
        let chemin = chemin.display().to_string();
        move |source| ErreurImport::Ecriture { chemin, source }
    };
    std::fs::create_dir_all(dir.join("pieces")).map_err(ecriture(&dir))?;
    for (source, rel) in &c.copies {
        // The original, byte for byte (a Factur-X PDF is the invoice's exhibit).
        let octets = lire_borne(source, facture_electronique::TAILLE_MAX)?;
        let cible = dir.join(rel);
        crate::sortie::ecrire_atomique(&cible, &octets).map_err(ecriture(&cible))?;
    }
    crate::sortie::ecrire_atomique(&f, texte.as_bytes()).map_err(ecriture(&f))?;
    Ok(f)
}

/// A case file written by an import.
pub struct Ecrit {
    pub fichier: PathBuf,
    pub cas: CasImporte,
}

/// What an import read, wrote and refused.
#[derive(Default)]
pub struct Rapport {
    pub lues: Vec<FactureLue>,
    /// What was read from each FEC, in reading order.
    pub infos: Vec<String>,
    pub ecrits: Vec<Ecrit>,
    /// Files that do not exist (a usage error for the command line).
    pub introuvables: Vec<String>,
    pub erreurs: Vec<String>,
}

/// Reads `fichiers` (e-invoices, FEC, bulk CSV) and writes one case file per creditor and
/// debtor into `out`: what `recouvre import` and the workspace's upload both do.
pub fn importer(fichiers: &[PathBuf], out: &Path, delai: Option<u32>) -> Rapport {
    importer_nommes(fichiers, &[], out, delai)
}

/// [`importer`] for files kept under other names than those they are known by (the
/// workspace's uploads, in a temporary folder): `noms[i]` replaces `fichiers[i]`'s path in
/// what the case files and the messages say.
pub fn importer_nommes(
    fichiers: &[PathBuf],
    noms: &[String],
    out: &Path,
    delai: Option<u32>,
) -> Rapport {
    let renommer = |texte: &str| -> String {
        let mut t = texte.to_owned();
        for (f, n) in fichiers.iter().zip(noms) {
            t = t.replace(&f.display().to_string(), n);
        }
        t
    };
    let mut r = Rapport::default();
    let mut cas: Vec<CasImporte> = Vec::new();
    let mut prises = Vec::new();
    for f in fichiers {
        // Missing: a usage error (2). Not a regular file (a folder, a named pipe, a device):
        // said as such, and the other files are imported.
        match crate::ingest::fichier::ouvrir(f) {
            Ok(_) => {}
            Err(e @ ErreurFichier::Introuvable { .. }) => {
                r.introuvables.push(e.to_string());
                continue;
            }
            Err(e) => {
                r.erreurs.push(e.to_string());
                continue;
            }
        }
        match genre(f) {
            Genre::Facture => match facture_electronique::lire_fichier(f) {
                Ok(x) => r.lues.push(x),
                Err(e) => r.erreurs.push(e.to_string()),
            },
            Genre::Fec => match fec::lire_fec(f) {
                Ok(x) => {
                    r.infos.push(format!(
                        "{} : FEC ({}), {} lignes clients ouvertes, {} lettrées ignorées, {} clients débiteurs",
                        f.display(),
                        x.encodage,
                        x.lignes_ouvertes,
                        x.lignes_lettrees,
                        x.clients.len()
                    ));
                    cas.extend(import::depuis_fec(
                        &x,
                        &f.display().to_string(),
                        delai,
                        &mut prises,
                    ));
                }
                Err(e) => r.erreurs.push(e.to_string()),
            },
            Genre::Csv => match csv::lire_csv(f) {
                Ok(liste) => {
                    for c in liste {
                        match c.resultat {
                            Ok(lu) => cas.push(CasImporte {
                                dossier: lu.dossier,
                                copies: Vec::new(),
                                a_completer: Vec::new(),
                                notes: vec!["importé du CSV de masse ; les pièces restent relatives au CSV : copiez-les à côté du dossier".into()],
                                sources: vec![f.display().to_string()],
                            }),
                            Err(e) => r.erreurs.push(e.to_string()),
                        }
                    }
                }
                Err(e) => r.erreurs.push(e.to_string()),
            },
        }
    }
    cas.extend(import::depuis_factures(&r.lues, delai, &mut prises));
    if !noms.is_empty() {
        for c in &mut cas {
            for t in c
                .sources
                .iter_mut()
                .chain(&mut c.notes)
                .chain(&mut c.a_completer)
            {
                *t = renommer(t);
            }
        }
    }
    for c in cas {
        match ecrire(out, &c) {
            Ok(fichier) => r.ecrits.push(Ecrit { fichier, cas: c }),
            Err(e) => r.erreurs.push(e.to_string()),
        }
    }
    if !noms.is_empty() {
        for m in r
            .infos
            .iter_mut()
            .chain(&mut r.introuvables)
            .chain(&mut r.erreurs)
        {
            *m = renommer(m);
        }
    }
    r
}

pub fn run(args: &Args) -> i32 {
    let mut code = OK;
    let Rapport {
        lues,
        infos,
        ecrits: ecrits_cas,
        introuvables,
        erreurs,
    } = importer(&args.fichiers, &args.out, args.delai);
    for e in &introuvables {
        eprintln!("erreur : {}", terminal(e));
        code = code.max(USAGE);
    }
    if !args.json {
        for i in &infos {
            println!("{i}");
        }
    }
    let mut ecrits = Vec::new();
    for Ecrit { fichier: f, cas: c } in &ecrits_cas {
        if !args.json {
            // Names and notes come from the invoices: terminal-safe.
            let ligne = format!(
                "{} : {} facture{} de {} à {}",
                f.display(),
                c.dossier.factures.len(),
                if c.dossier.factures.len() > 1 {
                    "s"
                } else {
                    ""
                },
                c.dossier.creancier.nom_complet(),
                c.dossier.debiteur.nom_complet()
            );
            println!("{}", terminal(&ligne));
            for a in &c.a_completer {
                println!("  à compléter : {}", terminal(a));
            }
            for n in &c.notes {
                println!("  note : {}", terminal(n));
            }
        }
        ecrits.push(json!({"reference": c.dossier.reference, "fichier": f, "factures": c.dossier.factures.len(),
            "a_completer": c.a_completer, "notes": c.notes, "sources": c.sources}));
    }
    for e in &erreurs {
        eprintln!("erreur : {}", terminal(&e.to_string()));
    }
    if !erreurs.is_empty() {
        code = code.max(ECHEC);
    }
    if args.json {
        println!(
            "{}",
            json!({"lues": lues, "dossiers": ecrits, "erreurs": erreurs})
        );
    } else {
        println!(
            "{} document{} lu{}, {} dossier{} écrit{} dans {}, {} erreur{}",
            lues.len(),
            if lues.len() > 1 { "s" } else { "" },
            if lues.len() > 1 { "s" } else { "" },
            ecrits.len(),
            if ecrits.len() > 1 { "s" } else { "" },
            if ecrits.len() > 1 { "s" } else { "" },
            args.out.display(),
            erreurs.len(),
            if erreurs.len() > 1 { "s" } else { "" }
        );
    }
    code
}
