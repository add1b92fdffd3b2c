//! Reading HTML written by hand or by a template: a tag's attributes.

/// The attributes of a tag's inside, as (lowercase name, raw value).
pub fn attributes(inside: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    value = &after[1..close.max(1)];
                    rest = after.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = &after[..close];
                    rest = &after[close..];
                }
            }
        }
        found.push((name, value));
    }
    found
}
