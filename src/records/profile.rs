//! The identifiers of Rapport's xAPI profile: verbs, activity types, context categories and
//! extensions. Rapport's own extensions hang off the configured base IRI.

/// cmi5's verbs (ADL's vocabulary).
pub const INITIALIZED: &str = "http://adlnet.gov/expapi/verbs/initialized";
pub const COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
pub const PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
pub const FAILED: &str = "http://adlnet.gov/expapi/verbs/failed";
pub const TERMINATED: &str = "http://adlnet.gov/expapi/verbs/terminated";
/// The serious-games profile's verb for taking one of a decision's options.
pub const SELECTED: &str = "https://w3id.org/xapi/adb/verbs/selected";
/// ADL's verb for a score against an objective.
pub const SCORED: &str = "http://adlnet.gov/expapi/verbs/scored";

/// Every verb of the profile, with its display name.
pub const VERBS: [(&str, &str); 7] = [
    (INITIALIZED, "initialized"),
    (SELECTED, "selected"),
    (COMPLETED, "completed"),
    (PASSED, "passed"),
    (FAILED, "failed"),
    (SCORED, "scored"),
    (TERMINATED, "terminated"),
];

/// The display name of one of the profile's verbs.
pub fn verb_name(iri: &str) -> &'static str {
    VERBS
        .iter()
        .find(|(v, _)| *v == iri)
        .map_or("unknown", |(_, n)| n)
}

/// A scenario is a simulation; a decision an interaction of type `choice`; a skill an
/// objective; a workshop session a meeting.
pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
pub const INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
pub const OBJECTIVE: &str = "http://adlnet.gov/expapi/activities/objective";
pub const MEETING: &str = "http://adlnet.gov/expapi/activities/meeting";

pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

/// Rapport's own extensions, under the base IRI.
pub fn extension(base: &str, name: &str) -> String {
    format!("{base}/extensions/{name}")
}

/// The activity ids: a scenario at a version, one of its decisions, a skill, a session.
pub fn scenario_iri(base: &str, id: &str, version: u32) -> String {
    format!("{base}/scenarios/{id}/{version}")
}
pub fn node_iri(base: &str, id: &str, version: u32, node: &str) -> String {
    format!("{}/nodes/{node}", scenario_iri(base, id, version))
}
pub fn skill_iri(base: &str, skill: &str) -> String {
    format!("{base}/skills/{skill}")
}
pub fn session_iri(base: &str, session: &str) -> String {
    format!("{base}/sessions/{}", slug(session))
}

/// A name as a path segment: lower case letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "unnamed".into() } else { out }
}

/// The namespace of every id Rapport mints (UUID v5).
pub const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6a1f_3c2e_94b7_4d0a_8e5b_27c9_d1f0_4a63);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_path_segments() {
        assert_eq!(slug("Ops leads — March"), "ops-leads-march");
        assert_eq!(slug("  "), "unnamed");
        assert_eq!(slug("Team A/B"), "team-a-b");
    }

    #[test]
    fn every_verb_has_a_name() {
        for (v, n) in VERBS {
            assert_eq!(verb_name(v), n);
        }
        assert_eq!(verb_name("http://example.org/x"), "unknown");
    }
}
