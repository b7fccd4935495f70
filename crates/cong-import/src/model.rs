//! The neutral model both readers produce. Keys are the source system's own identifiers as
//! strings (stable across exports of the same site), so a writer can upsert by (source, key)
//! and a re-run updates instead of duplicating.

use serde::{Deserialize, Serialize};

/// One thing read from an export, in an order a writer can follow (see the crate docs).
#[derive(Clone, Debug, PartialEq)]
pub enum ImportItem {
    /// Facts about the old site; always the first item.
    Site(ImportSite),
    /// A person who wrote articles (becomes a user without a usable password, or a byline).
    Author(ImportAuthor),
    /// A category; a parent always comes before its children.
    Category(ImportCategory),
    /// A tag (NukeViet topics come as tags too).
    Tag(ImportTag),
    /// An article or a static page.
    Article(Box<ImportArticle>),
    /// A reader comment; its article always comes before it, and so does its parent comment.
    Comment(ImportComment),
    /// An opinion poll with its options and vote counts.
    Poll(ImportPoll),
    /// A link in the old site's web-links directory.
    WebLink(ImportWebLink),
}

/// Which system an export came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceKind {
    /// A WordPress eXtended RSS export.
    Wxr,
    /// A MySQL dump of a NukeViet 4 site.
    NukeViet,
}

/// Facts about the old site as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSite {
    /// The system the export came from.
    pub source: SourceKind,
    /// Identifies the old site among imports (base URL for WordPress, prefix_lang for NukeViet).
    pub source_id: String,
    /// The site's title, plain text; empty when the export does not say.
    pub title: String,
    /// The old site's address, e.g. `https://so.gov.vn/`; empty when unknown.
    pub base_url: String,
    /// Content language code, e.g. `vi` or `en-US`.
    pub language: String,
}

/// An author account or byline.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportAuthor {
    /// Source key (WordPress login, NukeViet `user:<userid>`).
    pub key: String,
    /// Login name on the old site.
    pub login: String,
    /// Name shown to readers.
    pub display_name: String,
    /// E-mail address; private, never shown to readers.
    pub email: String,
}

/// A category.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportCategory {
    /// Source key (WordPress nicename, NukeViet `<module>:cat:<catid>`).
    pub key: String,
    /// Key of the parent category, if nested.
    pub parent_key: Option<String>,
    /// Name, plain text.
    pub name: String,
    /// Slug as on the old site (case kept).
    pub slug: String,
    /// Description, plain text.
    pub description: String,
    /// Order among siblings (smaller first).
    pub position: i64,
    /// Not publicly visible on the old site (disabled, or restricted to member groups).
    pub hidden: bool,
    /// Old URLs (path and query, normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// A tag.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportTag {
    /// Source key (WordPress slug, NukeViet `<module>:tag:<tid>` or `<module>:topic:<id>`).
    pub key: String,
    /// Name, plain text.
    pub name: String,
    /// Slug as on the old site.
    pub slug: String,
    /// Description, plain text.
    pub description: String,
    /// Old URLs (path and query, normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// Whether an article is a dated news item or a static page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArticleKind {
    /// A dated article.
    Article,
    /// A static page (WordPress page, NukeViet page module).
    Page,
}

/// Editorial state on the old site, mapped to the states Cổng knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArticleStatus {
    /// Public.
    Published,
    /// Public once `published_at` is reached.
    Scheduled,
    /// Work in progress.
    Draft,
    /// Waiting for an editor's review or approval.
    PendingReview,
    /// Not public: WordPress private or password-protected posts.
    Private,
    /// Was public, taken down: NukeViet stopped, expired or locked-by-category articles.
    Unpublished,
}

/// A photo an article refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPhoto {
    /// The URL as the old site used it (absolute, or site-relative for NukeViet files).
    pub src: String,
    /// Path relative to the old uploads folder (`--uploads`) when the URL points into it.
    pub local: Option<String>,
    /// Alternative text.
    pub alt: String,
    /// Caption, plain text.
    pub caption: String,
}

