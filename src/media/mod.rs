//! Media: what is published besides the pages — attachments under `content/attachments/`
//! and files under `static/` — made safe to publish: pictures and PDFs cleaned of what a
//! reader never sees ([`strip`]), checked, hashed and thumbnailed ([`attachments`]), and
//! `static/` read before it is published ([`statics`]).

pub mod attachments;
pub mod statics;
pub mod strip;
