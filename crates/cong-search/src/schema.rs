//! The index schema and the mapping from [`SearchDoc`] to a tantivy document.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
};
use tantivy::TantivyDocument;
use unicode_normalization::UnicodeNormalization;

use crate::tokenize::{BIGRAM, EXACT, FOLDED};
use crate::SearchDoc;

/// Name of the fast field `Sort::Newest` orders by.
pub(crate) const PUBLISHED_AT: &str = "published_at";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub category_id: Field,
    pub published_at: Field,
    /// Original title (stored, for display and highlighting), indexed folded with positions.
    pub title: Field,
    pub title_exact: Field,
    pub title_bigram: Field,
    /// Original body text (stored, for snippets), indexed folded with positions.
    pub body: Field,
    pub body_exact: Field,
    pub body_bigram: Field,
}

/// Builds the schema; `open` refuses an existing index whose schema differs from this one.
pub(crate) fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Folded fields carry positions (quoted phrases need them); the exact and bigram fields
    // only score single terms, so frequencies are enough and the index stays smaller.
    let text = |tokenizer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(record),
        )
    };
    let folded = text(FOLDED, IndexRecordOption::WithFreqsAndPositions).set_stored();
    let exact = text(EXACT, IndexRecordOption::WithFreqs);
    let bigram = text(BIGRAM, IndexRecordOption::WithFreqs);
    let fields = Fields {
        id: b.add_i64_field("id", INDEXED | FAST | STORED),
        category_id: b.add_i64_field("category_id", INDEXED | FAST),
        published_at: b.add_i64_field(PUBLISHED_AT, INDEXED | FAST),
        title: b.add_text_field("title", folded.clone()),
        title_exact: b.add_text_field("title_exact", exact.clone()),
        title_bigram: b.add_text_field("title_bigram", bigram.clone()),
        body: b.add_text_field("body", folded),
        body_exact: b.add_text_field("body_exact", exact),
        body_bigram: b.add_text_field("body_bigram", bigram),
    };
    (b.build(), fields)
}

/// Converts a document, NFC-normalising its text first: NFD input would otherwise index
/// differently from the same words typed in NFC, and snippets are cut from this stored text.
pub(crate) fn to_document(f: &Fields, doc: &SearchDoc) -> TantivyDocument {
    let title: String = doc.title.nfc().collect();
    let body: String = doc.body_text.nfc().collect();
    let mut d = TantivyDocument::default();
    d.add_i64(f.id, doc.id);
    d.add_i64(f.category_id, doc.category_id);
    d.add_i64(f.published_at, doc.published_at);
    for field in [f.title, f.title_exact, f.title_bigram] {
        d.add_text(field, &title);
    }
    for field in [f.body, f.body_exact, f.body_bigram] {
        d.add_text(field, &body);
    }
    d
}
