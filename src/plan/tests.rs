use super::*;
use crate::law::calculer;
use crate::model::exemple::dossier_toml;

fn cas(extra: &str, debiteur: &str) -> Dossier {
    let t = format!(
        "reference = \"P-1\"\n[creancier]\nnature = \"societe\"\ndenomination = \"A\"\n\
         [debiteur]\n{debiteur}\n[creance]\nfondement = \"contrat\"\n\
         [[factures]]\nnumero = \"F1\"\ndate = \"2026-01-05\"\necheance = \"2026-02-04\"\nmontant = \"12000\"\n{extra}"
    );
    dossier_toml(&t)
}

const SOCIETE_LYON: &str = "nature = \"societe\"\ndenomination = \"B\"\ncommercant = true\nadresse = { lignes = [\"1 rue\"], code_postal = \"69002\", ville = \"Lyon\" }";
const SOCIETE_STRASBOURG: &str = "nature = \"societe\"\ndenomination = \"B\"\ncommercant = true\nadresse = { lignes = [\"1 rue\"], code_postal = \"67000\", ville = \"Strasbourg\" }";
const SOCIETE_RENNES: &str = "nature = \"societe\"\ndenomination = \"B\"\ncommercant = true\nadresse = { lignes = [\"1 rue\"], code_postal = \"35000\", ville = \"Rennes\" }";
const PARTICULIER: &str = "nature = \"particulier\"\nnom = \"D\"\nadresse = { lignes = [\"1 rue\"], code_postal = \"33000\", ville = \"Bordeaux\" }";

fn plan(d: &Dossier, date: &str) -> Result<Plan, Refus> {
    let t = TablesLoi::embarquees().unwrap();
    let date: NaiveDate = date.parse().unwrap();
    let r = calculer(d, date, &t).unwrap();
    planifier(d, &r.decompte, date, &t)
}

#[test]
fn the_history_decides_the_next_step() {
    let d = cas("", SOCIETE_RENNES);
    let p = plan(&d, "2026-03-01").unwrap();
    assert_eq!((p.voie, p.niveau_relance), (Voie::Relance, 1));
    assert_eq!(p.documents[0].fichier, "01-relance-1.pdf");
    let d = cas(
        "[[evenements]]\ndate = \"2026-02-20\"\ntype = \"relance\"",
        SOCIETE_RENNES,
    );
    assert_eq!(plan(&d, "2026-03-01").unwrap().niveau_relance, 2);
    let d = cas("[[evenements]]\ndate = \"2026-02-20\"\ntype = \"relance\"\n[[evenements]]\ndate = \"2026-03-05\"\ntype = \"relance\"", SOCIETE_RENNES);
    assert_eq!(plan(&d, "2026-03-20").unwrap().voie, Voie::MiseEnDemeure);
    let d = cas(
        "[[evenements]]\ndate = \"2026-03-05\"\ntype = \"mise_en_demeure\"",
        SOCIETE_RENNES,
    );
    let p = plan(&d, "2026-04-20").unwrap();
    assert_eq!(p.voie, Voie::Injonction);
    let codes: Vec<_> = p.documents.iter().map(|d| d.forme.code.code()).collect();
    // 12 000 € > 10 000 €: an avocat will be needed on opposition, hence the letter.
    assert_eq!(
        codes,
        [
            "requete-injonction",
            "decompte",
            "bordereau",
            "lettre-commissaire",
            "lettre-avocat"
        ]
    );
    let mut petit = d.clone();
    petit.factures[0].montant = "900".parse().unwrap();
    let p = plan(&petit, "2026-04-20").unwrap();
    assert!(p
        .documents
        .iter()
        .all(|d| d.forme.code != CodeDocument::LettreAvocat));
    // The creditor's address is missing: the requête is a draft.
    assert!(p.documents[0].est_projet());
}

/// CPC 1406: the court of the debtor; commercial claims to the TC, the TAE in its 12 seats,
/// the chambre commerciale of the TJ in Alsace-Moselle; consumers to the TJ.
#[test]
fn court_by_nature_and_seat() {
    let voie = "[procedure]\nvoie = \"injonction\"";
    let p = plan(&cas(voie, SOCIETE_RENNES), "2026-04-20").unwrap();
    assert_eq!(p.tribunal.unwrap().nom(), "tribunal de commerce de Rennes");
    let p = plan(&cas(voie, SOCIETE_LYON), "2026-04-20").unwrap();
    assert_eq!(
        p.tribunal.unwrap().nom(),
        "tribunal des activités économiques de Lyon"
    );
    let p = plan(&cas(voie, SOCIETE_STRASBOURG), "2026-04-20").unwrap();
    assert_eq!(
        p.tribunal.unwrap().nom(),
        "tribunal judiciaire de Strasbourg (chambre commerciale)"
    );
    let t = TablesLoi::embarquees().unwrap();
    let d = cas(voie, PARTICULIER);
    let tr = tribunal(&d, "2026-04-20".parse().unwrap(), &t);
    assert_eq!(
        tr.juge_requete(),
        "Madame, Monsieur le Président du tribunal judiciaire de Bordeaux"
    );
}

