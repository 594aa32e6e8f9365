//! The checks that run beside lowering and only report: lint (what the client ignores or
//! approximates) and the examples' round trips through their schemas.

pub(crate) mod examples;
pub mod lint;
