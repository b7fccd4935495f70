//! How a library entry is shown: on the library's pages and to the editor (JSON).

use cong_store::MediaItem;
use serde_json::{json, Value};

use crate::admin::session::Current;
use crate::auth::Role;
use crate::media::keys;
use crate::state::AppState;

/// Whether `me` may change or delete `item`: editors any, authors their own uploads.
pub fn may_change(me: &Current, item: &MediaItem) -> bool {
    me.role.allows(Role::Editor) || item.uploaded_by == Some(me.user.id)
}

/// The address staff see a photo at before its variants are made (the original, to staff
/// only), or a document's public address.
fn preview(item: &MediaItem) -> String {
    if keys::is_photo(&item.kind) {
        format!("/admin/tep/{}/goc", item.id)
    } else {
        keys::url(&keys::original(item))
    }
}

/// The HTML the editor inserts for `item`: a figure with every size and its caption and
/// credit for a photo, a link for a document.
pub fn snippet(item: &MediaItem) -> Option<String> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    if !keys::is_photo(&item.kind) {
        let url = keys::url(&keys::original(item));
        return Some(format!(
            r#"<p><a href="{url}">{}</a></p>"#,
            esc(&item.original_name)
        ));
    }
    let p = keys::picture(item)?;
    let mut caption = esc(&item.caption);
    if !item.credit.is_empty() {
        if !caption.is_empty() {
            caption.push(' ');
        }
        caption.push_str(&format!(
            r#"<span class="credit">{}</span>"#,
            esc(&item.credit)
        ));
    }
    let figcaption = if caption.is_empty() {
        String::new()
    } else {
        format!("<figcaption>{caption}</figcaption>")
    };
    Some(format!(
        r#"<figure><img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy">{figcaption}</figure>"#,
        p.src,
        p.srcset,
        keys::SIZES,
        p.width,
        p.height,
        esc(&item.alt)
    ))
}

/// An entry as the library and the editor read it.
pub fn item_json(app: &AppState, item: &MediaItem) -> Value {
    let picture = keys::picture(item);
    let thumb = keys::widths(item)
        .first()
        .map(|w| keys::url(&keys::variant(&item.key, *w, "webp")))
        .unwrap_or_else(|| preview(item));
    json!({
        "id": item.id,
        "name": item.original_name,
        "kind": item.kind,
        "photo": keys::is_photo(&item.kind),
        "bytes": item.bytes,
        "size": human_size(item.bytes),
        "width": item.width,
        "height": item.height,
        "alt": item.alt,
        "caption": item.caption,
        "credit": item.credit,
        "uploader": item.uploader,
        "uploaded_at": item.uploaded_at,
        "variants": item.variants,
        "variants_label": app.text(&format!("media_variants_{}", item.variants)),
        "picture": picture,
        "lead": lead_copy(item),
        "thumb": thumb,
        "preview": preview(item),
        "html": snippet(item),
        "edit": format!("/admin/tep/{}", item.id),
    })
}

/// Widest copy a lead photo uses: lists show it small, the article page at most this wide.
const LEAD_MAX: u32 = 1024;

/// The JPEG copy a photo made the lead photo is shown from: the widest up to [`LEAD_MAX`].
fn lead_copy(item: &MediaItem) -> Option<String> {
    let widths = keys::widths(item);
    let w = widths
        .iter()
        .rev()
        .find(|w| **w <= LEAD_MAX)
        .or(widths.first())?;
    Some(keys::url(&keys::variant(&item.key, *w, "jpg")))
}

/// `1,5 MB`, `320 KB`, `12 B`.
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        format!("{:.1} MB", b / KB / KB).replace('.', ",")
    } else if b >= KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_vietnamese_way() {
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(320 * 1024), "320 KB");
        assert_eq!(human_size(1536 * 1024), "1,5 MB");
    }
}
