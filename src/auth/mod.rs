//! Back-office authentication: passwords, sessions, two-factor codes and roles.

pub mod accounts;
pub mod config;
pub mod device;
pub mod hashing;
pub mod login;
pub mod password;
pub mod roles;
pub mod session;
pub mod throttle;
pub mod totp;

pub use roles::Role;
