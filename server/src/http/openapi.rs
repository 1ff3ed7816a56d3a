//! The OpenAPI document's frame: title, version and the bearer-token security scheme. The paths
//! and schemas are collected from the handlers' annotations, so the document follows the code.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Altloom API",
        description = "Accounts, workspaces, API tokens and job history for the altloom CLI. \
                       Send `Authorization: Bearer alt_...` and `altloom-api-version: 1`.",
    ),
    modifiers(&BearerToken),
    components(schemas(altloom_shared::api::ErrorEnvelope, altloom_shared::api::ErrorBody)),
    tags(
        (name = "auth", description = "Sign-up, log-in, device log-in, who am I"),
        (name = "workspaces", description = "Workspaces, members and invites"),
        (name = "tokens", description = "Workspace API tokens"),
        (name = "jobs", description = "Job history"),
        (name = "account", description = "Data export and account deletion"),
        (name = "alt-text", description = "AI alt text, title, caption and description"),
        (name = "billing", description = "Plans, usage, credit reservations and Stripe billing"),
        (name = "sites", description = "WordPress sites: encrypted credentials, their audit trail, the push ledger"),
    )
)]
pub struct ApiDocument;

/// Declares the `bearer` security scheme the annotated paths refer to.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("alt_...")
                    .build(),
            ),
        );
    }
}
