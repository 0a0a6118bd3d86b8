//! The command line: argument parsing and dispatch to one module per subcommand.

/// `println!` that ends the process quietly when stdout is closed (`rapport check | head`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod analyze;
mod check;
mod cohort;
mod export;
mod guide;
mod handouts;
mod play;
mod report;
mod simulate;
mod transcripts;
mod xapi;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes shared by every subcommand.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_CANNOT_RUN: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Rapport: a role-play simulator that trains IT professionals to lead.",
    long_about = "Rapport: a role-play simulator that trains IT professionals to lead.\n\n\
        With no subcommand, opens the game. The subcommands are tools for scenario authors and trainers.\n\
        Scenarios come from ./scenarios when it exists (or --scenarios DIR), else from the library built into the binary.",
    after_help = "Exit codes: 0 success, 1 problems found (invalid scenario, bad choice), 2 could not run."
)]
pub struct Cli {
    /// Folder of scenario files to use instead of ./scenarios or the built-in library.
    #[arg(long, global = true, value_name = "DIR")]
    pub scenarios: Option<PathBuf>,
    /// Open the game straight at this scenario's briefing.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,
    /// With --scenario: the seed for the run.
    #[arg(long, value_name = "N", requires = "scenario")]
    pub seed: Option<u64>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem, compiler-style.
    Check(CheckArgs),
    /// Play a scenario in the terminal, or replay a list of choices.
    Play(PlayArgs),
    /// Best and worst paths, score ranges, reachable endings and balance warnings.
    Analyze(AnalyzeArgs),
    /// Many random playthroughs: how often each ending happens and how scores spread.
    Simulate(SimulateArgs),
    /// Turn a saved run or workshop session into a report for a trainer: HTML, Markdown, CSV or JSON.
    #[command(
        long_about = "Turn a run saved by `rapport play --save FILE`, or a workshop session saved by \
            the game, into a report for a trainer: scores per skill, every decision with its \
            evidence and coach note, trust over time, the debrief, and the best path beside the \
            one played.\n\n\
            For workshop sessions the report also shows the session, the facilitator and the mode. \
            A room vote adds the votes at each decision (ties, overrides with their reasons, timeouts, \
            the facilitator's notes), where the room split and where its vote went against the \
            evidence; team rounds add a leaderboard, every team's skills on one radar, where the \
            teams diverged and which team came closest to the best path on each skill.\n\n\
            The scenario is looked up by id in the library (see --scenarios) and must be the \
            version that was played. The same input always gives the same bytes.",
        after_help = "Exit codes: 0 report written, 1 problems (corrupt file, unknown scenario or version, a session that does not replay), 2 could not run."
    )]
    Report(ReportArgs),
    /// Write a scenario as an Ink story or a Yarn Spinner script, to take it to those tools.
    #[command(
        long_about = "Write a scenario as an Ink story (.ink) or a Yarn Spinner script (.yarn) with the \
            same nodes, lines, choices, conditions and effects: trust and skill points become \
            variables (trust_<character>, skill_<skill>), each ending sets `ending` to its id.\n\n\
            Neither runtime has a clock, so a timed decision's timeout choice becomes an option \
            marked \"(Time runs out after N s)\". Random nodes draw with the runtime's own \
            generator, so outcomes do not match Rapport's seed for seed; setting force_<node> \
            to k takes a random node's k-th branch instead (a test hook).",
        after_help = "Exit codes: 0 written, 1 the scenario has errors, 2 could not run (unknown scenario, cannot write)."
    )]
    Export(ExportArgs),
    /// A printable participants' pack: the briefing and every exhibit, as one HTML page.
    #[command(
        long_about = "Write a printable participants' pack for a scenario: the role, the situation, \
            what the player is accountable for, the people, and every exhibit (emails, invoices, \
            logs, tables…), each on its own A4 page when printed. One self-contained HTML page: no \
            scripts, no external requests. It never shows the learning objectives, what opening an \
            exhibit scores, or the characters' private notes.",
        after_help = "Exit codes: 0 written, 1 the scenario has errors, 2 could not run (unknown scenario, cannot write)."
    )]
    Handouts(HandoutsArgs),
    /// A printable facilitator's guide: timing, what to listen for, contested decisions, hot wash.
    #[command(
        long_about = "Write a facilitator's guide for running a scenario with a room, in the spirit of a \
            tabletop exercise's situation manual: who it is for and what they need first, a timing \
            plan, the briefing players see, the objectives and the people's hidden facts (marked to \
            keep off the projector), what the room should be listening for at each decision with \
            its options, the decisions experienced trainers disagree on with the case for each \
            side, the hot-wash questions, how to use the turning points in the debrief, and every \
            exhibit as a handout page. Built from the scenario file and its `facilitation` section; \
            a scenario without one gets a guide from what the file says, and a warning.\n\n\
            HTML is one self-contained page (no scripts, no external requests, A4 print styles); \
            Markdown has the same sections.",
        after_help = "Exit codes: 0 written, 1 the scenario has errors, 2 could not run (unknown scenario, cannot write)."
    )]
    Guide(GuideArgs),
    /// Playthroughs for review: a small set that together show every line, choice, branch,
    /// exhibit, ending and debrief paragraph, as Markdown scripts.
    #[command(
        long_about = "Write playthroughs of a scenario for a reviewer to read as scripts: with --cover, a \
            small set that together show every scene and beat (and each conditional beat's scene \
            without it), every choice, random branch, exhibit, ending and debrief and strong-leader \
            paragraph at least once. Each is one Markdown file (01-<ending>.md, …): scene by scene, \
            narration and \"Name (title): line\" filled in as played, the options offered at each \
            decision with the one taken marked, timers, random draws, exhibits opened with their \
            text, trust and shown variables as they change, the ending, its debrief paragraphs and \
            the scores. An index.md lists what each playthrough shows first and anything no \
            playthrough can show, with why (proven unreachable when the search was exact).\n\n\
            With -o DIR the files are written there (atomically; the folder is made if needed). \
            Without it, the index and then every transcript go to standard output, each file \
            after a line `<!-- file: NAME -->`. The same scenario always gives the same files.",
        after_help = "Exit codes: 0 written (even with items no playthrough can show: the index lists them), 1 the scenario has errors, 2 could not run (usage, unknown scenario, cannot write)."
    )]
    Transcripts(TranscriptsArgs),
    /// Learning records: a saved run's or workshop session's xAPI statements, or send the queue.
    #[command(
        long_about = "Write the xAPI 1.0.3 statements of saved runs and workshop sessions (docs/xapi.md): \
            cmi5's initialized, completed, passed or failed against the mastery score, and terminated \
            for each run, a `selected` statement for every decision, and a `scored` statement per \
            skill. A workshop's room or each of its teams is a group actor with the session as \
            context. The same file always gives the same statements with the same ids.\n\n\
            With --queue they join the queue in the data folder instead; --send sends the queue to \
            the LRS set in records.ron (endpoint, user name, password, learner, base IRI, mastery \
            score). A statement leaves the queue only once the LRS has stored it.",
        after_help = "Exit codes: 0 written or everything sent, 1 problems (bad file, statements the LRS refused), 2 could not run (no LRS set, LRS unreachable: the queue is kept)."
    )]
    Xapi(XapiArgs),
    /// A cohort report: many learners' runs at once (a folder of records, or an LRS).
    #[command(
        long_about = "A cohort report over many learners' runs: per skill, how the learners' latest scores \
            spread; per decision, how the cohort split and which weak option was most common; how \
            often each ending came; the turning points that recur; and each learner's change over \
            their attempts.\n\n\
            SOURCE is a folder, searched recursively, of run records (`rapport play --save`), the \
            game's progress files (progress.ron: the learner is the folder's name) and workshop \
            sessions (each team a learner); or an LRS's xAPI endpoint (http:// or https://), read \
            page by page with the user name and password in records.ron, each attempt replayed \
            on its scenario from its statements. HTML is one self-contained page with inline SVG.",
        after_help = "Exit codes: 0 written, 1 problems (a broken records.ron), 2 could not run (no such folder, LRS unreachable)."
    )]
    Cohort(CohortArgs),
}

