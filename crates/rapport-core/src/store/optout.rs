//! Per-channel opt-out rows.

use std::collections::HashMap;

use rusqlite::params;

use super::contacts::touch_outbox;
use super::Store;
use crate::contacts::ContactId;
use crate::error::Result;
use crate::optout::OptOutChannel;

impl Store {
    /// Opts a contact out of a channel (`true`) or back in.
    pub fn set_opt_out(
        &mut self,
        id: ContactId,
        channel: OptOutChannel,
        opted_out: bool,
    ) -> Result<()> {
        self.write(|tx| {
            if opted_out {
                tx.execute(
                    "INSERT OR IGNORE INTO contact_opt_outs (contact_id, channel) VALUES (?1, ?2)",
                    params![id.0, channel.as_str()],
                )?;
            } else {
                tx.execute(
                    "DELETE FROM contact_opt_outs WHERE contact_id = ?1 AND channel = ?2",
                    params![id.0, channel.as_str()],
                )?;
            }
            touch_outbox(tx, id)
        })
    }

    /// The channels a contact opted out of, in channel order.
    pub fn opt_outs(&self, id: ContactId) -> Result<Vec<OptOutChannel>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT channel FROM contact_opt_outs WHERE contact_id = ?1")?;
        let mut out = Vec::new();
        for ch in stmt.query_map([id.0], |r| r.get::<_, String>(0))? {
            out.push(ch?.parse()?);
        }
        out.sort();
        Ok(out)
    }

    /// Every contact with an opt-out, and its channels (few contacts have one).
    pub fn all_opt_outs(&self) -> Result<HashMap<ContactId, Vec<OptOutChannel>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT contact_id, channel FROM contact_opt_outs")?;
        let mut out: HashMap<ContactId, Vec<OptOutChannel>> = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, ch) = row?;
            out.entry(ContactId(id)).or_default().push(ch.parse()?);
        }
        for v in out.values_mut() {
            v.sort();
        }
        Ok(out)
    }
}
