//! Plumbing every layer may use and which uses no other part of yishi: output files, XML
//! escaping, hashing. Nothing here knows what a topic or a meeting is.

pub mod escape;
pub mod hash;
pub mod output;
