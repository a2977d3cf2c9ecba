//! The pages, server-rendered with `maud`: checked at compile time, every value from data
//! escaped. French for the reader; no script.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

use super::analyse::{Analyse, Fiche, Jalon, LigneDossier, Statut, Totaux};
use super::completer::TYPES_JURIDICTION;
use crate::diagnostic::{Diagnostic, Gravite};
use crate::format::{date_fr, montant_devise, taux_fr};

/// The style sheet, embedded in the binary.
pub const CSS: &str = include_str!("style.css");

fn mise_en_page(titre: &str, corps: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (titre) " — recouvre" }
                link rel="stylesheet" href="/style.css";
            }
            body {
                header.bandeau {
                    a.marque href="/" { "recouvre" }
                    span { "Espace de travail du portefeuille" }
                }
                main { (corps) }
            }
        }
    }
}

/// An HTML response with `status`.
pub fn reponse(status: StatusCode, page: Markup) -> Response {
    let mut r = (status, page.into_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    r
}

/// A page that says what went wrong and what to do.
pub fn erreur(status: StatusCode, titre: &str, message: &str) -> Response {
    reponse(
        status,
        mise_en_page(
            titre,
            html! {
                h1 { (titre) }
                p.message { (message) }
                p { a href="/" { "Retour au portefeuille" } }
            },
        ),
    )
}

/// What an upload imported: the case files written (to open) and what went wrong.
pub fn importe(ecrits: &[(String, String, Vec<String>)], erreurs: &[String]) -> Markup {
    mise_en_page(
        "Import",
        html! {
            h1 { "Import" }
            @if ecrits.is_empty() {
                p.message { "Aucun dossier écrit." }
            } @else {
                p { (ecrits.len()) " dossier" @if ecrits.len() > 1 { "s" } " écrit" @if ecrits.len() > 1 { "s" } " dans le portefeuille :" }
                ul id="importes" {
                    @for (reference, debiteur, a_completer) in ecrits {
                        li { a href={ "/dossier/" (reference) } { (reference) } " — " (debiteur)
                            @if !a_completer.is_empty() {
                                ul { @for a in a_completer { li.discret { "à compléter : " (a) } } }
                            }
                        }
                    }
                }
            }
            @if !erreurs.is_empty() {
                h2 { "Refusé" }
                ul.diagnostics { @for e in erreurs { li.erreur { (e) } } }
            }
            p { a href="/" { "Retour au portefeuille" } }
        },
    )
}

/// A failure listed with its diagnostics (build refused, register unavailable…).
pub fn echec(
    status: StatusCode,
    titre: &str,
    reference: &str,
    diagnostics: &[Diagnostic],
) -> Response {
    reponse(
        status,
        mise_en_page(
            titre,
            html! {
                h1 { (titre) }
                (liste_diagnostics(diagnostics))
                p { a href={ "/dossier/" (reference) } { "Retour au dossier " (reference) } }
            },
        ),
    )
}

/// What the portfolio page was asked for.
pub struct Filtre {
    pub tri: String,
    pub statut: Option<Statut>,
    pub q: String,
}

impl Filtre {
    fn lien_tri(&self, colonne: &str) -> String {
        let tri = if self.tri == colonne {
            format!("-{colonne}")
        } else {
            colonne.to_owned()
        };
        let mut s = format!("/?tri={tri}");
        if let Some(st) = self.statut {
            s.push_str(&format!("&statut={}", st.code()));
        }
        if !self.q.is_empty() {
            s.push_str("&q=");
            s.push_str(&encoder(&self.q));
        }
        s
    }
}

/// Percent-encodes a query value: everything but the unreserved characters (RFC 3986).
fn encoder(s: &str) -> String {
    const VALEUR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(s, VALEUR).to_string()
}

fn classe_statut(s: Statut) -> &'static str {
    match s {
        Statut::AFaire => "statut a-faire",
        Statut::EnAttente => "statut attente",
        Statut::Contentieux => "statut contentieux",
        Statut::Solde => "statut solde",
        Statut::Erreur => "statut erreur",
        Statut::RienAFaire => "statut rien",
    }
}