/// An article or page.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportArticle {
    /// Source key (WordPress post id, NukeViet `<module>:<id>`).
    pub key: String,
    /// Article or page.
    pub kind: ArticleKind,
    /// Title, plain text with entities decoded.
    pub title: String,
    /// Slug as on the old site (case kept, percent-decoded); may be empty for drafts.
    pub slug: String,
    /// Lead / summary, plain text.
    pub lead: String,
    /// Body, cleaned and sanitised with the editor's allow-list.
    pub body_html: String,
    /// Editorial state.
    pub status: ArticleStatus,
    /// Publication time, Unix seconds UTC.
    pub published_at: i64,
    /// Last change, Unix seconds UTC.
    pub updated_at: i64,
    /// When it stops being public (NukeViet `exptime`), Unix seconds UTC.
    pub expires_at: Option<i64>,
    /// Key of the [`ImportAuthor`] who posted it.
    pub author_key: Option<String>,
    /// Free-text author line shown to readers (NukeViet `author`); empty when none.
    pub byline: String,
    /// Category keys, main category first.
    pub category_keys: Vec<String>,
    /// Tag keys.
    pub tag_keys: Vec<String>,
    /// Key of the parent page (WordPress page hierarchy).
    pub parent_key: Option<String>,
    /// Featured (lead) photo.
    pub lead_photo: Option<ImportPhoto>,
    /// Photos in the body, each distinct `src` once, in order of appearance.
    pub body_photos: Vec<ImportPhoto>,
    /// URL of the original source (NukeViet `sourcetext`); empty when none.
    pub source_url: String,
    /// View count on the old site.
    pub views: u64,
    /// Sum of the star ratings given.
    pub rating_total: u64,
    /// Number of ratings given.
    pub rating_count: u64,
    /// Whether readers could comment.
    pub comments_open: bool,
    /// Pinned to the top of lists (WordPress sticky).
    pub sticky: bool,
    /// Old URLs (path and query, normalised) that should lead here.
    pub legacy_paths: Vec<String>,
}

/// A reader comment.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportComment {
    /// Source key (comment id, prefixed by module for NukeViet).
    pub key: String,
    /// Key of the article commented on.
    pub article_key: String,
    /// Key of the comment replied to.
    pub parent_key: Option<String>,
    /// Name the commenter gave.
    pub author_name: String,
    /// E-mail the commenter gave; private, never shown to readers.
    pub author_email: String,
    /// Web site the commenter gave; empty when none.
    pub author_url: String,
    /// Plain text with line breaks.
    pub body: String,
    /// When it was posted, Unix seconds UTC.
    pub created_at: i64,
    /// Shown to readers (false = waiting for moderation).
    pub approved: bool,
    /// A pingback or trackback from another site rather than a reader's comment.
    pub pingback: bool,
}

/// An opinion poll.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPoll {
    /// Source key (`voting:<vid>`).
    pub key: String,
    /// The question, plain text.
    pub question: String,
    /// Options in display order.
    pub options: Vec<ImportPollOption>,
    /// How many options a voter may tick (1 = single choice).
    pub max_choices: u32,
    /// When voting opens, Unix seconds UTC.
    pub opens_at: i64,
    /// When voting closes, if it does.
    pub closes_at: Option<i64>,
    /// Shown on the old site.
    pub active: bool,
}

/// One option of a poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPollOption {
    /// Option text, plain.
    pub title: String,
    /// Votes it received.
    pub votes: u64,
}

/// A web link from the old site's links directory.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportWebLink {
    /// Source key (`<module>:<id>`).
    pub key: String,
    /// Link text, plain.
    pub title: String,
    /// Target URL.
    pub url: String,
    /// Description, plain text.
    pub description: String,
    /// Name of the links category it was filed under; empty when none.
    pub category: String,
    /// Times it was followed.
    pub clicks: u64,
    /// Shown on the old site.
    pub active: bool,
}
