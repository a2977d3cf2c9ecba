//! The method of calculation in plain French, printed in every décompte (LAW.md rule 3).
//! Every figure of law it states comes from `law/parametres.toml`, with its source.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::format::taux_fr;
use crate::law::{Cle, LoiError, TablesLoi};
use crate::model::ModeInterets;

/// What the method states about a case.
pub(super) struct Methode {
    pub mode: ModeInterets,
    pub creancier_particulier: bool,
    pub entre_pros: bool,
    pub taux_contractuel: Decimal,
    pub clause_penale: bool,
    pub indemnite: bool,
    pub capitalisation: bool,
}

impl Methode {
    /// The text, with the figures in force at `arrete`.
    pub fn texte(&self, tables: &TablesLoi, arrete: NaiveDate) -> Result<String, LoiError> {
        let taux = match self.mode {
            ModeInterets::L441_10 => {
                let maj = tables.valeur_au(Cle::MajorationL441_10, arrete)?;
                format!(
                    "Pénalités de retard au taux de refinancement de la BCE en vigueur au 1er janvier ou au 1er juillet, majoré de {} ({}), dues à compter du lendemain de l'échéance, sans rappel.",
                    maj.en_texte(),
                    maj.source.texte
                )
            }
            ModeInterets::Legal => format!(
                "Intérêts au taux de l'intérêt légal de chaque semestre ({}), à compter du lendemain de la première mise en demeure (C. civ. art. 1231-6 et 1344-1).",
                if self.creancier_particulier {
                    "taux des créances des particuliers"
                } else {
                    "taux des autres cas"
                }
            ),
            ModeInterets::Contractuel => {
                let plancher = if self.entre_pros {
                    let p = tables.valeur_au(Cle::PlancherContractuel, arrete)?;
                    format!(
                        ", sans pouvoir être inférieur à {} le taux de l'intérêt légal ({})",
                        p.en_texte(),
                        p.source.texte
                    )
                } else {
                    String::new()
                };
                format!(
                    "Intérêts au taux contractuel de {} l'an à compter du lendemain de l'échéance{plancher}.",
                    taux_fr(self.taux_contractuel),
                )
            }
            ModeInterets::Aucun => "Aucun intérêt de retard n'est réclamé.".to_owned(),
        };
        let mut m = taux;
        if self.mode != ModeInterets::Aucun {
            m.push_str(" Intérêts simples calculés jour par jour sur une base de 365 jours (montant × taux × jours / 36 500), par périodes courant du lendemain de leur date de départ au dernier jour inclus, coupées au 30 juin, au 31 décembre et à chaque paiement, chaque période étant arrondie au centime le plus proche.");
        }
        m.push_str(" Les paiements sont imputés d'abord sur les intérêts échus puis sur le principal (C. civ. art. 1343-1) et, sauf imputation convenue, sur les factures dans l'ordre de leurs échéances (C. civ. art. 1342-10).");
        if self.indemnite {
            let i = tables.valeur_au(Cle::IndemniteForfaitaire, arrete)?;
            m.push_str(&format!(
                " Indemnité forfaitaire pour frais de recouvrement de {} par facture payée en retard ({}).",
                i.en_texte(),
                i.source.texte
            ));
        }
        if self.capitalisation {
            m.push_str(" Les intérêts dus pour une année entière sont capitalisés à chaque date anniversaire de la première mise en demeure et produisent intérêt à leur tour (C. civ. art. 1343-2).");
        }
        if self.clause_penale {
            m.push_str(" Clause pénale calculée sur le principal restant dû ; le juge peut la modérer (C. civ. art. 1231-5).");
        }
        Ok(m)
    }
}
