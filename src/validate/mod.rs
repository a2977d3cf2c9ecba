//! Every check on a case, collected at once, each with its path and a hint in French.
//!
//! Errors of `Portee::Calcul` block the décompte; errors of `Portee::Document` block only
//! the documents and filings (identifiers, missing names, collective procedure).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::HashMap;

use crate::chemin::{chemin_sur, defaut_reference};
use crate::diagnostic::{chemin, Diagnostic};
use crate::format::date_fr;
use crate::law::identifiants;
use crate::law::juridictions;
use crate::law::prescription::{self, EtatPrescription};
use crate::law::Cle;
use crate::law::TablesLoi;
use crate::model::{Dossier, ModeInterets, Nature, Partie, TypeJuridiction};

pub mod texte;

/// Most invoices one case may hold: the documents list each one, and rendering 10 000 of
/// them took 3.6 GB (issue 9); a portfolio that large is several cases.
pub const FACTURES_MAX: usize = 1_000;
/// Most payments one case may hold, for the same reason.
pub const PAIEMENTS_MAX: usize = 5_000;
/// Most events one case may hold.
pub const EVENEMENTS_MAX: usize = 500;
/// Most instalments of a payment plan (ten years of monthly payments).
pub const VERSEMENTS_MAX: u32 = 120;

/// What the validation may look at beyond the case itself.
pub struct Contexte<'a> {
    /// The computation date.
    pub arrete: NaiveDate,
    pub tables: &'a TablesLoi,
    /// Tells whether an exhibit path (relative to the case folder, already checked to stay
    /// inside it) names an existing file. `None`: existence is not checked.
    pub existe: Option<&'a dyn Fn(&str) -> bool>,
}

/// Checks a case. Returns every diagnostic, errors and warnings, in file order.
pub fn valider(d: &Dossier, ctx: &Contexte) -> Vec<Diagnostic> {
    let mut v = Vec::new();
    reference(d, &mut v);
    partie(&d.creancier, "creancier", true, &mut v);
    partie(&d.debiteur, "debiteur", false, &mut v);
    creance(d, &mut v);
    // Amounts and rates: the same bounds the décompte enforces.
    v.extend(crate::law::decompte::controler_montants(
        d, ctx.arrete, ctx.tables,
    ));
    factures(d, ctx, &mut v);
    paiements(d, &mut v);
    procedure_collective(d, ctx, &mut v);
    echeancier(d, ctx, &mut v);
    pieces(d, ctx, &mut v);
    documents(d, &mut v);
    juridiction(d, ctx, &mut v);
    texte::controler(d, &mut v);
    v
}

