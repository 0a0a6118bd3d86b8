//! What a story allows: exhaustive analysis on the compiled form, Monte Carlo simulation and
//! scores.

pub(crate) mod abstraction;
pub mod analyze;
pub(crate) mod compiled;
pub mod exhibits;
pub mod score;
pub mod simulate;
pub(crate) mod space;
