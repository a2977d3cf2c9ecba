//! `recouvre serve`: the paralegal's local web workspace over a portfolio. A small axum
//! server on loopback, every page rendered on the server (`maud`), every asset embedded, no
//! script. Every case goes through the library's one pipeline, as `check` and `build` do;
//! the pages only show what it returns and the actions call the same functions.
//!
//! Security model (README « Espace de travail »): loopback by default; a random 128-bit
//! token printed at start, required on every request (then kept in an HttpOnly,
//! SameSite=Strict cookie); a foreign `Host` refused (DNS rebinding); a CSRF token derived
//! from the session token in every form that changes anything; bodies limited; cases
//! addressed only by their reference, looked up in the portfolio, never by a path.

mod analyse;
mod completer;
mod formulaire;
mod pages;
pub mod registre;
mod securite;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path as Chemin, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::batch::Source;
use crate::diagnostic::Diagnostic;
use crate::format::{date_fr, replier};
use crate::law::TablesLoi;
use crate::pipeline::{traiter_protege, Contexte, Issue, Jusqua, Sans};
use crate::render::Moteur;
use analyse::{Analyse, Statut};
pub use completer::{appliquer, Saisie};
use registre::{AvecRegistre, NouveauFait, Registre, SansRegistre};
use securite::Jetons;

/// How the server was asked to run.
pub struct Config {
    /// The portfolio: a folder of case files, one case file, or a bulk CSV (as `batch`).
    pub src: PathBuf,
    /// Where « Construire l'étape » writes; `SRC/sortie` (beside a file SRC) by default.
    pub out: Option<PathBuf>,
    pub bind: IpAddr,
    /// 0: any free port (the printed address says which).
    pub port: u16,
    /// `--at`: the date of every computation and document, as for `build`.
    pub at: Option<NaiveDate>,
    /// `--templates`, as for `build`.
    pub templates: Option<PathBuf>,
    /// The register (`--registre`, `RECOUVRE_REGISTRE`); by default `SRC/registre.sqlite`
    /// when it exists.
    pub registre: Option<String>,
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("portefeuille {0} introuvable ou illisible : {1}")]
    Source(String, std::io::Error),
    #[error("modèles : {0}")]
    Modeles(String),
    #[error(
        "impossible d'écouter sur {0} : {1} (port déjà pris ? essayez --port 0 pour un port libre)"
    )]
    Ecoute(String, std::io::Error),
    #[error("générateur aléatoire du système indisponible : {0}")]
    Alea(String),
    #[error("registre : {0}")]
    Registre(String),
    #[error("serveur : {0}")]
    Execution(std::io::Error),
}

/// What every request shares.
pub struct Etat {
    config: Config,
    out: PathBuf,
    tables: TablesLoi,
    moteur: Moteur,
    jetons: Jetons,
    adresse: SocketAddr,
    hotes: Vec<String>,
    /// Cookies are not separated by port: the name carries it, so two servers on one
    /// machine keep their own tokens.
    nom_cookie: String,
    /// Reference → sources, as last read from the portfolio.
    index: Mutex<BTreeMap<String, Vec<Source>>>,
    /// Serialises what writes (case files, outputs).
    ecriture: Mutex<()>,
    registre: Box<dyn Registre>,
    /// The same register, to read its history and record the steps built here.
    avec_registre: Option<AvecRegistre>,
}

/// A bound server, ready to run.
pub struct Serveur {
    etat: Arc<Etat>,
    ecoute: std::net::TcpListener,
}

