//! The command surface: every user-facing command of Rapport, defined once.
//!
//! A command is one plain function `fn(&Session, &Env, Request) -> Result<Response>`:
//! the [`Session`] holds the open data folder, the [`Env`] carries what the core
//! never reads itself (now, the system's time zone and locale), the request and the
//! response are typed (and exported to TypeScript). [`for_each_command!`] lists them
//! all; from that one list come the dispatcher ([`call`], which `rapport serve` and
//! the desktop app use), the Tauri handlers and capability list, and the UI's
//! TypeScript client ([`typescript::client`]).

mod capture;
mod contacts;
mod data;
mod deals;
mod groups;
mod history;
mod search;
pub mod session;
#[macro_use]
pub mod table;
mod today;
pub mod typescript;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use capture::*;
pub use contacts::*;
pub use data::*;
pub use deals::*;
pub use groups::*;
pub use history::*;
pub use search::*;
pub use session::{JobGuard, JobStatus, Session};
pub use today::*;

use crate::error::Error;
// What the table's responses are made of.
use crate::bulk::{
    BulkOutcome, BulkPreview, BulkRequest, BulkTarget, UndoHistory, UndoHistoryRequest, UndoRequest,
};
use crate::campaigns::{
    CampaignCreated, CampaignDetail, CampaignDraft, CampaignList, CampaignListRequest, CampaignRef,
    CampaignReport, OutreachRequest,
};
use crate::capture::calendar::{CalendarImportRequest, CalendarImportSummary};
use crate::capture::mail_accounts::{
    MailAccount, MailAccountAdded, MailAccountDraft, MailAccountRequest,
};
use crate::capture::mail_import::{MailImportRequest, MailImportSummary};
use crate::capture::mail_sync::{MailSyncRequest, MailSyncSummary};
use crate::capture::suggestions::{AcceptedSuggestion, Suggestion};
use crate::cases::ServiceCase;
use crate::contacts::{Contact, ContactDraft, ContactSummary};
use crate::deals::{Deal, DealQuery};
use crate::desktop::{DesktopIntegration, DesktopIntegrationChange};
use crate::duplicates::{DuplicateList, DuplicatesRequest, MergeOutcome, MergeRequest};
use crate::followups::FollowUp;
use crate::import::{ImportReport, Preview};
use crate::interactions::Interaction;
use crate::optout::OptOutChannel;
use crate::phrase::{CapturePreview, CaptureRequest, CaptureUndo, Captured};
use crate::pipeline::PipelineStage;
use crate::reminder::Reminder;
use crate::report::Report;
use crate::segments::{
    MatrixRequest, SavedMatrix, Segment, SegmentCount, SegmentDraft, SegmentEdit, SegmentList,
    SegmentListRequest, SegmentMembers, SegmentMembersRequest, SegmentPreviewRequest, SegmentRef,
    ValueRiskMatrix,
};
use crate::settings::Settings;
use crate::store::UndoStep;
use crate::store::{BatchInfo, UndoSummary};
use crate::today::{CadenceRule, TodayList};
use crate::value::{RfmScore, TierSummary};

/// What a command needs from the world that the core never reads itself.
#[derive(Debug, Clone)]
pub struct Env {
    /// Now.
    pub now: DateTime<Utc>,
    /// The system's time zone (the today list's when the user chose none).
    pub system_zone: Tz,
    /// The system's locale (`zh_CN.UTF-8`...): the UI language's default.
    pub locale: String,
    /// Where the desktop's autostart and systemd folders and Rapport's programs are
    /// (the desktop app on Linux); `None` where they are not the shell's to change.
    pub desktop: Option<crate::desktop::DesktopPaths>,
}

impl Env {
    /// The user's zone: their choice, else the system's.
    pub fn zone(&self, book: &crate::ContactBook) -> crate::Result<Tz> {
        book.zone(self.system_zone)
    }

    /// Today's date in the user's zone.
    pub fn today(&self, book: &crate::ContactBook) -> crate::Result<NaiveDate> {
        Ok(self.now.with_timezone(&self.zone(book)?).date_naive())
    }
}

/// A command without arguments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NoArgs {}

/// An error as it leaves the core: a stable code the UI can act on, and words for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiError {
    /// Stable, machine-readable code ([`Error::code`], or `unknown_command`,
    /// `bad_request`, `internal`).
    pub code: String,
    /// What went wrong, in words a user understands.
    pub message: String,
}

impl ApiError {
    /// An error with one of the surface's own codes.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError {
            code: e.code().to_string(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ApiError {}

/// How a command uses the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Reads only: answers from the read connection, even during a long write.
    Read,
    /// Writes (short).
    Write,
    /// A long job (import, export, restore...): cancellable, reports progress.
    Job,
}

/// One command as the table describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CommandInfo {
    /// Its name (`today_list`): the Tauri command, the HTTP path, the permission.
    pub name: &'static str,
    /// How it uses the book.
    pub access: Access,
    /// The CLI command that does the same (`contact add`), or, in parentheses, why
    /// there is none.
    pub cli: &'static str,
    /// What it does.
    pub doc: &'static str,
}

macro_rules! command_infos {
    ($($(#[doc = $doc:literal])* $name:ident($req:ty) -> $resp:ty, $access:ident, $cli:literal;)*) => {
        /// Every command, in table order.
        pub const COMMANDS: &[CommandInfo] = &[$(CommandInfo {
            name: stringify!($name),
            access: Access::$access,
            cli: $cli,
            doc: concat!($($doc),*),
        }),*];
    };
}
for_each_command!(command_infos);

macro_rules! dispatcher {
    ($($(#[doc = $doc:literal])* $name:ident($req:ty) -> $resp:ty, $access:ident, $cli:literal;)*) => {
        /// Runs the command `name` with a JSON request and returns its JSON response.
        pub fn call(
            session: &Session,
            env: &Env,
            name: &str,
            request: serde_json::Value,
        ) -> Result<serde_json::Value, ApiError> {
            match name {
                $(stringify!($name) => {
                    let request: $req = parse_request(name, request)?;
                    let response: $resp = $name(session, env, request)?;
                    serde_json::to_value(response).map_err(|e| {
                        ApiError::new("internal", format!("{name}: the answer could not be written: {e}"))
                    })
                })*
                other => Err(ApiError::new(
                    "unknown_command",
                    format!("there is no command '{other}'"),
                )),
            }
        }
    };
}
for_each_command!(dispatcher);

fn parse_request<T: serde::de::DeserializeOwned>(
    name: &str,
    request: serde_json::Value,
) -> Result<T, ApiError> {
    // A command without arguments may be sent nothing at all.
    let request = match request {
        serde_json::Value::Null => serde_json::Value::Object(Default::default()),
        r => r,
    };
    serde_json::from_value(request)
        .map_err(|e| ApiError::new("bad_request", format!("{name}: {e}")))
}
