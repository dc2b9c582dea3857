//! Writing a new revision file: the header in the same format the parser reads, and the file name
//! from the project's template.

use rand::Rng;

/// Everything a new revision file states.
#[derive(Debug, Clone)]
pub struct NewRevision {
    pub id: String,
    pub parents: Vec<String>,
    pub message: String,
    pub created: chrono::DateTime<chrono::Utc>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<String>,
    pub transactional: bool,
    pub upgrade: String,
    pub downgrade: String,
}

/// 12 random lowercase hex digits, as Alembic's ids.
pub fn new_revision_id() -> String {
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|_| char::from_digit(rng.gen_range(0..16), 16).unwrap_or('0'))
        .collect()
}

/// The message lowercased, non-alphanumerics as `_`, at most 40 characters.
pub fn slug(message: &str) -> String {
    let mut out = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    let mut cut: String = trimmed.chars().take(40).collect();
    while cut.ends_with('_') {
        cut.pop();
    }
    cut
}

/// Fills `{date}`, `{time}`, `{rev}` and `{slug}` in the project's file-name template.
pub fn file_name(template: &str, rev: &NewRevision) -> String {
    let name = template
        .replace("{date}", &rev.created.format("%Y%m%d").to_string())
        .replace("{time}", &rev.created.format("%H%M").to_string())
        .replace("{rev}", &rev.id)
        .replace("{slug}", &slug(&rev.message));
    if name.ends_with(".sql") {
        name
    } else {
        format!("{name}.sql")
    }
}

pub fn render_revision(rev: &NewRevision) -> String {
    let mut out = format!(
        "-- revision: {}\n-- down_revision: {}\n-- message: {}\n-- created: {}\n",
        rev.id,
        rev.parents.join(", "),
        rev.message.replace('\n', " "),
        rev.created.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    if !rev.branch_labels.is_empty() {
        out.push_str(&format!(
            "-- branch_labels: {}\n",
            rev.branch_labels.join(", ")
        ));
    }
    if !rev.depends_on.is_empty() {
        out.push_str(&format!("-- depends_on: {}\n", rev.depends_on.join(", ")));
    }
    if !rev.transactional {
        out.push_str("-- transactional: false\n");
    }
    out.push_str("\n-- upgrade\n");
    out.push_str(rev.upgrade.trim_end());
    out.push_str("\n\n-- downgrade\n");
    out.push_str(rev.downgrade.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::parse_revision;
    use chrono::TimeZone;

    fn sample() -> NewRevision {
        NewRevision {
            id: "3f2a9c1d7e4b".into(),
            parents: vec!["aaaaaaaaaaaa".into(), "bbbbbbbbbbbb".into()],
            message: "Add user name fields!".into(),
            created: chrono::Utc
                .with_ymd_and_hms(2026, 11, 24, 10, 15, 0)
                .unwrap(),
            branch_labels: vec!["auth".into()],
            depends_on: vec!["cccccccccccc".into()],
            transactional: false,
            upgrade: "ALTER TABLE users ADD COLUMN first_name VARCHAR(100);".into(),
            downgrade: "ALTER TABLE users DROP COLUMN first_name;".into(),
        }
    }

    #[test]
    fn file_name_follows_the_template() {
        assert_eq!(
            file_name("{date}_{time}_{rev}_{slug}.sql", &sample()),
            "20261124_1015_3f2a9c1d7e4b_add_user_name_fields.sql"
        );
        assert_eq!(file_name("{rev}", &sample()), "3f2a9c1d7e4b.sql");
    }

    #[test]
    fn rendered_files_parse_back() {
        let text = render_revision(&sample());
        let rev = parse_revision(std::path::Path::new("x.sql"), text.as_bytes()).unwrap();
        assert_eq!(rev.header.id, "3f2a9c1d7e4b");
        assert_eq!(rev.header.parents, ["aaaaaaaaaaaa", "bbbbbbbbbbbb"]);
        assert_eq!(rev.header.message, "Add user name fields!");
        assert_eq!(rev.header.created.as_deref(), Some("2026-11-24T10:15:00Z"));
        assert_eq!(rev.header.branch_labels, ["auth"]);
        assert_eq!(rev.header.depends_on, ["cccccccccccc"]);
        assert!(!rev.transactional);
    }

    #[test]
    fn ids_are_twelve_hex_digits() {
        let id = new_revision_id();
        assert_eq!(id.len(), 12);
        assert!(id
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }
}
