//! WordPress sites, their sealed Application Passwords and the audit trail of every release.
//!
//! Every query takes the workspace id that passed `Principal::workspace`, so another workspace's
//! site names and ids find nothing. The store only ever sees ciphertext: sealing and opening are
//! the vault's job, above this layer.

use altloom_shared::api::sites::{Site, SiteAccess};
use altloom_shared::time::Timestamp;

use super::{unsigned, Store, StoreError};
use crate::vault::SealedSecret;

/// A site row, with its sealed secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteRecord {
    pub id: String,
    pub workspace_id: String,
    pub name: String,
    pub url: String,
    pub rest_url: String,
    pub username: String,
    pub wordpress_version: Option<String>,
    pub upload_types: Vec<String>,
    pub secret: SealedSecret,
    pub verified_at: Timestamp,
    pub created_at: Timestamp,
}

impl SiteRecord {
    /// The site as the API shows it, without the secret.
    pub fn to_site(&self) -> Site {
        Site {
            id: self.id.clone(),
            name: self.name.clone(),
            url: self.url.clone(),
            rest_url: self.rest_url.clone(),
            username: self.username.clone(),
            wordpress_version: self.wordpress_version.clone(),
            upload_types: self.upload_types.clone(),
            verified_at: self.verified_at,
            created_at: self.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SiteRow {
    id: String,
    workspace_id: String,
    name: String,
    url: String,
    rest_url: String,
    username: String,
    wordpress_version: Option<String>,
    upload_types: String,
    secret_key_id: String,
    secret_nonce: String,
    secret_ciphertext: String,
    verified_at: i64,
    created_at: i64,
}

impl SiteRow {
    fn into_record(self) -> SiteRecord {
        SiteRecord {
            upload_types: split_types(&self.upload_types),
            secret: SealedSecret {
                key_id: self.secret_key_id,
                nonce: self.secret_nonce,
                ciphertext: self.secret_ciphertext,
            },
            id: self.id,
            workspace_id: self.workspace_id,
            name: self.name,
            url: self.url,
            rest_url: self.rest_url,
            username: self.username,
            wordpress_version: self.wordpress_version,
            verified_at: Timestamp(self.verified_at),
            created_at: Timestamp(self.created_at),
        }
    }
}

const SITE_COLUMNS: &str = "id, workspace_id, name, url, rest_url, username, wordpress_version, \
     upload_types, secret_key_id, secret_nonce, secret_ciphertext, verified_at, created_at";

fn split_types(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// What checking a site found, as stored.
#[derive(Clone, Copy, Debug)]
pub struct SiteFactsRow<'a> {
    pub url: &'a str,
    pub rest_url: &'a str,
    pub wordpress_version: Option<&'a str>,
    pub upload_types: &'a [String],
}

/// A site about to be stored: its id (already part of the secret's associated data), its name,
/// the user name, what the check found, and the sealed password.
#[derive(Clone, Copy, Debug)]
pub struct NewSite<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub username: &'a str,
    pub facts: SiteFactsRow<'a>,
    pub secret: &'a SealedSecret,
}

/// The outcome of adding a site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteInsert {
    Added,
    /// The workspace already has as many sites as its plan allows.
    LimitReached,
    /// The workspace already has a site with that name.
    NameTaken,
}

/// A release of a site's password, for the audit trail.
#[derive(Clone, Copy, Debug)]
pub struct SiteRelease<'a> {
    pub user_id: &'a str,
    pub token_id: &'a str,
    pub token_name: &'a str,
    pub ip: Option<&'a str>,
}

/// A release of a password by one user, for their account export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserSiteAccess {
    pub workspace_id: String,
    pub site: String,
    pub at: Timestamp,
    pub token_name: String,
    pub ip: Option<String>,
}

/// A stored secret, for a key rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSecret {
    pub site_id: String,
    pub workspace_id: String,
    pub secret: SealedSecret,
}

/// Shown for the releases of an account that has since been deleted.
const DELETED_USER: &str = "(deleted account)";

