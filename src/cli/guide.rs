//! `rapport guide`: a scenario's facilitator's guide as HTML or Markdown.

use super::{Cli, GuideArgs, GuideFormat, load_scenario, write_output};

pub(super) fn run(cli: &Cli, args: &GuideArgs) -> u8 {
    let s = match load_scenario(cli, &args.scenario) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if s.facilitation.is_none() {
        eprintln!(
            "warning: `{}` has no `facilitation` section; the guide holds only what the scenario file says (see docs/scenario-format.md, \"Facilitation\")",
            s.id
        );
    }
    let out = match args.format {
        GuideFormat::Html => crate::report::guide::html(&s),
        GuideFormat::Md => crate::report::guide::markdown(&s),
    };
    write_output(args.output.as_deref(), &out)
}
