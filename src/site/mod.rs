//! Reader pages: thin handlers that parse the request, ask the store, and render.

pub mod article;
pub mod assets;
pub mod beacon;
pub mod category;
pub mod comment;
pub mod feeds;
pub mod home;
pub mod legacy;
pub mod media;
pub mod page;
pub mod poll;
pub mod rating;
pub mod reply;
pub mod search;
pub mod serve;
pub mod tag;
pub mod vote;
