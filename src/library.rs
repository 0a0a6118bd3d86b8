//! Where scenarios come from: a `scenarios/` folder (the working directory's, or `--scenarios
//! DIR`) when present, else the library embedded in the binary. Reads files; the engine never does.

use crate::engine::diagnostic::{Code, did_you_mean};
use crate::engine::{self, Checked, Diagnostic, Scenario, SkillFramework};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// One scenario file, read and checked.
pub struct Entry {
    /// The path shown in diagnostics (`scenarios/x.ron`, or `<embedded>/x.ron`).
    pub file: String,
    pub checked: Checked,
}

impl Entry {
    /// The scenario id: the parsed id, or the file name without `.ron`.
    pub fn id(&self) -> String {
        match &self.checked.scenario {
            Some(s) => s.id.clone(),
            None => file_stem(&self.file),
        }
    }
    /// The scenario, if it loaded with no errors.
    pub fn playable(&self) -> Option<&Scenario> {
        if self.checked.has_errors() {
            None
        } else {
            self.checked.scenario.as_ref()
        }
    }
}

/// The skill framework in use and what is wrong with it.
pub struct Skills {
    pub file: String,
    pub framework: Option<SkillFramework>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the library was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Dir(PathBuf),
    Embedded,
}

pub struct Library {
    pub source: Source,
    pub skills: Skills,
    pub entries: Vec<Entry>,
}

fn file_stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.strip_suffix(".ron").unwrap_or(name).to_string()
}

/// The folder used when `--scenarios` is not given: `./scenarios` if it exists.
pub fn default_dir() -> Option<PathBuf> {
    let d = PathBuf::from("scenarios");
    d.is_dir().then_some(d)
}

/// Loads the skill framework: `<dir>/../assets/skills.ron` beside a scenarios folder, else embedded.
pub fn load_skills(scenarios_dir: Option<&Path>) -> Skills {
    let beside = scenarios_dir
        .map(|d| d.parent().unwrap_or(Path::new(".")).join("assets/skills.ron"))
        .filter(|p| p.is_file());
    let (file, bytes) = match beside {
        Some(p) => match std::fs::read(&p) {
            Ok(b) => (display(&p), b),
            Err(e) => {
                let file = display(&p);
                let d = Diagnostic::error(
                    &file,
                    Default::default(),
                    Code::Unreadable,
                    format!("cannot read the file: {e}"),
                )
                .help("check the file's permissions");
                return Skills {
                    file,
                    framework: None,
                    diagnostics: vec![d],
                };
            }
        },
        None => (
            "<embedded>/assets/skills.ron".to_string(),
            embedded::SKILLS.as_bytes().to_vec(),
        ),
    };
    let (framework, diagnostics) = engine::check_skills(&file, &bytes);
    Skills {
        file,
        framework,
        diagnostics,
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Checks a file's bytes, with its content lints when it has no errors.
fn checked_with_lints(file: &str, bytes: &[u8], skills: Option<&SkillFramework>) -> Checked {
    let mut checked = engine::check_scenario(file, bytes, skills);
    if let (false, Some(s)) = (checked.has_errors(), &checked.scenario) {
        checked.lints = engine::lint_scenario(file, bytes, s);
    }
    checked
}

/// Reads and checks one file.
pub fn check_file(path: &Path, skills: Option<&SkillFramework>) -> Entry {
    let file = display(path);
    match std::fs::read(path) {
        Ok(bytes) => Entry {
            checked: checked_with_lints(&file, &bytes, skills),
            file,
        },
        Err(e) => {
            let d = Diagnostic::error(
                &file,
                Default::default(),
                Code::Unreadable,
                format!("cannot read the file: {e}"),
            )
            .help("check that the path exists and is readable");
            Entry {
                file,
                checked: Checked {
                    scenario: None,
                    diagnostics: vec![d],
                    lints: Vec::new(),
                },
            }
        }
    }
}

/// The `.ron` files directly inside `dir`, sorted by name.
pub fn ron_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    Ok(files)
}

/// Loads the whole library from `dir` (or `./scenarios`, or the embedded copy).
pub fn load(dir: Option<&Path>) -> Result<Library, String> {
    let dir = match dir {
        Some(d) if !d.is_dir() => return Err(format!("`{}` is not a folder", d.display())),
        Some(d) => Some(d.to_path_buf()),
        None => default_dir(),
    };
    let skills = load_skills(dir.as_deref());
    let entries = match &dir {
        Some(d) => ron_files(d)
            .map_err(|e| format!("cannot read `{}`: {e}", d.display()))?
            .iter()
            .map(|p| check_file(p, skills.framework.as_ref()))
            .collect(),
        None => embedded::SCENARIOS
            .iter()
            .map(|(name, text)| {
                let file = format!("<embedded>/scenarios/{name}");
                Entry {
                    checked: checked_with_lints(&file, text.as_bytes(), skills.framework.as_ref()),
                    file,
                }
            })
            .collect(),
    };
    let source = dir.map_or(Source::Embedded, Source::Dir);
    Ok(Library {
        source,
        skills,
        entries,
    })
}

impl Library {
    /// Finds a scenario by id, or reads it from a path (anything ending `.ron` or naming a file).
    pub fn resolve(&self, arg: &str) -> Result<Entry, String> {
        let path = Path::new(arg);
        if arg.ends_with(".ron") || path.is_file() {
            if !path.exists() {
                return Err(format!("there is no file `{arg}`"));
            }
            return Ok(check_file(path, self.skills.framework.as_ref()));
        }
        let ids: Vec<String> = self.entries.iter().map(Entry::id).collect();
        match self.entries.iter().position(|e| e.id() == arg) {
            Some(i) => {
                let e = &self.entries[i];
                Ok(Entry {
                    file: e.file.clone(),
                    checked: Checked {
                        scenario: e.checked.scenario.clone(),
                        diagnostics: e.checked.diagnostics.clone(),
                        lints: e.checked.lints.clone(),
                    },
                })
            }
            None => {
                let hint = did_you_mean(arg, ids.iter().map(String::as_str))
                    .map(|s| format!(" Did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(format!(
                    "there is no scenario `{arg}`.{hint} Available: {}",
                    ids.join(", ")
                ))
            }
        }
    }
}
