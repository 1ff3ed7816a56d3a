//! The push ledger: what each source image (by content hash) became on a site, so another
//! machine or CI runner pushing the same folder does not upload it again.
//!
//! Every statement is keyed by the site id and the workspace id that passed
//! `Principal::workspace` (through a join or a sub-select on `sites`), so a site id of another
//! workspace reads and changes nothing.

use altloom_shared::api::sites::LedgerEntry;
use altloom_shared::time::Timestamp;

use super::{signed, unsigned, Store, StoreError};

#[derive(sqlx::FromRow)]
struct LedgerRow {
    content_hash: String,
    attachment_id: i64,
    file_name: String,
    file_hash: String,
    mime_type: String,
    metadata_hash: String,
    source_url: Option<String>,
    pushed_at: i64,
}

impl LedgerRow {
    fn into_entry(self) -> LedgerEntry {
        LedgerEntry {
            content_hash: self.content_hash,
            attachment_id: unsigned(self.attachment_id),
            file_name: self.file_name,
            file_hash: self.file_hash,
            mime_type: self.mime_type,
            metadata_hash: self.metadata_hash,
            source_url: self.source_url,
            pushed_at: Timestamp(self.pushed_at),
        }
    }
}

impl Store {
    /// Every ledger entry of a site, by content hash.
    pub async fn ledger(
        &self,
        workspace_id: &str,
        site_id: &str,
    ) -> Result<Vec<LedgerEntry>, StoreError> {
        Ok(sqlx::query_as::<_, LedgerRow>(
            "SELECT l.content_hash, l.attachment_id, l.file_name, l.file_hash, l.mime_type, \
             l.metadata_hash, l.source_url, l.pushed_at \
             FROM push_ledger l JOIN sites s ON s.id = l.site_id \
             WHERE s.workspace_id = $1 AND l.site_id = $2 ORDER BY l.content_hash",
        )
        .bind(workspace_id)
        .bind(site_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(LedgerRow::into_entry)
        .collect())
    }

    /// Adds or replaces `upsert` (by content hash) and forgets `remove`, all in one transaction.
    /// Entries are written only while the site exists in the workspace; a site deleted meanwhile
    /// takes its ledger with it.
    pub async fn update_ledger(
        &self,
        workspace_id: &str,
        site_id: &str,
        upsert: &[LedgerEntry],
        remove: &[String],
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        for entry in upsert {
            sqlx::query(
                "INSERT INTO push_ledger (site_id, content_hash, attachment_id, file_name, \
                 file_hash, mime_type, metadata_hash, source_url, pushed_at) \
                 SELECT s.id, $1, $2, $3, $4, $5, $6, $7, $8 FROM sites s \
                 WHERE s.id = $9 AND s.workspace_id = $10 \
                 ON CONFLICT (site_id, content_hash) DO UPDATE SET \
                    attachment_id = excluded.attachment_id, file_name = excluded.file_name, \
                    file_hash = excluded.file_hash, mime_type = excluded.mime_type, \
                    metadata_hash = excluded.metadata_hash, source_url = excluded.source_url, \
                    pushed_at = excluded.pushed_at",
            )
            .bind(&entry.content_hash)
            .bind(signed(entry.attachment_id))
            .bind(&entry.file_name)
            .bind(&entry.file_hash)
            .bind(&entry.mime_type)
            .bind(&entry.metadata_hash)
            .bind(entry.source_url.as_deref())
            .bind(entry.pushed_at.0)
            .bind(site_id)
            .bind(workspace_id)
            .execute(&mut *transaction)
            .await?;
        }
        for content_hash in remove {
            sqlx::query(
                "DELETE FROM push_ledger WHERE site_id = $1 AND content_hash = $2 \
                 AND site_id IN (SELECT id FROM sites WHERE id = $1 AND workspace_id = $3)",
            )
            .bind(site_id)
            .bind(content_hash)
            .bind(workspace_id)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Every ledger entry of the sites of the user's workspaces, by site id, for the account
    /// export.
    pub async fn ledgers_of_user(
        &self,
        user_id: &str,
    ) -> Result<Vec<(String, LedgerEntry)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            site_id: String,
            #[sqlx(flatten)]
            entry: LedgerRow,
        }
        Ok(sqlx::query_as::<_, Row>(
            "SELECT l.site_id, l.content_hash, l.attachment_id, l.file_name, l.file_hash, \
             l.mime_type, l.metadata_hash, l.source_url, l.pushed_at \
             FROM push_ledger l JOIN sites s ON s.id = l.site_id \
             JOIN memberships m ON m.workspace_id = s.workspace_id \
             WHERE m.user_id = $1 ORDER BY l.site_id, l.content_hash",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| (row.site_id, row.entry.into_entry()))
        .collect())
    }
}
