//! Reading HTML written by hand or by a template: where a tag ends, a tag's attributes.

/// Where the tag that `s` starts ends (the index of its `>`), minding quoted values, so an
/// `alt="a > b"` does not end it; `None` when it is not closed.
pub fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

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

#[cfg(test)]
mod tests {
    use super::tag_end;

    #[test]
    fn a_tag_ends_at_its_first_unquoted_angle() {
        assert_eq!(tag_end("<img alt=\"a > b\" src='x>y'>rest"), Some(26));
        assert_eq!(tag_end("<br>"), Some(3));
        assert_eq!(tag_end("<a href=\"x>"), None);
    }
}