#[derive(Debug, Args)]
pub struct CohortArgs {
    /// A folder of run records, progress files and workshop sessions, or an LRS endpoint.
    #[arg(value_name = "SOURCE")]
    pub source: String,
    #[arg(long, value_enum, default_value = "html")]
    pub format: CohortFormat,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The records settings (LRS credentials) to use instead of records.ron in the data folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CohortFormat {
    Html,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct XapiArgs {
    /// Saved runs (`rapport play --save`) and workshop sessions.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the statements here (JSON) instead of standard output.
    #[arg(short, long, value_name = "OUT", conflicts_with = "queue")]
    pub output: Option<PathBuf>,
    /// When the run or session started (UTC, e.g. 2026-12-04T09:30:00Z): statements get
    /// timestamps from it. Without it they carry none and the LRS stamps them.
    #[arg(long, value_name = "TIME")]
    pub started: Option<String>,
    /// Add the statements to the queue in the data folder instead of writing them.
    #[arg(long)]
    pub queue: bool,
    /// Send what is queued to the LRS and say what happened.
    #[arg(long)]
    pub send: bool,
    /// The records settings to use instead of records.ron in the data folder.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check (default: the scenario library).
    pub paths: Vec<PathBuf>,
    /// Treat warnings as errors (not content lints: see --deny-lints).
    #[arg(long)]
    pub strict: bool,
    /// Treat content lints (free-answer, dominated-option, decorative-trust, unread-flag) as
    /// errors too.
    #[arg(long)]
    pub deny_lints: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct PlayArgs {
    /// A scenario id from the library, or a path to a .ron file.
    pub scenario: String,
    /// Seed for the random branches (default 1). Same seed and choices, same run.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Comma-separated choices: numbers as displayed (1-based), choice ids, or `timeout`.
    /// Without it, play is interactive.
    #[arg(long, value_name = "LIST")]
    pub choices: Option<String>,
    /// Show the coach note after each choice.
    #[arg(long)]
    pub coach: bool,
    /// Write the run record to FILE (RON, written atomically).
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Play a what-if of RUN, a run saved with --save: its decisions before --at are replayed
    /// with its seed exactly as they were, then another option is taken at decision --at and
    /// play goes on (from --choices, or interactively). The output names it a what-if and
    /// compares the two runs side by side; --save writes it as a what-if of RUN.
    #[arg(long, value_name = "RUN", requires = "at", conflicts_with = "seed")]
    pub from: Option<PathBuf>,
    /// With --from: the decision, counted from 1 (the run's first decision), where the
    /// what-if takes another option. The first of --choices (or the first answer) is taken
    /// there and must differ from the run's. Exit code 2 when RUN cannot be used: unreadable,
    /// another scenario or version, no decision N, or that option not offered or the same.
    #[arg(long, value_name = "N", requires = "from")]
    pub at: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// A scenario id from the library, or a path to a .ron file.
    pub scenario: String,
    /// How many playthroughs.
    #[arg(long, default_value_t = 10_000)]
    pub runs: u64,
    /// Seed of the first playthrough (playthrough i uses seed + i). Same seed, same result.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// A scenario id from the library, or a path to a .ron file.
    #[arg(required_unless_present = "library", conflicts_with = "library")]
    pub scenario: Option<String>,
    /// Every scenario in the library: a table of content lints per scenario (free-answer,
    /// dominated-option, decorative-trust, unread-flag) with counts.
    #[arg(long)]
    pub library: bool,
    /// Explore at most this many distinct states before falling back to bounds.
    #[arg(long, value_name = "N", default_value_t = crate::engine::analyze::DEFAULT_STATE_BUDGET)]
    pub max_states: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page with charts, printable on A4.
    Html,
    /// Markdown, for pasting into a wiki.
    Md,
    /// One row per decision, for spreadsheets.
    Csv,
    /// The same content as structured JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A run record saved by `rapport play --save FILE`, or a workshop session saved by the game (RON).
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Write the report to OUT (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// An Ink story, for inklecate, Inky and the Ink runtimes.
    Ink,
    /// A Yarn Spinner script.
    Yarn,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A scenario id from the library, or a path to a .ron file.
    pub scenario: String,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to OUT (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HandoutsArgs {
    /// A scenario id from the library, or a path to a .ron file.
    pub scenario: String,
    /// Write to OUT (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GuideFormat {
    Html,
    #[value(alias = "markdown")]
    Md,
}

#[derive(Debug, Args)]
pub struct GuideArgs {
    /// A scenario id from the library, or a path to a .ron file.
    pub scenario: String,
    #[arg(long, value_enum, default_value_t = GuideFormat::Html)]
    pub format: GuideFormat,
    /// Write to OUT (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranscriptFormat {
    /// Markdown, one file per playthrough and an index.
    Md,
}

#[derive(Debug, Args)]
pub struct TranscriptsArgs {
    /// A scenario id from the library, or a path to a .ron file.
    pub scenario: String,
    /// Which playthroughs: a small set that together show everything the scenario can show
    /// (required: the one selection there is).
    #[arg(long, required = true)]
    pub cover: bool,
    /// Write the files into DIR instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TranscriptFormat::Md)]
    pub format: TranscriptFormat,
    /// At most this many playthroughs.
    #[arg(long, value_name = "N", default_value_t = crate::engine::cover::DEFAULT_MAX_PLAYS as u16, value_parser = clap::value_parser!(u16).range(1..=999))]
    pub max: u16,
    /// Explore at most this many states per search before giving up on proving what is unreachable.
    #[arg(long, value_name = "N", default_value_t = crate::engine::cover::DEFAULT_MAX_STATES)]
    pub max_states: usize,
}

impl Cli {
    /// What the command line asks of the game (used when there is no subcommand).
    pub fn game_args(&self) -> crate::game::GameArgs {
        crate::game::GameArgs {
            scenarios: self.scenarios.clone(),
            scenario: self.scenario.clone(),
            seed: self.seed,
        }
    }
}

/// Runs a subcommand. `None` means: open the game.
pub fn run(cli: &Cli) -> Option<ExitCode> {
    let code = match cli.command.as_ref()? {
        Command::Check(a) => check::run(cli, a),
        Command::Play(a) => play::run(cli, a),
        Command::Analyze(a) => analyze::run(cli, a),
        Command::Simulate(a) => simulate::run(cli, a),
        Command::Report(a) => report::run(cli, a),
        Command::Export(a) => export::run(cli, a),
        Command::Handouts(a) => handouts::run(cli, a),
        Command::Guide(a) => guide::run(cli, a),
        Command::Transcripts(a) => transcripts::run(cli, a),
        Command::Xapi(a) => xapi::run(cli, a),
        Command::Cohort(a) => cohort::run(cli, a),
    };
    Some(ExitCode::from(code))
}

/// Loads the library and the scenario named by `arg`, printing every problem to stderr.
/// Returns the scenario only if it loaded without errors.
fn load_scenario(cli: &Cli, arg: &str) -> Result<crate::engine::Story, u8> {
    load_entry(cli, arg).map(|l| l.story)
}

/// A scenario loaded for a command, with what some commands also need.
struct Loaded {
    story: crate::engine::Story,
    /// The library's skill framework (for skill names).
    skills: Option<crate::engine::SkillFramework>,
    /// The scenario's content lints.
    lints: Vec<crate::engine::Diagnostic>,
}

/// `load_scenario`, with the library's skill framework and the scenario's content lints.
fn load_entry(cli: &Cli, arg: &str) -> Result<Loaded, u8> {
    let lib = crate::library::load(cli.scenarios.as_deref()).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_CANNOT_RUN
    })?;
    let entry = lib.resolve(arg).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_CANNOT_RUN
    })?;
    match entry.playable() {
        Some(s) => Ok(Loaded {
            story: crate::engine::Story::new(s.clone()),
            skills: lib.skills.framework.clone(),
            lints: entry.checked.lints.clone(),
        }),
        None => {
            for d in entry.checked.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{d}\n");
            }
            eprintln!(
                "error: `{}` has errors; fix them first (`rapport check {}`)",
                entry.id(),
                entry.file
            );
            Err(EXIT_PROBLEMS)
        }
    }
}

/// Writes a command's output to `path` atomically, or to standard output without one.
fn write_output(path: Option<&std::path::Path>, out: &str) -> u8 {
    match path {
        Some(path) => {
            if let Err(e) = crate::store::write_atomic(path, out.as_bytes()) {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                return EXIT_CANNOT_RUN;
            }
            eprintln!("wrote {}", path.display());
        }
        None => {
            use std::io::Write as _;
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error.
            let _ = stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush());
        }
    }
    EXIT_OK
}
