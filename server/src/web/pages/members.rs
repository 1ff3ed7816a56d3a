//! A workspace's members and invites: roles, removal, invite links (shown once), and the page
//! where an invitee accepts one.

use altloom_shared::api::workspaces::{
    AcceptInviteRequest, CreateInviteRequest, CreatedInvite, Invite, Member, Role,
    UpdateMemberRequest,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use serde::Deserialize;

use super::{on_form, see_other, unknown_code_is_a_form_error, Done, NoFields};
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::handlers::{invites, workspaces};
use crate::http::AppState;
use crate::web::error::WebError;
use crate::web::form::CheckedForm;
use crate::web::layout::{account_layout, html, when, workspace_layout, Layout};
use crate::web::session::SignedIn;

/// A member as listed.
struct MemberRow {
    user_id: String,
    name: String,
    email: String,
    role: &'static str,
    joined: String,
    is_you: bool,
    is_owner: bool,
}

impl MemberRow {
    fn new(member: &Member, you: &str) -> MemberRow {
        MemberRow {
            user_id: member.user_id.clone(),
            name: member.name.clone(),
            email: member.email.clone(),
            role: member.role.as_str(),
            joined: when(&member.joined_at),
            is_you: member.user_id == you,
            is_owner: member.role == Role::Owner,
        }
    }
}

/// An open invite as listed.
struct InviteRow {
    id: String,
    role: &'static str,
    expires: String,
}

impl InviteRow {
    fn new(invite: &Invite) -> InviteRow {
        InviteRow {
            id: invite.id.clone(),
            role: invite.role.as_str(),
            expires: when(&invite.expires_at),
        }
    }
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage {
    layout: Layout,
    workspace_id: String,
    members: Vec<MemberRow>,
    invites: Vec<InviteRow>,
    can_manage: bool,
    new_invite: Option<CreatedInvite>,
}

async fn layout(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
) -> Result<Layout, WebError> {
    workspace_layout(state, signed_in, workspace, "members", "Members").await
}

async fn members_page(
    state: &AppState,
    signed_in: &SignedIn,
    workspace: &str,
    layout: Layout,
    new_invite: Option<CreatedInvite>,
) -> Result<Response, WebError> {
    let Json(list) = workspaces::members(
        State(state.clone()),
        signed_in.principal.clone(),
        Path(workspace.to_string()),
    )
    .await?;
    let can_manage = layout.role() >= Role::Admin;
    // Only owners and admins see invites; for members the list stays empty.
    let invites = if can_manage {
        let Json(list) = invites::list(
            State(state.clone()),
            signed_in.principal.clone(),
            Path(workspace.to_string()),
        )
        .await?;
        list.invites
            .iter()
            .filter(|invite| invite.accepted_at.is_none())
            .map(InviteRow::new)
            .collect()
    } else {
        Vec::new()
    };
    let you = &signed_in.principal.acting_user;
    html(&MembersPage {
        layout,
        workspace_id: workspace.to_string(),
        members: list
            .members
            .iter()
            .map(|member| MemberRow::new(member, you))
            .collect(),
        invites,
        can_manage,
        new_invite,
    })
}

pub async fn page(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, WebError> {
    let layout = layout(&state, &signed_in, &workspace)
        .await?
        .with_notice(done.notice());
    members_page(&state, &signed_in, &workspace, layout, None).await
}

/// A role from a form (`member` or `admin`; owners are never made by a form).
fn role(text: &str) -> Result<Role, ApiError> {
    match text {
        "member" => Ok(Role::Member),
        "admin" => Ok(Role::Admin),
        _ => Err(ApiError::invalid("role: choose member or admin")),
    }
}

/// What the invite form sends.
#[derive(Deserialize)]
pub struct InviteForm {
    role: String,
}

/// Creates an invite; its link is shown on this answer only.
pub async fn invite(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(workspace): Path<String>,
    CheckedForm(form): CheckedForm<InviteForm>,
) -> Result<Response, WebError> {
    let result = match role(&form.role) {
        Ok(role) => {
            invites::create(
                State(state.clone()),
                signed_in.principal.clone(),
                Path(workspace.clone()),
                ApiJson(CreateInviteRequest {
                    role,
                    expires_in_days: None,
                }),
            )
            .await
        }
        Err(error) => Err(error),
    };
    let layout = layout(&state, &signed_in, &workspace).await?;
    match on_form(result)? {
        Ok((_, Json(created))) => {
            let notice = "Invite created. Send the link (or the code) to the person you invite: \
                          it is shown only on this page."
                .to_string();
            members_page(
                &state,
                &signed_in,
                &workspace,
                layout.with_notice(Some(notice)),
                Some(created),
            )
            .await
        }
        Err(message) => {
            members_page(
                &state,
                &signed_in,
                &workspace,
                layout.with_error(Some(message)),
                None,
            )
            .await
        }
    }
}

pub async fn revoke_invite(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((workspace, invite)): Path<(String, String)>,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    invites::delete(
        State(state.clone()),
        signed_in.principal.clone(),
        Path((workspace.clone(), invite)),
    )
    .await?;
    Ok(see_other(&format!(
        "/w/{workspace}/members?done=invite-revoked"
    )))
}

/// What the role form sends.
#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((workspace, user)): Path<(String, String)>,
    CheckedForm(form): CheckedForm<RoleForm>,
) -> Result<Response, WebError> {
    let result = match role(&form.role) {
        Ok(role) => workspaces::update_member(
            State(state.clone()),
            signed_in.principal.clone(),
            Path((workspace.clone(), user)),
            ApiJson(UpdateMemberRequest { role }),
        )
        .await
        .map(|_| ()),
        Err(error) => Err(error),
    };
    match on_form(result)? {
        Ok(()) => Ok(see_other(&format!(
            "/w/{workspace}/members?done=role-changed"
        ))),
        Err(message) => {
            let layout = layout(&state, &signed_in, &workspace)
                .await?
                .with_error(Some(message));
            members_page(&state, &signed_in, &workspace, layout, None).await
        }
    }
}

/// Removes a member, or lets someone leave (then they go to their dashboard).
pub async fn remove(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path((workspace, user)): Path<(String, String)>,
    CheckedForm(_): CheckedForm<NoFields>,
) -> Result<Response, WebError> {
    let leaving = user == signed_in.principal.acting_user;
    let result = workspaces::remove_member(
        State(state.clone()),
        signed_in.principal.clone(),
        Path((workspace.clone(), user)),
    )
    .await;
    match on_form(result)? {
        Ok(_) if leaving => Ok(see_other("/dashboard")),
        Ok(_) => Ok(see_other(&format!(
            "/w/{workspace}/members?done=member-removed"
        ))),
        Err(message) => {
            let layout = layout(&state, &signed_in, &workspace)
                .await?
                .with_error(Some(message));
            members_page(&state, &signed_in, &workspace, layout, None).await
        }
    }
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    layout: Layout,
}

/// `/invite`: where an invite link lands. The code rides in the link's fragment, which never
/// reaches a server; a small script copies it into the form, or the person pastes it.
pub async fn invite_page(
    State(state): State<AppState>,
    signed_in: SignedIn,
) -> Result<Response, WebError> {
    html(&InvitePage {
        layout: account_layout(&state, &signed_in, "Join a workspace").await?,
    })
}

/// What the accept form sends.
#[derive(Deserialize)]
pub struct AcceptForm {
    invite_code: String,
}

pub async fn accept_invite(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    signed_in: SignedIn,
    CheckedForm(form): CheckedForm<AcceptForm>,
) -> Result<Response, WebError> {
    // A whole pasted link is accepted too: the code is what follows `#`.
    let code = form
        .invite_code
        .rsplit('#')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let result = invites::accept(
        State(state.clone()),
        ClientIp(ip),
        signed_in.principal.clone(),
        ApiJson(AcceptInviteRequest { token: code }),
    )
    .await;
    let result = unknown_code_is_a_form_error(
        result,
        "this invite code is unknown, expired or already used; ask for a new one",
    );
    match on_form(result)? {
        Ok(Json(workspace)) => Ok(see_other(&format!("/w/{}?done=joined", workspace.id))),
        Err(message) => html(&InvitePage {
            layout: account_layout(&state, &signed_in, "Join a workspace")
                .await?
                .with_error(Some(message)),
        }),
    }
}
