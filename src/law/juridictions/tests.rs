use super::*;

fn t() -> TablesLoi {
    TablesLoi::embarquees().unwrap()
}

fn jour() -> NaiveDate {
    "2026-06-30".parse().unwrap()
}

fn c(cp: &str, ville: &str) -> Competence {
    competence(cp, ville, jour(), &t())
}

fn tj(c: &Competence) -> Option<&str> {
    c.judiciaire.retenue.as_ref().map(|j| j.nom.as_str())
}

fn commerce(c: &Competence) -> Option<&str> {
    c.commerciale
        .retenue
        .as_ref()
        .map(|j| j.juridiction.nom.as_str())
}

/// The embedded tables load and keep every row of the source (README: 35 014 rows, 164 TJ +
/// 4 TPI), and every TJ seat is a commune of the table.
#[test]
fn embedded_data_is_complete() {
    assert_eq!(nombre_communes(), 35_014);
    assert_eq!(tribunaux_judiciaires().count(), 168);
    let r = &*REFERENTIEL;
    for (insee, nom) in tribunaux_judiciaires() {
        assert!(
            r.communes.iter().any(|c| &*c.insee == insee),
            "{nom} : siège {insee} absent"
        );
    }
    // Every commercial court a commune points to has an official name but the two greffes
    // of New Caledonia and French Polynesia.
    let sans_nom: Vec<_> = r
        .commerce
        .iter()
        .filter(|c| c.nature.is_none())
        .map(|c| &*c.cle)
        .collect();
    assert_eq!(sans_nom, ["Nouvelle Calédonie", "PAPEETE (TGI)"]);
}

#[test]
fn names_compare_without_accents_case_hyphens_or_st() {
    assert_eq!(cle_nom("Saint-Étienne"), "saint etienne");
    assert_eq!(cle_nom("ST ETIENNE CEDEX 2"), "saint etienne");
    assert_eq!(cle_nom("Ste-Foy-lès-Lyon"), "sainte foy les lyon");
    assert_eq!(cle_nom("L'Haÿ-les-Roses"), "l hay les roses");
    assert_eq!(cle_nom("Œuilly"), "oeuilly");
    assert_eq!(cle_nom("  Boulogne  Billancourt "), "boulogne billancourt");
}

/// Spot checks of the data README: CPC 42 and 1406, the court of the debtor's commune.
#[test]
fn pessac_goes_to_bordeaux() {
    let p = c("33600", "Pessac");
    assert_eq!(p.correspondance, Correspondance::Nom);
    assert_eq!(p.communes[0].insee, "33318");
    assert_eq!(tj(&p), Some("Tribunal judiciaire de Bordeaux"));
    // Gironde has two TJs; Pessac's is inferred from the TC's ressort.
    assert_eq!(p.judiciaire.certitude, Certitude::Deduite);
    assert_eq!(commerce(&p), Some("Tribunal de commerce de Bordeaux"));
    assert_eq!(p.commerciale.certitude, Certitude::Certaine);
    assert_eq!(p.cour_appel.as_deref(), Some("Cour d'appel de Bordeaux"));
    // Bordeaux itself is the seat: certain.
    let b = c("33000", "Bordeaux");
    assert_eq!(b.judiciaire.certitude, Certitude::Certaine);
    assert_eq!(tj(&b), Some("Tribunal judiciaire de Bordeaux"));
}

/// The TAE by its ressort, not by the city of its seat (loi n° 2023-1059 art. 26).
#[test]
fn villeurbanne_goes_to_the_tae_of_lyon() {
    let v = c("69100", "Villeurbanne");
    let com = v.commerciale.retenue.as_ref().unwrap();
    assert_eq!(com.nature, NatureCommerciale::TribunalActivitesEconomiques);
    assert_eq!(
        com.juridiction.nom,
        "Tribunal des activités économiques de Lyon"
    );
    assert_eq!(com.juridiction.siege, "Lyon");
    assert_eq!(tj(&v), Some("Tribunal judiciaire de Lyon"));
    // After the experiment (31 December 2028): the tribunal de commerce of the same seat.
    let apres = competence("69100", "Villeurbanne", "2029-01-02".parse().unwrap(), &t());
    let com = apres.commerciale.retenue.unwrap();
    assert_eq!(com.nature, NatureCommerciale::TribunalDeCommerce);
    assert_eq!(com.juridiction.nom, "Tribunal de commerce de Lyon");
}

