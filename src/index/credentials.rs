//! Credentials and the program taxonomy: stable ids, group membership, and
//! the `program_groups` rows with their members filled in.

use std::collections::BTreeMap;

use super::sources::RawCredential;
use super::taxonomy::Taxonomy;
use crate::format::{Finding, Severity};
use crate::model::{Credential, ProgramGroup};

/// Turns source credentials into index rows sorted by id. A second credential
/// with the same id is dropped with a `duplicate_credential` finding.
pub fn build_credentials(raw: Vec<RawCredential>, taxonomy: &Taxonomy, findings: &mut Vec<Finding>) -> Vec<Credential> {
    let mut by_id: BTreeMap<String, (Credential, String)> = BTreeMap::new();
    for credential in raw {
        let id = credential_id(&credential.name, credential.catalog_year.as_deref());
        if let Some((_, first_origin)) = by_id.get(&id) {
            findings.push(Finding {
                severity: Severity::Warning,
                code: "duplicate_credential".into(),
                course: None,
                credential: Some(id.clone()),
                message: format!("{} repeats credential {id} first read from {first_origin}; the first is kept", credential.origin),
            });
            continue;
        }
        let groups = taxonomy.groups_for_credential(&credential.name, credential.faculty.as_deref(), credential.kind);
        let row = Credential {
            id: id.clone(),
            name: credential.name,
            kind: credential.kind,
            faculty: credential.faculty,
            catalog_year: credential.catalog_year,
            groups,
            requirements: credential.requirements,
        };
        by_id.insert(id, (row, credential.origin));
    }
    by_id.into_values().map(|(credential, _)| credential).collect()
}

/// Lists every taxonomy group with the ids of its member credentials, sorted by name.
pub fn build_program_groups(taxonomy: &Taxonomy, credentials: &[Credential]) -> Vec<ProgramGroup> {
    let mut groups: Vec<ProgramGroup> = taxonomy
        .groups()
        .iter()
        .map(|rule| {
            let mut aliases = rule.aliases.clone();
            aliases.sort();
            aliases.dedup();
            let members = credentials.iter().filter(|credential| credential.groups.contains(&rule.name)).map(|credential| credential.id.clone()).collect();
            ProgramGroup { name: rule.name.clone(), aliases, members }
        })
        .collect();
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups
}

/// Stable id from a name and year: lower-case words joined by `-`, then the
/// year (`actuarial-science-minor-2023-24`).
pub fn credential_id(name: &str, year: Option<&str>) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if c == '&' {
            slug.push_str("-and-");
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-");
    if let Some(year) = year {
        slug.push('-');
        slug.push_str(year);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CredentialKind, Requirement};

    #[test]
    fn ids_are_slugs_with_year() {
        assert_eq!(credential_id("Actuarial Science Minor", Some("2023-24")), "actuarial-science-minor-2023-24");
        assert_eq!(credential_id("Addictions, Mental Health, & Policy Minor", None), "addictions-mental-health-and-policy-minor");
        assert_eq!(credential_id("Computer Science (BCS)", Some("2025-26")), "computer-science-bcs-2025-26");
    }

    #[test]
    fn duplicate_ids_keep_first_and_report() {
        let raw = |origin: &str| RawCredential {
            name: "Statistics Minor".into(),
            kind: CredentialKind::Minor,
            faculty: None,
            catalog_year: Some("2023-24".into()),
            requirements: Requirement::All { label: None, children: vec![] },
            origin: origin.into(),
        };
        let mut findings = Vec::new();
        let credentials = build_credentials(vec![raw("a.csv:2"), raw("b.csv:9")], &Taxonomy::builtin(), &mut findings);
        assert_eq!(credentials.len(), 1);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.contains("a.csv:2"), "{}", findings[0].message);
    }
}