/// CPC 42, 1406: the court is the debtor's. The commune must be found from its postal code
/// and name, and a court named in `[juridiction]` should be the one the court data gives for
/// it (a warning only: the case may know better, e.g. a non-merchant creditor's option).
fn juridiction(d: &Dossier, ctx: &Contexte, v: &mut Vec<Diagnostic>) {
    use juridictions::{Certitude, Correspondance, NatureCommerciale};
    let Ok(c) = juridictions::competence_debiteur(d, ctx.arrete, ctx.tables) else {
        return; // no French address: warned about (or out of scope) elsewhere
    };
    if matches!(
        c.correspondance,
        Correspondance::Ambigue | Correspondance::Inconnue | Correspondance::CodePostalSeul
    ) {
        v.push(
            Diagnostic::avertissement("debiteur.adresse.ville", c.explication())
                .aide("écrivez le code postal et le nom de la commune tels que La Poste et l'INSEE les écrivent : le tribunal compétent en dépend (CPC art. 42 et 1406)")
                .document(),
        );
    }
    let Some(j) = &d.juridiction else {
        return;
    };
    let ville = j.ville.trim();
    if ville.is_empty() {
        return;
    }
    let commercial = match j.type_ {
        Some(
            TypeJuridiction::TribunalDeCommerce | TypeJuridiction::TribunalActivitesEconomiques,
        ) => true,
        Some(_) => false,
        None => juridictions::litige(d) == juridictions::Litige::Commercial,
    };
    let nature = match j.type_ {
        Some(TypeJuridiction::TribunalDeCommerce) => Some(NatureCommerciale::TribunalDeCommerce),
        Some(TypeJuridiction::TribunalActivitesEconomiques) => {
            Some(NatureCommerciale::TribunalActivitesEconomiques)
        }
        _ => None,
    };
    let aide = "vérifiez la compétence territoriale (CPC art. 42 et 1406) ; si le dossier a raison, ignorez cet avertissement, ou fournissez la liste officielle du ministère de la Justice (--law, fichier competences-territoriales.csv)";
    let quoi = match j.type_ {
        Some(TypeJuridiction::TribunalDeCommerce) => "tribunal de commerce",
        Some(TypeJuridiction::TribunalActivitesEconomiques) => "tribunal des activités économiques",
        _ if commercial => "juridiction commerciale",
        _ => "tribunal judiciaire",
    };
    if j.type_.is_some() && juridictions::nom_officiel(nature, ville).is_none() {
        v.push(
            Diagnostic::avertissement(
                "juridiction.ville",
                format!("aucun {quoi} ne siège à {ville} d'après les données de recouvre"),
            )
            .aide(aide)
            .document(),
        );
        return;
    }
    let meme = |siege: &str| juridictions::cle_nom(siege) == juridictions::cle_nom(ville);
    let (attendu, certitude, possibles): (Option<String>, Certitude, Vec<String>) = if commercial {
        let ch = &c.commerciale;
        let r = ch.retenue.as_ref();
        let autre_nature = match (nature, r.map(|r| r.nature)) {
            (Some(n), Some(m)) => n != m,
            _ => false,
        };
        match r {
            Some(r) if autre_nature || !meme(&r.juridiction.siege) => {
                (Some(r.juridiction.nom.clone()), ch.certitude, Vec::new())
            }
            _ => return,
        }
    } else {
        let ch = &c.judiciaire;
        match &ch.retenue {
            Some(r) if !meme(&r.siege) => (Some(r.nom.clone()), ch.certitude, Vec::new()),
            Some(_) => return,
            None if !ch.candidats.is_empty() && !ch.candidats.iter().any(|p| meme(&p.siege)) => (
                None,
                ch.certitude,
                ch.candidats.iter().map(|p| p.nom.clone()).collect(),
            ),
            None => return,
        }
    };
    let donnees = match attendu {
        Some(a) => format!("le {} (compétence {})", minuscule(&a), certitude.libelle()),
        None => format!("l'un de ces tribunaux : {}", possibles.join(", ")),
    };
    v.push(
        Diagnostic::avertissement(
            "juridiction",
            format!(
                "la juridiction désignée ({quoi}, {ville}) contredit les données : pour la commune du débiteur, {}, elles désignent {donnees}",
                c.explication()
            ),
        )
        .aide(aide)
        .document(),
    );
}