#[test]
fn boulogne_billancourt_goes_to_nanterre() {
    let b = c("92100", "BOULOGNE BILLANCOURT");
    assert_eq!(b.communes[0].insee, "92012");
    assert_eq!(
        commerce(&b),
        Some("Tribunal des activités économiques de Nanterre")
    );
    assert_eq!(tj(&b), Some("Tribunal judiciaire de Nanterre"));
    assert_eq!(b.judiciaire.certitude, Certitude::Certaine);
    assert_eq!(b.cour_appel.as_deref(), Some("Cour d'appel de Versailles"));
}

#[test]
fn dinan_is_inferred_across_the_border() {
    let d = c("22100", "Dinan");
    assert_eq!(tj(&d), Some("Tribunal judiciaire de Saint-Malo"));
    assert_eq!(d.judiciaire.certitude, Certitude::Deduite);
    assert!(d.judiciaire.motif.contains("autre département"));
    assert_eq!(commerce(&d), Some("Tribunal de commerce de Saint-Malo"));
}

/// Bas-Rhin: Sélestat's chambre commerciale is the TJ of Colmar's (C. com. L731-1 s.), as the
/// data says.
#[test]
fn selestat_goes_to_the_commercial_chamber_of_colmar() {
    let s = c("67600", "Selestat");
    let com = s.commerciale.retenue.as_ref().unwrap();
    assert_eq!(com.nature, NatureCommerciale::ChambreCommerciale);
    assert_eq!(
        com.juridiction.nom,
        "Tribunal judiciaire de Colmar (chambre commerciale)"
    );
    assert_eq!(com.juridiction.siege, "Colmar");
    assert_eq!(tj(&s), Some("Tribunal judiciaire de Colmar"));
    assert_eq!(s.judiciaire.certitude, Certitude::Certaine);
}

/// Haute-Garonne has two TJs and one TC at Toulouse: a commune of the TC's ressort outside
/// Toulouse is unresolved between Toulouse and Saint-Gaudens.
#[test]
fn unresolved_commune_lists_the_candidates() {
    let b = c("31700", "Blagnac");
    assert_eq!(b.judiciaire.certitude, Certitude::Indeterminee);
    assert_eq!(b.judiciaire.retenue, None);
    let noms: Vec<_> = b
        .judiciaire
        .candidats
        .iter()
        .map(|j| j.nom.as_str())
        .collect();
    assert_eq!(
        noms,
        [
            "Tribunal judiciaire de Toulouse",
            "Tribunal judiciaire de Saint-Gaudens"
        ]
    );
    assert_eq!(b.cour_appel.as_deref(), Some("Cour d'appel de Toulouse"));
    // Toulouse itself is the seat.
    assert_eq!(
        c("31000", "Toulouse").judiciaire.certitude,
        Certitude::Certaine
    );
}

/// Several communes share a postal code: the name chooses, and the choice is said.
#[test]
fn the_name_chooses_among_communes_of_a_postal_code() {
    // 33890 has Pessac-sur-Dordogne and others, all at Libourne.
    let p = c("33890", "pessac sur dordogne");
    assert_eq!(p.communes.len(), 1);
    assert_eq!(p.communes[0].nom, "Pessac-sur-Dordogne");
    assert_eq!(p.correspondance, Correspondance::Nom);
    assert!(
        p.explication().contains("reconnue par son nom"),
        "{}",
        p.explication()
    );
    assert_eq!(tj(&p), Some("Tribunal judiciaire de Libourne"));
    // « St » for « Saint ».
    let s = c("69110", "Ste Foy les Lyon");
    assert_eq!(s.communes[0].nom, "Sainte-Foy-lès-Lyon");
    // An unknown name among several communes: ambiguous, with the candidates.
    let a = c("33890", "Nulle-Part");
    assert_eq!(a.correspondance, Correspondance::Ambigue);
    assert!(a.communes.len() > 1);
    assert!(a.explication().contains("Pessac-sur-Dordogne (33319)"));
}

