//! Reader pages: thin handlers that parse the request, ask the store, and render.

pub mod article;
pub mod assets;
pub mod category;
pub mod feeds;
pub mod home;
pub mod legacy;
pub mod page;
pub mod poll;
pub mod search;
pub mod serve;
pub mod tag;
