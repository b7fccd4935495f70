//! Photos and documents uploaded by the staff (issue 13). So far: deciding what an upload is
//! and whether it may be kept ([`probe`]), and the names it is shown and stored under
//! ([`names`]); storage, variants and the library come next.

pub mod names;
pub mod probe;
