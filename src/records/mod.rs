//! Learning records: a run or a workshop session as xAPI statements (cmi5's verbs for the
//! attempt, `selected` for each decision, `scored` per skill), a queue on disk that never
//! loses a statement, the sender that delivers it to a Learning Record Store, and the cohort
//! report over many learners' records. The profile is documented in docs/xapi.md.

pub mod cohort;
pub mod config;
pub mod profile;
pub mod queue;
pub mod send;
pub mod statements;
