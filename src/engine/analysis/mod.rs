//! What a story allows: exhaustive analysis on the compiled form, Monte Carlo simulation,
//! scores, the routes into each ending, and a run's turning points.

pub(crate) mod abstraction;
pub mod analyze;
pub mod bar;
pub(crate) mod compiled;
pub mod cover;
pub mod exhibits;
pub mod routes;
pub mod score;
pub mod simulate;
pub(crate) mod space;
pub mod turning;