impl Serveur {
    /// Checks SRC, loads the templates, binds the address and draws the token.
    pub fn lier(config: Config, tables: TablesLoi) -> Result<Serveur, ServeError> {
        let meta = std::fs::metadata(&config.src)
            .map_err(|e| ServeError::Source(config.src.display().to_string(), e))?;
        let out = config.out.clone().unwrap_or_else(|| {
            if meta.is_dir() {
                config.src.join("sortie")
            } else {
                config
                    .src
                    .parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .join("sortie")
            }
        });
        let moteur = Moteur::new(config.templates.as_deref())
            .map_err(|e| ServeError::Modeles(e.to_string()))?;
        let adresse = SocketAddr::new(config.bind, config.port);
        let ecoute = std::net::TcpListener::bind(adresse)
            .map_err(|e| ServeError::Ecoute(adresse.to_string(), e))?;
        let adresse = ecoute
            .local_addr()
            .map_err(|e| ServeError::Ecoute(adresse.to_string(), e))?;
        ecoute
            .set_nonblocking(true)
            .map_err(|e| ServeError::Ecoute(adresse.to_string(), e))?;
        let jetons = Jetons::nouveaux().map_err(|e| ServeError::Alea(e.to_string()))?;
        // The register: named, or the batch's default beside the portfolio when it exists.
        let emplacement = config
            .registre
            .clone()
            .filter(|r| !r.trim().is_empty())
            .or_else(|| {
                let dossier = if meta.is_dir() {
                    config.src.clone()
                } else {
                    config
                        .src
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new("."))
                        .to_path_buf()
                };
                let defaut = dossier.join("registre.sqlite");
                defaut.is_file().then(|| defaut.display().to_string())
            });
        if let Some(e) = &emplacement {
            AvecRegistre {
                emplacement: e.clone(),
            }
            .charger()
            .map_err(ServeError::Registre)?;
        }
        Ok(Serveur {
            etat: Arc::new(Etat {
                out,
                tables,
                moteur,
                jetons,
                hotes: securite::hotes_admis(adresse),
                nom_cookie: format!("recouvre_jeton_{}", adresse.port()),
                adresse,
                index: Mutex::new(BTreeMap::new()),
                ecriture: Mutex::new(()),
                registre: match &emplacement {
                    Some(e) => Box::new(AvecRegistre {
                        emplacement: e.clone(),
                    }),
                    None => Box::new(SansRegistre),
                },
                avec_registre: emplacement.map(|e| AvecRegistre { emplacement: e }),
                config,
            }),
            ecoute,
        })
    }

    /// The address to open, token included: `http://127.0.0.1:8080/?jeton=…`.
    pub fn url(&self) -> String {
        let a = self.etat.adresse;
        let hote = if a.ip().is_unspecified() {
            format!("127.0.0.1:{}", a.port())
        } else {
            a.to_string()
        };
        format!("http://{hote}/?jeton={}", self.etat.jetons.session)
    }

    /// Where « Construire l'étape » writes.
    pub fn sortie(&self) -> &Path {
        &self.etat.out
    }

    /// Serves until the process is stopped, on a two-worker runtime (the heavy work, the
    /// pipeline, runs on its blocking pool).
    pub fn executer(self) -> Result<(), ServeError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(ServeError::Execution)?;
        rt.block_on(async move {
            let ecoute =
                tokio::net::TcpListener::from_std(self.ecoute).map_err(ServeError::Execution)?;
            axum::serve(ecoute, routes(self.etat))
                .await
                .map_err(ServeError::Execution)
        })
    }
}

fn routes(etat: Arc<Etat>) -> Router {
    Router::new()
        .route("/", get(portefeuille))
        .route("/style.css", get(style))
        .route("/importer", post(importer))
        .route("/dossier/{reference}", get(dossier))
        .route("/dossier/{reference}/construire", post(construire))
        .route("/dossier/{reference}/completer", post(completer_dossier))
        .route("/dossier/{reference}/fait", post(enregistrer_fait))
        .route("/dossier/{reference}/document/{fichier}", get(document))
        .route("/dossier/{reference}/bundle/{fichier}", get(bundle))
        .fallback(introuvable)
        // The guard reads every body under its own limit (`securite::LIMITE_CORPS`, with a
        // French page); the extractors' smaller default would cut uploads short.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn_with_state(
            etat.clone(),
            securite::garde,
        ))
        .with_state(etat)
}

