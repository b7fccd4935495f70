//! The newsroom's rules, apart from HTTP: the article form and its checks, who may do what in
//! the workflow, and the comparison of revisions. The back-office screens are in
//! `admin::articles`.

pub mod diff;
pub mod form;
pub mod workflow;
