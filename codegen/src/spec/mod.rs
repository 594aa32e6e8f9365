//! The spec layer under every pass: `$ref`s resolved to any node of the document, the media
//! type a body uses, path templates split into text and parameters, and one walk over the
//! document's components and paths that carries the pointer of every node (pointers
//! themselves are [`crate::pointer`]).

pub(crate) mod media;
pub(crate) mod refs;
pub(crate) mod template;
pub(crate) mod walk;