pub fn portefeuille(
    src: &str,
    lignes: &[LigneDossier],
    totaux_portefeuille: &Totaux,
    filtre: &Filtre,
    date: &str,
    import: Option<&str>,
) -> Markup {
    let totaux = Totaux::de(lignes);
    let colonnes = [
        ("reference", "Référence"),
        ("debiteur", "Débiteur"),
        ("total", "Total dû"),
        ("etape", "Étape due"),
        ("derniere", "Dernière étape"),
        ("prochaine", "Prochaine étape"),
        ("statut", "Statut"),
    ];
    mise_en_page(
        "Portefeuille",
        html! {
            h1 { "Portefeuille" }
            p.discret { "Dossiers de " code { (src) } " — calcul au " (date) }
            form.filtres method="get" action="/" {
                input type="hidden" name="tri" value=(filtre.tri);
                label { "Statut "
                    select name="statut" {
                        option value="" selected[filtre.statut.is_none()] { "tous" }
                        @for s in Statut::TOUS {
                            option value=(s.code()) selected[filtre.statut == Some(s)] { (s.libelle()) }
                        }
                    }
                }
                label { "Recherche "
                    input type="search" name="q" value=(filtre.q) placeholder="référence ou débiteur";
                }
                button type="submit" { "Filtrer" }
            }
            table id="portefeuille" {
                thead { tr {
                    @for (c, titre) in colonnes {
                        th { a href=(filtre.lien_tri(c)) { (titre)
                            @if filtre.tri == c { " ▲" } @else if filtre.tri == format!("-{c}") { " ▼" }
                        } }
                    }
                    th { "Source" }
                } }
                tbody {
                    @for l in lignes {
                        tr {
                            td { @if l.reference.is_empty() { em { "illisible" } } @else {
                                a.dossier href={ "/dossier/" (l.reference) } { (l.reference) } } }
                            td { (l.debiteur) }
                            td.montant { (montant_devise(l.total, &l.devise)) }
                            td { @if let Some(e) = &l.etape { (e) @if l.projets > 0 { " " span.projet { "(" (l.projets) " PROJET)" } } } @else { "—" } }
                            td { @if let Some((e, d)) = &l.derniere { (e) " le " (date_fr(*d)) } @else { "—" } }
                            td { @if let Some((e, d)) = &l.prochaine { (e) " le " (date_fr(*d)) } @else { "—" } }
                            td { span class=(classe_statut(l.statut)) { (l.statut.libelle()) }
                                @if l.erreurs > 0 { " (" (l.erreurs) " erreur" @if l.erreurs > 1 { "s" } ")" } }
                            td.discret { code { (l.source) } }
                        }
                    }
                }
                tfoot { tr id="totaux" {
                    td { (totaux.dossiers) " dossier" @if totaux.dossiers > 1 { "s" } }
                    td { }
                    td.montant { (totaux.montants()) }
                    td colspan="3" { }
                    td colspan="2" {
                        @for (s, n) in &totaux.par_statut { span class=(classe_statut(*s)) { (s.libelle()) " : " (n) } " " }
                    }
                } }
            }
            table id="anciennete" {
                caption { "Balance âgée du principal impayé (jours de retard au " (date) ")" }
                thead { tr { th { "Devise" } th { "0 à 30 jours" } th { "31 à 60 jours" } th { "61 à 90 jours" } th { "plus de 90 jours" } } }
                tbody {
                    @for (devise, a) in &totaux.anciennete {
                        tr { td { (devise) } @for x in a { td.montant { (montant_devise(*x, devise)) } } }
                    }
                }
            }
            @if totaux.dossiers != totaux_portefeuille.dossiers {
                p.discret { "Filtré : " (totaux.dossiers) " sur " (totaux_portefeuille.dossiers) " dossiers ("
                    (totaux_portefeuille.montants()) " au total)." }
            }
            section id="import" {
                h2 { "Importer des factures" }
                @if let Some(csrf) = import {
                    p.discret { "Factures électroniques (UBL, CII, PDF Factur-X), FEC (nom contenant « FEC ») ou CSV de masse : un dossier par créancier et débiteur est écrit dans le portefeuille, comme par "
                        code { "recouvre import" } " ; un dossier qui existe déjà n'est pas remplacé. "
                        (super::securite::LIMITE_CORPS / (1024 * 1024)) " Mio au plus par envoi." }
                    form method="post" enctype="multipart/form-data" action="/importer" {
                        input type="hidden" name="csrf" value=(csrf);
                        input type="file" name="fichiers" multiple required;
                        button type="submit" { "Importer" }
                    }
                } @else {
                    p.discret { "L'import écrit de nouveaux dossiers dans un portefeuille dossier : ce portefeuille est un fichier." }
                }
            }
        },
    )
}

