//! Wire types shared by the Altloom CLI and server: what crosses the network or lands in a file
//! that another Altloom program reads back.

#[cfg(feature = "model")]
pub mod alt_model;
pub mod api;
pub mod health;
pub mod metadata_file;
pub mod report;
pub mod time;
#[cfg(feature = "wordpress")]
pub mod wordpress;
