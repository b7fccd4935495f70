//! HTTP plumbing: the router, the layer stack and request extractors.

pub mod client;
pub mod middleware;
pub mod router;

pub use router::router;
