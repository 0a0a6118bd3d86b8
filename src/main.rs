//! The `rapport` binary: the game with no arguments, the command-line tools otherwise.

use clap::Parser;
use rapport::cli::{Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Some(code) => code,
        None => rapport::game::run(&cli),
    }
}
