//! Wire types shared by the Altloom CLI and server: what crosses the network or lands in a file
//! that another Altloom program reads back.

pub mod api;
pub mod health;
pub mod report;
pub mod time;
