//! Back-office authentication: passwords, sessions, two-factor codes and roles.

pub mod accounts;
pub mod password;
pub mod roles;
pub mod session;
pub mod totp;

pub use roles::Role;