fn liste_diagnostics(diagnostics: &[Diagnostic]) -> Markup {
    html! {
        @if diagnostics.is_empty() {
            p.ok id="aucun-diagnostic" { "Aucun problème : le dossier est valide." }
        } @else {
            ul.diagnostics id="diagnostics" {
                @for d in diagnostics {
                    li class=(if d.gravite == Gravite::Erreur { "erreur" } else { "avertissement" }) {
                        strong { (if d.gravite == Gravite::Erreur { "erreur" } else { "avertissement" }) }
                        @if !d.chemin.is_empty() { " " code.chemin { (d.chemin) } }
                        " : " (d.message)
                        @if let Some(a) = &d.aide { br; span.aide { "aide : " (a) } }
                    }
                }
            }
        }
    }
}

/// What the case page shows beyond the analysis.
pub struct Extras<'a> {
    pub reference: &'a str,
    pub source: &'a str,
    pub chronologie: &'a [Jalon],
    /// Upcoming deadlines (CPC 640-642), soonest first.
    pub echeances: &'a [crate::registre::echeances::Echeance],
    pub fiche: Option<&'a Fiche>,
    pub csrf: &'a str,
    /// PDFs and bundles already built for the case.
    pub pdfs: &'a [String],
    pub bundles: &'a [String],
    pub registre: bool,
    pub date_jour: &'a str,
}