fn aujourdhui() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl Etat {
    fn contexte<'a>(
        &'a self,
        documents: bool,
        memoire: Option<&'a crate::registre::fusion::Memoire>,
    ) -> Contexte<'a> {
        let ctx = Contexte::nouveau(
            &self.tables,
            documents.then_some(&self.moteur),
            None,
            self.config.at,
            aujourdhui(),
        );
        match memoire {
            Some(m) => ctx.avec_registre(m),
            None => ctx,
        }
    }

    /// The register read again for this request (a batch or a colleague may have written
    /// it), or why it cannot be.
    #[allow(clippy::type_complexity)]
    fn registre_lu(
        &self,
    ) -> Result<
        Option<(
            Box<dyn crate::registre::Registre>,
            crate::registre::fusion::Memoire,
        )>,
        Box<Response>,
    > {
        match &self.avec_registre {
            None => Ok(None),
            Some(r) => r.charger().map(Some).map_err(|m| {
                Box::new(pages::erreur(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Registre illisible",
                    &m,
                ))
            }),
        }
    }

    /// The sources of `reference`, from the index, reading the portfolio again when it does
    /// not know it.
    fn sources_de(&self, reference: &str) -> Result<Vec<Source>, Box<Response>> {
        if let Some(v) = self
            .index
            .lock()
            .ok()
            .and_then(|i| i.get(reference).cloned())
        {
            return Ok(v);
        }
        let sources = analyse::sources(&self.config.src, &self.out).map_err(|e| {
            Box::new(pages::erreur(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Portefeuille illisible",
                &e.to_string(),
            ))
        })?;
        let index = analyse::indexer(&sources);
        let v = index.get(reference).cloned().unwrap_or_default();
        if let Ok(mut i) = self.index.lock() {
            *i = index;
        }
        Ok(v)
    }

    /// The one source of `reference`: a valid reference, known in the portfolio, used once.
    fn source(&self, reference: &str) -> Result<Source, Box<Response>> {
        if let Some(pourquoi) = crate::chemin::defaut_reference(reference) {
            return Err(Box::new(pages::erreur(
                StatusCode::BAD_REQUEST,
                "Référence invalide",
                &format!("« {reference} » n'est pas une référence de dossier : {pourquoi}."),
            )));
        }
        let mut v = self.sources_de(reference)?;
        match v.len() {
            0 => Err(Box::new(pages::erreur(
                StatusCode::NOT_FOUND,
                "Dossier introuvable",
                &format!("Aucun dossier du portefeuille n'a la référence « {reference} »."),
            ))),
            1 => Ok(v.remove(0)),
            _ => Err(Box::new(pages::erreur(
                StatusCode::CONFLICT,
                "Référence en double",
                &format!(
                    "La référence « {reference} » est utilisée par plusieurs dossiers ({}) : donnez à chacun sa propre référence.",
                    v.iter().map(|s| s.cle().to_owned()).collect::<Vec<_>>().join(", ")
                ),
            ))),
        }
    }

    /// The PDFs and bundles already written for `reference`.
    fn construits(&self, reference: &str) -> (Vec<String>, Vec<String>) {
        let dir = self.out.join(reference);
        let mut pdfs: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n.ends_with(".pdf")
                    && crate::chemin::defaut_reference(n.trim_end_matches(".pdf")).is_none()
            })
            .collect();
        pdfs.sort();
        let bundles = crate::sortie::noms_bundles(reference)
            .into_iter()
            .filter(|n| std::fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_file()))
            .collect();
        (pdfs, bundles)
    }
}

/// Runs blocking work (the pipeline, files) off the async workers.
async fn bloquant<F>(etat: &Arc<Etat>, f: F) -> Response
where
    F: FnOnce(&Etat) -> Response + Send + 'static,
{
    let e = etat.clone();
    tokio::task::spawn_blocking(move || f(&e))
        .await
        .unwrap_or_else(|_| {
            pages::erreur(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Erreur interne",
                "Le traitement a échoué de façon inattendue ; les autres dossiers ne sont pas affectés.",
            )
        })
}

fn reference_de(p: Result<Chemin<String>, PathRejection>) -> Result<String, Box<Response>> {
    p.map(|Chemin(r)| r).map_err(|_| {
        Box::new(pages::erreur(
            StatusCode::BAD_REQUEST,
            "Adresse invalide",
            "Cette adresse ne désigne pas un dossier.",
        ))
    })
}

