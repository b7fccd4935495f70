//! The back office under `/admin/`: log-in (with a second factor), sessions with an idle
//! timeout, and the pages behind them. Every handler checks the role at its call site.

pub mod account;
pub mod audit;
pub mod config;
pub mod home;
pub mod login;
pub mod session;
pub mod users;
pub mod view;
