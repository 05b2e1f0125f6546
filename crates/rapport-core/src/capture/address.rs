//! Mail addresses as capture matches them: normalised the way a contact's
//! emails are (trimmed, lower-cased), so `ZWM@Example.CN` in a message finds
//! the contact saved with `zwm@example.cn`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One address of a message, with its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Mailbox {
    /// The address, normalised for matching.
    pub key: String,
    /// The address as written.
    pub address: String,
    /// The display name, when given.
    pub name: Option<String>,
}

impl Mailbox {
    /// A mailbox from an address and a name; `None` when the address is not one.
    pub fn new(address: &str, name: Option<&str>) -> Option<Mailbox> {
        let address = address.trim().trim_matches(['<', '>']).trim();
        if !crate::contacts::looks_like_email(address) {
            return None;
        }
        let name = name
            .map(|n| n.trim().trim_matches(['"', '\'']).trim().to_string())
            .filter(|n| !n.is_empty() && !n.eq_ignore_ascii_case(address));
        Some(Mailbox {
            key: key(address),
            address: address.to_string(),
            name,
        })
    }
}

/// The matching key of an address: what `contact_emails.address_key` holds.
pub fn key(address: &str) -> String {
    address.trim().to_lowercase()
}

/// Local parts of addresses nobody reads.
const NO_REPLY: [&str; 8] = [
    "noreply",
    "no-reply",
    "no_reply",
    "donotreply",
    "do-not-reply",
    "do_not_reply",
    "mailer-daemon",
    "postmaster",
];

/// Whether a normalised address is a no-reply sender (`noreply@`,
/// `no-reply+x@`, `bounce-noreply@`...).
pub fn is_no_reply(key: &str) -> bool {
    let local = key.split('@').next().unwrap_or("");
    let local = local.split('+').next().unwrap_or(local);
    NO_REPLY.iter().any(|w| {
        local == *w
            || local.starts_with(&format!("{w}-"))
            || local.ends_with(&format!("-{w}"))
            || local.ends_with(&format!(".{w}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_reply_senders_are_told_apart_from_people() {
        for a in [
            "noreply@x.com",
            "no-reply@accounts.google.com",
            "donotreply@bank.cn",
            "mailer-daemon@x.org",
            "noreply+abc@x.com",
            "billing-noreply@x.com",
        ] {
            assert!(is_no_reply(a), "{a}");
        }
        for a in [
            "norbert@x.com",
            "reply@x.com",
            "zwm@example.cn",
            "noreplyjoe@x.com",
        ] {
            assert!(!is_no_reply(a), "{a}");
        }
    }

    #[test]
    fn addresses_are_normalised_like_contact_emails() {
        let m = Mailbox::new(" <ZWM@Example.CN> ", Some("\"张伟明\"")).unwrap();
        assert_eq!(
            (m.key.as_str(), m.name.as_deref()),
            ("zwm@example.cn", Some("张伟明"))
        );
        assert!(Mailbox::new("undisclosed-recipients", None).is_none());
    }
}
