//! `rapport export`: a scenario as an Ink story or a Yarn Spinner script.

use super::{Cli, ExportArgs, ExportFormat, load_scenario, write_output};
use crate::export::{Format, export};

pub(super) fn run(cli: &Cli, args: &ExportArgs) -> u8 {
    let s = match load_scenario(cli, &args.scenario) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let format = match args.format {
        ExportFormat::Ink => Format::Ink,
        ExportFormat::Yarn => Format::Yarn,
    };
    write_output(args.output.as_deref(), &export(&s, format))
}
