//! SHA-256 digests as lowercase hexadecimal: what bordereaux, manifests, the batch state and
//! the register all print.

use sha2::{Digest, Sha256};

/// Lowercase hexadecimal.
pub fn hex(octets: &[u8]) -> String {
    octets.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(octets: &[u8]) -> String {
    hex(&Sha256::digest(octets))
}
