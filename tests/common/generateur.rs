//! Synthetic but realistic case files for batch tests and benchmarks: professional and
//! consumer debtors, every interest mode, partial payments, reminders and formal notices at
//! various stages, one invoice exhibit each. Deterministic for a given seed.

#![allow(dead_code)]

use std::path::Path;

/// A small deterministic generator (xorshift), so tests need no extra crate.
pub struct Alea(u64);

impl Alea {
    pub fn new(graine: u64) -> Self {
        Alea(graine.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn suivant(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn entre(&mut self, a: u64, b: u64) -> u64 {
        a + self.suivant() % (b - a + 1)
    }
}

const VILLES: &[(&str, &str)] = &[
    ("75011", "Paris"),
    ("69003", "Lyon"),
    ("13001", "Marseille"),
    ("33000", "Bordeaux"),
    ("67000", "Strasbourg"),
    ("44000", "Nantes"),
    ("59000", "Lille"),
    ("31000", "Toulouse"),
    ("35000", "Rennes"),
    ("21000", "Dijon"),
];
const SIRENS: &[&str] = &[
    "404833048",
    "303265045",
    "123456824",
    "812345676",
    "521458968",
    "398765438",
    "443322110",
    "501239875",
];

fn date(jours_depuis_2025: u64) -> String {
    (chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
        + chrono::Duration::days(jours_depuis_2025 as i64))
    .to_string()
}

/// Writes case `i` into `dir/cas-NNNNN/dossier.toml` with its exhibit; arrêté 2026-06-30.
pub fn ecrire_cas(dir: &Path, i: usize, alea: &mut Alea, piece: &[u8]) -> std::path::PathBuf {
    let d = dir.join(format!("cas-{i:05}"));
    std::fs::create_dir_all(d.join("pieces")).unwrap();
    let particulier = alea.entre(0, 4) == 0;
    let (cp, ville) = VILLES[alea.entre(0, VILLES.len() as u64 - 1) as usize];
    let siren = SIRENS[alea.entre(0, SIRENS.len() as u64 - 1) as usize];
    let debiteur = if particulier {
        format!("nature = \"particulier\"\nnom = \"Martin{i}\"\nprenoms = \"Camille\"\nadresse = {{ lignes = [\"{} rue des Lilas\"], code_postal = \"{cp}\", ville = \"{ville}\" }}", i % 90 + 1)
    } else {
        format!("nature = \"societe\"\ndenomination = \"Client {i} SARL\"\nforme_juridique = \"SARL\"\nsiren = \"{siren}\"\ncommercant = true\nrepresentant = {{ nom = \"Gérant {i}\", qualite = \"Gérant\" }}\nadresse = {{ lignes = [\"{} avenue de la République\"], code_postal = \"{cp}\", ville = \"{ville}\" }}", i % 90 + 1)
    };
    let interets = if particulier {
        ["legal", "contractuel", "aucun"][alea.entre(0, 2) as usize]
    } else {
        ["l441-10", "l441-10", "legal", "contractuel", "aucun"][alea.entre(0, 4) as usize]
    };
    let mut t = format!(
        "reference = \"LOT-{i:05}\"\narrete_au = \"2026-06-30\"\n\n[creancier]\nnature = \"societe\"\ndenomination = \"Fournitures Dupuis\"\nforme_juridique = \"SAS\"\ncapital = \"100000\"\nsiren = \"732829320\"\nrcs = \"Paris\"\nrepresentant = {{ nom = \"Anne Dupuis\", qualite = \"Présidente\" }}\nadresse = {{ lignes = [\"3 rue du Faubourg\"], code_postal = \"75010\", ville = \"Paris\" }}\niban = \"FR7630006000011234567890189\"\n\n[debiteur]\n{debiteur}\n\n[creance]\nfondement = \"contrat\"\ndescription = \"Fournitures de bureau, contrat-cadre du 2 janvier 2025\"\ninterets = \"{interets}\"\n"
    );
    if interets == "contractuel" {
        t.push_str(&format!("taux_contractuel = \"{}\"\n", alea.entre(5, 15)));
    }
    if alea.entre(0, 3) == 0 {
        t.push_str("clause_penale = \"10\"\n");
    }
    let n = alea.entre(1, 4);
    let mut premiere = u64::MAX;
    for f in 0..n {
        let emise = alea.entre(300, 500);
        premiere = premiere.min(emise + 30);
        t.push_str(&format!(
            "\n[[factures]]\nnumero = \"F{i}-{f}\"\ndate = \"{}\"\necheance = \"{}\"\nmontant = \"{}.{:02}\"\n",
            date(emise),
            date(emise + 30),
            alea.entre(80, 25_000),
            alea.entre(0, 99)
        ));
        if f == 0 {
            t.push_str("piece = \"pieces/facture.pdf\"\n");
        }
    }
    if alea.entre(0, 2) == 0 {
        t.push_str(&format!(
            "\n[[paiements]]\ndate = \"{}\"\nmontant = \"{}\"\n",
            date(premiere + alea.entre(5, 40)),
            alea.entre(10, 70)
        ));
    }
    // History: none, one or two reminders, or a formal notice.
    let stade = alea.entre(0, 3);
    if stade >= 1 {
        t.push_str(&format!(
            "\n[[evenements]]\ndate = \"{}\"\ntype = \"relance\"\nmode = \"email\"\n",
            date(premiere + 20)
        ));
    }
    if stade >= 2 {
        t.push_str(&format!(
            "\n[[evenements]]\ndate = \"{}\"\ntype = \"relance\"\nmode = \"lrar\"\n",
            date(premiere + 36)
        ));
    }
    if stade >= 3 {
        t.push_str(&format!(
            "\n[[evenements]]\ndate = \"{}\"\ntype = \"mise_en_demeure\"\nmode = \"lrar\"\n",
            date(premiere + 50)
        ));
    }
    if alea.entre(0, 4) == 0 {
        t.push_str(&format!("\n[juridiction]\nville = \"{ville}\"\n\n[commissaire]\nnom = \"Étude {ville}\"\nadresse = {{ lignes = [\"1 place du Palais\"], code_postal = \"{cp}\", ville = \"{ville}\" }}\n"));
    }
    std::fs::write(d.join("pieces/facture.pdf"), piece).unwrap();
    let f = d.join("dossier.toml");
    std::fs::write(&f, t).unwrap();
    f
}

/// Writes case `i` of the « injonction » portfolio into `dir/inj-NNNNN/`: a commercial
/// debtor already reminded twice and formally notified, a contractual claim, so that at
/// 2026-06-30 every case is due for the requête en injonction de payer (requête, décompte,
/// bordereau, letters, two bundles), with one PDF exhibit.
pub fn ecrire_cas_injonction(
    dir: &Path,
    i: usize,
    alea: &mut Alea,
    piece: &[u8],
) -> std::path::PathBuf {
    let d = dir.join(format!("inj-{i:05}"));
    std::fs::create_dir_all(d.join("pieces")).unwrap();
    let (cp, ville) = VILLES[alea.entre(0, VILLES.len() as u64 - 1) as usize];
    let siren = SIRENS[alea.entre(0, SIRENS.len() as u64 - 1) as usize];
    let mut t = format!(
        "reference = \"INJ-{i:05}\"\narrete_au = \"2026-06-30\"\n\n[creancier]\nnature = \"societe\"\ndenomination = \"Fournitures Dupuis\"\nforme_juridique = \"SAS\"\ncapital = \"100000\"\nsiren = \"732829320\"\nrcs = \"Paris\"\nrepresentant = {{ nom = \"Anne Dupuis\", qualite = \"Présidente\" }}\nadresse = {{ lignes = [\"3 rue du Faubourg\"], code_postal = \"75010\", ville = \"Paris\" }}\niban = \"FR7630006000011234567890189\"\neffectif = 40\n\n\
         [debiteur]\nnature = \"societe\"\ndenomination = \"Client {i} SARL\"\nforme_juridique = \"SARL\"\nsiren = \"{siren}\"\ncommercant = true\nrepresentant = {{ nom = \"Gérant {i}\", qualite = \"Gérant\" }}\nadresse = {{ lignes = [\"{} avenue de la République\"], code_postal = \"{cp}\", ville = \"{ville}\" }}\n\n\
         [creance]\nfondement = \"contrat\"\ndescription = \"Fournitures de bureau, contrat-cadre du 2 janvier 2025\"\ninterets = \"l441-10\"\n",
        i % 90 + 1
    );
    let n = alea.entre(1, 3);
    for f in 0..n {
        let emise = alea.entre(330, 400);
        t.push_str(&format!(
            "\n[[factures]]\nnumero = \"F{i}-{f}\"\ndate = \"{}\"\necheance = \"{}\"\nmontant = \"{}.{:02}\"\n",
            date(emise),
            date(emise + 30),
            alea.entre(500, 9_000),
            alea.entre(0, 99)
        ));
        if f == 0 {
            t.push_str("piece = \"pieces/facture.pdf\"\n");
        }
    }
    for (jour, type_, mode) in [
        (450, "relance", "email"),
        (465, "relance", "lrar"),
        (480, "mise_en_demeure", "lrar"),
    ] {
        t.push_str(&format!(
            "\n[[evenements]]\ndate = \"{}\"\ntype = \"{type_}\"\nmode = \"{mode}\"\n",
            date(jour)
        ));
    }
    std::fs::write(d.join("pieces/facture.pdf"), piece).unwrap();
    let f = d.join("dossier.toml");
    std::fs::write(&f, t).unwrap();
    f
}

/// Writes `n` cases of the « injonction » portfolio.
pub fn ecrire_lot_injonction(dir: &Path, n: usize, graine: u64, piece: &[u8]) {
    let mut alea = Alea::new(graine);
    for i in 0..n {
        ecrire_cas_injonction(dir, i, &mut alea, piece);
    }
}

/// Writes `n` cases.
pub fn ecrire_lot(dir: &Path, n: usize, graine: u64, piece: &[u8]) {
    let mut alea = Alea::new(graine);
    for i in 0..n {
        ecrire_cas(dir, i, &mut alea, piece);
    }
}
