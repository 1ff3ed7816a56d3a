//! Helpers shared by the end-to-end tests in this folder.

#![allow(dead_code)]

pub mod browser;
pub mod server;
pub mod wordpress;
