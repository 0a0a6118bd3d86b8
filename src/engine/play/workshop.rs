//! A facilitated workshop: one scenario, one seed, played either by the whole room voting on
//! each decision (`RoomVote`) or by 2–8 teams taking turns, each with its own run
//! (`TeamRounds`). Everything here is plain data plus the rules that change it: votes,
//! reveal, majority, ties, overrides, notes, the discussion timer and the session pause.
//! Time is whatever the caller passes to [`Workshop::tick`]; nothing here reads a clock.
//! The game saves a `Workshop` after every action, so it must always be a complete picture.

use crate::engine::replay::{ReplayError, replay_exact};
use crate::engine::run::{Entered, Run, RunError};
use crate::engine::story::Story;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Bumped when the layout of a saved workshop changes incompatibly.
pub const WORKSHOP_FORMAT: u32 = 1;
pub const MIN_TEAMS: usize = 2;
pub const MAX_TEAMS: usize = 8;
/// Longest team, session or facilitator name, in characters.
pub const MAX_NAME: usize = 40;
/// Longest note or override reason, in characters.
pub const MAX_NOTE: usize = 500;
/// What "extend" adds to the discussion timer.
pub const EXTEND_MS: u64 = 60_000;
/// Most votes one option can hold (a room, not a stadium).
pub const MAX_VOTES: u32 = 999;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// One shared playthrough; the room votes at each decision.
    RoomVote,
    /// Each team plays its own run of the same scenario and seed, taking turns.
    TeamRounds,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::RoomVote => "Room vote",
            Mode::TeamRounds => "Team rounds",
        }
    }
}

/// What the facilitator set up before starting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setup {
    pub scenario: String,
    pub version: u32,
    pub seed: u64,
    pub session: String,
    pub facilitator: String,
    pub mode: Mode,
    /// Team names (team rounds only; a room vote has one team, "The room").
    pub teams: Vec<String>,
    /// Length of the discussion timer at each decision, in seconds (0: no discussion timer).
    pub discussion_seconds: u32,
}

impl Setup {
    /// Problems that stop this set-up from starting, in words for the facilitator.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.session.trim().is_empty() {
            out.push("Give the session a name (it names the saved session and the report).".into());
        }
        for (what, text) in [("session", &self.session), ("facilitator", &self.facilitator)] {
            if text.chars().count() > MAX_NAME {
                out.push(format!("The {what} name is longer than {MAX_NAME} characters."));
            }
        }
        if self.mode == Mode::TeamRounds {
            let n = self.teams.len();
            if !(MIN_TEAMS..=MAX_TEAMS).contains(&n) {
                out.push(format!(
                    "Team rounds need {MIN_TEAMS} to {MAX_TEAMS} teams; there are {n}."
                ));
            }
            for (i, t) in self.teams.iter().enumerate() {
                if t.trim().is_empty() {
                    out.push(format!("Team {} has no name.", i + 1));
                } else if t.chars().count() > MAX_NAME {
                    out.push(format!(
                        "Team {}'s name is longer than {MAX_NAME} characters.",
                        i + 1
                    ));
                } else if self.teams[..i].iter().any(|u| u.trim() == t.trim()) {
                    out.push(format!("Two teams are called \u{201c}{}\u{201d}.", t.trim()));
                }
            }
        }
        out
    }

    /// The names of the runs: the teams, or "The room".
    pub fn team_names(&self) -> Vec<String> {
        match self.mode {
            Mode::RoomVote => vec!["The room".to_string()],
            Mode::TeamRounds => self.teams.iter().map(|t| t.trim().to_string()).collect(),
        }
    }
}

/// One team's run (the room's, in a room vote).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub name: String,
    pub run: Run,
}

/// The facilitator's discussion timer for the decision in hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Discussion {
    /// Not started yet (`left_ms` is what it will run for).
    Ready {
        left_ms: u64,
    },
    Running {
        left_ms: u64,
    },
    Stopped {
        left_ms: u64,
    },
    /// Ran to zero.
    Over,
}

impl Discussion {
    pub fn left_ms(self) -> u64 {
        match self {
            Discussion::Ready { left_ms }
            | Discussion::Running { left_ms }
            | Discussion::Stopped { left_ms } => left_ms,
            Discussion::Over => 0,
        }
    }
}

