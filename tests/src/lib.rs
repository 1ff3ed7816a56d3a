//! Cross-crate and end-to-end tests for Altloom live in `tests/`; this library is empty.
