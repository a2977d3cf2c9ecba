//! An exhibit as read from the case folder: its place in the bordereau, its digest and the
//! bytes that were hashed.

use chrono::NaiveDate;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct PieceLue {
    pub numero: usize,
    pub titre: String,
    pub date: Option<NaiveDate>,
    /// As written in the case file, relative to its folder.
    pub chemin: String,
    pub taille: u64,
    pub sha256: String,
    /// Pages, when the file is a readable PDF.
    pub pages: Option<usize>,
    /// Which key of the case file declared it (`factures[0].piece`).
    pub source: String,
    /// The bytes that were hashed: the bundle carries exactly these, read once.
    pub octets: Arc<[u8]>,
}