/// CPC 761, 853: above 10 000 € an avocat is mandatory; CPC 750-1 at the TJ up to 5 000 €.
#[test]
fn representation_and_amicable_attempt() {
    let d = cas("[procedure]\nvoie = \"fond\"", PARTICULIER);
    let p = plan(&d, "2026-04-20").unwrap();
    assert_eq!(p.representation, Some(Representation::AvocatObligatoire));
    assert!(!p.tentative_amiable_requise);
    assert!(p.documents[0]
        .projet
        .iter()
        .any(|m| m.contains("avocat obligatoire")));
    let mut petit = d.clone();
    petit.factures[0].montant = "4000".parse().unwrap();
    let p = plan(&petit, "2026-04-20").unwrap();
    assert_eq!(p.representation, Some(Representation::Facultative));
    assert!(p.tentative_amiable_requise);
    assert!(p.documents[0].projet.iter().any(|m| m.contains("750-1")));
}

#[test]
fn refusals() {
    let mut d = cas("[procedure]\nvoie = \"injonction\"", SOCIETE_RENNES);
    d.debiteur.procedure_collective = Some(true);
    assert!(plan(&d, "2026-04-20")
        .unwrap_err()
        .message
        .contains("L622-21"));
    let mut d = cas("[procedure]\nvoie = \"injonction\"", SOCIETE_RENNES);
    d.creance.fondement = None;
    assert!(plan(&d, "2026-04-20").unwrap_err().message.contains("1405"));
    // Prescribed: 2 years against a consumer (C. consom. L218-2).
    let d = cas("[procedure]\nvoie = \"injonction\"", PARTICULIER);
    assert!(plan(&d, "2026-04-20").is_ok());
    let mut vieux = d.clone();
    vieux.factures[0].date = "2023-01-05".parse().unwrap();
    vieux.factures[0].echeance = Some("2023-02-04".parse().unwrap());
    assert!(plan(&vieux, "2026-04-20")
        .unwrap_err()
        .message
        .contains("prescrite"));
    // A reminder of a prescribed claim is not a court action: allowed.
    let mut relance = vieux.clone();
    relance.procedure = None;
    assert!(plan(&relance, "2026-04-20").is_ok());
}

/// CPC 42, 1406 without `[juridiction]`: a certain court from the commune's data is named;
/// an inferred or undetermined one leaves the judicial documents PROJET with the reason
/// (never the décompte), and no court is invented.
#[test]
fn court_from_the_commune_and_its_certainty() {
    let voie = "[procedure]\nvoie = \"injonction\"";
    let pessac = "nature = \"particulier\"\nnom = \"D\"\nadresse = { lignes = [\"1 rue\"], code_postal = \"33600\", ville = \"Pessac\" }";
    let p = plan(&cas(voie, pessac), "2026-04-20").unwrap();
    let t = p.tribunal.as_ref().unwrap();
    assert_eq!(t.nom(), "tribunal judiciaire de Bordeaux");
    assert_eq!(t.certitude, Certitude::Deduite);
    assert!(!t.est_determine());
    let req = &p.documents[0];
    assert!(
        req.projet
            .iter()
            .any(|m| m.contains("tribunal judiciaire de Bordeaux est déduit")),
        "{:?}",
        req.projet
    );
    assert!(!req.projet.iter().any(|m| m.contains("non désignée")));
    let dec = p
        .documents
        .iter()
        .find(|d| d.forme.code == CodeDocument::Decompte)
        .unwrap();
    assert!(dec.projet.is_empty(), "{:?}", dec.projet);
    let blagnac = pessac
        .replace("33600", "31700")
        .replace("Pessac", "Blagnac");
    let p = plan(&cas(voie, &blagnac), "2026-04-20").unwrap();
    let t = p.tribunal.as_ref().unwrap();
    assert_eq!(
        t.nom(),
        "tribunal judiciaire compétent (à déterminer : Toulouse ou Saint-Gaudens)"
    );
    assert_eq!(
        t.juge_requete(),
        "Madame, Monsieur le Président du tribunal judiciaire compétent (à déterminer : Toulouse ou Saint-Gaudens)"
    );
    // Consumer credit: the JCP of the TJ.
    let credit = cas(
        "[procedure]\nvoie = \"injonction\"\n",
        &pessac
            .replace("33600", "92100")
            .replace("Pessac", "Boulogne-Billancourt"),
    );
    let mut credit = credit;
    credit.creance.matiere = Some(crate::model::Matiere::CreditConsommation);
    let p = plan(&credit, "2026-04-20").unwrap();
    assert_eq!(
        p.tribunal.as_ref().unwrap().juge_requete(),
        "Madame, Monsieur le juge des contentieux de la protection du tribunal judiciaire de Nanterre"
    );
    // Certain: the TC of Rennes is named, the requête waits only for other data.
    let p = plan(&cas(voie, SOCIETE_RENNES), "2026-04-20").unwrap();
    assert!(
        p.documents[0]
            .projet
            .iter()
            .all(|m| !m.contains("juridiction")),
        "{:?}",
        p.documents[0].projet
    );
}