/// The decision in hand: votes being entered, the timers, the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Current {
    /// Votes per offered option, in display order (room vote).
    pub votes: Vec<u32>,
    pub revealed: bool,
    pub discussion: Discussion,
    /// Milliseconds left on a timed decision's countdown.
    pub countdown_ms: Option<u64>,
    /// The facilitator's note on this decision.
    pub note: String,
}

/// How a decision was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settled {
    /// The room's clear majority.
    Majority,
    /// Options tied on votes (ids listed); the facilitator picked one of them.
    Tie { tied: Vec<String> },
    /// The facilitator took another option than the room's choice, for a reason.
    Override { majority: Vec<String>, reason: String },
    /// A team's decision, given to the facilitator (team rounds).
    TeamChoice,
    /// The countdown ran out: the scenario's timeout choice was taken.
    TimedOut,
}

impl Settled {
    /// How it was settled, without the details (what reports and views tell apart).
    pub fn kind(&self) -> SettledKind {
        match self {
            Settled::Majority => SettledKind::Majority,
            Settled::Tie { .. } => SettledKind::Tie,
            Settled::Override { .. } => SettledKind::Override,
            Settled::TeamChoice => SettledKind::TeamChoice,
            Settled::TimedOut => SettledKind::TimedOut,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }
}

/// The kinds of [`Settled`], without their details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettledKind {
    Majority,
    Tie,
    Override,
    TeamChoice,
    TimedOut,
}

impl SettledKind {
    /// In words, as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            SettledKind::Majority => "majority",
            SettledKind::Tie => "tie broken by the facilitator",
            SettledKind::Override => "facilitator override",
            SettledKind::TeamChoice => "team's choice",
            SettledKind::TimedOut => "time ran out",
        }
    }
}

/// Where the room's votes stand: one option ahead, or several level at the top (every option
/// when nobody has voted yet). The one tie rule; `decide`, the game and the view all read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lead {
    /// Option n has more votes than any other.
    Majority(usize),
    /// These options share the most votes (in display order).
    Tied(Vec<usize>),
}

impl Lead {
    /// Where `votes` (per option, display order) stand.
    pub fn of(votes: &[u32]) -> Lead {
        match leaders(votes).as_slice() {
            [one] => Lead::Majority(*one),
            many => Lead::Tied(many.to_vec()),
        }
    }

    /// The options in the lead: the majority, or every tied one.
    pub fn leaders(&self) -> &[usize] {
        match self {
            Lead::Majority(n) => std::slice::from_ref(n),
            Lead::Tied(tied) => tied,
        }
    }

    /// Whether option n is in the lead.
    pub fn includes(&self, n: usize) -> bool {
        self.leaders().contains(&n)
    }
}

/// What the facilitator's Enter does at the decision in hand, with option `cursor` highlighted
/// ([`Workshop::on_enter`]): the game carries it out, the view labels its button with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnEnter {
    /// Team rounds: take option n as the team's choice.
    TeamChoice(usize),
    /// Room vote: take option n, the room's majority.
    Majority(usize),
    /// Room vote: break the tie with the highlighted option n, one of the tied.
    BreakTie(usize),
    /// Room vote: the vote is tied and the highlighted option is not one of these; nothing
    /// happens until one of them is highlighted.
    PickATied(Vec<usize>),
}

/// One settled decision, with everything the report needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Logged {
    pub team: usize,
    pub node: String,
    /// The options offered, in display order (choice ids).
    pub options: Vec<String>,
    /// Votes per option (empty when nobody voted: team rounds).
    pub votes: Vec<u32>,
    pub chosen: String,
    pub settled: Settled,
    pub note: String,
    /// Session time when it was settled, in milliseconds.
    pub at_ms: u64,
}

