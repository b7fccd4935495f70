//! Photos and documents uploaded by the staff (issue 13). So far: deciding what an upload is
//! and whether it may be kept ([`probe`]); storage, variants and the library come next.

pub mod probe;
