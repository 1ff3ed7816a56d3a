//! Metered AI metadata: check the image, hold one credit, ask the model (through the shared
//! `alt_model` call), then commit the credit on success or release it on any failure. The
//! image lives only in this request's memory: it is never stored or logged.

pub mod image_check;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use altloom_shared::alt_model::{describe, ModelEndpoint, ModelError};
use altloom_shared::api::alt_text::{AltTextRequest, AltTextResult};
use altloom_shared::api::billing::QuotaDetails;
use altloom_shared::time::Timestamp;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::billing::credits;
use crate::config::{AiConfig, BillingConfig};
use crate::store::{Store, StoreError};
use image_check::ImageProblem;

/// How long a request waits for one of its workspace's concurrency slots.
const SLOT_WAIT: Duration = Duration::from_secs(10);

/// How long the credit of one call is held; longer than any model call the timeout allows.
const RESERVATION_SECONDS: u64 = 600;

/// Why metadata could not be produced. Every case leaves the credit balance unchanged.
#[derive(Debug, thiserror::Error)]
pub enum AltTextError {
    #[error("AI metadata is not configured on this server")]
    Unavailable,
    #[error("{0}")]
    InvalidImage(#[from] ImageProblem),
    #[error("too many AI requests from this workspace at once")]
    TooManyConcurrent,
    #[error("not enough credits")]
    Quota(QuotaDetails),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The model endpoint and the per-workspace concurrency limits.
pub struct AltTextService {
    endpoint: Option<ModelEndpoint>,
    per_workspace: usize,
    slot_wait: Duration,
    slots: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl AltTextService {
    pub fn new(config: &AiConfig) -> AltTextService {
        AltTextService {
            endpoint: config.endpoint(),
            per_workspace: config.concurrency_per_workspace,
            slot_wait: SLOT_WAIT,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// Produces metadata for one image, charging one credit only when it succeeds.
    pub async fn generate(
        &self,
        store: &Store,
        billing: &BillingConfig,
        workspace_id: &str,
        request: &AltTextRequest,
        image_bytes: &[u8],
    ) -> Result<AltTextResult, AltTextError> {
        let endpoint = self.endpoint.as_ref().ok_or(AltTextError::Unavailable)?;
        image_check::check(&request.image.media_type, image_bytes)?;
        let _slot = self.slot(workspace_id).await?;
        let now = Timestamp::now();
        let reservation =
            match credits::reserve(store, billing, workspace_id, 1, RESERVATION_SECONDS, now)
                .await?
            {
                Ok(reservation) => reservation,
                Err(quota) => return Err(AltTextError::Quota(quota)),
            };
        match describe(endpoint, &request.image, &request.options).await {
            Ok(mut result) => {
                store
                    .settle_reservation(workspace_id, &reservation.id, 1, Timestamp::now())
                    .await?;
                result.credits_used = 1;
                Ok(result)
            }
            Err(error) => {
                store
                    .settle_reservation(workspace_id, &reservation.id, 0, Timestamp::now())
                    .await?;
                Err(error.into())
            }
        }
    }

    /// Waits briefly for one of the workspace's slots.
    async fn slot(&self, workspace_id: &str) -> Result<OwnedSemaphorePermit, AltTextError> {
        let semaphore = {
            let mut slots = self
                .slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            // Forget idle workspaces so the map does not grow without bound.
            if slots.len() > 10_000 {
                let limit = self.per_workspace;
                slots.retain(|_, semaphore| semaphore.available_permits() < limit);
            }
            Arc::clone(
                slots
                    .entry(workspace_id.to_string())
                    .or_insert_with(|| Arc::new(Semaphore::new(self.per_workspace))),
            )
        };
        tokio::time::timeout(self.slot_wait, semaphore.acquire_owned())
            .await
            .map_err(|_| AltTextError::TooManyConcurrent)?
            .map_err(|_| AltTextError::TooManyConcurrent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(per_workspace: usize) -> AltTextService {
        AltTextService {
            endpoint: None,
            per_workspace,
            slot_wait: Duration::from_millis(50),
            slots: Mutex::new(HashMap::new()),
        }
    }

    #[tokio::test]
    async fn each_workspace_has_its_own_limited_slots() {
        let service = service(2);
        let first = service.slot("ws_a").await.unwrap();
        let _second = service.slot("ws_a").await.unwrap();
        // The third request from the same workspace waits, then is refused.
        assert!(matches!(
            service.slot("ws_a").await,
            Err(AltTextError::TooManyConcurrent)
        ));
        // Another workspace is not affected.
        assert!(service.slot("ws_b").await.is_ok());
        // A finished request frees its slot.
        drop(first);
        assert!(service.slot("ws_a").await.is_ok());
    }
}
