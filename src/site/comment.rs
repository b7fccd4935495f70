//! `POST /binh-luan/<article id>`: a comment or a reply.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cong_store::{Accepted, NewComment, Submission};
use unicode_normalization::UnicodeNormalization;

use super::rating::{article_url, refusal};
use super::reply::{self, Back};
use crate::http::client::Reader;
use crate::participation::check::{clear, Posted, Refused};
use crate::participation::Purpose;
use crate::state::AppState;

/// Longest name, in characters.
const MAX_NAME: usize = 80;
/// Longest e-mail address (RFC 5321 path limit).
const MAX_EMAIL: usize = 254;

/// `POST /binh-luan/<id>` with `token`, `name`, `email`, `body`, optional `parent_id`, and the
/// `website` trap field that people never see and so leave empty.
pub async fn post(
    State(app): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let (article_id, comment_id, published) = match submit(&app, &id, &reader, &form).await {
        Ok(done) => done,
        Err(r) => return reply::refused(&app, &reader, &r, form.wants_json).await,
    };
    let key = if published {
        "msg_comment_published"
    } else {
        "msg_comment_held"
    };
    let message = app.text(key);
    if form.wants_json {
        let p = &app.participation;
        let reader_id = p.known_reader(&reader).unwrap_or_default();
        return reply::json(
            StatusCode::OK,
            true,
            &message,
            serde_json::json!({
                "id": comment_id,
                "published": published,
                "token": p.signer.token(Purpose::Comment, &reader_id, app.now()),
            }),
        );
    }
    let url = article_url(&app, article_id)
        .await
        .unwrap_or_else(|| "/".into());
    let back = format!("{url}#binh-luan");
    let title = app.text("msg_comment_sent");
    let back = Back {
        url: &back,
        label: app.text("back_to_article"),
    };
    reply::message_page(
        &app,
        &reader,
        StatusCode::OK,
        "ok",
        &title,
        &message,
        Some(back),
    )
    .await
}

async fn submit(
    app: &AppState,
    id: &str,
    reader: &Reader,
    form: &Posted,
) -> Result<(i64, i64, bool), Refused> {
    let refuse = |status, key: &str| Refused::new(app, status, key);
    let invalid = |key: &str| Refused::new(app, StatusCode::UNPROCESSABLE_ENTITY, key);
    let article_id: i64 = id
        .parse()
        .map_err(|_| refuse(StatusCode::NOT_FOUND, "msg_no_article"))?;
    let cfg = &app.config.participation;
    if !cfg.comments {
        return Err(refuse(StatusCode::FORBIDDEN, "msg_comments_off"));
    }
    let p = &app.participation;
    let cleared = clear(app, reader, form, Purpose::Comment, &p.comments_limit)?;
    // People never see the trap field; only a form-filling script puts something there.
    if form.get("website").is_some() {
        return Err(invalid("msg_spam"));
    }
    let name = clean(form.get("name").unwrap_or(""));
    if name.is_empty() {
        return Err(invalid("msg_name_required"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(invalid("msg_name_long"));
    }
    let email = form.get("email").unwrap_or("").to_lowercase();
    if email.is_empty() {
        return Err(invalid("msg_email_required"));
    }
    if !valid_email(&email) {
        return Err(invalid("msg_email_invalid"));
    }
    let text = clean(form.get("body").unwrap_or(""));
    if text.is_empty() {
        return Err(invalid("msg_body_required"));
    }
    if text.chars().count() > cfg.comment_max_chars {
        let msg = app
            .text("msg_body_long")
            .replace("{max}", &cfg.comment_max_chars.to_string());
        return Err(Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: msg,
            retry_after: None,
        });
    }
    if cong_text::count_links(&text) > cfg.comment_max_links {
        let msg = app
            .text("msg_too_many_links")
            .replace("{max}", &cfg.comment_max_links.to_string());
        return Err(Refused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: msg,
            retry_after: None,
        });
    }
    let parent_id = match form.get("parent_id") {
        None => None,
        Some(v) => Some(v.parse::<i64>().map_err(|_| invalid("msg_no_parent"))?),
    };
    let moderation = cfg.moderation().unwrap_or(cong_store::Moderation::HoldAll);
    let outcome = p
        .writer
        .submit(Submission::Comment(NewComment {
            article_id,
            parent_id,
            name,
            email,
            body: text,
            reader: cleared.reader,
            ip: reader.ip.to_string(),
            nonce: cleared.nonce,
            moderation,
        }))
        .await
        .map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "msg_save_failed"))?;
    match outcome {
        Ok(Accepted::Commented { id, published }) => {
            if published {
                // The article page lists its comments.
                app.cache.bump();
            }
            Ok((article_id, id, published))
        }
        Ok(_) => Err(refuse(StatusCode::INTERNAL_SERVER_ERROR, "msg_save_failed")),
        Err(r) => Err(refusal(app, r)),
    }
}

/// NFC, line breaks as `\n`, no other control characters, trimmed.
fn clean(s: &str) -> String {
    s.nfc()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

/// A plausible address: one `@`, a local part, a dotted domain of letters, digits and hyphens.
/// Whether it reaches anyone cannot be known without sending mail; this catches typos.
fn valid_email(e: &str) -> bool {
    if e.len() > MAX_EMAIL {
        return false;
    }
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_check_catches_typos_not_real_addresses() {
        for ok in [
            "hoa@example.vn",
            "a.b+c@so-yte.hagiang.gov.vn",
            "nguyễn@ví-dụ.vn",
        ] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "hoa",
            "hoa@",
            "@example.vn",
            "hoa@example",
            "hoa@@example.vn",
            "hoa @example.vn",
            "hoa@exa mple.vn",
            ".hoa@example.vn",
            "hoa@-example.vn",
            "hoa@example..vn",
            "<script>@x.vn",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert!(!valid_email(&format!("{}@example.vn", "a".repeat(65))));
    }

    #[test]
    fn clean_keeps_lines_and_drops_control_characters() {
        assert_eq!(clean("  Xin\u{0}chào\r\nbạn \u{7} "), "Xinchào\nbạn");
        // NFD input comes out composed.
        assert_eq!(clean("Tie\u{0302}\u{0301}m"), "Tiếm");
    }
}
