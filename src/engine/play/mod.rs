//! Playing a story: the run state, the run state machine, replaying a saved run, run records
//! and facilitated workshops, what-ifs of a run.

pub mod draw;
pub mod name;
pub mod record;
pub mod replay;
pub mod run;
pub mod shown;
pub mod state;
pub mod step;
pub mod text;
pub mod whatif;
pub mod workshop;