async fn style() -> Response {
    let mut r = pages::CSS.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    r
}

async fn introuvable() -> Response {
    pages::erreur(
        StatusCode::NOT_FOUND,
        "Page introuvable",
        "Cette adresse n'existe pas dans l'espace de travail.",
    )
}

async fn portefeuille(State(etat): State<Arc<Etat>>, uri: Uri) -> Response {
    let q = formulaire::decoder(uri.query().unwrap_or("").as_bytes());
    let filtre = pages::Filtre {
        tri: match formulaire::champ(&q, "tri") {
            "" => "reference".to_owned(),
            t => t.to_owned(),
        },
        statut: Statut::de_code(formulaire::champ(&q, "statut")),
        q: formulaire::champ(&q, "q").to_owned(),
    };
    bloquant(&etat, move |e| {
        let sources = match analyse::sources(&e.config.src, &e.out) {
            Ok(s) => s,
            Err(err) => {
                return pages::erreur(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Portefeuille illisible",
                    &err.to_string(),
                )
            }
        };
        let registre = match e.registre_lu() {
            Ok(r) => r,
            Err(r) => return *r,
        };
        let ctx = e.contexte(false, registre.as_ref().map(|(_, m)| m));
        let lignes = analyse::portefeuille(&sources, &ctx, &e.tables);
        if let Ok(mut i) = e.index.lock() {
            *i = analyse::index(&lignes, &sources);
        }
        let totaux = analyse::Totaux::de(&lignes);
        let cherche = replier(&filtre.q);
        let mut vues: Vec<_> = lignes
            .into_iter()
            .filter(|l| filtre.statut.is_none_or(|s| l.statut == s))
            .filter(|l| {
                cherche.is_empty()
                    || replier(&l.reference).contains(&cherche)
                    || replier(&l.debiteur).contains(&cherche)
            })
            .collect();
        let (colonne, desc) = match filtre.tri.strip_prefix('-') {
            Some(c) => (c, true),
            None => (filtre.tri.as_str(), false),
        };
        vues.sort_by(|a, b| {
            let o = match colonne {
                "debiteur" => replier(&a.debiteur).cmp(&replier(&b.debiteur)),
                "total" => a.total.cmp(&b.total),
                "etape" => a.etape.cmp(&b.etape),
                "derniere" => a.derniere.cmp(&b.derniere),
                "prochaine" => a
                    .prochaine
                    .as_ref()
                    .map(|(_, d)| *d)
                    .cmp(&b.prochaine.as_ref().map(|(_, d)| *d)),
                "statut" => a.statut.cmp(&b.statut),
                _ => a.reference.cmp(&b.reference),
            }
            .then_with(|| a.source.cmp(&b.source));
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        let date = match e.config.at {
            Some(d) => date_fr(d),
            None => format!("{} (ou arrete_au du dossier)", date_fr(aujourdhui())),
        };
        pages::reponse(
            StatusCode::OK,
            pages::portefeuille(
                &e.config.src.display().to_string(),
                &vues,
                &totaux,
                &filtre,
                &date,
                e.config.src.is_dir().then_some(e.jetons.csrf.as_str()),
            ),
        )
    })
    .await
}

async fn dossier(
    State(etat): State<Arc<Etat>>,
    p: Result<Chemin<String>, PathRejection>,
) -> Response {
    let reference = match reference_de(p) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    bloquant(&etat, move |e| {
        let source = match e.source(&reference) {
            Ok(s) => s,
            Err(r) => return *r,
        };
        let registre = match e.registre_lu() {
            Ok(r) => r,
            Err(r) => return *r,
        };
        let ctx = e.contexte(false, registre.as_ref().map(|(_, m)| m));
        let a: Analyse = analyse::analyser(&source, &ctx, &e.tables);
        let chronologie = analyse::chronologie(&a.traitement, e.registre.faits(&reference));
        // The deadlines of the merged history, as `registre echeances --dossier` lists them.
        let mut echeances = a
            .traitement
            .lu
            .as_ref()
            .and_then(|lu| {
                crate::registre::echeances::echeances_du_dossier(&lu.dossier, &e.tables).ok()
            })
            .unwrap_or_default();
        echeances.sort_by_key(|x| x.dernier_jour);
        let fiche = analyse::fiche(&source);
        let (pdfs, bundles) = e.construits(&reference);
        let jour = e.config.at.unwrap_or_else(aujourdhui).to_string();
        let x = pages::Extras {
            reference: &reference,
            source: source.cle(),
            chronologie: &chronologie,
            echeances: &echeances,
            fiche: fiche.as_ref(),
            csrf: &e.jetons.csrf,
            pdfs: &pdfs,
            bundles: &bundles,
            registre: e.registre.disponible(),
            date_jour: &jour,
        };
        pages::reponse(StatusCode::OK, pages::dossier(&a, &x))
    })
    .await
}

fn vers_dossier(reference: &str, ancre: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(l) = HeaderValue::from_str(&format!("/dossier/{reference}{ancre}")) {
        r.headers_mut().insert(header::LOCATION, l);
    }
    r
}

/// « Construire l'étape »: the same chain as `build` (the pipeline to the documents, then
/// `sortie::ecrire_dossier`), so the same bytes.
async fn construire(
    State(etat): State<Arc<Etat>>,
    p: Result<Chemin<String>, PathRejection>,
) -> Response {
    let reference = match reference_de(p) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    bloquant(&etat, move |e| {
        let source = match e.source(&reference) {
            Ok(s) => s,
            Err(r) => return *r,
        };
        let _seul = e.ecriture.lock();
        let _verrou = match crate::sortie::Verrou::prendre(&e.out) {
            Ok(v) => v,
            Err(m) => return pages::erreur(StatusCode::CONFLICT, "Construction impossible", &m),
        };
        let (registre, memoire) = match e.registre_lu() {
            Ok(Some((r, m))) => (Some(std::sync::Mutex::new(r)), Some(m)),
            Ok(None) => (None, None),
            Err(r) => return *r,
        };
        let ctx = e.contexte(true, memoire.as_ref());
        let mut t = traiter_protege(analyse::entree(&source), &ctx, Jusqua::Documents, &mut Sans);
        if t.lu.as_ref().is_some_and(|l| l.dossier.reference != reference) {
            t.diagnostics.push(Diagnostic::erreur(
                "reference",
                "la référence du fichier a changé depuis l'affichage de la page : rien n'a été écrit",
            ).aide("revenez au portefeuille"));
            t.issue = Issue::Refuse;
        }
        if t.issue != Issue::Construit {
            return pages::echec(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Construction impossible : rien n'a été écrit",
                &reference,
                &t.diagnostics,
            );
        }
        match crate::sortie::ecrire_dossier(&e.out, &reference, &t.documents, &t.bundles) {
            Ok(_) => {
                // Outputs first, then the register's entry (as `build --registre`).
                let sortie = crate::batch::Sortie::de(&reference, &t);
                match crate::batch::noter_etape(&ctx, registre.as_ref(), &t, &sortie) {
                    Ok(()) => vers_dossier(&reference, "#documents"),
                    Err(d) => pages::echec(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Documents écrits, étape non enregistrée",
                        &reference,
                        &[d],
                    ),
                }
            }
            Err(err) => pages::erreur(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Écriture impossible",
                &format!("Écriture dans {} impossible : {err}", e.out.display()),
            ),
        }
    })
    .await
}

/// « Compléter le dossier »: the form written into the case file (comments kept), if the
/// file is still the one the page showed.
async fn completer_dossier(
    State(etat): State<Arc<Etat>>,
    p: Result<Chemin<String>, PathRejection>,
    corps: Bytes,
) -> Response {
    let reference = match reference_de(p) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let q = formulaire::decoder(&corps);
    let champ = |n: &str| formulaire::champ(&q, n).to_owned();
    // A field the form did not carry leaves the file's value as it is.
    let present = |n: &str| q.iter().any(|(k, _)| k == n).then(|| champ(n));
    let saisie = Saisie {
        juridiction_type: champ("juridiction_type"),
        juridiction_ville: champ("juridiction_ville"),
        audience_date: champ("audience_date"),
        audience_heure: champ("audience_heure"),
        avocat_nom: champ("avocat_nom"),
        avocat_barreau: champ("avocat_barreau"),
        debiteur_email: champ("debiteur_email"),
        debiteur_civilite: present("debiteur_civilite"),
        representant_civilite: crate::serve::completer::PARTIES
            .map(|p| present(&format!("{p}_representant_civilite"))),
        diligences_amiables: champ("diligences_amiables"),
    };
    let empreinte = champ("empreinte");
    bloquant(&etat, move |e| {
        let source = match e.source(&reference) {
            Ok(s) => s,
            Err(r) => return *r,
        };
        let Source::Fichier { chemin, .. } = &source else {
            return pages::erreur(
                StatusCode::BAD_REQUEST,
                "Dossier non modifiable ici",
                "Ce dossier vient d'un CSV groupé : modifiez la ligne dans le CSV.",
            );
        };
        if !chemin
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("toml"))
        {
            return pages::erreur(
                StatusCode::BAD_REQUEST,
                "Dossier non modifiable ici",
                "Le formulaire n'écrit que des fichiers TOML : modifiez ce fichier JSON dans un éditeur.",
            );
        }
        let _seul = e.ecriture.lock();
        match completer::completer(chemin, &empreinte, &saisie) {
            Ok(()) => vers_dossier(&reference, "#controle"),
            Err(err) => {
                let status = match err {
                    completer::CompleterError::Modifie => StatusCode::CONFLICT,
                    completer::CompleterError::Fichier(_) => StatusCode::INTERNAL_SERVER_ERROR,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                pages::echec(
                    status,
                    "Dossier non enregistré",
                    &reference,
                    &[Diagnostic::erreur("", err.to_string())],
                )
            }
        }
    })
    .await
}

/// « Enregistrer un fait »: through the register seam.
async fn enregistrer_fait(
    State(etat): State<Arc<Etat>>,
    p: Result<Chemin<String>, PathRejection>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Response {
    let reference = match reference_de(p) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let (q, fichiers) = match formulaire_recu(&entetes, &corps) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    // The exhibit: the `piece` file field, when a file was chosen.
    let piece = fichiers
        .into_iter()
        .find(|f| f.nom == "piece" && !f.contenu.is_empty())
        .map(|f| registre::PieceTeleversee {
            nom: f.fichier.unwrap_or_default(),
            octets: f.contenu,
        });
    bloquant(&etat, move |e| {
        if let Err(r) = e.source(&reference) {
            return *r;
        }
        let Ok(date) = NaiveDate::parse_from_str(formulaire::champ(&q, "date"), "%Y-%m-%d") else {
            return pages::echec(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Fait non enregistré",
                &reference,
                &[Diagnostic::erreur(
                    "date",
                    "date absente ou invalide (AAAA-MM-JJ)",
                )],
            );
        };
        let fait = NouveauFait {
            date,
            type_: formulaire::champ(&q, "type").to_owned(),
            detail: formulaire::champ(&q, "detail").to_owned(),
            piece,
        };
        match e.registre.enregistrer(&reference, fait) {
            Ok(()) => vers_dossier(&reference, "#chronologie"),
            Err(m) => pages::echec(
                if e.registre.disponible() {
                    StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    StatusCode::NOT_IMPLEMENTED
                },
                "Fait non enregistré",
                &reference,
                &[Diagnostic::erreur("", m)],
            ),
        }
    })
    .await
}

/// Most files one upload may import.
const FICHIERS_IMPORT_MAX: usize = 50;

/// « Importer des factures »: the uploaded files, written under their (cleaned) names in a
/// private temporary folder, go through `recouvre import`'s code into SRC, one case file per
/// creditor and debtor; nothing existing is replaced.
async fn importer(State(etat): State<Arc<Etat>>, entetes: HeaderMap, corps: Bytes) -> Response {
    let (_, fichiers) = match formulaire_recu(&entetes, &corps) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    let fichiers: Vec<formulaire::Partie> = fichiers
        .into_iter()
        .filter(|f| f.nom == "fichiers" && !f.contenu.is_empty())
        .collect();
    bloquant(&etat, move |e| {
        if !e.config.src.is_dir() {
            return pages::erreur(
                StatusCode::BAD_REQUEST,
                "Import impossible",
                "Ce portefeuille est un fichier : l'import écrit de nouveaux dossiers dans un portefeuille dossier (recouvre serve DOSSIER).",
            );
        }
        if fichiers.is_empty() || fichiers.len() > FICHIERS_IMPORT_MAX {
            return pages::erreur(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Import impossible",
                &format!("Choisissez de 1 à {FICHIERS_IMPORT_MAX} fichiers (factures électroniques, FEC ou CSV de masse)."),
            );
        }
        let tmp = match tempfile::tempdir() {
            Ok(t) => t,
            Err(err) => {
                return pages::erreur(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Import impossible",
                    &format!("dossier temporaire impossible à créer : {err}"),
                )
            }
        };
        // The browser's names, cleaned, keep what the readers look at (the extension, a
        // FEC's SIREN and date), each in its own numbered folder: two uploads never share a
        // file, and no name is a path.
        let mut chemins = Vec::new();
        let mut noms = Vec::new();
        for (i, f) in fichiers.iter().enumerate() {
            let nom = match registre::nom_televerse(f.fichier.as_deref().unwrap_or("")) {
                n if n.is_empty() => "fichier".to_owned(),
                n => n,
            };
            let dossier = tmp.path().join(format!("{:02}", i + 1));
            let chemin = dossier.join(&nom);
            noms.push(format!("« {nom} » (téléversé)"));
            if let Err(err) =
                std::fs::create_dir(&dossier).and_then(|_| std::fs::write(&chemin, &f.contenu))
            {
                return pages::erreur(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Import impossible",
                    &format!("copie temporaire impossible : {err}"),
                );
            }
            chemins.push(chemin);
        }
        let _seul = e.ecriture.lock();
        let rapport = crate::cli::import::importer_nommes(&chemins, &noms, &e.config.src, None);
        // Anything still naming the temporary folder shows the names the person chose.
        let tmp_nom = tmp.path().display().to_string();
        let propre = |m: &str| m.replace(&format!("{tmp_nom}/"), "").replace(&tmp_nom, "");
        let ecrits: Vec<(String, String, Vec<String>)> = rapport
            .ecrits
            .iter()
            .map(|x| {
                (
                    x.cas.dossier.reference.clone(),
                    x.cas.dossier.debiteur.nom_complet(),
                    x.cas.a_completer.iter().map(|a| propre(a)).collect(),
                )
            })
            .collect();
        let erreurs: Vec<String> = rapport
            .introuvables
            .iter()
            .chain(&rapport.erreurs)
            .map(|m| propre(m))
            .collect();
        if let Ok(mut i) = e.index.lock() {
            i.clear();
        }
        let status = if ecrits.is_empty() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        pages::reponse(status, pages::importe(&ecrits, &erreurs))
    })
    .await
}

/// The fields of a form body, encoded or multipart (an upload), and its files; a malformed
/// multipart body is refused.
#[allow(clippy::type_complexity)]
fn formulaire_recu(
    entetes: &HeaderMap,
    corps: &[u8],
) -> Result<(Vec<(String, String)>, Vec<formulaire::Partie>), Box<Response>> {
    let frontiere = entetes
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(formulaire::frontiere);
    match frontiere {
        None => Ok((formulaire::decoder(corps), Vec::new())),
        Some(f) => match formulaire::multipart(corps, &f) {
            Some(parties) => Ok(formulaire::champs_multipart(parties)),
            None => Err(Box::new(pages::erreur(
                StatusCode::BAD_REQUEST,
                "Formulaire illisible",
                "Le formulaire envoyé est incomplet ou mal formé : rechargez la page et recommencez.",
            ))),
        },
    }
}

fn fichier_de(
    p: Result<Chemin<(String, String)>, PathRejection>,
) -> Result<(String, String), Box<Response>> {
    p.map(|Chemin(v)| v).map_err(|_| {
        Box::new(pages::erreur(
            StatusCode::BAD_REQUEST,
            "Adresse invalide",
            "Cette adresse ne désigne pas un fichier du dossier.",
        ))
    })
}

/// What a download asks for.
#[derive(Clone, Copy)]
enum Genre {
    Document,
    Bundle,
}

impl Etat {
    /// The file `fichier` written for `reference`, only when it is a name among the outputs
    /// of that case (never a path from the request): its name and path.
    fn construit(
        &self,
        reference: &str,
        fichier: &str,
        genre: Genre,
    ) -> Result<(String, PathBuf), Box<Response>> {
        self.source(reference)?;
        let (pdfs, bundles) = self.construits(reference);
        let (noms, quoi) = match genre {
            Genre::Document => (pdfs, "Document"),
            Genre::Bundle => (bundles, "Bundle"),
        };
        let nom = noms.into_iter().find(|n| n == fichier).ok_or_else(|| {
            Box::new(pages::erreur(
                StatusCode::NOT_FOUND,
                &format!("{quoi} introuvable"),
                &format!(
                    "Ce {} n'a pas été construit pour ce dossier : construisez l'étape d'abord.",
                    quoi.to_lowercase()
                ),
            ))
        })?;
        let chemin = self.out.join(reference).join(&nom);
        Ok((nom, chemin))
    }
}

/// A document of the case, shown inline: only a name among the PDFs the case's output
/// folder holds (never a path from the request).
async fn document(
    State(etat): State<Arc<Etat>>,
    p: Result<Chemin<(String, String)>, PathRejection>,
) -> Response {
    let (reference, fichier) = match fichier_de(p) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    bloquant(&etat, move |e| {
        let (nom, chemin) = match e.construit(&reference, &fichier, Genre::Document) {
            Ok(v) => v,
            Err(r) => return *r,
        };
        match std::fs::read(chemin) {
            Ok(octets) => fichier_reponse(octets, "application/pdf", &nom, false),
            Err(err) => pages::erreur(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Lecture impossible",
                &err.to_string(),
            ),
        }
    })
    .await
}

/// A bundle of the case, verified (`recouvre verify`) before it is sent: an altered bundle
/// is refused with what is wrong.
async fn bundle(
    State(etat): State<Arc<Etat>>,
    p: Result<Chemin<(String, String)>, PathRejection>,
) -> Response {
    let (reference, fichier) = match fichier_de(p) {
        Ok(v) => v,
        Err(r) => return *r,
    };
    bloquant(&etat, move |e| {
        let (nom, chemin) = match e.construit(&reference, &fichier, Genre::Bundle) {
            Ok(v) => v,
            Err(r) => return *r,
        };
        let rapport = crate::bundle::verifier(&chemin);
        if !rapport.intact() {
            let diagnostics: Vec<Diagnostic> = rapport
                .constats
                .iter()
                .map(|c| Diagnostic::erreur(nom.clone(), c.to_string()))
                .collect();
            return pages::echec(
                StatusCode::CONFLICT,
                "Bundle altéré : téléchargement refusé",
                &reference,
                &diagnostics,
            );
        }
        match std::fs::read(&chemin) {
            Ok(octets) => fichier_reponse(octets, "application/zip", &nom, true),
            Err(err) => pages::erreur(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Lecture impossible",
                &err.to_string(),
            ),
        }
    })
    .await
}

/// A file response; `nom` is one the program wrote (letters, digits, `.`, `_`, `-`).
fn fichier_reponse(octets: Vec<u8>, type_: &'static str, nom: &str, telecharger: bool) -> Response {
    let mut r = octets.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(type_));
    let disposition = format!(
        "{}; filename=\"{nom}\"",
        if telecharger { "attachment" } else { "inline" }
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}