/// A postal code shared by communes of different courts: without the name, no court.
#[test]
fn ambiguous_commune_keeps_every_possible_court() {
    let r = &*REFERENTIEL;
    // Find a postal code whose communes have different TJs, from the data itself.
    let (cp, _) = r
        .par_code_postal
        .iter()
        .filter(|(cp, _)| !cp.starts_with("75") && !cp.starts_with("69") && !cp.starts_with("13"))
        .find(|(_, v)| {
            let tjs: std::collections::HashSet<_> =
                v.iter().map(|&i| r.communes[i as usize].tj).collect();
            tjs.len() > 1 && !tjs.contains(&None)
        })
        .unwrap();
    let a = c(cp, "Ville imaginaire");
    assert_eq!(a.correspondance, Correspondance::Ambigue);
    assert_eq!(a.judiciaire.certitude, Certitude::Indeterminee);
    assert!(a.judiciaire.candidats.len() > 1, "{a:?}");
}

#[test]
fn arrondissements_of_paris_lyon_marseille() {
    let p = c("75011", "Paris");
    assert_eq!(p.correspondance, Correspondance::Arrondissement);
    assert_eq!(p.communes[0].nom, "Paris 11e Arrondissement");
    assert_eq!(tj(&p), Some("Tribunal judiciaire de Paris"));
    assert_eq!(
        commerce(&p),
        Some("Tribunal des activités économiques de Paris")
    );
    let l = c("69003", "LYON 3EME");
    assert_eq!(l.communes[0].insee, "69383");
    // The arrondissement belongs to the seat's commune: certain.
    assert_eq!(l.judiciaire.certitude, Certitude::Certaine);
    let m = c("13008", "Marseille 8e arrondissement");
    assert_eq!(m.communes[0].insee, "13208");
    assert_eq!(tj(&m), Some("Tribunal judiciaire de Marseille"));
}

#[test]
fn cedex_and_unknown_communes() {
    // A CEDEX code is not a commune's postal code: the name in the département.
    let p = c("33608", "PESSAC CEDEX");
    assert_eq!(p.correspondance, Correspondance::NomDansDepartement);
    assert_eq!(p.communes[0].insee, "33318");
    // One commune for the postal code, name written differently.
    let seul = c("33600", "Pessac Alouette");
    assert_eq!(seul.correspondance, Correspondance::NomApproche);
    let inconnu = c("33600", "Mérignac");
    assert_eq!(inconnu.correspondance, Correspondance::CodePostalSeul);
    assert!(inconnu.explication().contains("seule commune"));
    let rien = c("00000", "Nulle-Part");
    assert_eq!(rien.correspondance, Correspondance::Inconnue);
    assert_eq!(rien.judiciaire.certitude, Certitude::Indeterminee);
    assert_eq!(rien.commerciale.certitude, Certitude::Indeterminee);
    assert!(rien.judiciaire.motif.contains("introuvable"));
    assert_eq!(c("3360", "Pessac").correspondance, Correspondance::Inconnue);
}

/// Overseas: tribunaux mixtes de commerce; the source's greffes of New Caledonia and French
/// Polynesia name no court: never printed.
#[test]
fn overseas_courts() {
    let f = c("97200", "Fort-de-France");
    assert_eq!(
        f.commerciale.retenue.as_ref().unwrap().nature,
        NatureCommerciale::TribunalMixteDeCommerce
    );
    assert_eq!(
        commerce(&f),
        Some("Tribunal mixte de commerce de Fort-de-France")
    );
    let p = c("98714", "Papeete");
    assert_eq!(p.commerciale.certitude, Certitude::Indeterminee);
    assert_eq!(commerce(&p), None);
    assert_eq!(tj(&p), Some("Tribunal de première instance de Papeete"));
}

#[test]
fn official_names_from_kind_and_seat() {
    assert_eq!(
        nom_officiel(None, "agen").as_deref(),
        Some("Tribunal judiciaire d'Agen")
    );
    assert_eq!(
        nom_officiel(
            Some(NatureCommerciale::TribunalActivitesEconomiques),
            "Le Havre"
        )
        .as_deref(),
        Some("Tribunal des activités économiques du Havre")
    );
    assert_eq!(
        nom_officiel(Some(NatureCommerciale::TribunalDeCommerce), "Lyon").as_deref(),
        Some("Tribunal de commerce de Lyon")
    );
    assert_eq!(nom_officiel(None, "Pessac"), None);
    assert_eq!(
        nom_officiel(Some(NatureCommerciale::TribunalDeCommerce), "Villeurbanne"),
        None
    );
}

