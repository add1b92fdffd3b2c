//! Input: the community's repository as yishi reads it — its files, their git history and
//! the clock, through one [`source::Source`] (a folder, memory, a community inside a
//! district) — and its records split into front matter and body ([`load`]). Nothing else in
//! the crate touches the file system to read a record.

pub mod load;
pub mod provenance;
pub mod source;
