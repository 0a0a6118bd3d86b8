//! Playing a story: the run state, the run state machine, replaying a saved run, run records
//! and facilitated workshops.

pub mod record;
pub mod replay;
pub mod run;
pub mod state;
pub mod step;
pub mod text;
pub mod workshop;
