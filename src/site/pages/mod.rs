//! One file per family of pages, each an `impl` of the [`Context`](crate::site::context)
//! every page is rendered from.

mod board;
mod home;
mod meetings;
mod other;
mod progress;
mod topics;
mod years;
