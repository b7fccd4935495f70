//! What keeps hot pages off the database: the rendered-page cache and in-memory counters
//! (article views, visits, online now) that are flushed to the database in batches.

pub mod cache;
pub mod counters;
pub mod page;
pub mod ratings;
pub mod visits;

pub use cache::PageCache;
pub use counters::{ViewCounter, ViewCounters};
pub use page::{CachedPage, Fill, Hole, Marker};
pub use ratings::{RatingFigure, RatingFigures};
pub use visits::Visits;
