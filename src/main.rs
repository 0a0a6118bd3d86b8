//! The `rapport` binary: the game with no arguments, the command-line tools otherwise.

use clap::Parser;
use rapport::cli::{Cli, EXIT_CANNOT_RUN, run};
use rapport::game::{self, GameOptions};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = run(&cli) {
        return code;
    }
    match GameOptions::from_args(cli.game_args()) {
        Ok(options) => game::run(options),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}
