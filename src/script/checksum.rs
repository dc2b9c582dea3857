//! The checksum that detects drift: over the upgrade section only, so a downgrade can be fixed after
//! applying; line ends, a BOM and surrounding blank lines do not count as changes.

use sha2::{Digest, Sha256};

/// sha256 (pinned: the value is stored in databases) of the normalized upgrade SQL, lowercase hex.
pub fn checksum(upgrade_sql: &str) -> String {
    let text = upgrade_sql.strip_prefix('\u{feff}').unwrap_or(upgrade_sql);
    let mut hasher = Sha256::new();
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    for line in &lines[start..end] {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for byte in hasher.finalize() {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::checksum;

    #[test]
    fn line_ends_bom_and_blank_lines_do_not_matter() {
        let base = checksum("CREATE TABLE a (id INT);\nDROP TABLE b;\n");
        for variant in [
            "CREATE TABLE a (id INT);\r\nDROP TABLE b;\r\n",
            "\u{feff}CREATE TABLE a (id INT);\nDROP TABLE b;",
            "\n\nCREATE TABLE a (id INT);\nDROP TABLE b;\n\n\n",
            "CREATE TABLE a (id INT);   \nDROP TABLE b;\n",
        ] {
            assert_eq!(checksum(variant), base, "{variant:?}");
        }
    }

    #[test]
    fn content_changes_do() {
        let base = checksum("CREATE TABLE a (id INT);");
        assert_ne!(checksum("CREATE TABLE a (id BIGINT);"), base);
        assert_ne!(checksum("CREATE TABLE a (id INT);\n\nSELECT 1;"), base);
        assert_eq!(base.len(), 64);
    }
}
