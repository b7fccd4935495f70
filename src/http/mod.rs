//! HTTP plumbing: the connection loop, the router, the layer stack and request extractors.

pub mod client;
pub mod config;
pub mod middleware;
pub mod router;
pub mod server;

pub use router::router;