impl Store {
    /// The workspace's sites, by name.
    pub async fn sites(&self, workspace_id: &str) -> Result<Vec<SiteRecord>, StoreError> {
        Ok(sqlx::query_as::<_, SiteRow>(&format!(
            "SELECT {SITE_COLUMNS} FROM sites WHERE workspace_id = $1 ORDER BY name"
        ))
        .bind(workspace_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(SiteRow::into_record)
        .collect())
    }

    /// One site of the workspace, by name.
    pub async fn site(
        &self,
        workspace_id: &str,
        name: &str,
    ) -> Result<Option<SiteRecord>, StoreError> {
        Ok(sqlx::query_as::<_, SiteRow>(&format!(
            "SELECT {SITE_COLUMNS} FROM sites WHERE workspace_id = $1 AND name = $2"
        ))
        .bind(workspace_id)
        .bind(name)
        .fetch_optional(&self.pool)
        .await?
        .map(SiteRow::into_record))
    }

    /// How many sites the workspace has.
    pub async fn site_count(&self, workspace_id: &str) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites WHERE workspace_id = $1")
            .bind(workspace_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(unsigned(count))
    }

    /// Adds a site unless the workspace already has `limit` sites or one with that name. The
    /// transaction writes first (a no-op update of the workspace row), which takes PostgreSQL's
    /// row lock and SQLite's write lock, so two concurrent adds count one after the other and
    /// cannot both pass the limit.
    pub async fn insert_site(
        &self,
        workspace_id: &str,
        site: &NewSite<'_>,
        limit: u64,
        now: Timestamp,
    ) -> Result<SiteInsert, StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("UPDATE workspaces SET name = name WHERE id = $1")
            .bind(workspace_id)
            .execute(&mut *transaction)
            .await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sites WHERE workspace_id = $1")
            .bind(workspace_id)
            .fetch_one(&mut *transaction)
            .await?;
        if unsigned(count) >= limit {
            transaction.rollback().await?;
            return Ok(SiteInsert::LimitReached);
        }
        let inserted = sqlx::query(&format!(
            "INSERT INTO sites ({SITE_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)"
        ))
        .bind(site.id)
        .bind(workspace_id)
        .bind(site.name)
        .bind(site.facts.url)
        .bind(site.facts.rest_url)
        .bind(site.username)
        .bind(site.facts.wordpress_version)
        .bind(site.facts.upload_types.join(","))
        .bind(&site.secret.key_id)
        .bind(&site.secret.nonce)
        .bind(&site.secret.ciphertext)
        .bind(now.0)
        .execute(&mut *transaction)
        .await;
        match inserted {
            Ok(_) => {
                transaction.commit().await?;
                Ok(SiteInsert::Added)
            }
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                transaction.rollback().await?;
                Ok(SiteInsert::NameTaken)
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Records what a new check of the site found; answers whether the site still exists.
    pub async fn update_site_facts(
        &self,
        workspace_id: &str,
        site_id: &str,
        facts: SiteFactsRow<'_>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let updated = sqlx::query(
            "UPDATE sites SET url = $1, rest_url = $2, wordpress_version = $3, \
             upload_types = $4, verified_at = $5 WHERE workspace_id = $6 AND id = $7",
        )
        .bind(facts.url)
        .bind(facts.rest_url)
        .bind(facts.wordpress_version)
        .bind(facts.upload_types.join(","))
        .bind(now.0)
        .bind(workspace_id)
        .bind(site_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(updated > 0)
    }

    /// Deletes a site with its secret, its ledger and its audit trail; answers whether it existed.
    pub async fn delete_site(&self, workspace_id: &str, name: &str) -> Result<bool, StoreError> {
        let deleted = sqlx::query("DELETE FROM sites WHERE workspace_id = $1 AND name = $2")
            .bind(workspace_id)
            .bind(name)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted > 0)
    }

    /// Writes the audit record of one release of a site's password. Keyed by the workspace too,
    /// so a record can only be written for a site of that workspace.
    pub async fn record_site_access(
        &self,
        workspace_id: &str,
        site_id: &str,
        release: SiteRelease<'_>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let recorded = sqlx::query(
            "INSERT INTO site_access (id, site_id, workspace_id, user_id, token_id, token_name, \
             ip, at) \
             SELECT $1, s.id, s.workspace_id, $2, $3, $4, $5, $6 FROM sites s \
             WHERE s.id = $7 AND s.workspace_id = $8",
        )
        .bind(crate::secrets::new_time_ordered_id("acc"))
        .bind(release.user_id)
        .bind(release.token_id)
        .bind(release.token_name)
        .bind(release.ip)
        .bind(now.0)
        .bind(site_id)
        .bind(workspace_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(recorded > 0)
    }

    /// The latest releases of a site's password, newest first.
    pub async fn site_access(
        &self,
        workspace_id: &str,
        site_id: &str,
        limit: u32,
    ) -> Result<Vec<SiteAccess>, StoreError> {
        let rows: Vec<(i64, Option<String>, String, Option<String>)> = sqlx::query_as(
            "SELECT a.at, u.email, a.token_name, a.ip FROM site_access a \
             LEFT JOIN users u ON u.id = a.user_id \
             WHERE a.workspace_id = $1 AND a.site_id = $2 \
             ORDER BY a.at DESC, a.id DESC LIMIT $3",
        )
        .bind(workspace_id)
        .bind(site_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(at, email, token_name, ip)| SiteAccess {
                at: Timestamp(at),
                user_email: email.unwrap_or_else(|| DELETED_USER.to_string()),
                token_name,
                ip,
            })
            .collect())
    }

