//! Where learning records go and who they are about: the LRS endpoint and its credentials,
//! the learner, the base IRI of the activity ids and the mastery score. Kept in `records.ron`
//! in the data folder, apart from the other settings, and written readable by its owner only
//! (it holds a password).

use serde::{Deserialize, Serialize};
use std::path::Path;

/// The default base IRI of the activity ids: an organisation sets its own.
pub const DEFAULT_BASE: &str = "https://rapport.example.org/xapi";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordsConfig {
    /// The LRS's xAPI endpoint, e.g. `https://lrs.example.org/xAPI` (statements are sent to
    /// `<endpoint>/statements`). Empty: records are queued but not sent.
    pub endpoint: String,
    pub username: String,
    pub password: String,
    /// The learner: a display name and an identifier (an email, or an account on a system).
    pub learner: Learner,
    /// Activity ids start with this (no trailing slash).
    pub base: String,
    /// The scaled score (0–1) at or above which a run is `passed`.
    pub mastery: f64,
}

impl Default for RecordsConfig {
    fn default() -> Self {
        RecordsConfig {
            endpoint: String::new(),
            username: String::new(),
            password: String::new(),
            learner: Learner::default(),
            base: DEFAULT_BASE.into(),
            mastery: 0.7,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Learner {
    pub name: String,
    /// An email address (`mailto:` is added when missing).
    pub email: String,
    /// Or an account: the system's home page and the learner's name there.
    pub account_home: String,
    pub account_name: String,
}

impl Learner {
    /// The xAPI Agent. Without an email or an account the learner is anonymous on this
    /// machine: an account named after the machine's user on the base IRI.
    pub fn agent(&self, base: &str) -> serde_json::Value {
        let mut agent = serde_json::json!({ "objectType": "Agent" });
        if !self.name.trim().is_empty() {
            agent["name"] = self.name.trim().into();
        }
        let email = self.email.trim();
        if !email.is_empty() {
            let mbox = if email.starts_with("mailto:") {
                email.to_string()
            } else {
                format!("mailto:{email}")
            };
            agent["mbox"] = mbox.into();
        } else if !self.account_name.trim().is_empty() {
            let home = if self.account_home.trim().is_empty() {
                base
            } else {
                self.account_home.trim()
            };
            agent["account"] = serde_json::json!({ "homePage": home, "name": self.account_name.trim() });
        } else {
            let user = std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_else(|_| "learner".into());
            agent["account"] = serde_json::json!({ "homePage": base, "name": user });
        }
        agent
    }
}

impl RecordsConfig {
    /// The base IRI without trailing slashes.
    pub fn base(&self) -> &str {
        let b = self.base.trim().trim_end_matches('/');
        if b.is_empty() { DEFAULT_BASE } else { b }
    }

    /// Whether there is an LRS to send to.
    pub fn sends(&self) -> bool {
        !self.endpoint.trim().is_empty()
    }

    /// Reads `records.ron`; a missing file is the defaults. A broken one is an error that
    /// names the file, line and column.
    pub fn load(path: &Path) -> Result<RecordsConfig, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => ron::from_str(&text).map_err(|e| {
                format!(
                    "{}:{}:{}: {} (fix or delete the file; the defaults are used without it)",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RecordsConfig::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Writes `records.ron` atomically, readable and writable by its owner only.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        crate::store::write_private(path, text.as_bytes())
    }
}
