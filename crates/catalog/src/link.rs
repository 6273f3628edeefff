//! Links from the data (published entries, 我要看/我要办) are checked twice: the build step refuses an
//! unsafe one with a diagnostic, and the app renders only what passes this same check.

/// Returns the link if it is safe to put in an `href`: an absolute http, https, tel or mailto URL with
/// no control, whitespace or bidi characters. Anything else (javascript:, data:, vbscript:, relative or
/// protocol-relative paths, obfuscated schemes) is `None`.
pub fn safe_href(raw: &str) -> Option<&str> {
    let s = raw.trim();
    if s.is_empty() || s.len() > 2048 {
        return None;
    }
    if s.chars().any(|c| c.is_control() || c.is_whitespace() || is_invisible_format_char(c)) {
        return None;
    }
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let rest = &s[colon + 1..];
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" => {
            let host = rest.strip_prefix("//")?;
            let host_end = host.find(['/', '?', '#']).unwrap_or(host.len());
            (host_end > 0 && !host[..host_end].contains('@')).then_some(s)
        }
        "tel" => (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || "+-() ".contains(c)))
            .then_some(s),
        "mailto" => (rest.contains('@') && !rest.starts_with('/')).then_some(s),
        _ => None,
    }
}

/// Zero-width and bidi control characters: invisible, and able to make a name or link read as
/// something it is not.
pub fn is_invisible_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

#[cfg(test)]
mod tests {
    use super::safe_href;

    #[test]
    fn web_phone_and_mail_links_pass() {
        for ok in ["https://www.changsha.gov.cn/zfxxgk/", "http://x.cn/a?b=1#c", "tel:0731-12345", "mailto:gk@x.gov.cn"] {
            assert_eq!(safe_href(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn script_data_and_disguised_links_are_refused() {
        for bad in [
            "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<script>",
            "vbscript:msgbox", "//evil.example/x", "/relative", "https:", "https://", "https://user@evil.example",
            "https://x.cn/\u{202E}gpj.exe", "tel:javascript", "file:///etc/passwd",
        ] {
            assert_eq!(safe_href(bad), None, "{bad:?}");
        }
    }
}
