//! 用我的位置's words when the browser gives no position.

/// The line under the button for a `GeolocationPositionError.code` (1 permission denied, 2 position
/// unavailable, 3 timeout); 0 is this app's code for a browser with no geolocation at all. Each says
/// what the citizen can do next, and all of them point to the list below.
pub fn refusal_text(code: u16) -> &'static str {
    match code {
        0 => "此浏览器无法提供位置，请在下方选择地区。",
        1 => "未获得位置权限，无法自动找到您所在的县（市、区）。可在浏览器设置中允许本网站使用位置后再试，或在下方选择地区。",
        3 => "定位超时，请到信号较好的地方再试，或在下方选择地区。",
        _ => "暂时无法确定您的位置，请稍后再试，或在下方选择地区。",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_says_what_happened_and_what_to_do() {
        let cases = [
            (0, "此浏览器无法提供位置"),
            (1, "未获得位置权限"),
            (2, "暂时无法确定您的位置"),
            (3, "定位超时"),
            (99, "暂时无法确定您的位置"),
        ];
        for (code, start) in cases {
            let text = refusal_text(code);
            assert!(text.starts_with(start), "{code}: {text}");
            assert!(text.ends_with("在下方选择地区。"), "{code}: {text}");
        }
    }
}
