//! Sending the queue to a Learning Record Store: each batch POSTed to `<endpoint>/statements`
//! with HTTP basic authentication, removed from the queue only once the LRS has answered
//! 200 or 204. A 409 (the LRS already holds some of the ids) is retried statement by
//! statement with PUT, where "already stored, the same" is success. A batch the LRS calls
//! invalid (400) moves to `rejected/`; an unreachable LRS, a 5xx or a refused login stops the
//! round with the batch still queued, and the caller tries again later, backing off.

use super::config::RecordsConfig;
use super::queue::Queue;
use base64::Engine as _;
use serde_json::Value;
use std::time::Duration;

/// The xAPI version every request announces.
pub const XAPI_VERSION: &str = "1.0.3";

/// What one round of sending did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub rejected: usize,
    /// Statements still waiting after the round.
    pub waiting: usize,
    /// Why the round stopped early (the LRS unreachable, a login refused…).
    pub stopped: Option<String>,
}

/// An HTTP connection to one LRS.
pub struct Lrs {
    agent: ureq::Agent,
    endpoint: String,
    auth: Option<String>,
}

/// The answer to one request: its status and body, or why there was none.
enum Answer {
    Status(u16, String),
    Unreachable(String),
}

impl Lrs {
    pub fn new(cfg: &RecordsConfig) -> Lrs {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(20)))
            .http_status_as_error(false)
            .build();
        let auth = (!cfg.username.is_empty()).then(|| {
            let pair = format!("{}:{}", cfg.username, cfg.password);
            format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
        });
        Lrs {
            agent: ureq::Agent::new_with_config(config),
            endpoint: cfg.endpoint.trim().trim_end_matches('/').to_string(),
            auth,
        }
    }

    fn request(&self, method: &str, url: &str, body: Option<&[u8]>) -> Answer {
        let result = match (method, body) {
            ("POST", Some(b)) => {
                let r = self.agent.post(url);
                let r = self.headers_post(r);
                r.send(b)
            }
            ("PUT", Some(b)) => {
                let r = self.agent.put(url);
                let r = self.headers_post(r);
                r.send(b)
            }
            _ => {
                let mut r = self
                    .agent
                    .get(url)
                    .header("X-Experience-API-Version", XAPI_VERSION);
                if let Some(a) = &self.auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
        };
        match result {
            Ok(mut resp) => {
                let status = resp.status().as_u16();
                let text = resp
                    .body_mut()
                    .with_config()
                    .limit(64 * 1024 * 1024)
                    .read_to_string()
                    .unwrap_or_default();
                Answer::Status(status, text)
            }
            Err(e) => Answer::Unreachable(e.to_string()),
        }
    }

    fn headers_post(
        &self,
        r: ureq::RequestBuilder<ureq::typestate::WithBody>,
    ) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        let mut r = r
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json");
        if let Some(a) = &self.auth {
            r = r.header("Authorization", a);
        }
        r
    }

    fn statements_url(&self) -> String {
        format!("{}/statements", self.endpoint)
    }

    /// Sends every batch in the queue, oldest first, until one cannot be sent.
    pub fn send_queue(&self, queue: &Queue) -> Round {
        let mut round = Round::default();
        let batches = match queue.batches() {
            Ok(b) => b,
            Err(e) => {
                round.stopped = Some(format!("cannot read the queue: {e}"));
                round.waiting = queue.waiting();
                return round;
            }
        };
        for batch in batches {
            let statements = match queue.read(&batch) {
                Ok(s) => s,
                Err(e) => {
                    // A batch that no longer parses can never be sent: keep it aside.
                    let _ = queue.reject(&batch, &format!("unreadable: {e}"));
                    round.rejected += batch.len;
                    continue;
                }
            };
            match self.post(&statements) {
                Ok(()) => {
                    if let Err(e) = queue.sent(&batch) {
                        round.stopped = Some(format!("sent, but cannot remove the batch: {e}"));
                        break;
                    }
                    round.sent += batch.len;
                }
                Err(Failure::Invalid(answer)) => {
                    let _ = queue.reject(&batch, &answer);
                    round.rejected += batch.len;
                }
                Err(Failure::Stop(why)) => {
                    round.stopped = Some(why);
                    break;
                }
            }
        }
        round.waiting = queue.waiting();
        round
    }

    fn post(&self, statements: &[Value]) -> Result<(), Failure> {
        let body = serde_json::to_vec(statements).map_err(|e| Failure::Invalid(e.to_string()))?;
        match self.request("POST", &self.statements_url(), Some(&body)) {
            Answer::Status(200 | 204, _) => Ok(()),
            Answer::Status(409, _) => self.put_each(statements),
            Answer::Status(s, text) => Err(classify(s, text)),
            Answer::Unreachable(e) => Err(Failure::Stop(format!("the LRS is unreachable: {e}"))),
        }
    }

    /// One statement at a time by id: a 204 stores it, a 409 means the LRS holds a statement
    /// with that id already (an earlier attempt's, or a different one: kept aside then).
    fn put_each(&self, statements: &[Value]) -> Result<(), Failure> {
        for s in statements {
            let id = s["id"].as_str().unwrap_or_default();
            let url = format!("{}?statementId={id}", self.statements_url());
            let body = serde_json::to_vec(s).map_err(|e| Failure::Invalid(e.to_string()))?;
            match self.request("PUT", &url, Some(&body)) {
                Answer::Status(200 | 204, _) => {}
                Answer::Status(409, text) => {
                    if !self.holds_the_same(s) {
                        return Err(Failure::Invalid(format!(
                            "409: the LRS holds a different statement {id}: {text}"
                        )));
                    }
                }
                Answer::Status(code, text) => return Err(classify(code, text)),
                Answer::Unreachable(e) => {
                    return Err(Failure::Stop(format!("the LRS is unreachable: {e}")));
                }
            }
        }
        Ok(())
    }

    fn holds_the_same(&self, s: &Value) -> bool {
        let id = s["id"].as_str().unwrap_or_default();
        match self.get_one(id) {
            Some(held) => held["verb"]["id"] == s["verb"]["id"] && held["object"]["id"] == s["object"]["id"],
            None => false,
        }
    }

    fn get_one(&self, id: &str) -> Option<Value> {
        let url = format!("{}?statementId={id}", self.statements_url());
        match self.request("GET", &url, None) {
            Answer::Status(200, text) => serde_json::from_str(&text).ok(),
            _ => None,
        }
    }

    /// Every statement the LRS returns for `query` (e.g. `registration=…`), following `more`
    /// links page by page (at most `max_pages`).
    pub fn statements(&self, query: &str, max_pages: usize) -> Result<Vec<Value>, String> {
        let mut url = if query.is_empty() {
            self.statements_url()
        } else {
            format!("{}?{query}", self.statements_url())
        };
        let mut out = Vec::new();
        for _ in 0..max_pages {
            let text = match self.request("GET", &url, None) {
                Answer::Status(200, text) => text,
                Answer::Status(s, text) => return Err(format!("the LRS answered {s}: {text}")),
                Answer::Unreachable(e) => return Err(format!("the LRS is unreachable: {e}")),
            };
            let page: Value =
                serde_json::from_str(&text).map_err(|e| format!("the LRS sent no JSON: {e}"))?;
            if let Some(list) = page["statements"].as_array() {
                out.extend(list.iter().cloned());
            }
            match page["more"].as_str().filter(|m| !m.is_empty()) {
                Some(more) => url = self.resolve(more),
                None => return Ok(out),
            }
        }
        Err(format!("more than {max_pages} pages of statements"))
    }

    /// A `more` link: absolute, or relative to the endpoint's origin.
    fn resolve(&self, more: &str) -> String {
        if more.starts_with("http://") || more.starts_with("https://") {
            return more.to_string();
        }
        let after_scheme = self.endpoint.find("://").map_or(0, |i| i + 3);
        let origin_end = self.endpoint[after_scheme..]
            .find('/')
            .map_or(self.endpoint.len(), |i| after_scheme + i);
        format!("{}{more}", &self.endpoint[..origin_end])
    }
}

