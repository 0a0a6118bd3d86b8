//! `rapport handouts`: a scenario's participants' pack (briefing and exhibits) as HTML.

use super::{Cli, HandoutsArgs, load_scenario, write_output};

pub(super) fn run(cli: &Cli, args: &HandoutsArgs) -> u8 {
    let s = match load_scenario(cli, &args.scenario) {
        Ok(s) => s,
        Err(code) => return code,
    };
    write_output(args.output.as_deref(), &crate::report::handouts::render(&s))
}
