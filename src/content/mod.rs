//! Content: the community's repository read and checked. Files come in through one
//! [`source::Source`] (a folder, or memory), are split and parsed ([`load`]), checked against the spec into the
//! [`crate::model`] with every problem as a [`diagnostics::Diagnostic`] ([`validate`], with
//! [`privacy`] and [`markdown`]); attachments are checked and stripped of metadata
//! ([`attachments`], [`strip`]) and the git history is read ([`provenance`]). This layer is
//! the only one that reads the repository.

pub mod attachments;
pub mod diagnostics;
pub mod load;
pub mod markdown;
pub mod privacy;
pub mod provenance;
pub mod source;
pub mod statics;
pub mod strip;
pub mod validate;