enum Failure {
    /// The LRS will never take this batch as it is.
    Invalid(String),
    /// Try again later.
    Stop(String),
}

fn classify(status: u16, text: String) -> Failure {
    match status {
        400 => Failure::Invalid(format!("400: {text}")),
        401 | 403 => Failure::Stop(format!(
            "the LRS refused the login ({status}); check the user name and password in records.ron"
        )),
        _ => Failure::Stop(format!("the LRS answered {status}: {text}")),
    }
}

/// How long to wait before the next round after `failures` failed rounds in a row: 2 s
/// doubling to at most 5 minutes.
pub fn backoff(failures: u32) -> Duration {
    Duration::from_secs((2u64 << failures.min(8)).min(300))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_five_minutes() {
        assert_eq!(backoff(0), Duration::from_secs(2));
        assert_eq!(backoff(1), Duration::from_secs(4));
        assert_eq!(backoff(7), Duration::from_secs(256));
        assert_eq!(backoff(30), Duration::from_secs(300));
    }

    #[test]
    fn more_links_resolve_against_the_origin() {
        let cfg = RecordsConfig {
            endpoint: "http://127.0.0.1:8100/xAPI/".into(),
            ..RecordsConfig::default()
        };
        let lrs = Lrs::new(&cfg);
        assert_eq!(
            lrs.resolve("/xAPI/statements?pit_id=1"),
            "http://127.0.0.1:8100/xAPI/statements?pit_id=1"
        );
        assert_eq!(lrs.resolve("https://x.org/s?m=2"), "https://x.org/s?m=2");
    }
}
