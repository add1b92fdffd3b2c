//! Plumbing every layer may use and which uses no other part of yishi: output files, XML
//! escaping, hashing, a file's format by its bytes, an HTML tag's attributes, stage timings.
//! Nothing here knows what a topic or a meeting is.

pub mod escape;
pub mod format;
pub mod hash;
pub mod html;
pub mod output;
pub mod timings;