pub fn dossier(a: &Analyse, x: &Extras) -> Markup {
    let t = &a.traitement;
    let diagnostics: Vec<Diagnostic> = super::analyse::tries(&t.diagnostics)
        .into_iter()
        .cloned()
        .collect();
    let debiteur =
        t.lu.as_ref()
            .map(|l| l.dossier.debiteur.nom_complet())
            .unwrap_or_default();
    mise_en_page(
        &format!("Dossier {}", x.reference),
        html! {
            p { a href="/" { "← Portefeuille" } }
            h1 { "Dossier " (x.reference) }
            p.discret { (debiteur) " — " code { (x.source) }
                @if let Some(arrete) = t.arrete { " — arrêté au " (date_fr(arrete)) }
                " — statut : " span class=(classe_statut(a.statut())) { (a.statut().libelle()) } }

            section id="controle" {
                h2 { "Contrôle" }
                (liste_diagnostics(&diagnostics))
            }

            section id="etape" {
                h2 { "Étape due" }
                @match &a.etape {
                    None => { p { "Corrigez d'abord les erreurs ci-dessus." } }
                    Some(Err(r)) => { p.message { "Démarche refusée : " (r.message) } p.aide { (r.aide) } }
                    Some(Ok(plan)) => {
                        p { "Étape : " strong id="voie" { (plan.voie.code()) }
                            @if let Some(trib) = &plan.tribunal { " — " (trib.nom()) } }
                        table.documents {
                            thead { tr { th { "Document" } th { "Fichier" } th { "État" } } }
                            tbody {
                                @for d in &plan.documents {
                                    tr {
                                        td { (d.forme.titre) }
                                        td { code { (d.fichier) } }
                                        td {
                                            @if d.projet.is_empty() { span.ok { "complet" } }
                                            @else {
                                                span.projet { "PROJET" }
                                                ul.a-completer { @for m in &d.projet { li { (m) } } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        form method="post" action={ "/dossier/" (x.reference) "/construire" } {
                            input type="hidden" name="csrf" value=(x.csrf);
                            button id="construire" type="submit" { "Construire l'étape" }
                        }
                    }
                }
                @if !x.pdfs.is_empty() || !x.bundles.is_empty() {
                    div id="documents" {
                        h3 { "Documents construits" }
                        @for p in x.pdfs {
                            details open[p == &x.pdfs[0]] {
                                summary { a href={ "/dossier/" (x.reference) "/document/" (p) } { (p) } }
                                iframe.pdf src={ "/dossier/" (x.reference) "/document/" (p) } title=(p) {}
                            }
                        }
                        h3 { "Bundles (vérifiés avant téléchargement)" }
                        ul { @for b in x.bundles { li { a.bundle href={ "/dossier/" (x.reference) "/bundle/" (b) } { (b) } } } }
                    }
                }
            }

            @if let Some(d) = &t.decompte {
                section id="decompte" {
                    h2 { "Décompte au " (date_fr(d.arrete_au)) }
                    table.decompte {
                        thead { tr {
                            th { "Facture" } th { "Date" } th { "Échéance" } th { "Montant" }
                            th { "Payé" } th { "Principal dû" } th { "Intérêts" } th { "Indemnité" }
                        } }
                        tbody {
                            @for f in &d.factures {
                                tr {
                                    td { (f.numero) } td { (date_fr(f.date)) } td { (date_fr(f.echeance)) }
                                    td.montant { (montant_devise(f.montant, &d.devise)) }
                                    td.montant { (montant_devise(f.paye, &d.devise)) }
                                    td.montant { (montant_devise(f.principal, &d.devise)) }
                                    td.montant { (montant_devise(f.interets, &d.devise)) }
                                    td.montant { (montant_devise(f.indemnite, &d.devise)) }
                                }
                            }
                        }
                        tfoot {
                            tr { td colspan="5" { "Principal" } td.montant colspan="3" { (montant_devise(d.principal, &d.devise)) } }
                            tr { td colspan="5" { "Intérêts" } td.montant colspan="3" { (montant_devise(d.interets, &d.devise)) } }
                            tr { td colspan="5" { "Indemnités forfaitaires" } td.montant colspan="3" { (montant_devise(d.indemnites, &d.devise)) } }
                            @if !d.clause_penale.is_zero() {
                                tr { td colspan="5" { "Clause pénale"
                                    @if let Some(tx) = d.taux_clause_penale { " (" (taux_fr(tx)) ")" } }
                                    td.montant colspan="3" { (montant_devise(d.clause_penale, &d.devise)) } }
                            }
                            tr.total id="total" { td colspan="5" { "Total dû" } td.montant colspan="3" { (montant_devise(d.total, &d.devise)) } }
                        }
                    }
                    @if !d.non_exigibles.is_empty() {
                        p.discret { "Non exigibles à cette date : "
                            @for (i, n) in d.non_exigibles.iter().enumerate() {
                                @if i > 0 { ", " } (n.numero) " (échéance " (date_fr(n.echeance)) ")" } }
                    }
                    details.methode { summary { "Méthode de calcul" } p { (d.methode) } }
                }
            }

            section id="chronologie" {
                h2 { "Chronologie" }
                @if x.chronologie.is_empty() { p { "Rien à afficher." } }
                ol.chronologie {
                    @for j in x.chronologie {
                        li class=(j.genre) { span.date { (date_fr(j.date)) } " " (j.texte) }
                    }
                }
            }

            section id="echeances" {
                h2 { "Échéances" }
                @if x.echeances.is_empty() { p { "Aucune échéance connue." } }
                ul.echeances {
                    @for e in x.echeances {
                        li { strong { (date_fr(e.dernier_jour)) } " — " (e.libelle)
                            @if e.en_retard { " " span.projet { "EN RETARD" } }
                            " " span.discret { "(" @if !e.duree.is_empty() { (e.duree) ", " } (e.source) ")" } }
                    }
                }
            }

            section id="completer" {
                h2 { "Compléter le dossier" }
                @match x.fiche {
                    Some(f) if f.editable => { (formulaire(x, f)) }
                    Some(_) => { p { "Ce dossier est au format JSON : modifiez-le dans un éditeur (le formulaire n'écrit que des fichiers TOML, en gardant leurs commentaires)." } }
                    None => { p { "Ce dossier vient d'un fichier CSV groupé : modifiez la ligne dans le CSV." } }
                }
            }

            section id="registre" {
                h2 { "Enregistrer un fait" }
                @if x.registre {
                    form method="post" enctype="multipart/form-data" action={ "/dossier/" (x.reference) "/fait" } {
                        input type="hidden" name="csrf" value=(x.csrf);
                        label { "Date " input type="date" name="date" value=(x.date_jour) required; }
                        label { "Type "
                            select name="type" {
                                @for t in ["paiement", "envoi", "relance", "mise_en_demeure", "reconnaissance_de_dette", "ordonnance_injonction", "signification", "opposition", "jugement", "autre"] { option value=(t) { (t) } }
                            }
                        }
                        label { "Détail (montant d'un paiement, numéro d'un recommandé, note) " input type="text" name="detail"; }
                        label { "Pièce (facultative : avis de réception, ordonnance, acte…, " (super::securite::LIMITE_CORPS / (1024 * 1024)) " Mio au plus) " input type="file" name="piece"; }
                        button type="submit" { "Enregistrer" }
                    }
                } @else {
                    p.discret { "Le registre des faits (envois, paiements, ordonnances…) n'est pas encore disponible dans cet espace : consignez-les dans le fichier du dossier ("
                        code { "[[evenements]]" } ", " code { "[[paiements]]" } ")." }
                }
            }
        },
    )
}

/// A civilité as the case file spells it: not stated, madame or monsieur.
fn choix_civilite(nom: &str, valeur: &str) -> Markup {
    html! {
        select name=(nom) {
            @for (v, l) in [("", "non précisée"), ("madame", "Madame"), ("monsieur", "Monsieur")] {
                option value=(v) selected[valeur == v] { (l) }
            }
        }
    }
}

fn formulaire(x: &Extras, f: &Fiche) -> Markup {
    html! {
        form id="formulaire" method="post" action={ "/dossier/" (x.reference) "/completer" } {
            input type="hidden" name="csrf" value=(x.csrf);
            input type="hidden" name="empreinte" value=(f.empreinte);
            fieldset {
                legend { "Juridiction " code { "[juridiction]" } }
                label { "Type "
                    select name="juridiction_type" {
                        option value="" selected[f.juridiction_type.is_empty()] { "(non désignée)" }
                        @for (code, libelle) in TYPES_JURIDICTION {
                            option value=(code) selected[f.juridiction_type == *code] { (libelle) }
                        }
                    }
                }
                label { "Ville " input type="text" name="juridiction_ville" value=(f.juridiction_ville); }
            }
            fieldset {
                legend { "Audience " code { "procedure.audience" } }
                label { "Date " input type="text" name="audience_date" value=(f.audience_date) placeholder="AAAA-MM-JJ"; }
                label { "Heure " input type="text" name="audience_heure" value=(f.audience_heure) placeholder="HH:MM"; }
            }
            fieldset {
                legend { "Avocat " code { "[avocat]" } }
                label { "Nom " input type="text" name="avocat_nom" value=(f.avocat_nom); }
                label { "Barreau " input type="text" name="avocat_barreau" value=(f.avocat_barreau); }
            }
            fieldset {
                legend { "Débiteur" }
                label { "Adresse électronique " input type="email" name="debiteur_email" value=(f.debiteur_email); }
                label { "Civilité (personne physique) " (choix_civilite("debiteur_civilite", &f.debiteur_civilite)) }
                @if let Some((nom, civilite)) = &f.representants[1] {
                    label { "Civilité de son représentant légal" @if !nom.is_empty() { " (" (nom) ")" } " "
                        (choix_civilite("debiteur_representant_civilite", civilite)) }
                }
            }
            @if let Some((nom, civilite)) = &f.representants[0] {
                fieldset {
                    legend { "Créancier" }
                    label { "Civilité de son représentant légal" @if !nom.is_empty() { " (" (nom) ")" } " "
                        (choix_civilite("creancier_representant_civilite", civilite)) }
                }
            }
            fieldset {
                legend { "Tentative amiable " code { "procedure.diligences_amiables" } }
                textarea name="diligences_amiables" rows="3" { (f.diligences_amiables) }
            }
            p.discret { "Un champ vidé est retiré du fichier ; les commentaires et la mise en page du fichier sont conservés." }
            button id="enregistrer" type="submit" { "Enregistrer dans le fichier" }
        }
    }
}
