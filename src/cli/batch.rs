//! `recouvre batch SRC --out DIR [--at DATE] [--jobs N]` and `recouvre report DIR... --out DIR`.

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use super::{parse_date, terminal, ECHEC, OK, USAGE};
use crate::batch::{self, rapport, EtatLot, Ligne, Options, Shard, Statut};
use crate::law::TablesLoi;
use crate::pipeline::Contexte;
use crate::plan::politique::Politique;
use crate::registre::fusion::Memoire;
use crate::registre::{self, Ouverture, Registre};
use crate::render::Moteur;
use crate::sortie::Verrou;

#[derive(clap::Args)]
pub struct Args {
    /// Dossier de fichiers de dossier (parcouru récursivement) ou fichier CSV de masse
    #[arg(value_name = "SRC")]
    src: PathBuf,
    /// Dossier de sortie : documents, bundles, rapport.csv, rapport.json, etat-des-dossiers.pdf
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Date de calcul et des documents (AAAA-MM-JJ) ; à défaut arrete_au de chaque dossier, sinon aujourd'hui
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    at: Option<NaiveDate>,
    /// Nombre de dossiers traités en parallèle (défaut : nombre de cœurs)
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Reconstruire même les dossiers dont les sorties sont à jour
    #[arg(long)]
    force: bool,
    /// Ne traiter que la part K/N des dossiers (K de 0 à N-1), pour répartir sur plusieurs machines
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Politique d'escalade (TOML) ; défaut : law/politique.toml intégré
    #[arg(long, value_name = "FICHIER")]
    politique: Option<PathBuf>,
    /// Modèles Typst qui remplacent ceux intégrés
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Registre : fichier SQLite ou URL postgres:// (défaut : SRC/registre.sqlite, ou à côté du CSV)
    #[arg(long, env = "RECOUVRE_REGISTRE", value_name = "CHEMIN|URL")]
    registre: Option<String>,
    /// Ne lire ni n'écrire aucun registre (chaque lot repart des seuls fichiers de dossier)
    #[arg(long, conflicts_with = "registre")]
    sans_registre: bool,
    /// N'afficher que le bilan final
    #[arg(long)]
    quiet: bool,
    /// Événements en JSON (une ligne par dossier, puis le bilan) sur la sortie standard
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ArgsReport {
    /// Dossiers de sortie de lots (chacun contient un rapport.json), par exemple un par shard
    #[arg(required = true, value_name = "DIR")]
    dossiers: Vec<PathBuf>,
    /// Où écrire le rapport fusionné
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Peak resident memory of this process (Linux), in MiB.
pub fn pic_memoire_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn bilan(lignes: &[Ligne]) -> String {
    let compte = |s: Statut| lignes.iter().filter(|l| l.statut == s).count();
    let mut b = format!(
        "{} dossiers : {} construits, {} inchangés, {} sans étape due, {} refusés, {} en erreur",
        lignes.len(),
        compte(Statut::Construit),
        compte(Statut::Inchange),
        compte(Statut::RienAFaire),
        compte(Statut::Refuse),
        compte(Statut::Erreur)
    );
    for (statut, libelle) in [(Statut::EnAttente, "en attente"), (Statut::Solde, "soldés")] {
        let n = compte(statut);
        if n > 0 {
            b.push_str(&format!(", {n} {libelle}"));
        }
    }
    b
}

/// The register of a batch: named, or `SRC/registre.sqlite` (beside SRC when it is a file).
pub fn emplacement_registre(src: &std::path::Path, nomme: Option<&str>) -> String {
    if let Some(r) = nomme.filter(|r| !r.trim().is_empty()) {
        return r.to_owned();
    }
    let dossier = if src.is_dir() {
        src.to_path_buf()
    } else {
        src.parent()
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| PathBuf::from("."))
    };
    dossier.join("registre.sqlite").display().to_string()
}

/// Opens the register, refuses a broken chain, and reads it once.
pub fn charger_registre(emplacement: &str) -> Result<(Box<dyn Registre>, Memoire), String> {
    let mut r = registre::ouvrir(emplacement, Ouverture::Creer).map_err(|e| e.to_string())?;
    let entrees = r.entrees(None).map_err(|e| e.to_string())?;
    if let Some(x) = registre::verifier_entrees(&entrees).rupture {
        return Err(format!(
            "registre {} altéré : entrée n° {} (dossier {}) : {}\n  aide : `recouvre registre verifier --registre {}` ; restaurez-le depuis une sauvegarde avant de relancer",
            r.emplacement(),
            x.id,
            x.reference,
            x.raison,
            r.emplacement()
        ));
    }
    let mut memoire = Memoire::de_entrees(&entrees).map_err(|e| e.to_string())?;
    memoire.pieces = r.pieces();
    Ok((r, memoire))
}

pub fn run(args: &Args, tables: &TablesLoi) -> i32 {
    let debut = Instant::now();
    let politique = match &args.politique {
        Some(f) => match Politique::lire(f) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("erreur : politique : {e}");
                return USAGE;
            }
        },
        None => Politique::defaut(),
    };
    let moteur = match Moteur::new(args.templates.as_deref()) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("erreur : {e}");
            return USAGE;
        }
    };
    let sources = match batch::sources(&args.src, args.shard) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("erreur : {e}");
            return USAGE;
        }
    };
    // One run per output folder: a second one refuses instead of mixing outputs.
    let _verrou = match Verrou::prendre(&args.out) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("erreur : {e}");
            return USAGE;
        }
    };
    crate::sortie::nettoyer(&args.out);
    let mut etat = match EtatLot::ouvrir(&args.out) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("erreur : {} : {e}", args.out.display());
            return USAGE;
        }
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let (registre, memoire) = if args.sans_registre {
        (None, None)
    } else {
        match charger_registre(&emplacement_registre(&args.src, args.registre.as_deref())) {
            Ok((r, m)) => (Some(std::sync::Mutex::new(r)), Some(m)),
            Err(e) => {
                eprintln!("erreur : {}", terminal(&e));
                if args.registre.is_none() {
                    eprintln!("  aide : le registre par défaut est SRC/registre.sqlite ; indiquez-en un autre avec --registre CHEMIN|URL, ou lancez le lot sans registre avec --sans-registre");
                }
                return USAGE;
            }
        }
    };
    let options = Options {
        out: args.out.clone(),
        jobs,
        force: args.force,
        registre,
    };
    let mut ctx = Contexte::nouveau(
        tables,
        Some(&moteur),
        Some(&politique),
        args.at,
        super::aujourdhui(),
    );
    if let Some(m) = &memoire {
        ctx = ctx.avec_registre(m);
    }
    let barre = (!args.quiet && !args.json && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(sources.len() as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} dossiers  {per_sec}  reste {eta}  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    });
    let mut evenement = |l: &Ligne, fini: usize, total: usize| {
        if args.json {
            println!(
                "{}",
                serde_json::json!({"evenement": "dossier", "n": fini, "total": total, "reference": l.reference,
                    "source": l.source, "statut": l.statut, "etape": l.etape, "erreur": l.erreur})
            );
        } else if let Some(b) = &barre {
            b.set_position(fini as u64);
            if l.statut.est_echec() {
                b.println(terminal(&format!(
                    "{} : {} : {}",
                    l.source,
                    l.statut.code(),
                    l.erreur.as_deref().unwrap_or("")
                )));
            }
        } else if !args.quiet {
            // Names and reasons come from data: terminal-safe.
            let ligne = format!(
                "[{fini}/{total}] {} {}{}",
                if l.reference.is_empty() {
                    &l.source
                } else {
                    &l.reference
                },
                l.statut.code(),
                l.erreur
                    .as_deref()
                    .map(|e| format!(" : {e}"))
                    .unwrap_or_default()
            );
            eprintln!("{}", terminal(&ligne));
        }
    };
    let lignes = batch::executer(&sources, &ctx, &options, &mut etat, &mut evenement);
    if let Err(e) = etat.compacter() {
        eprintln!("avertissement : état du lot non compacté : {e}");
    }
    if let Some(b) = barre {
        b.finish_and_clear();
    }
    let duree = debut.elapsed().as_secs_f64();
    let pic = pic_memoire_mib();
    let extra = serde_json::json!({
        "jobs": jobs,
        "shard": args.shard.map(|s| format!("{}/{}", s.k, s.n)),
        "duree_s": duree,
        "dossiers_par_seconde": lignes.len() as f64 / duree.max(1e-9),
        "pic_memoire_mib": pic,
    });
    let synthese = match rapport::ecrire(&args.out, &lignes, &moteur, extra) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("erreur : rapport : {e}");
            return ECHEC;
        }
    };
    let resume = format!(
        "{} en {:.1} s ({:.1} dossiers/s, {} tâches, pic mémoire {} Mio) ; rapport : {}",
        bilan(&lignes),
        duree,
        lignes.len() as f64 / duree.max(1e-9),
        jobs,
        pic.map(|p| format!("{p:.0}")).unwrap_or_else(|| "?".into()),
        args.out.join("rapport.csv").display()
    );
    if args.json {
        println!(
            "{}",
            serde_json::json!({"evenement": "bilan", "synthese": synthese, "resume": resume})
        );
    } else {
        eprintln!("{resume}");
    }
    if lignes.iter().any(|l| l.statut.est_echec()) {
        ECHEC
    } else {
        OK
    }
}

pub fn run_report(args: &ArgsReport) -> i32 {
    let mut rapports = Vec::new();
    for d in &args.dossiers {
        match rapport::lire(d) {
            Ok(l) => rapports.push((d.display().to_string(), l)),
            Err(e) => {
                eprintln!("erreur : {e}");
                return USAGE;
            }
        }
    }
    let lignes = match rapport::fusionner(rapports) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ECHEC;
        }
    };
    let moteur = match Moteur::new(None) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("erreur : {e}");
            return USAGE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("erreur : {} : {e}", args.out.display());
        return USAGE;
    }
    let extra = serde_json::json!({"fusion": args.dossiers.iter().map(|d| d.display().to_string()).collect::<Vec<_>>()});
    match rapport::ecrire(&args.out, &lignes, &moteur, extra) {
        Ok(_) => {
            println!(
                "{} ; rapport fusionné : {}",
                bilan(&lignes),
                args.out.join("rapport.csv").display()
            );
            OK
        }
        Err(e) => {
            eprintln!("erreur : {e}");
            ECHEC
        }
    }
}