fn minuscule(nom: &str) -> String {
    let mut c = nom.chars();
    match c.next() {
        Some(p) => p.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The sections only documents use: `[procedure]`, `[juridiction]`, intervenants.
fn documents(d: &Dossier, v: &mut Vec<Diagnostic>) {
    if let Some(a) = d.procedure.as_ref().and_then(|p| p.audience.as_ref()) {
        if let Some(h) = &a.heure {
            let ok = h
                .split_once(':')
                .and_then(|(hh, mm)| {
                    Some((hh.parse::<u32>().ok()?, mm.parse::<u32>().ok()?, mm.len()))
                })
                .is_some_and(|(hh, mm, l)| hh < 24 && mm < 60 && l == 2);
            if !ok {
                v.push(
                    Diagnostic::erreur(
                        "procedure.audience.heure",
                        format!("heure d'audience « {h} » invalide"),
                    )
                    .aide("écrivez l'heure au format HH:MM, par exemple \"09:30\"")
                    .document(),
                );
            }
        }
    }
    // CPC 750-1: the amicable attempt stated must be proven by an exhibit (constat de
    // carence, attestation of the conciliateur, mediator's report).
    if let Some(p) = &d.procedure {
        if !vide(&p.diligences_amiables) && p.preuve_amiable.is_none() {
            v.push(
                Diagnostic::avertissement(
                    "procedure.preuve_amiable",
                    "diligences amiables indiquées sans leur justificatif : la preuve de la tentative de résolution amiable doit figurer au bordereau (CPC art. 750-1)",
                )
                .aide("ajoutez [procedure] preuve_amiable = { titre = \"Constat de carence du conciliateur de justice\", date = \"AAAA-MM-JJ\", fichier = \"pieces/constat.pdf\" }")
                .document(),
            );
        }
    }
    if let Some(j) = &d.juridiction {
        if j.ville.trim().is_empty() {
            v.push(
                Diagnostic::erreur("juridiction.ville", "ville de la juridiction vide")
                    .aide("indiquez la ville du siège de la juridiction, par exemple ville = \"Lyon\"")
                    .document(),
            );
        }
    }
    let noms = [
        (
            "mandataire.nom",
            d.mandataire.as_ref().map(|m| m.nom.as_str()),
        ),
        ("avocat.nom", d.avocat.as_ref().map(|m| m.nom.as_str())),
        (
            "commissaire.nom",
            d.commissaire.as_ref().map(|m| m.nom.as_str()),
        ),
    ];
    for (chemin, nom) in noms {
        if nom.is_some_and(|n| n.trim().is_empty()) {
            v.push(
                Diagnostic::erreur(chemin, "nom vide")
                    .aide("indiquez le nom tel qu'il doit figurer sur les documents")
                    .document(),
            );
        }
    }
}

fn reference(d: &Dossier, v: &mut Vec<Diagnostic>) {
    if let Some(defaut) = defaut_reference(&d.reference) {
        v.push(
            Diagnostic::erreur(
                "reference",
                format!("référence « {} » invalide : {defaut}", d.reference.escape_default()),
            )
            .aide("1 à 64 caractères parmi lettres sans accent, chiffres, point, tiret et tiret bas, commençant par une lettre ou un chiffre (elle nomme les fichiers produits)"),
        );
    }
}

fn vide(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|x| x.trim().is_empty())
}

fn partie(p: &Partie, role: &str, creancier: bool, v: &mut Vec<Diagnostic>) {
    let qui = if creancier {
        "du créancier"
    } else {
        "du débiteur"
    };
    let c = |champ: &str| format!("{role}.{champ}");
    if p.nature == Nature::Particulier {
        if vide(&p.nom) {
            v.push(
                Diagnostic::erreur(c("nom"), format!("nom {qui} manquant"))
                    .aide("pour un particulier, indiquez nom et prenoms (CPC 54 3° a)")
                    .document(),
            );
        }
        if vide(&p.prenoms) {
            v.push(
                Diagnostic::avertissement(c("prenoms"), format!("prénoms {qui} manquants"))
                    .aide("une requête ou une assignation nomme la personne physique par ses nom et prénoms (CPC 54 3° a)")
                    .document(),
            );
        }
    } else {
        if vide(&p.denomination) {
            v.push(
                Diagnostic::erreur(c("denomination"), format!("dénomination {qui} manquante"))
                    .aide("indiquez la raison sociale telle qu'inscrite au registre (CPC 54 3° b)")
                    .document(),
            );
        }
        if p.representant.as_ref().is_none_or(|r| vide(&r.qualite)) {
            v.push(
                Diagnostic::avertissement(c("representant"), format!("organe représentant {qui} non indiqué"))
                    .aide("ajoutez representant = { nom = \"…\", qualite = \"Président\" } : une requête doit nommer l'organe qui représente légalement la personne morale (CPC 54 3° b)")
                    .document(),
            );
        }
        if matches!(p.nature, Nature::Societe) && vide(&p.forme_juridique) {
            v.push(
                Diagnostic::avertissement(
                    c("forme_juridique"),
                    format!("forme juridique {qui} manquante"),
                )
                .aide("SAS, SARL, SA… : elle figure dans la requête (CPC 54 3° b)")
                .document(),
            );
        }
        if matches!(p.nature, Nature::Societe | Nature::EntrepriseIndividuelle) && vide(&p.siren) {
            v.push(
                Diagnostic::avertissement(c("siren"), format!("SIREN {qui} manquant"))
                    .aide("le SIREN identifie la partie sans ambiguïté ; annuaire-entreprises.data.gouv.fr le donne")
                    .document(),
            );
        }
    }
    match &p.adresse {
        Some(a) if a.est_complete() => {}
        _ => v.push(
            Diagnostic::avertissement(c("adresse"), format!("adresse {qui} incomplète"))
                .aide("ajoutez adresse = { lignes = [\"…\"], code_postal = \"…\", ville = \"…\" } : les courriers et la compétence du tribunal en dépendent")
                .document(),
        ),
    }
    if let Some(s) = &p.siren {
        if !identifiants::siren_valide(s) {
            v.push(
                Diagnostic::erreur(
                    c("siren"),
                    format!("SIREN « {s} » invalide (9 chiffres, clé de Luhn)"),
                )
                .aide("recopiez le SIREN depuis l'extrait Kbis ou l'annuaire des entreprises")
                .document(),
            );
        }
    }
    if let Some(s) = &p.siret {
        if !identifiants::siret_valide(s) {
            v.push(
                Diagnostic::erreur(
                    c("siret"),
                    format!("SIRET « {s} » invalide (14 chiffres, clé de contrôle)"),
                )
                .aide("recopiez le SIRET de l'établissement (SIREN + NIC)")
                .document(),
            );
        } else if let Some(siren) = &p.siren {
            if !identifiants::normaliser(s).starts_with(&identifiants::normaliser(siren)) {
                v.push(
                    Diagnostic::erreur(c("siret"), format!("le SIRET « {s} » ne commence pas par le SIREN « {siren} »"))
                        .aide("le SIRET est le SIREN suivi du NIC de l'établissement : l'un des deux est faux")
                        .document(),
                );
            }
        }
    }
    if let Some(t) = &p.tva {
        if !identifiants::tva_valide(t) {
            let attendu = p
                .siren
                .as_deref()
                .and_then(identifiants::tva_fr)
                .map(|x| format!(" ; pour ce SIREN le numéro est {x}"))
                .unwrap_or_default();
            v.push(
                Diagnostic::erreur(
                    c("tva"),
                    format!("numéro de TVA « {t} » invalide (clé ou format)"),
                )
                .aide(format!(
                    "clé FR = (12 + 3 × (SIREN mod 97)) mod 97{attendu}"
                ))
                .document(),
            );
        }
    }
    if let Some(i) = &p.iban {
        if !identifiants::iban_valide(i) {
            v.push(
                Diagnostic::erreur(c("iban"), format!("IBAN « {i} » invalide (clé ISO 13616)"))
                    .aide("recopiez l'IBAN depuis le RIB ; une lettre ou un chiffre est faux")
                    .document(),
            );
        }
    }
    if let Some(cap) = p.capital {
        if cap < Decimal::ZERO || cap.scale() > 2 {
            v.push(Diagnostic::erreur(c("capital"), "capital social invalide").document());
        }
    }
    if creancier {
        if p.procedure_collective == Some(true) {
            v.push(Diagnostic::avertissement(c("procedure_collective"), "procédure collective du créancier : le mandataire ou l'administrateur peut devoir agir à sa place").document());
        }
        if p.iban.is_none() {
            v.push(
                Diagnostic::avertissement(c("iban"), "IBAN du créancier manquant")
                    .aide("les lettres indiquent où payer : ajoutez iban = \"FR76…\"")
                    .document(),
            );
        }
    } else {
        if p.nature.est_professionnel() && p.commercant.is_none() {
            v.push(
                Diagnostic::avertissement(c("commercant"), "qualité de commerçant du débiteur non précisée")
                    .aide("indiquez commercant = true ou false : elle désigne le tribunal de commerce ou le tribunal judiciaire")
                    .document(),
            );
        }
    }
}

fn creance(d: &Dossier, v: &mut Vec<Diagnostic>) {
    let c = &d.creance;
    let mode = d.mode_interets();
    if c.fondement.is_none() {
        v.push(
            Diagnostic::avertissement("creance.fondement", "fondement de la créance non précisé")
                .aide("fondement = \"contrat\" ou \"statutaire\" : l'injonction de payer exige une cause contractuelle ou statutaire (CPC 1405)")
                .document(),
        );
    }
    if vide(&c.description) {
        v.push(
            Diagnostic::avertissement("creance.description", "description de la créance manquante")
                .aide("décrivez l'obligation (prestation, contrat et sa date) : la mise en demeure et la requête l'énoncent")
                .document(),
        );
    }
    if let Some(dev) = &c.devise {
        if dev.len() != 3 || !dev.chars().all(|x| x.is_ascii_uppercase()) {
            v.push(
                Diagnostic::erreur("creance.devise", format!("devise « {dev} » invalide"))
                    .aide("code ISO 4217 en trois majuscules : EUR, CHF, DKK…"),
            );
        }
    }
    // C. com. L441-10 II concerns only relations between professionals.
    if mode == ModeInterets::L441_10 && !d.entre_professionnels() {
        v.push(
            Diagnostic::erreur("creance.interets", "pénalités L441-10 impossibles : elles ne s'appliquent qu'entre professionnels")
                .aide("avec un particulier, choisissez interets = \"legal\" (à compter de la mise en demeure) ou \"contractuel\""),
        );
    }
    if mode != ModeInterets::Contractuel && c.taux_contractuel.is_some() {
        v.push(
            Diagnostic::avertissement(
                "creance.taux_contractuel",
                "taux contractuel ignoré : interets n'est pas \"contractuel\"",
            )
            .aide("ajoutez interets = \"contractuel\" ou retirez taux_contractuel"),
        );
    }
}

fn factures(d: &Dossier, ctx: &Contexte, v: &mut Vec<Diagnostic>) {
    if d.factures.is_empty() {
        v.push(
            Diagnostic::erreur("factures", "aucune facture : il n'y a rien à recouvrer").aide(
                "ajoutez au moins un bloc [[factures]] avec numero, date, echeance et montant",
            ),
        );
    }
    if d.factures.len() > FACTURES_MAX {
        v.push(
            Diagnostic::erreur(
                "factures",
                format!(
                    "{} factures : un dossier en compte au plus {FACTURES_MAX}",
                    d.factures.len()
                ),
            )
            .aide("répartissez ces factures entre plusieurs dossiers (un par débiteur et par lot de factures)"),
        );
        return;
    }
    let mut vus: HashMap<&str, usize> = HashMap::new();
    for (i, f) in d.factures.iter().enumerate() {
        let numero = f.numero.trim();
        if numero.is_empty() {
            v.push(Diagnostic::erreur(
                chemin("factures", i, "numero"),
                "numéro de facture vide",
            ));
        } else if let Some(j) = vus.insert(numero, i) {
            v.push(
                Diagnostic::erreur(
                    chemin("factures", i, "numero"),
                    format!("numéro de facture « {numero} » en double (déjà factures[{j}])"),
                )
                .aide("chaque facture a un numéro unique ; un paiement s'y réfère par ce numéro"),
            );
        }
        match f.echeance {
            None => v.push(crate::law::decompte::controles::echeance_manquante(
                i, numero,
            )),
            Some(e) if e < f.date => v.push(
                Diagnostic::erreur(
                    chemin("factures", i, "echeance"),
                    format!(
                        "l'échéance {} précède la date de la facture {}",
                        date_fr(e),
                        date_fr(f.date)
                    ),
                )
                .aide("corrigez l'échéance ou la date de la facture"),
            ),
            Some(_) => {}
        }
        if f.date > ctx.arrete {
            v.push(Diagnostic::avertissement(
                chemin("factures", i, "date"),
                format!(
                    "facture {numero} datée du {}, après l'arrêté du {}",
                    date_fr(f.date),
                    date_fr(ctx.arrete)
                ),
            ));
        }
        let etat = prescription::prescription(d, f, ctx.tables).and_then(|p| {
            p.map(|p| prescription::etat(&p, ctx.arrete, ctx.tables).map(|e| (p, e)))
                .transpose()
        });
        match etat {
            Ok(Some((p, EtatPrescription::Prescrite))) => v.push(
                Diagnostic::avertissement(chemin("factures", i, "echeance"), format!(
                    "créance de la facture {numero} prescrite depuis le {} ({} ans, {})",
                    date_fr(p.acquise_le), p.annees, p.fondement
                ))
                .aide("aucune action en justice n'est plus recevable pour cette facture, sauf interruption non enregistrée (reconnaissance de dette, C. civ. 2240) : ajoutez-la aux événements si elle existe"),
            ),
            Ok(Some((p, EtatPrescription::Proche))) => {
                let alerte = ctx
                    .tables
                    .valeur_au(Cle::AlertePrescription, ctx.arrete)
                    .map(|a| a.en_texte())
                    .unwrap_or_default();
                v.push(
                    Diagnostic::avertissement(chemin("factures", i, "echeance"), format!(
                        "créance de la facture {numero} prescrite le {} ({} ans, {}) : moins de {alerte}",
                        date_fr(p.acquise_le), p.annees, p.fondement
                    ))
                    .aide("une mise en demeure n'interrompt pas la prescription (Cass. com. 18 mai 2022, n° 20-23.204) : seule une demande en justice ou une reconnaissance du débiteur le fait (C. civ. 2240, 2241)"),
                )
            }
            Ok(_) => {}
            Err(e) => v.push(Diagnostic::erreur("", e.to_string()).aide(e.aide())),
        }
    }
}

/// The debtor's collective procedure: the declaration of claim replaces every action for
/// payment (C. com. L622-21, L622-24); its dates must be consistent.
fn procedure_collective(d: &Dossier, ctx: &Contexte, v: &mut Vec<Diagnostic>) {
    let Some(pc) = d.procedure_collective.as_ref() else {
        if d.debiteur.procedure_collective == Some(true) {
            v.push(
                Diagnostic::avertissement("debiteur.procedure_collective", "débiteur en procédure collective : seule la déclaration de créance est possible (C. com. art. L622-21, L622-24), et elle restera un projet sans les données du jugement d'ouverture")
                    .aide("ajoutez [procedure_collective] d'après l'annonce du BODACC : type (sauvegarde, redressement, liquidation), jugement_ouverture, tribunal, publication_bodacc, mandataire = { nom, adresse }")
                    .document(),
            );
        }
        return;
    };
    if let Some(j) = pc.jugement_ouverture {
        if j > ctx.arrete {
            v.push(
                Diagnostic::erreur("procedure_collective.jugement_ouverture", format!("jugement d'ouverture du {} postérieur à la date d'arrêté du {}", date_fr(j), date_fr(ctx.arrete)))
                    .aide("vérifiez la date du jugement, ou choisissez une date d'arrêté postérieure (--at AAAA-MM-JJ)"),
            );
        }
        if let Some(p) = pc.publication_bodacc {
            if p < j {
                v.push(
                    Diagnostic::erreur(
                        "procedure_collective.publication_bodacc",
                        format!(
                            "publication au BODACC du {} antérieure au jugement d'ouverture du {}",
                            date_fr(p),
                            date_fr(j)
                        ),
                    )
                    .aide("reprenez la date de parution de l'annonce au BODACC")
                    .document(),
                );
            }
        }
    }
    if pc
        .mandataire
        .as_ref()
        .is_some_and(|m| m.nom.trim().is_empty())
    {
        v.push(
            Diagnostic::erreur(
                "procedure_collective.mandataire.nom",
                "nom du mandataire judiciaire ou du liquidateur vide",
            )
            .aide("reprenez le nom donné par le jugement d'ouverture (annonce du BODACC)")
            .document(),
        );
    }
}

/// A payment plan: a sensible number of instalments, starting after the acknowledgment.
fn echeancier(d: &Dossier, ctx: &Contexte, v: &mut Vec<Diagnostic>) {
    let Some(e) = d.echeancier.as_ref() else {
        return;
    };
    if e.mensualites == 0 || e.mensualites > VERSEMENTS_MAX {
        v.push(
            Diagnostic::erreur(
                "echeancier.mensualites",
                format!("{} versements : de 1 à {VERSEMENTS_MAX}", e.mensualites),
            )
            .aide("indiquez le nombre de versements convenu")
            .document(),
        );
    }
    if e.premiere < ctx.arrete {
        v.push(
            Diagnostic::avertissement(
                "echeancier.premiere",
                format!(
                    "premier versement le {}, avant la date du document ({})",
                    date_fr(e.premiere),
                    date_fr(ctx.arrete)
                ),
            )
            .aide("choisissez une date de premier versement postérieure à la signature")
            .document(),
        );
    }
    if e.taux.is_some_and(|t| t < Decimal::ZERO) {
        v.push(
            Diagnostic::erreur("echeancier.taux", "taux négatif")
                .aide("indiquez un taux annuel en pourcentage, ou retirez la clé")
                .document(),
        );
    }
}

fn paiements(d: &Dossier, v: &mut Vec<Diagnostic>) {
    for (chemin, n, max) in [
        ("paiements", d.paiements.len(), PAIEMENTS_MAX),
        ("evenements", d.evenements.len(), EVENEMENTS_MAX),
    ] {
        if n > max {
            v.push(
                Diagnostic::erreur(
                    chemin,
                    format!("{n} entrées : un dossier en compte au plus {max}"),
                )
                .aide("regroupez ces entrées ou répartissez la créance entre plusieurs dossiers"),
            );
            return;
        }
    }
    for (i, p) in d.paiements.iter().enumerate() {
        if let Some(n) = &p.facture {
            if !d.factures.iter().any(|f| f.numero == *n) {
                let numeros: Vec<&str> = d.factures.iter().map(|f| f.numero.as_str()).collect();
                v.push(
                    Diagnostic::erreur(chemin("paiements", i, "facture"), format!("le paiement vise la facture « {n} », absente du dossier"))
                        .aide(format!("numéros connus : {} ; ou retirez la clé pour une imputation automatique (C. civ. 1342-10)", numeros.join(", "))),
                );
            }
        }
    }
}

fn pieces(d: &Dossier, ctx: &Contexte, v: &mut Vec<Diagnostic>) {
    let mut fichiers: Vec<(String, &str)> = Vec::new();
    for (i, f) in d.factures.iter().enumerate() {
        if let Some(p) = &f.piece {
            fichiers.push((chemin("factures", i, "piece"), p));
        }
    }
    for (i, e) in d.evenements.iter().enumerate() {
        if let Some(p) = &e.piece {
            fichiers.push((chemin("evenements", i, "piece"), p));
        }
    }
    for (i, p) in d.pieces.iter().enumerate() {
        fichiers.push((chemin("pieces", i, "fichier"), &p.fichier));
        if p.titre.trim().is_empty() {
            v.push(
                Diagnostic::erreur(chemin("pieces", i, "titre"), "titre de pièce vide")
                    .aide("le bordereau numérote et intitule chaque pièce (CPC 56)")
                    .document(),
            );
        }
    }
    for (c, p) in fichiers {
        if !chemin_sur(p) {
            v.push(
                Diagnostic::erreur(c, format!("chemin « {p} » hors du dossier"))
                    .aide("les pièces sont désignées par un chemin relatif au fichier du dossier, sans « .. » ni chemin absolu (par exemple \"pieces/facture.pdf\")"),
            );
        } else if let Some(existe) = ctx.existe {
            if !existe(p) {
                v.push(
                    Diagnostic::erreur(c, format!("pièce « {p} » introuvable"))
                        .aide("placez le fichier à cet endroit, relatif au fichier du dossier, ou corrigez le chemin")
                        .document(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::exemple::dossier_toml;

    fn diag(t: &str) -> Vec<Diagnostic> {
        let d = dossier_toml(t);
        let tables = TablesLoi::embarquees().unwrap();
        valider(
            &d,
            &Contexte {
                arrete: "2026-06-30".parse().unwrap(),
                tables: &tables,
                existe: Some(&|p: &str| p == "pieces/ok.pdf"),
            },
        )
    }

    fn erreurs(v: &[Diagnostic]) -> Vec<String> {
        v.iter()
            .filter(|d| d.est_erreur())
            .map(|d| d.chemin.clone())
            .collect()
    }

    #[test]
    fn every_problem_at_once() {
        let v = diag(
            r#"
reference = "bad ref!"
[creancier]
nature = "societe"
denomination = "A"
siren = "732829321"
iban = "FR7630006000011234567890188"
tva = "FR45732829320"
[debiteur]
nature = "societe"
denomination = "B"
siret = "35600000009090"
procedure_collective = true
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-01-01"
montant = "100.001"
piece = "../../etc/passwd"
[[factures]]
numero = "F1"
date = "2026-01-15"
montant = "-5"
piece = "pieces/absent.pdf"
[[paiements]]
date = "2026-02-01"
montant = "0"
facture = "F9"
"#,
        );
        let e = erreurs(&v);
        for attendu in [
            "reference",
            "creancier.siren",
            "creancier.iban",
            "creancier.tva",
            "debiteur.siret",
            "factures[0].echeance",
            "factures[0].montant",
            "factures[0].piece",
            "factures[1].numero",
            "factures[1].montant",
            "factures[1].echeance",
            "factures[1].piece",
            "paiements[0].montant",
            "paiements[0].facture",
        ] {
            assert!(
                e.contains(&attendu.to_owned()),
                "missing {attendu} in {e:?}"
            );
        }
    }

    #[test]
    fn a_complete_case_has_no_error() {
        let v = diag(
            r#"
reference = "2026-0042"
[creancier]
nature = "societe"
denomination = "ACME SAS"
forme_juridique = "SAS"
siren = "732829320"
iban = "FR7630006000011234567890189"
representant = { nom = "Jean Martin", qualite = "Président" }
adresse = { lignes = ["12 rue de la Paix"], code_postal = "75002", ville = "Paris" }
[debiteur]
nature = "societe"
denomination = "B SARL"
forme_juridique = "SARL"
siren = "404833048"
commercant = true
representant = { qualite = "Gérant" }
adresse = { lignes = ["1 rue X"], code_postal = "67000", ville = "Strasbourg" }
[creance]
fondement = "contrat"
description = "Maintenance"
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-02-14"
montant = "100.50"
piece = "pieces/ok.pdf"
"#,
        );
        assert!(v.is_empty(), "{v:?}");
    }

    #[test]
    fn l441_10_against_a_consumer_is_refused() {
        let v = diag(
            r#"
reference = "X"
[creancier]
nature = "societe"
denomination = "A"
[debiteur]
nature = "particulier"
nom = "B"
[creance]
interets = "l441-10"
[[factures]]
numero = "F1"
date = "2026-01-15"
echeance = "2026-02-14"
montant = "100"
"#,
        );
        assert!(erreurs(&v).contains(&"creance.interets".to_owned()));
    }
    /// One home for an invoice's number: a payment naming `"F-1 "` is imputed to invoice
    /// `"F-1"` by the décompte exactly as validation accepts it (issue 10, point 4).
    #[test]
    fn invoice_numbers_are_compared_as_validation_reads_them() {
        let x = dossier_toml(
            "reference = \"T\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n[debiteur]\nnature = \"societe\"\ndenomination = \"B\"\n[creance]\ninterets = \"aucun\"\n\
             [[factures]]\nnumero = \" F-1\"\ndate = \"2026-01-15\"\necheance = \"2026-02-14\"\nmontant = \"100\"\n\
             [[factures]]\nnumero = \"F-2\"\ndate = \"2026-01-01\"\necheance = \"2026-01-31\"\nmontant = \"100\"\n\
             [[paiements]]\ndate = \"2026-03-10\"\nmontant = \"60\"\nfacture = \"F-1 \"",
        );
        let tables = TablesLoi::embarquees().unwrap();
        let arrete = "2026-06-30".parse().unwrap();
        let ctx = Contexte {
            arrete,
            tables: &tables,
            existe: None,
        };
        assert!(!valider(&x, &ctx)
            .iter()
            .any(|d| d.est_erreur() && d.chemin.starts_with("paiements")));
        let r = crate::law::calculer(&x, arrete, &tables).unwrap().decompte;
        let f1 = r.factures.iter().find(|f| f.numero == "F-1").unwrap();
        assert_eq!(
            f1.paye,
            "60.00".parse().unwrap(),
            "imputed to F-1, not by due date to F-2"
        );
    }
}
