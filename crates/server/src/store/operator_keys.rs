//! Operators' SSH public keys: the console served over SSH knows who connects by their key.

use jiff::Timestamp;

/// A key to add, already read and checked by whoever parsed the OpenSSH line (the store keeps
/// text and does not parse keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOperatorKey {
    /// `SHA256:…`, as `ssh-keygen -l` prints it: unique across operators.
    pub fingerprint: String,
    /// The OpenSSH line without its comment: algorithm and base64 blob.
    pub public_key: String,
    /// The line's comment (often `user@host`); empty when there was none.
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorKey {
    /// The operator's name.
    pub operator: String,
    pub fingerprint: String,
    pub public_key: String,
    pub comment: String,
    pub added_at: Timestamp,
}

/// The columns both stores read a key with, its operator's name joined in.
pub(crate) const KEY_COLUMNS: &str = "o.name AS operator, k.fingerprint, k.public_key, k.comment, \
     k.added_at FROM operator_keys k JOIN operators o ON o.id = k.operator_id";
