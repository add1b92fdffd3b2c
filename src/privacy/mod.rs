//! The personal-data scan of spec section 9: resident ID numbers, mobile numbers and bank
//! cards must never reach the public board (个人信息保护法 第25、28条).
//!
//! **What a reader sees is scanned, as a person reads it.** [`reading`] defines once what a
//! person may write as a digit (any script's digits, circled and full-width ones, Chinese
//! numerals written digit by digit) and what they may put between digits that still reads
//! as one number (spaces, dashes, dots, slashes, underscores, brackets, invisible
//! characters). Every reading of the scan is made of those classes; what differs is where a
//! reading puts a break: [`scan()`] reads a text line by line, as a file is written;
//! [`scan_decoded`] reads a TOML text as its strings decode; `validate` adds a Markdown body
//! as it renders (`markdown::reading_cells`: a table cell, a list item or a block is a piece
//! of its own); [`published`] reads every file a build publishes as its readers get it.
//!
//! **A run of digits is tried window by window.** A run is split into its groups (the
//! digits between joiners) so that a date followed by a phone number (`2024-03-02
//! 13912345678`) is still caught: every window of consecutive groups is tried, longest
//! first. A sentence that ends (`.` followed by a space) ends the run; a window that reads
//! as the calendar (`2025-04-18—2025-05-18`) is no phone or card number.
//!
//! A finding carries the masked form to suggest; the unmasked number is never put into a
//! message. [`redact`] masks every finding in a text, in both readings, and
//! [`redact_diagnostics`] runs every message, quoted line, hint and path through it, because
//! CI logs are often public. [`Backstop`] reads every file about to be published.

pub mod backstop;
mod numbers;
pub mod published;
pub mod reading;
pub mod record;
pub mod scan;

pub use backstop::{Backstop, redact_diagnostics};
pub use numbers::{Kind, calendar_like, id_check_char, luhn};
pub use published::{html_text, output_may_hold_number, published_text, scan_published};
pub use reading::{
    BREAK, Cell, LETTER, SEP, cells, cells_by_line, classified, classify_into, decoded_cells,
    is_joiner, may_hold_number,
};
pub use record::{Record, scan_record};
pub use scan::{Finding, redact, scan, scan_cells, scan_decoded};
