//! What a back-office handler may take for granted, as extractors: [`Staff`] (signed in, with
//! at least a role) and [`Change`] (that, plus a form whose CSRF token checked). A handler that
//! takes one never sees a request that failed it.

use std::marker::PhantomData;
use std::ops::Deref;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::session::{csrf_ok, current, must_enrol, Current};
use super::view::see_other;
use crate::auth::Role;
use crate::http::client::Reader;
use crate::participation::check::{Posted, MAX_FORM_BYTES};
use crate::state::AppState;

/// The least role a route needs, as a type.
pub trait Need: Send + Sync + 'static {
    /// Least role.
    const ROLE: Role;
    /// Whether a user who must still turn on two-factor log-in is kept out.
    const ENROLLED: bool = true;
}

/// Any signed-in user, including one who must still turn on two-factor log-in (the account
/// page, log-out, the session ping).
pub struct Anyone;
/// Authors and up.
pub struct Authors;
/// Editors and administrators.
pub struct Editors;
/// Administrators.
pub struct Admins;

impl Need for Anyone {
    const ROLE: Role = Role::Author;
    const ENROLLED: bool = false;
}
impl Need for Authors {
    const ROLE: Role = Role::Author;
}
impl Need for Editors {
    const ROLE: Role = Role::Editor;
}
impl Need for Admins {
    const ROLE: Role = Role::Admin;
}

/// A signed-in user with at least the role `N` asks. A stranger is sent to the log-in page, a
/// user without the role gets 403, a user who must turn on two-factor log-in first is sent to
/// the account page.
pub struct Staff<N: Need = Authors>(pub Current, PhantomData<N>);

impl<N: Need> Deref for Staff<N> {
    type Target = Current;
    fn deref(&self) -> &Current {
        &self.0
    }
}

impl<N: Need> FromRequestParts<AppState> for Staff<N> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        let reader = Reader::of(&parts.method, &parts.headers, &parts.extensions, app);
        let me = current(app, &parts.headers, &reader)
            .await
            .map_err(IntoResponse::into_response)?;
        match me {
            None => Err(see_other("/admin/login")),
            Some(me) if N::ENROLLED && must_enrol(app, &me) => Err(see_other("/admin/tai-khoan")),
            Some(me) if !me.role.allows(N::ROLE) => Err(StatusCode::FORBIDDEN.into_response()),
            Some(me) => Ok(Staff(me, PhantomData)),
        }
    }
}

/// A state-changing request of a [`Staff`] user that carries the session's CSRF token (form
/// field `csrf` or header `X-CSRF-Token`), with its form of at most `MAX` bytes. The body is
/// read only once the role checked; a missing or wrong token is a 403, a body over `MAX` a
/// 413, and neither changes anything.
pub struct Change<N: Need = Authors, const MAX: usize = MAX_FORM_BYTES> {
    /// Who sent it.
    pub me: Current,
    /// The form.
    pub form: Posted,
    _need: PhantomData<N>,
}

impl<N: Need, const MAX: usize> FromRequest<AppState> for Change<N, MAX> {
    type Rejection = Response;

    async fn from_request(req: Request, app: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let Staff(me, _) = Staff::<N>::from_request_parts(&mut parts, app).await?;
        let bytes = axum::body::to_bytes(body, MAX)
            .await
            .map_err(|_| StatusCode::PAYLOAD_TOO_LARGE.into_response())?;
        let form = Posted::parse(&parts.headers, &bytes);
        if !csrf_ok(&me, &parts.headers, form.get("csrf")) {
            return Err(StatusCode::FORBIDDEN.into_response());
        }
        Ok(Change {
            me,
            form,
            _need: PhantomData,
        })
    }
}