    /// The sites of every workspace the user belongs to, for the account export.
    pub async fn sites_of_user(&self, user_id: &str) -> Result<Vec<SiteRecord>, StoreError> {
        let columns = SITE_COLUMNS
            .split(", ")
            .map(|column| format!("s.{column}"))
            .collect::<Vec<_>>()
            .join(", ");
        Ok(sqlx::query_as::<_, SiteRow>(&format!(
            "SELECT {columns} FROM sites s \
             JOIN memberships m ON m.workspace_id = s.workspace_id \
             WHERE m.user_id = $1 ORDER BY s.workspace_id, s.name"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(SiteRow::into_record)
        .collect())
    }

    /// Every password release made by the user, for the account export.
    pub async fn site_access_by_user(
        &self,
        user_id: &str,
    ) -> Result<Vec<UserSiteAccess>, StoreError> {
        let rows: Vec<(String, String, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT a.workspace_id, s.name, a.at, a.token_name, a.ip FROM site_access a \
             JOIN sites s ON s.id = a.site_id WHERE a.user_id = $1 ORDER BY a.at, a.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(workspace_id, site, at, token_name, ip)| UserSiteAccess {
                workspace_id,
                site,
                at: Timestamp(at),
                token_name,
                ip,
            })
            .collect())
    }

    /// How many stored secrets each key id seals, for a rotation's report.
    pub async fn site_secret_key_ids(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT secret_key_id, COUNT(*) FROM sites GROUP BY secret_key_id \
             ORDER BY secret_key_id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(key_id, count)| (key_id, unsigned(count)))
            .collect())
    }

    /// Re-seals every stored secret with `reseal` in one transaction: all of them change, or
    /// (on any error) none. The first statement writes every row, which locks them on PostgreSQL
    /// and takes SQLite's write lock, so no request changes a secret halfway through.
    pub async fn reseal_site_secrets<E>(
        &self,
        reseal: impl Fn(&StoredSecret) -> Result<SealedSecret, E>,
    ) -> Result<Result<u64, E>, StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("UPDATE sites SET secret_key_id = secret_key_id")
            .execute(&mut *transaction)
            .await?;
        let rows: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, workspace_id, secret_key_id, secret_nonce, secret_ciphertext \
             FROM sites ORDER BY id",
        )
        .fetch_all(&mut *transaction)
        .await?;
        let mut count = 0;
        for (site_id, workspace_id, key_id, nonce, ciphertext) in rows {
            let stored = StoredSecret {
                site_id,
                workspace_id,
                secret: SealedSecret {
                    key_id,
                    nonce,
                    ciphertext,
                },
            };
            let sealed = match reseal(&stored) {
                Ok(sealed) => sealed,
                Err(error) => {
                    transaction.rollback().await?;
                    return Ok(Err(error));
                }
            };
            sqlx::query(
                "UPDATE sites SET secret_key_id = $1, secret_nonce = $2, secret_ciphertext = $3 \
                 WHERE id = $4",
            )
            .bind(&sealed.key_id)
            .bind(&sealed.nonce)
            .bind(&sealed.ciphertext)
            .bind(&stored.site_id)
            .execute(&mut *transaction)
            .await?;
            count += 1;
        }
        transaction.commit().await?;
        Ok(Ok(count))
    }
}