/// What the facilitator asks for at a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decide {
    /// Take the room's majority (room vote, once revealed, with one leader).
    Majority,
    /// Take option n: a team's choice, or breaking a tie between the leaders.
    Pick(usize),
    /// Take option n against the room's majority, for a reason.
    Override(usize, String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkshopError {
    Setup(Vec<String>),
    Run(RunError),
    /// The session is paused; only resuming (and notes) work.
    Paused,
    Finished,
    NoSuchOption(usize),
    /// Votes are still hidden: reveal them first.
    NotRevealed,
    /// Votes are a room-vote thing.
    NotARoomVote,
    /// The tied options the facilitator must choose between.
    Tie(Vec<usize>),
    /// Taking a non-majority option needs an override with a reason.
    NeedsOverride,
    EmptyReason,
    /// An override of the option the room already chose.
    NotAnOverride,
    /// The scenario is not the one the session was set up with.
    WrongScenario(String),
}

impl fmt::Display for WorkshopError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkshopError::Setup(p) => write!(f, "{}", p.join(" ")),
            WorkshopError::Run(e) => write!(f, "{e}"),
            WorkshopError::Paused => write!(f, "the session is paused; resume it first"),
            WorkshopError::Finished => write!(f, "every run has ended"),
            WorkshopError::NoSuchOption(n) => write!(f, "there is no option {}", n + 1),
            WorkshopError::NotRevealed => write!(f, "reveal the votes first"),
            WorkshopError::NotARoomVote => write!(f, "only a room vote has votes"),
            WorkshopError::Tie(t) => {
                let t: Vec<String> = t.iter().map(|i| (i + 1).to_string()).collect();
                write!(f, "options {} are tied; pick one of them", t.join(" and "))
            }
            WorkshopError::NeedsOverride => {
                write!(
                    f,
                    "that is not the room's choice; override it with a reason instead"
                )
            }
            WorkshopError::EmptyReason => write!(f, "an override needs a reason"),
            WorkshopError::NotAnOverride => {
                write!(f, "that is the room's choice already; take it with Enter")
            }
            WorkshopError::WrongScenario(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for WorkshopError {}

impl From<RunError> for WorkshopError {
    fn from(e: RunError) -> Self {
        WorkshopError::Run(e)
    }
}

/// A workshop session: set-up, every team's run, the decision in hand and the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workshop {
    pub format: u32,
    pub setup: Setup,
    pub teams: Vec<Team>,
    /// Whose turn it is (index into `teams`).
    pub turn: usize,
    pub current: Current,
    /// Session time, in milliseconds (stops while paused).
    pub elapsed_ms: u64,
    pub paused: bool,
    pub log: Vec<Logged>,
}

/// The scenes a change entered, per team, for the view to show.
pub type Scenes = Vec<(usize, Vec<Entered>)>;

impl Workshop {
    /// Starts a session: every team's run begins at the scenario's start.
    pub fn start(setup: Setup, s: &Story) -> Result<(Workshop, Scenes), WorkshopError> {
        let problems = setup.problems();
        if !problems.is_empty() {
            return Err(WorkshopError::Setup(problems));
        }
        if setup.scenario != s.id || setup.version != s.version {
            return Err(WorkshopError::WrongScenario(format!(
                "the session is set up for `{}` version {}, not `{}` version {}",
                setup.scenario, setup.version, s.id, s.version
            )));
        }
        let mut teams = Vec::new();
        let mut scenes = Vec::new();
        for (i, name) in setup.team_names().into_iter().enumerate() {
            let (run, entered) = Run::start(s, setup.seed)?;
            teams.push(Team { name, run });
            scenes.push((i, entered));
        }
        let mut w = Workshop {
            format: WORKSHOP_FORMAT,
            current: Current::blank(0, None),
            setup,
            teams,
            turn: 0,
            elapsed_ms: 0,
            paused: false,
            log: Vec::new(),
        };
        w.turn = w.next_turn_from(0).unwrap_or(0);
        w.arm(s);
        Ok((w, scenes))
    }

    pub fn is_over(&self) -> bool {
        self.teams.iter().all(|t| t.run.is_over())
    }

    pub fn team(&self) -> &Team {
        &self.teams[self.turn]
    }

    /// The options offered to the team whose turn it is (choice ids, display order).
    pub fn options(&self, s: &Story) -> Vec<String> {
        self.team().run.options(s).iter().map(|c| c.id.clone()).collect()
    }

    /// The first team, from `from` round the table, whose run has not ended.
    fn next_turn_from(&self, from: usize) -> Option<usize> {
        let n = self.teams.len();
        (0..n)
            .map(|k| (from + k) % n)
            .find(|&i| !self.teams[i].run.is_over())
    }

    /// Resets the decision in hand for the current team's node.
    fn arm(&mut self, s: &Story) {
        let options = if self.is_over() { 0 } else { self.options(s).len() };
        let countdown = if self.is_over() {
            None
        } else {
            self.team().run.timer(s).map(|t| u64::from(t.seconds) * 1000)
        };
        self.current = Current::blank(options, countdown);
        self.current.discussion = Discussion::Ready {
            left_ms: u64::from(self.setup.discussion_seconds) * 1000,
        };
    }

    fn active(&self) -> Result<(), WorkshopError> {
        if self.is_over() {
            Err(WorkshopError::Finished)
        } else if self.paused {
            Err(WorkshopError::Paused)
        } else {
            Ok(())
        }
    }

    fn room_vote(&self) -> Result<(), WorkshopError> {
        self.active()?;
        if self.setup.mode == Mode::RoomVote {
            Ok(())
        } else {
            Err(WorkshopError::NotARoomVote)
        }
    }

    /// Sets option n's vote count.
    pub fn set_votes(&mut self, n: usize, count: u32) -> Result<(), WorkshopError> {
        self.room_vote()?;
        let v = self
            .current
            .votes
            .get_mut(n)
            .ok_or(WorkshopError::NoSuchOption(n))?;
        *v = count.min(MAX_VOTES);
        Ok(())
    }

    /// Adds `delta` (may be negative) to option n's votes, never below zero.
    pub fn add_votes(&mut self, n: usize, delta: i64) -> Result<(), WorkshopError> {
        let now = i64::from(*self.current.votes.get(n).ok_or(WorkshopError::NoSuchOption(n))?);
        self.set_votes(n, (now + delta).clamp(0, i64::from(MAX_VOTES)) as u32)
    }

    /// Shows the votes (they stay hidden until the facilitator reveals them).
    pub fn reveal(&mut self) -> Result<(), WorkshopError> {
        self.room_vote()?;
        self.current.revealed = true;
        Ok(())
    }

    /// The options with the most votes (all of them when nobody has voted).
    pub fn leaders(&self) -> Vec<usize> {
        leaders(&self.current.votes)
    }

    /// Where the room's votes on the decision in hand stand.
    pub fn lead(&self) -> Lead {
        Lead::of(&self.current.votes)
    }

    /// What Enter does with option `cursor` highlighted (see [`OnEnter`]).
    pub fn on_enter(&self, cursor: usize) -> OnEnter {
        if self.setup.mode == Mode::TeamRounds {
            return OnEnter::TeamChoice(cursor);
        }
        match self.lead() {
            Lead::Majority(n) => OnEnter::Majority(n),
            Lead::Tied(tied) if tied.contains(&cursor) => OnEnter::BreakTie(cursor),
            Lead::Tied(tied) => OnEnter::PickATied(tied),
        }
    }

    /// Enter with option `cursor` highlighted: the team's choice, the room's majority, or the
    /// tie broken with the highlighted option. A tie with another option highlighted is
    /// refused with the tied options ([`WorkshopError::Tie`]).
    pub fn enter(&mut self, s: &Story, cursor: usize) -> Result<Scenes, WorkshopError> {
        let how = match self.on_enter(cursor) {
            OnEnter::TeamChoice(n) | OnEnter::BreakTie(n) => Decide::Pick(n),
            OnEnter::Majority(_) => Decide::Majority,
            OnEnter::PickATied(tied) => {
                self.room_vote()?;
                return Err(if self.current.revealed {
                    WorkshopError::Tie(tied)
                } else {
                    WorkshopError::NotRevealed
                });
            }
        };
        self.decide(s, how)
    }

    pub fn set_note(&mut self, note: &str) {
        self.current.note = note.chars().take(MAX_NOTE).collect();
    }

    /// Pauses or resumes the whole session: the countdown and discussion timer stop.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
    }

    /// Starts the discussion timer, or stops it if it is running, or restarts a stopped one.
    pub fn toggle_discussion(&mut self) -> Result<(), WorkshopError> {
        self.active()?;
        self.current.discussion = match self.current.discussion {
            Discussion::Ready { left_ms } | Discussion::Stopped { left_ms } => {
                Discussion::Running { left_ms }
            }
            Discussion::Running { left_ms } => Discussion::Stopped { left_ms },
            Discussion::Over => Discussion::Running { left_ms: EXTEND_MS },
        };
        Ok(())
    }

    /// Adds a minute to the discussion timer (a finished one runs again for a minute).
    pub fn extend_discussion(&mut self) -> Result<(), WorkshopError> {
        self.active()?;
        self.current.discussion = match self.current.discussion {
            Discussion::Ready { left_ms } => Discussion::Ready {
                left_ms: left_ms + EXTEND_MS,
            },
            Discussion::Running { left_ms } => Discussion::Running {
                left_ms: left_ms + EXTEND_MS,
            },
            Discussion::Stopped { left_ms } => Discussion::Stopped {
                left_ms: left_ms + EXTEND_MS,
            },
            Discussion::Over => Discussion::Running { left_ms: EXTEND_MS },
        };
        Ok(())
    }

    /// Lets `ms` of session time pass. The countdown only runs while `countdown_runs` (the
    /// view has shown the whole scene). Returns the scenes entered if the countdown ran out.
    pub fn tick(
        &mut self,
        s: &Story,
        ms: u64,
        countdown_runs: bool,
    ) -> Result<Option<Scenes>, WorkshopError> {
        if self.paused || self.is_over() {
            return Ok(None);
        }
        self.elapsed_ms += ms;
        if let Discussion::Running { left_ms } = self.current.discussion {
            self.current.discussion = match left_ms.checked_sub(ms) {
                Some(l) if l > 0 => Discussion::Running { left_ms: l },
                _ => Discussion::Over,
            };
        }
        if countdown_runs && let Some(left) = self.current.countdown_ms {
            let left = left.saturating_sub(ms);
            self.current.countdown_ms = Some(left);
            if left == 0 {
                return self.time_out(s).map(Some);
            }
        }
        Ok(None)
    }

    /// The countdown ran out: the scenario's timeout choice is taken, votes so far recorded.
    pub fn time_out(&mut self, s: &Story) -> Result<Scenes, WorkshopError> {
        self.active()?;
        let turn = self.turn;
        let options = self.options(s);
        let node = self.team().run.node.clone();
        let entered = self.teams[turn].run.timeout(s, self.elapsed_ms)?;
        let chosen = self.teams[turn]
            .run
            .decisions
            .last()
            .map(|d| d.choice.clone())
            .unwrap_or_default();
        Ok(self.settle(s, turn, node, options, chosen, Settled::TimedOut, entered))
    }

    /// Settles the decision in hand and moves to the next team's turn.
    pub fn decide(&mut self, s: &Story, how: Decide) -> Result<Scenes, WorkshopError> {
        self.active()?;
        let options = self.options(s);
        let pick = |n: usize| -> Result<String, WorkshopError> {
            options.get(n).cloned().ok_or(WorkshopError::NoSuchOption(n))
        };
        let ids = |ns: &[usize]| {
            ns.iter()
                .filter_map(|&i| options.get(i).cloned())
                .collect::<Vec<_>>()
        };
        let (chosen, settled) = match (self.setup.mode, how) {
            (Mode::TeamRounds, Decide::Pick(n)) => (pick(n)?, Settled::TeamChoice),
            (Mode::TeamRounds, _) => return Err(WorkshopError::NotARoomVote),
            (Mode::RoomVote, how) => {
                if !self.current.revealed {
                    return Err(WorkshopError::NotRevealed);
                }
                let lead = self.lead();
                match (how, &lead) {
                    (Decide::Majority, Lead::Majority(m)) => (pick(*m)?, Settled::Majority),
                    (Decide::Majority, Lead::Tied(tied)) => return Err(WorkshopError::Tie(tied.clone())),
                    (Decide::Pick(n), Lead::Majority(m)) if n == *m => (pick(n)?, Settled::Majority),
                    (Decide::Pick(n), Lead::Tied(tied)) if tied.contains(&n) => {
                        (pick(n)?, Settled::Tie { tied: ids(tied) })
                    }
                    (Decide::Pick(n), _) => {
                        pick(n)?;
                        return Err(WorkshopError::NeedsOverride);
                    }
                    (Decide::Override(n, _), Lead::Majority(m)) if n == *m => {
                        return Err(WorkshopError::NotAnOverride);
                    }
                    (Decide::Override(n, reason), _) => {
                        let reason = reason.trim();
                        if reason.is_empty() {
                            return Err(WorkshopError::EmptyReason);
                        }
                        (
                            pick(n)?,
                            Settled::Override {
                                majority: ids(lead.leaders()),
                                reason: reason.chars().take(MAX_NOTE).collect(),
                            },
                        )
                    }
                }
            }
        };
        let turn = self.turn;
        let node = self.team().run.node.clone();
        let entered = self.teams[turn].run.choose(s, &chosen, self.elapsed_ms)?;
        Ok(self.settle(s, turn, node, options, chosen, settled, entered))
    }

    #[allow(clippy::too_many_arguments)]
    fn settle(
        &mut self,
        s: &Story,
        team: usize,
        node: String,
        options: Vec<String>,
        chosen: String,
        settled: Settled,
        entered: Vec<Entered>,
    ) -> Scenes {
        let votes = match self.setup.mode {
            Mode::RoomVote => std::mem::take(&mut self.current.votes),
            Mode::TeamRounds => Vec::new(),
        };
        self.log.push(Logged {
            team,
            node,
            options,
            votes,
            chosen,
            settled,
            note: std::mem::take(&mut self.current.note),
            at_ms: self.elapsed_ms,
        });
        self.turn = self.next_turn_from(team + 1).unwrap_or(team);
        self.arm(s);
        vec![(team, entered)]
    }

    /// The settled decisions of one team, in order.
    pub fn team_log(&self, team: usize) -> impl Iterator<Item = &Logged> {
        self.log.iter().filter(move |l| l.team == team)
    }

    /// Checks that a loaded session belongs to `s` and is internally consistent: each team's
    /// run replays from the seed through its logged decisions to exactly the saved run.
    pub fn verify(&self, s: &Story) -> Result<(), VerifyError> {
        if self.format != WORKSHOP_FORMAT {
            return Err(VerifyError::Format(self.format));
        }
        if self.setup.scenario != s.id || self.setup.version != s.version {
            return Err(VerifyError::Scenario {
                scenario: self.setup.scenario.clone(),
                version: self.setup.version,
                library: s.version,
            });
        }
        if self.teams.is_empty() || self.turn >= self.teams.len() {
            return Err(VerifyError::NoTurn);
        }
        for (i, t) in self.teams.iter().enumerate() {
            let team = || t.name.clone();
            let logged: Vec<&Logged> = self.team_log(i).collect();
            if logged.len() != t.run.decisions.len() {
                return Err(VerifyError::LogLength { team: team() });
            }
            for (d, l) in t.run.decisions.iter().zip(logged) {
                if d.choice != l.chosen || d.node != l.node {
                    return Err(VerifyError::LogDisagrees {
                        team: team(),
                        node: d.node.clone(),
                    });
                }
            }
            replay_exact(s, self.setup.seed, &t.run, |_| {}).map_err(|e| match e {
                ReplayError::Start(e) => VerifyError::Start(e),
                ReplayError::Decision { choice, error, .. } => VerifyError::Replay {
                    team: team(),
                    choice,
                    error,
                },
                ReplayError::Diverged => VerifyError::Diverged { team: team() },
            })?;
        }
        if !self.is_over() && self.current.votes.len() != self.options(s).len() {
            return Err(VerifyError::Votes);
        }
        Ok(())
    }
}

