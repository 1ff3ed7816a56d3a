//! Filling in the text missing from a WordPress media library, without printing.
//!
//! [`select`] pages through the site's images and picks those without alt text; [`run`]
//! downloads a mid-size rendition of each, has it described by the AI metadata machinery
//! (`crate::alt`), and writes the text to the site or into a review file ([`review_file`]);
//! [`write`] decides, from what is on the site at that moment, which fields may be written to one
//! attachment, so a fill and a later `wp apply` of a review file keep a person's text the same
//! way. Everything is reported through traits the command layer implements.

pub mod review_file;
pub mod run;
pub mod select;
pub mod write;

pub use crate::push::retry::{stops_the_site, Retry};
