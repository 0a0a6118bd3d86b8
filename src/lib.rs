//! Rapport: a role-play simulator that trains IT professionals to lead.

pub mod cli;
pub mod engine;
pub mod export;
pub mod game;
pub mod library;
pub mod records;
pub mod report;
pub mod store;