const OFFICIEL: &str = "Commune;Libellé Commune;Orig. CA;N° CA;Cour d'Appel compétente;Orig. TJ;N° TJ;Tribunal judiciaire compétent;Orig. TPRX;N° TPRX;Tribunal de proximité compétent;Orig. CPH;N° CPH;Conseil de Prud'hommes compétent\n\
31069;Blagnac;X;1;Cour d'appel de Toulouse;X;2;Tribunal judiciaire de Toulouse;;;;;;\n\
33318;Pessac;X;1;Cour d'appel de Bordeaux;X;2;TRIBUNAL JUDICIAIRE DE LIBOURNE;;;;;;\n\
75056;Paris;X;1;Cour d'appel de Paris;X;2;Tribunal judiciaire de Paris;;;;;;\n";

/// The Ministry's file makes the TJ column authoritative, whatever the embedded status.
#[test]
fn the_official_file_decides_the_tj() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(FICHIER_COMPETENCES), OFFICIEL).unwrap();
    let tables = t().avec_surcharge(dir.path()).unwrap();
    assert_eq!(tables.competences_officielles().unwrap().len(), 3);
    let b = competence("31700", "Blagnac", jour(), &tables);
    assert_eq!(b.judiciaire.certitude, Certitude::Certaine);
    assert_eq!(tj(&b), Some("Tribunal judiciaire de Toulouse"));
    assert!(b.judiciaire.motif.contains("ministère de la Justice"));
    // The file's spelling is matched to the embedded court's.
    let p = competence("33600", "Pessac", jour(), &tables);
    assert_eq!(tj(&p), Some("Tribunal judiciaire de Libourne"));
    assert_eq!(p.judiciaire.certitude, Certitude::Certaine);
    // An arrondissement takes its commune's row.
    let a = competence("75011", "Paris", jour(), &tables);
    assert!(a.judiciaire.motif.contains("ministère"));
    // Communes absent from the file keep the embedded data.
    let d = competence("22100", "Dinan", jour(), &tables);
    assert_eq!(d.judiciaire.certitude, Certitude::Deduite);
    assert!(tables.version().contains("surchargé"));
}

#[test]
fn the_official_file_in_windows_1252_with_a_bom() {
    let (octets, _, _) = encoding_rs::WINDOWS_1252.encode(OFFICIEL);
    let o = CompetencesOfficielles::analyser("c.csv", &octets).unwrap();
    assert_eq!(o.len(), 3);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(OFFICIEL.as_bytes());
    assert_eq!(
        CompetencesOfficielles::analyser("c.csv", &bom)
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_bad_official_file_is_an_error_naming_the_line() {
    let err = |texte: &str| {
        CompetencesOfficielles::analyser("competences-territoriales.csv", texte.as_bytes())
            .unwrap_err()
            .to_string()
    };
    let e = err("Commune;Libellé Commune\n33318;Pessac\n");
    assert!(
        e.contains("colonne « Tribunal judiciaire compétent » absente"),
        "{e}"
    );
    let e = err(&OFFICIEL.replace("33318;Pessac", "3331;Pessac"));
    assert!(e.contains("ligne 3, colonne Commune"), "{e}");
    assert!(e.contains("« 3331 »"), "{e}");
    let e = err(&format!(
        "{OFFICIEL}33318;Pessac;X;1;;X;2;Tribunal judiciaire de Bordeaux;;;;;;\n"
    ));
    assert!(e.contains("ligne 5") && e.contains("déjà ligne 3"), "{e}");
    let e = err(&format!("{OFFICIEL}33063;Bordeaux;X\n"));
    assert!(e.contains("ligne 5"), "{e}");
    let e = err("Commune;Tribunal judiciaire compétent\n");
    assert!(e.contains("aucune commune lue"), "{e}");
    let long = "x".repeat(300);
    let e = err(&format!(
        "Commune;Tribunal judiciaire compétent\n33318;{long}\n"
    ));
    assert!(e.contains("plus de 200 caractères"), "{e}");
}

#[test]
fn an_oversized_official_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(FICHIER_COMPETENCES);
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(TAILLE_MAX_COMPETENCES + 10).unwrap();
    let e = CompetencesOfficielles::lire(&p).unwrap_err().to_string();
    assert!(e.contains("plus de 64 Mo"), "{e}");
}
