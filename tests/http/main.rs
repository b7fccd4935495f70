//! HTTP tests through the real router (tower `oneshot`), on a real SQLite file, with the
//! sample portal loaded. Modules group them by concern.

mod common;

mod accessibility;
mod admin;
mod errors;
mod feeds;
mod hardening;
mod live_counts;
mod login_guard;
mod media;
mod media_s3;
mod newsroom;
mod pages;
mod participation;
mod postgres;
mod search;
mod security;
mod urls;
