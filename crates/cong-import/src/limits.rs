//! Per-item limits of both readers. An import file comes from a site we do not control, so no
//! single post, row or string may make the importer hold more than a few megabytes; a file
//! that goes over a limit is refused by the validating pass, with the line and the limit, and
//! nothing is written. Refusing (rather than skipping the item) is deliberate: the parsers
//! cannot resume in the middle of an over-long piece of text without holding it, and an
//! article silently missing from a migrated portal is worse than a clear message the operator
//! can act on (shorten or delete that post on the old site and export again).
//!
//! The sizes are bytes of UTF-8 text as decoded (entities resolved), far above anything a
//! real WordPress or NukeViet site writes, so only broken or hostile files meet them.

/// Largest article or page body (`content:encoded`, NukeViet `bodytext`): real posts are at
/// most a few hundred KB; this leaves room for bodies with pictures inlined as `data:` URLs.
pub const MAX_BODY_BYTES: usize = 8 << 20;

/// Largest long text other than a body: an excerpt or caption, a comment, a term description,
/// a kept post meta value. WordPress stores these in `TEXT` columns (64 KB at most), so 1 MiB
/// is generous.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// Largest short field: a title, slug, link, date, name, e-mail, status, number. WordPress
/// and NukeViet keep these in `VARCHAR` or `TEXT` columns of at most 64 KB.
pub const MAX_FIELD_BYTES: usize = 64 << 10;

/// Most text one WordPress `<item>` may hold with all its comments and kept meta: a post is
/// read whole (with its comments) before it is handed over, so this bounds the reader's memory
/// per item. A fixed charge per comment, term and meta counts too, so that millions of empty
/// comments cannot get around it.
pub const MAX_ITEM_BYTES: usize = 32 << 20;

/// What each comment, term or meta entry of an item costs against [`MAX_ITEM_BYTES`] besides
/// its text (the bookkeeping of one record).
pub const ITEM_RECORD_BYTES: usize = 256;

/// Longest single piece of XML the parser will hold: one run of text, CDATA section, comment,
/// or tag with its attributes, anywhere in the file, also inside elements the importer skips
/// (the XML parser holds a whole piece before it hands it over).
pub const MAX_XML_PIECE_BYTES: usize = 16 << 20;

/// Deepest element nesting accepted in a WXR file. A WordPress export nests six levels
/// (`rss`, `channel`, `item`, `wp:comment`, `wp:commentmeta`, `wp:meta_key`); every open
/// element costs memory, so millions of levels are refused.
pub const MAX_XML_DEPTH: usize = 256;

/// Most attributes on one XML element. WordPress writes at most a dozen (the namespace
/// declarations on `<rss>`); each costs memory, and checking them for duplicates takes time
/// that grows with the square of their number.
pub const MAX_XML_ATTRIBUTES: usize = 256;

/// Largest single value in an SQL dump row that the import reads: the same as a body, since
/// the lexer cannot tell a body column from another (NukeViet's own `VARCHAR(250)` columns
/// keep titles and slugs short).
pub const MAX_SQL_VALUE_BYTES: usize = MAX_BODY_BYTES;

/// Most bytes of values one SQL row of a table the import reads may hold together: a body
/// plus the rest of its row.
pub const MAX_SQL_ROW_BYTES: usize = 16 << 20;

/// Most values in one SQL row and most names in a column list: MySQL's own limit of columns
/// per table, so no real dump has more.
pub const MAX_SQL_COLUMNS: usize = 4096;

/// Longest SQL keyword or identifier: MySQL names have at most 64 characters (256 bytes in
/// UTF-8); a little room for odd quoting.
pub const MAX_SQL_NAME_BYTES: usize = 1024;

/// `8 MiB`, `64 KiB`: a limit as people say it, for messages.
pub(crate) fn human(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes % (1 << 10) == 0 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}