/// Why a saved session cannot be used with a scenario ([`Workshop::verify`]); says what is
/// wrong with "it", the session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("it was saved in format {0}, this version reads {WORKSHOP_FORMAT}")]
    Format(u32),
    #[error("it is for `{scenario}` version {version}, and the library has version {library}")]
    Scenario {
        scenario: String,
        version: u32,
        library: u32,
    },
    #[error("it has no team whose turn it is")]
    NoTurn,
    #[error("{team}'s log and run disagree")]
    LogLength { team: String },
    #[error("{team}'s log and run disagree at `{node}`")]
    LogDisagrees { team: String, node: String },
    /// A run cannot even start.
    #[error("{0}")]
    Start(RunError),
    #[error("replaying {team}'s `{choice}`: {error}")]
    Replay {
        team: String,
        choice: String,
        error: RunError,
    },
    #[error("replaying {team}'s decisions does not lead to the same place")]
    Diverged { team: String },
    #[error("the votes in hand do not match the options offered")]
    Votes,
}

impl Current {
    fn blank(options: usize, countdown_ms: Option<u64>) -> Self {
        Current {
            votes: vec![0; options],
            revealed: false,
            discussion: Discussion::Over,
            countdown_ms,
            note: String::new(),
        }
    }
}

/// Indices of the largest counts (every index when all are zero or the list is empty).
pub fn leaders(votes: &[u32]) -> Vec<usize> {
    let top = votes.iter().copied().max().unwrap_or(0);
    (0..votes.len()).filter(|&i| votes[i] == top).collect()
}

