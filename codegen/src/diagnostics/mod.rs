//! Diagnostics, the bottom layer that every pass reports through and that uses nothing above
//! it (only `pointer.rs`): what a problem is ([`Diagnostic`]), how a pass gathers them
//! (`Collector`), the generator's [`Error`], where each one stands in the spec's text
//! (placed once, at the end of a run) and how they are shown.

mod collector;
mod diagnostic;
mod error;
mod lines;
mod locate;
mod place;
mod report;

pub(crate) use collector::Collector;
pub use diagnostic::{Diagnostic, Severity, Snippet};
pub use error::{Error, Result};
pub(crate) use locate::Tree;
pub use locate::{Location, locate};
pub(crate) use place::place_outcome;
pub use place::placed;
pub use report::{render, render_grouped};
