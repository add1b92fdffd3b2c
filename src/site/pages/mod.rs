//! One file per family of pages: functions that render their pages from the
//! [`Context`](crate::site::context::Context) every page is rendered from.

pub(crate) mod board;
pub(crate) mod evaluations;
pub(crate) mod grids;
pub(crate) mod home;
pub(crate) mod meetings;
pub(crate) mod other;
pub(crate) mod progress;
pub(crate) mod supervision;
pub(crate) mod topics;
pub(crate) mod years;