/// Whether a vote split the room: the runner-up had at least a third as many votes as the
/// leader and at least 20% of the votes cast.
pub fn split(votes: &[u32]) -> bool {
    let total: u32 = votes.iter().sum();
    let mut sorted = votes.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    match sorted.as_slice() {
        [first, second, ..] if total > 0 && *second > 0 => *second * 3 >= *first && *second * 5 >= total,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_and_splits() {
        assert_eq!(leaders(&[3, 7, 7]), vec![1, 2]);
        assert_eq!(leaders(&[0, 0]), vec![0, 1]);
        assert_eq!(leaders(&[5, 1]), vec![0]);
        assert!(split(&[6, 5, 1]));
        assert!(!split(&[10, 1, 1]));
        assert!(!split(&[4]));
        assert!(!split(&[0, 0]));
    }

    #[test]
    fn the_lead_and_what_enter_does() {
        assert_eq!(Lead::of(&[3, 7, 2]), Lead::Majority(1));
        assert_eq!(Lead::of(&[3, 7, 7]), Lead::Tied(vec![1, 2]));
        assert_eq!(
            Lead::of(&[0, 0]),
            Lead::Tied(vec![0, 1]),
            "nobody voted: all level"
        );
        assert!(Lead::of(&[3, 7, 7]).includes(2) && !Lead::of(&[3, 7, 7]).includes(0));
        assert_eq!(Lead::of(&[5]).leaders(), &[0]);

        let s = crate::engine::tests::example();
        let setup = |mode| Setup {
            scenario: s.id.clone(),
            version: s.version,
            seed: 1,
            session: "S".into(),
            facilitator: String::new(),
            mode,
            teams: vec!["Red".into(), "Blue".into()],
            discussion_seconds: 0,
        };
        let (mut w, _) = Workshop::start(setup(Mode::RoomVote), &s).unwrap();
        let n = w.current.votes.len();
        assert!(n >= 2, "the example's first decision offers a choice");
        assert_eq!(w.on_enter(0), OnEnter::BreakTie(0));
        w.set_votes(1, 4).unwrap();
        assert_eq!(w.on_enter(0), OnEnter::Majority(1));
        w.set_votes(0, 4).unwrap();
        assert_eq!(w.on_enter(1), OnEnter::BreakTie(1));
        if n > 2 {
            assert_eq!(w.on_enter(2), OnEnter::PickATied(vec![0, 1]));
        }
        assert_eq!(
            w.enter(&s, 0).unwrap_err(),
            WorkshopError::NotRevealed,
            "votes stay hidden until revealed"
        );
        w.reveal().unwrap();
        w.enter(&s, 1).unwrap();
        assert_eq!(w.log[0].settled.kind(), SettledKind::Tie);
        assert_eq!(w.log[0].settled.label(), "tie broken by the facilitator");

        let (w, _) = Workshop::start(setup(Mode::TeamRounds), &s).unwrap();
        assert_eq!(w.on_enter(1), OnEnter::TeamChoice(1));
    }

    #[test]
    fn setup_problems_name_what_to_fix() {
        let mut s = Setup {
            scenario: "x".into(),
            version: 1,
            seed: 1,
            session: " ".into(),
            facilitator: String::new(),
            mode: Mode::TeamRounds,
            teams: vec!["Red".into(), "Red ".into()],
            discussion_seconds: 60,
        };
        let p = s.problems().join("\n");
        assert!(p.contains("Give the session a name"), "{p}");
        assert!(p.contains("Two teams are called \u{201c}Red\u{201d}"), "{p}");
        s.session = "Ops leads".into();
        s.teams = vec!["Red".into()];
        assert_eq!(
            s.problems(),
            vec!["Team rounds need 2 to 8 teams; there are 1.".to_string()]
        );
        s.mode = Mode::RoomVote;
        assert!(s.problems().is_empty());
        assert_eq!(s.team_names(), vec!["The room".to_string()]);
    }
}
