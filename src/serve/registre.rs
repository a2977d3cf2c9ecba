//! The register (issue 12) in the workspace: its facts join the case's history through the
//! pipeline (each request reads it again: a batch or another person may have written it),
//! and the « record a fact » form writes through [`AvecRegistre`]. Without a register,
//! [`SansRegistre`] refuses to record, saying why.

use chrono::NaiveDate;

/// A fact of the register, as the timeline shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fait {
    pub date: NaiveDate,
    /// `envoi`, `paiement`, `ordonnance`… (the `registre ajouter` types).
    pub type_: String,
    pub libelle: String,
}

/// A fact the paralegal asks to record (the form's fields, already checked).
#[derive(Debug, Clone, PartialEq)]
pub struct NouveauFait {
    pub date: NaiveDate,
    pub type_: String,
    pub detail: String,
    /// An exhibit uploaded with the fact: the name the browser gave and its bytes.
    pub piece: Option<PieceTeleversee>,
}

/// A file received from the browser: kept in the register's exhibits folder under its
/// SHA-256; its name is only a label.
#[derive(Debug, Clone, PartialEq)]
pub struct PieceTeleversee {
    pub nom: String,
    pub octets: Vec<u8>,
}

/// The label of an uploaded file: its last component (a browser may send a path), without
/// control characters, 120 characters at most; empty when nothing is left.
pub fn nom_televerse(nom: &str) -> String {
    let dernier = nom.rsplit(['/', '\\']).next().unwrap_or("");
    let propre: String = dernier
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect();
    let propre = propre.trim();
    if propre.chars().all(|c| c == '.') {
        String::new()
    } else {
        propre.to_owned()
    }
}

/// What the workspace needs from a register.
pub trait Registre: Send + Sync {
    /// Whether facts can be recorded (the form is offered only then).
    fn disponible(&self) -> bool;
    /// The facts recorded for `reference`, in any order (the timeline sorts them).
    fn faits(&self, reference: &str) -> Vec<Fait>;
    /// Records a fact, or says in French why it cannot.
    fn enregistrer(&self, reference: &str, fait: NouveauFait) -> Result<(), String>;
}

/// No register: the timeline comes from the case file alone.
pub struct SansRegistre;

impl Registre for SansRegistre {
    fn disponible(&self) -> bool {
        false
    }

    fn faits(&self, _reference: &str) -> Vec<Fait> {
        Vec::new()
    }

    fn enregistrer(&self, _reference: &str, _fait: NouveauFait) -> Result<(), String> {
        Err("le registre n'est pas encore disponible : consignez l'événement dans le fichier du dossier ([[evenements]] ou [[paiements]])".into())
    }
}

/// A register named with `--registre` (or `SRC/registre.sqlite` when it exists).
pub struct AvecRegistre {
    pub emplacement: String,
}

impl AvecRegistre {
    /// Opens the register and reads it whole, refusing a broken chain as `batch` does.
    pub fn charger(
        &self,
    ) -> Result<
        (
            Box<dyn crate::registre::Registre>,
            crate::registre::fusion::Memoire,
        ),
        String,
    > {
        let mut r = crate::registre::ouvrir(&self.emplacement, crate::registre::Ouverture::Creer)
            .map_err(|e| e.to_string())?;
        let entrees = r.entrees(None).map_err(|e| e.to_string())?;
        if let Some(x) = crate::registre::verifier_entrees(&entrees).rupture {
            return Err(format!(
                "registre {} altéré : entrée n° {} (dossier {}) : {} ; `recouvre registre verifier` le détaille",
                r.emplacement(),
                x.id,
                x.reference,
                x.raison
            ));
        }
        let mut m =
            crate::registre::fusion::Memoire::de_entrees(&entrees).map_err(|e| e.to_string())?;
        m.pieces = r.pieces();
        Ok((r, m))
    }
}

/// `1 234,56` or `1234.56` → a positive amount with at most two decimals.
fn montant(texte: &str) -> Result<rust_decimal::Decimal, String> {
    let net: String = texte
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    match net.parse::<rust_decimal::Decimal>() {
        Ok(m) if m > rust_decimal::Decimal::ZERO && m.scale() <= 2 => Ok(m),
        _ => Err(format!(
            "montant « {texte} » invalide : un nombre positif, au plus deux décimales (1234,56)"
        )),
    }
}

impl Registre for AvecRegistre {
    fn disponible(&self) -> bool {
        true
    }

    /// The register's facts already join the case's history through the pipeline; nothing
    /// more to add to the timeline.
    fn faits(&self, _reference: &str) -> Vec<Fait> {
        Vec::new()
    }

    fn enregistrer(&self, reference: &str, fait: NouveauFait) -> Result<(), String> {
        use crate::registre::{Contenu, Fait as FaitRegistre, NouvelleEntree, TypeFait};
        let type_ = TypeFait::depuis_code(fait.type_.trim()).ok_or_else(|| {
            format!(
                "type « {} » inconnu ; types possibles : {}",
                fait.type_,
                TypeFait::codes()
            )
        })?;
        let detail = fait.detail.trim();
        let (montant, numero, note) = match type_ {
            TypeFait::Paiement => (Some(montant(detail)?), None, None),
            TypeFait::Envoi => (None, (!detail.is_empty()).then(|| detail.to_owned()), None),
            TypeFait::Evenement(_) => (None, None, (!detail.is_empty()).then(|| detail.to_owned())),
        };
        if let Some(n) = note.as_deref().or(numero.as_deref()) {
            if n.chars().count() > 500 || n.chars().any(char::is_control) {
                return Err("détail trop long ou contenant des caractères de contrôle".into());
            }
        }
        let (mut r, _) = self.charger()?;
        let piece = match &fait.piece {
            None => None,
            Some(p) => Some(
                crate::registre::deposer_octets(
                    r.as_ref(),
                    "pièce téléversée",
                    &nom_televerse(&p.nom),
                    &p.octets,
                )
                .map_err(|e| e.to_string())?,
            ),
        };
        let entree = NouvelleEntree {
            reference: reference.to_owned(),
            date: fait.date,
            contenu: Contenu::Fait(FaitRegistre {
                type_,
                montant,
                mode: None,
                numero,
                note,
                piece,
            }),
        };
        r.ajouter(&[entree], &crate::registre::auteur("serve"))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploaded_names_are_labels_only() {
        assert_eq!(nom_televerse("C:\\Users\\x\\avis.pdf"), "avis.pdf");
        assert_eq!(nom_televerse("../../etc/passwd"), "passwd");
        assert_eq!(nom_televerse(".."), "");
        assert_eq!(nom_televerse("a\u{7}b.pdf"), "ab.pdf");
        assert_eq!(nom_televerse(&"x".repeat(300)).len(), 120);
    }
}
