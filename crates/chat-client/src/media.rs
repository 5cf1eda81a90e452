//! Files shared in encrypted chats (XEP-0454, as Conversations, Gajim, Dino and Monal do):
//! the file is encrypted with AES-256-GCM before upload and the message carries
//! `aesgcm://host/path#IV‖KEY`, so the upload server only ever stores ciphertext.

use aes_gcm::aead::consts::{U12, U16};
use aes_gcm::aead::generic_array::GenericArray;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::aes::Aes256;
use aes_gcm::AesGcm;
use zeroize::Zeroizing;

const KEY_LEN: usize = 32;
/// Jibber writes 12-byte IVs; older clients wrote 16.
const IV_LEN: usize = 12;
const LEGACY_IV_LEN: usize = 16;
/// Files larger than this are not decrypted for display (the browser holds them in memory).
pub const MAX_INLINE_BYTES: usize = 64 * 1024 * 1024;

/// Why a shared file could not be encrypted or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("this browser gives no secure randomness")]
    NoRandomness,
    #[error("the file could not be encrypted")]
    Encrypt,
    #[error("the file is damaged or the link's key does not fit it")]
    Decrypt,
    #[error("the file is too large to show here")]
    TooLarge,
}

/// A file ready for upload: its ciphertext, and the link fragment the message will carry.
pub struct EncryptedFile {
    pub ciphertext: Vec<u8>,
    fragment: Zeroizing<String>,
}

impl EncryptedFile {
    /// The link to send, from the upload service's https `get_url`.
    pub fn share_url(&self, get_url: &str) -> String {
        let rest = get_url
            .strip_prefix("https://")
            .or_else(|| get_url.strip_prefix("http://"))
            .unwrap_or(get_url);
        format!("aesgcm://{rest}#{}", self.fragment.as_str())
    }
}

pub fn encrypt_file(plaintext: &[u8]) -> Result<EncryptedFile, MediaError> {
    let mut secret = Zeroizing::new([0u8; IV_LEN + KEY_LEN]);
    getrandom::fill(secret.as_mut()).map_err(|_| MediaError::NoRandomness)?;
    let (iv, key) = secret.split_at(IV_LEN);
    let cipher = AesGcm::<Aes256, U12>::new(GenericArray::from_slice(key));
    let ciphertext = cipher
        .encrypt(GenericArray::from_slice(iv), plaintext)
        .map_err(|_| MediaError::Encrypt)?;
    let fragment = Zeroizing::new(
        secret
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    );
    Ok(EncryptedFile {
        ciphertext,
        fragment,
    })
}

/// An `aesgcm://` link: where to download the ciphertext, and how to open it.
pub struct SharedFile {
    pub download_url: String,
    iv: Vec<u8>,
    key: Zeroizing<Vec<u8>>,
}

/// Reads an `aesgcm://` link; `None` for anything else. The file is fetched over https (http
/// only for loopback hosts, where test servers run).
pub fn parse_aesgcm(url: &str) -> Option<SharedFile> {
    let rest = url.trim().strip_prefix("aesgcm://")?;
    let (location, fragment) = rest.split_once('#')?;
    let bytes = decode_hex(fragment)?;
    let iv_len = match bytes.len() {
        n if n == IV_LEN + KEY_LEN => IV_LEN,
        n if n == LEGACY_IV_LEN + KEY_LEN => LEGACY_IV_LEN,
        _ => return None,
    };
    let loopback = location.starts_with("127.0.0.1")
        || location.starts_with("localhost")
        || location.starts_with("[::1]");
    let scheme = if loopback { "http" } else { "https" };
    Some(SharedFile {
        download_url: format!("{scheme}://{location}"),
        iv: bytes[..iv_len].to_vec(),
        key: Zeroizing::new(bytes[iv_len..].to_vec()),
    })
}

impl SharedFile {
    pub fn decrypt(&self, ciphertext: &[u8]) -> Result<Vec<u8>, MediaError> {
        if ciphertext.len() > MAX_INLINE_BYTES {
            return Err(MediaError::TooLarge);
        }
        let key = GenericArray::from_slice(self.key.as_slice());
        let opened = if self.iv.len() == IV_LEN {
            AesGcm::<Aes256, U12>::new(key).decrypt(GenericArray::from_slice(&self.iv), ciphertext)
        } else {
            AesGcm::<Aes256, U16>::new(key).decrypt(GenericArray::from_slice(&self.iv), ciphertext)
        };
        opened.map_err(|_| MediaError::Decrypt)
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// What kind of media a shared link points at, from its file name (the body carries no type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    Other,
}

/// When a message body is nothing but a shared file's link (as uploads are sent), its kind.
pub fn shared_media(body: &str) -> Option<MediaKind> {
    let body = body.trim();
    let is_link = body.starts_with("aesgcm://")
        || body.starts_with("https://")
        || body.starts_with("http://");
    if !is_link || body.contains(char::is_whitespace) {
        return None;
    }
    let path = body
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .unwrap_or_default();
    Some(match extension {
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" => MediaKind::Image,
        "mp4" | "webm" | "mov" => MediaKind::Video,
        "mp3" | "ogg" | "oga" | "opus" | "m4a" | "wav" => MediaKind::Audio,
        _ if body.starts_with("aesgcm://") => MediaKind::Other,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn an_encrypted_file_opens_with_its_link_and_not_otherwise() {
        let file = encrypt_file(b"\x89PNG picture").unwrap();
        let link = file.share_url("https://upload.example.org/abc/cat.png");
        assert!(
            link.starts_with("aesgcm://upload.example.org/abc/cat.png#") && link.len() > 100,
            "{link}"
        );
        let shared = parse_aesgcm(&link).unwrap();
        assert_eq!(
            shared.download_url,
            "https://upload.example.org/abc/cat.png"
        );
        assert_eq!(
            shared.decrypt(&file.ciphertext).unwrap(),
            b"\x89PNG picture"
        );
        let mut tampered = file.ciphertext.clone();
        tampered[0] ^= 1;
        assert_eq!(shared.decrypt(&tampered), Err(MediaError::Decrypt));
        assert!(!String::from_utf8_lossy(&file.ciphertext).contains("PNG picture"));
    }

    #[test]
    fn hostile_links_are_refused() {
        assert!(parse_aesgcm("https://x/y#00").is_none());
        assert!(parse_aesgcm("aesgcm://x/y#zz").is_none());
        assert!(parse_aesgcm("aesgcm://x/y#0011").is_none());
        assert!(parse_aesgcm(&format!("aesgcm://x/y#{}", "é".repeat(44))).is_none());
        assert_eq!(
            parse_aesgcm(&format!(
                "aesgcm://127.0.0.1:5280/f.png#{}",
                "ab".repeat(44)
            ))
            .unwrap()
            .download_url,
            "http://127.0.0.1:5280/f.png"
        );
    }

    #[test]
    fn only_a_lone_link_is_shared_media() {
        assert_eq!(
            shared_media("https://h/p/photo.JPG"),
            Some(MediaKind::Image)
        );
        assert_eq!(
            shared_media("aesgcm://h/p/clip.webm#00"),
            Some(MediaKind::Video)
        );
        assert_eq!(
            shared_media("aesgcm://h/p/notes.pdf#00"),
            Some(MediaKind::Other)
        );
        assert_eq!(shared_media("look https://h/p/photo.jpg"), None);
        assert_eq!(shared_media("https://h/page"), None);
        assert_eq!(shared_media("javascript:alert(1)//.png"), None);
    }
}
