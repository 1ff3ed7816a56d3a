//! The health-check answer served by `altloom-server` at `/healthz`.

use serde::{Deserialize, Serialize};

/// Body of `GET /healthz`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `"ok"` when the process answers at all.
    pub status: String,
    /// The server's version.
    pub version: String,
}
