//! The scenario as authors write it: the model, reading RON into it (with the fast strict
//! reader), where each element sits in the text, and diagnostics.

pub mod diagnostic;
pub mod exhibit;
pub mod facilitation;
pub mod load;
pub mod locate;
pub mod model;
pub mod paragraphs;
pub mod ronread;
pub mod template;
