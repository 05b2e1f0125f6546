//! Rapport's core: domain types and rules, the SQLite store, search, and
//! import/export. No UI framework here: the CLI and the desktop shell are thin
//! layers over [`ContactBook`].
//!
//! ```
//! use rapport_core::{ContactBook, ContactDraft};
//! let mut book = ContactBook::open_in_memory().unwrap();
//! let now = chrono::Utc::now();
//! let c = book.add_contact(ContactDraft::named("张伟明"), now).unwrap();
//! assert_eq!(book.contact(c.id).unwrap().draft.display_name, "张伟明");
//! ```

pub mod api;
pub mod background;
pub mod backup;
pub mod book;
pub mod bulk;
pub mod campaigns;
pub mod capture;
pub mod care;
pub mod cases;
pub mod contacts;
#[cfg(feature = "datagen")]
pub mod datagen;
#[cfg(feature = "datagen")]
pub mod datagen_csv;
#[cfg(feature = "datagen")]
pub mod datagen_deals;
pub mod dates;
pub mod deals;
pub mod desktop;
pub mod drifting;
pub mod duplicates;
pub mod error;
pub mod export;
pub mod files;
pub mod followups;
pub mod import;
pub mod interactions;
pub mod next_contact;
pub mod operation;
pub mod optout;
pub mod phone;
pub mod phrase;
pub mod pipeline;
pub mod reminder;
pub mod report;
pub mod search;
pub mod secrets;
pub mod segments;
pub mod settings;
pub mod signature;
pub mod store;
pub mod today;
pub mod value;

pub use book::ContactBook;
pub use contacts::{
    Contact, ContactDraft, ContactId, ContactQuery, ContactSort, ContactSummary, Stage,
};
pub use dates::PartialDate;
pub use error::{Error, Result};
pub use followups::{FollowUp, FollowUpDraft, FollowUpId, FollowUpStatus};
pub use interactions::{Direction, Interaction, InteractionDraft, InteractionId, InteractionKind};
