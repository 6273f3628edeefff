//! Content hashes. Every bundle file is listed with its digest ([`digest_hex`]) by the file that leads
//! to it; the app checks each download against it before use, so a truncated or tampered file is
//! refused, never half-shown.

use sha2::{Digest, Sha256};

/// Lowercase hex SHA-256 of the bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap());
        s.push(char::from_digit((b & 15) as u32, 16).unwrap());
    }
    s
}

/// The digest a bundle file is listed with (`FileRef::sha256_128`, format 7): the first 128 bits of
/// its SHA-256, as 32 lowercase hex digits. Truncating SHA-256 keeps 128-bit resistance to a second
/// preimage, which is what the chain needs: a host or CDN that alters a file must make other bytes with
/// the listed digest. (Collisions, 64-bit at this length, would need the bundle's author, who writes
/// the manifest anyway.) Half a full SHA-256 halves what the lists cost: a digest does not compress, and
/// at national scale the first search downloads some 650 of them in its list pages.
pub fn digest_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(32);
    for b in &digest[..16] {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap());
        s.push(char::from_digit((b & 15) as u32, 16).unwrap());
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_files_digest_is_the_first_half_of_its_sha256() {
        for bytes in [&b""[..], b"abc", "最低生活保障".as_bytes()] {
            let full = super::sha256_hex(bytes);
            assert_eq!(super::digest_hex(bytes), full[..32], "{bytes:?}");
        }
    }
}
