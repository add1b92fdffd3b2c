//! Reading a file's fields for the checks: the context that turns a TOML error or a bad
//! value into a diagnostic at its span (with the Chinese message and a hint), dates and
//! times in the site's zone, the nearest allowed value of a vocabulary, a line of front matter.

use std::ops::Range;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::values::{MoneyError, parse_yuan};
use crate::diagnostics::{Diagnostic, SourceFile, Text};
use crate::input::load::RawEntry;
use crate::model::{Area, Money};

/// Where diagnostics for one TOML text go: the file and the offset of the TOML in it.
pub(super) struct Ctx<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) base: usize,
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub(super) fn span<T>(&self, v: &Spanned<T>) -> Range<usize> {
        let s = v.span();
        self.base + s.start..self.base + s.end
    }
    /// An error at a value; an empty hint is none.
    pub(super) fn error<T>(
        &mut self,
        code: &'static str,
        at: &Spanned<T>,
        message: Text,
        hint: Text,
    ) {
        let span = self.span(at);
        self.error_at(code, span, message, hint);
    }
    pub(super) fn error_at(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: Text,
        hint: Text,
    ) {
        let mut d = Diagnostic::error(code, self.file, span, message);
        if !hint.en.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    /// Parses TOML, reporting syntax, type, unknown and missing fields at their place.
    pub(super) fn parse<T: for<'de> Deserialize<'de>>(&mut self, text: &str) -> Option<T> {
        match toml::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e
                    .message()
                    .trim()
                    .replace("expected i64", "expected a whole number")
                    .replace(
                        "expected a TOML datetime",
                        "expected a date such as 2025-04-18",
                    );
                let (code, hint) = toml_error_hint(&message);
                let span = self.base + span.start..self.base + span.end;
                let message = Text {
                    zh: toml_message_zh(&message),
                    en: message,
                };
                self.error_at(code, span, message, hint);
                None
            }
        }
    }

    /// An amount of yuan as written (`120000`, `8500.5`, `1_200.75`): never negative, at
    /// most two decimals, kept exact in fen (spec 13.7).
    pub(super) fn money(&mut self, v: &Spanned<toml::Value>, field: &str) -> Option<Money> {
        self.hundredths(
            v,
            field,
            Measure {
                code: "money",
                zh_noun: "金额",
                rule: crate::tr!(
                    "write yuan with at most two decimals, such as 120000 or 8500.50",
                    "以元为单位，最多两位小数，例如 120000 或 8500.50"
                ),
                kind: crate::tr!(
                    "{field} must be an amount of yuan such as 120000",
                    "{field} 应该是以元为单位的金额，例如 120000"
                ),
                unit: "元",
            },
        )
    }

    /// A floor area in m² as written (`2160.5`, `1_987.30`): never negative, at most two
    /// decimals as written (`1800.000` is refused), kept exact in hundredths (15.4).
    pub(super) fn area(&mut self, v: &Spanned<toml::Value>, field: &str) -> Option<Area> {
        self.hundredths(
            v,
            field,
            Measure {
                code: "area",
                zh_noun: "面积",
                rule: crate::tr!(
                    "write square metres with at most two decimals, such as 2160.5",
                    "以平方米为单位，最多两位小数，例如 2160.5"
                ),
                kind: crate::tr!(
                    "{field} must be an area in square metres such as 2160.5",
                    "{field} 应该是以平方米为单位的面积，例如 2160.5"
                ),
                unit: "平方米",
            },
        )
        .map(|m| Area(m.0))
    }

    /// A number kept exact in hundredths as written (money and areas): read from the file's
    /// text, so `8500.50` and `1_200.75` are what staff typed; `what` words its problems.
    fn hundredths(
        &mut self,
        v: &Spanned<toml::Value>,
        field: &str,
        what: Measure,
    ) -> Option<Money> {
        let span = self.span(v);
        let written = self.file.text.get(span).unwrap_or("").replace('_', "");
        let parsed = match v.get_ref() {
            toml::Value::Integer(_) | toml::Value::Float(_) => parse_yuan(&written),
            _ => None,
        };
        match parsed {
            Some(Ok(m)) => Some(m),
            Some(Err(why)) => {
                let (en, zh) = match why {
                    MoneyError::Negative => ("is negative", "是负数"),
                    MoneyError::Decimals => ("has more than two decimals", "超过两位小数"),
                };
                let noun = what.zh_noun;
                self.error(
                    what.code,
                    v,
                    crate::tr!("{field} {written} {en}", "{field} 的{noun} {written} {zh}"),
                    what.rule,
                );
                None
            }
            None => {
                let unit = what.unit;
                self.error(
                    "type",
                    v,
                    what.kind,
                    crate::tr!(
                        "write the number without quotes or units",
                        "直接写数字，不加引号和“{unit}”"
                    ),
                );
                None
            }
        }
    }

    /// `date` of `what` must not be after today (a record of what has happened).
    pub(super) fn not_after_today(
        &mut self,
        v: &Spanned<Datetime>,
        date: NaiveDate,
        today: NaiveDate,
        what: Text,
    ) -> bool {
        if date <= today {
            return true;
        }
        self.error(
            "future-date",
            v,
            crate::tr!(
                "{w_en} {date} is after today ({today})",
                "{w_zh} {date} 晚于今天（{today}）";
                w_en = &what.en,
                w_zh = &what.zh
            ),
            crate::tr!(
                "record what has happened; check the date, or build with --today",
                "只记录已经发生的事；检查日期，或用 --today 指定今天"
            ),
        );
        false
    }

    /// `later` (`what`, at `v`) must not come before `earlier` (`after_what`).
    pub(super) fn not_before(
        &mut self,
        v: &Spanned<Datetime>,
        (later, what): (NaiveDate, Text),
        (earlier, after_what): (NaiveDate, Text),
    ) -> bool {
        if later >= earlier {
            return true;
        }
        self.error(
            "date-order",
            v,
            crate::tr!(
                "{w_en} {later} is before {a_en} {earlier}",
                "{w_zh} {later} 早于{a_zh} {earlier}";
                w_en = &what.en,
                w_zh = &what.zh,
                a_en = &after_what.en,
                a_zh = &after_what.zh
            ),
            crate::tr!(
                "check the two dates: {w_en} cannot come before {a_en}",
                "检查这两个日期：{w_zh}不能早于{a_zh}";
                w_en = &what.en,
                w_zh = &what.zh,
                a_en = &after_what.en,
                a_zh = &after_what.zh
            ),
        );
        false
    }

    /// The names of an `unrecorded` list (15.2) that are among `allowed`; an error at each
    /// other name (so fewer names come back than were written when any is wrong).
    pub(super) fn unrecorded<'n>(
        &mut self,
        list: &[Spanned<String>],
        allowed: &[&'n str],
    ) -> Vec<&'n str> {
        let mut known = Vec::new();
        for name in list {
            match allowed.iter().find(|a| **a == name.get_ref()) {
                Some(a) => known.push(*a),
                None => {
                    let choices = allowed.join("、");
                    self.error(
                        "unrecorded",
                        name,
                        crate::tr!(
                            "\"{value}\" cannot be listed in unrecorded here",
                            "unrecorded 里不能列“{value}”";
                            value = name.get_ref()
                        ),
                        crate::tr!(
                            "here unrecorded may list: {choices}",
                            "这里的 unrecorded 只能列：{choices}"
                        ),
                    );
                }
            }
        }
        known
    }

    /// A field given although `unrecorded` lists it as not stated by the source (15.2).
    pub(super) fn listed_but_given<T>(&mut self, v: &Spanned<T>, field: &str) -> bool {
        self.error(
            "unrecorded",
            v,
            crate::tr!(
                "{field} is given, but unrecorded says the source does not state it",
                "写了 {field}，但 unrecorded 又说原记录未载明它"
            ),
            crate::tr!(
                "keep the value the record gives and remove \"{field}\" from unrecorded",
                "保留原记录写明的值，并从 unrecorded 里删去 \"{field}\""
            ),
        );
        false
    }

    /// A required field that is absent, reported at `span` (relative to the TOML text).
    pub(super) fn missing(&mut self, span: Range<usize>, field: &str, hint: Text) {
        let span = self.base + span.start..self.base + span.end;
        self.error_at(
            "missing-field",
            span,
            crate::tr!("missing field `{field}`", "缺少字段 `{field}`"),
            hint,
        );
    }

    /// A value from a list the spec fixes (not a site.toml vocabulary).
    pub(super) fn choice(&mut self, v: &Spanned<String>, field: &str, allowed: &[&str]) -> bool {
        if allowed.contains(&v.get_ref().as_str()) {
            return true;
        }
        let list = allowed.join("、");
        self.error(
            "vocabulary",
            v,
            crate::tr!(
                "{field} \"{value}\" is not one of {list}",
                "{field} 的值“{value}”不是 {list} 之一";
                value = v.get_ref()
            ),
            crate::tr!("write one of: {list}", "只能写：{list}"),
        );
        false
    }

    /// `answer` goes with `replied`, and neither without the other.
    pub(super) fn reply_pair(
        &mut self,
        table: Range<usize>,
        replied: bool,
        answer: bool,
        outcome: bool,
    ) -> bool {
        let problem = match (replied, answer) {
            (true, false) => Some(crate::tr!(
                "replied is given without the answer",
                "写了 replied（答复日期），但没有写 answer（答复内容）"
            )),
            (false, true) => Some(crate::tr!(
                "answer is given without replied (the date it was given)",
                "写了 answer（答复内容），但没有写 replied（答复日期）"
            )),
            _ if outcome && !replied => Some(crate::tr!(
                "outcome is given without replied: an objection comes to something once it is answered",
                "写了 outcome（处理结果），但没有写 replied：异议答复之后才有处理结果"
            )),
            _ => None,
        };
        let Some(message) = problem else {
            return true;
        };
        self.diags.push(
            Diagnostic::error("missing-field", self.file, table, message).with_hint(crate::tr!(
                "write replied and answer together once the answer is given",
                "答复之后，replied 和 answer 一起写"
            )),
        );
        false
    }

    pub(super) fn date(&mut self, v: &Spanned<Datetime>) -> Option<NaiveDate> {
        let dt = v.get_ref();
        match (dt.date, dt.time) {
            (Some(d), None) => match NaiveDate::from_ymd_opt(
                i32::from(d.year),
                u32::from(d.month),
                u32::from(d.day),
            ) {
                Some(date) => Some(date),
                None => {
                    self.error(
                        "type",
                        v,
                        crate::tr!(
                            "{dt} is not a date in the calendar",
                            "{dt} 不是日历上的日期"
                        ),
                        Text::default(),
                    );
                    None
                }
            },
            _ => {
                self.error(
                    "type",
                    v,
                    crate::tr!(
                        "expected a date such as 2025-04-18, found {dt}",
                        "应该是日期，如 2025-04-18，这里写的是 {dt}"
                    ),
                    crate::tr!(
                        "write the date alone, without a time and without quotes",
                        "只写日期，不写时间，不加引号"
                    ),
                );
                None
            }
        }
    }

    /// A count: a non-negative integer.
    pub(super) fn count(&mut self, v: &Spanned<i64>, what: &str) -> Option<u64> {
        match u64::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    "count",
                    v,
                    crate::tr!("{what} cannot be negative ({n})", "{what} 不能是负数（{n}）"; n = v.get_ref()),
                    crate::tr!("write the number of people, 0 or more", "写人数，0 或更多"),
                );
                None
            }
        }
    }

    /// A value that must be one of a vocabulary.
    pub(super) fn vocabulary(
        &mut self,
        v: &Spanned<String>,
        field: &str,
        allowed: &[String],
    ) -> bool {
        if allowed.iter().any(|a| a == v.get_ref()) {
            return true;
        }
        let list = allowed.join("、");
        let hint = match nearest(v.get_ref(), allowed) {
            Some(best) => crate::tr!(
                "did you mean \"{best}\"? allowed values: {list}",
                "是不是“{best}”？可选的值：{list}"
            ),
            // Only a vocabulary site.toml sets is named as its setting (15.6: a hint names
            // only fields that exist).
            None => match rules_setting(field) {
                Some(setting) => crate::tr!(
                    "allowed values: {list} (the list is set in site.toml [rules] {setting})",
                    "可选的值：{list}（在 site.toml 的 [rules] {setting} 里设定）"
                ),
                None => crate::tr!("allowed values: {list}", "可选的值：{list}"),
            },
        };
        self.error(
            "vocabulary",
            v,
            crate::tr!(
                "{field} \"{value}\" is not one of the allowed values",
                "{field} 的值“{value}”不在可选范围内";
                value = v.get_ref()
            ),
            hint,
        );
        false
    }
}

pub(super) fn toml_error_hint(message: &str) -> (&'static str, Text) {
    if message.starts_with("unknown field") {
        (
            "unknown-field",
            crate::tr!(
                "check the spelling; the fields each file may hold are listed in docs/content.md",
                "检查拼写；每种文件可以写哪些字段，见 docs/content.md 和用 yishi new 新建的模板"
            ),
        )
    } else if message.starts_with("missing field") {
        (
            "missing-field",
            crate::tr!("add the field; it is required", "补上这个字段；它是必填的"),
        )
    } else if message.starts_with("invalid type") {
        (
            "type",
            crate::tr!(
                "dates are written without quotes (2025-04-18), text in quotes, numbers without quotes",
                "日期不加引号（2025-04-18），文字加英文双引号，数字不加引号"
            ),
        )
    } else if message.contains("duplicate key") {
        (
            "syntax",
            crate::tr!("each field may appear only once", "每个字段只能写一次"),
        )
    } else {
        (
            "syntax",
            crate::tr!(
                "TOML is written as name = value, text in \"quotes\", lists in [brackets]",
                "字段的写法是 名称 = 值，文字加英文双引号 \"…\"，列表用方括号 […]"
            ),
        )
    }
}

/// The `[rules]` setting of site.toml that lists the values a field may take: `kind` is
/// checked against `meeting_kinds`, `category` against `categories`, `channel` against
/// `channels`, and `regular_kinds`/`advisory_kinds` against `meeting_kinds`; none for a
/// vocabulary the spec fixes (a member's `role`).
pub fn rules_setting(field: &str) -> Option<&'static str> {
    match field {
        "kind" | "regular_kinds" | "advisory_kinds" => Some("meeting_kinds"),
        "category" => Some("categories"),
        "channel" => Some("channels"),
        _ => None,
    }
}

/// The TOML parser's message (English, from the toml crate) in Chinese: its common forms
/// translated, the rest kept after a Chinese lead.
pub(super) fn toml_message_zh(message: &str) -> String {
    let words = |s: &str| {
        s.replace("a whole number", "整数")
            .replace("a date such as 2025-04-18", "日期（如 2025-04-18）")
            .replace("a string", "文字")
            .replace("a boolean", "true 或 false")
            .replace("a sequence", "列表")
            .replace("a map", "表")
            .replace("string", "文字")
            .replace("integer", "整数")
            .replace("sequence", "列表")
            .replace("boolean", "布尔值")
            .replace("datetime", "日期时间")
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let allowed = allowed.trim_start_matches("one of ").replace(", ", "、");
        if allowed.is_empty() {
            return format!("未知字段 {field}");
        }
        return format!("未知字段 {field}，可以写的字段：{allowed}");
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("缺少字段 {field}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型不对：这里写的是 {}，应该是 {}",
            words(found),
            words(expected)
        );
    }
    if message.contains("duplicate key") {
        return format!("字段重复：{message}");
    }
    format!("TOML 格式错误：{message}")
}

/// The allowed value closest to a mistyped one, if any is close.
pub fn nearest<'a>(value: &str, allowed: &'a [String]) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for a in allowed {
        let d = if a.contains(value) || value.contains(a.as_str()) {
            a.chars().count().abs_diff(value.chars().count()).min(1)
        } else {
            edit_distance(value, a)
        };
        let limit = (a.chars().count() / 2).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, a));
        }
    }
    best.map(|(_, a)| a)
}

pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

pub(super) fn datetime(
    cx: &mut Ctx,
    v: &Spanned<Datetime>,
    tz: FixedOffset,
) -> Option<NaiveDateTime> {
    let dt = v.get_ref();
    let (Some(d), Some(t)) = (dt.date, dt.time) else {
        cx.error(
            "type",
            v,
            crate::tr!(
                "expected a date and time such as 2025-04-18T09:00:00, found {dt}",
                "应该是日期和时间，如 2025-04-18T09:00:00，这里写的是 {dt}"
            ),
            crate::tr!(
                "write the start as date T time, without quotes",
                "开始时间写成 日期T时间，不加引号"
            ),
        );
        return None;
    };
    let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?;
    let time = NaiveTime::from_hms_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)),
    )?;
    let local = date.and_time(time);
    match dt.offset {
        None => Some(local),
        Some(offset) => {
            let minutes = match offset {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => i32::from(minutes),
            };
            let given = FixedOffset::east_opt(minutes * 60)?;
            let instant = given.from_local_datetime(&local).single()?;
            Some(instant.with_timezone(&tz).naive_local())
        }
    }
}

/// The span of the first line of `file` that holds `needle`, from `needle` to the line's
/// end (the file's first line when none does): where a warning about a field points.
pub(super) fn line_of(file: &SourceFile, needle: &str) -> Range<usize> {
    let at = file.text.find(needle).unwrap_or(0);
    let end = file.text[at..]
        .find('\n')
        .map_or(file.text.len(), |i| at + i);
    at..end
}

/// Where a string value is written in the front matter: as it is, or — written with
/// escapes (`"attachments/\u0078.png"`) — the quoted string that decodes to it; else the
/// whole front matter.
pub(super) fn find_in_front(entry: &RawEntry, needle: &str) -> Range<usize> {
    let front = entry.front_text();
    let shift = entry.front.start;
    if let Some(i) = front.find(needle) {
        return shift + i..shift + i + needle.len();
    }
    let mut at = 0;
    for line in front.split_inclusive('\n') {
        let mut rest = 0;
        while let Some(open) = line[rest..].find('"').map(|o| rest + o) {
            // The closing quote: the next one not escaped.
            let mut close = None;
            let mut escaped = false;
            for (k, c) in line[open + 1..].char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        close = Some(open + 1 + k);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(close) = close else { break };
            let literal = &line[open..=close];
            let decoded = toml::from_str::<toml::Table>(&format!("v = {literal}"))
                .ok()
                .and_then(|t| t.get("v").and_then(|v| v.as_str().map(str::to_string)));
            if decoded.as_deref() == Some(needle) {
                return shift + at + open..shift + at + close + 1;
            }
            rest = close + 1;
        }
        at += line.len();
    }
    entry.front.clone()
}

/// How a measured number's problems are worded: [`Ctx::money`] and [`Ctx::area`].
struct Measure {
    /// The diagnostic code of a bad value.
    code: &'static str,
    /// What it is, in Chinese (金额, 面积).
    zh_noun: &'static str,
    /// How to write it.
    rule: Text,
    /// The message when it is not a number.
    kind: Text,
    /// Its unit in Chinese, which staff must leave out.
    unit: &'static str,
}

/// The entry of the record at `path` among `entries` (a file's checks across kinds point at
/// the record's own file).
pub(super) fn entry_at<'a>(entries: &[&'a RawEntry], path: &str) -> Option<&'a RawEntry> {
    entries.iter().find(|e| e.file.path == path).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_vocabulary_value() {
        let cats: Vec<String> = ["公益事业", "工作部署", "矛盾纠纷", "自治制度", "其他"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(nearest("公益", &cats), Some("公益事业"));
        assert_eq!(nearest("公益事项", &cats), Some("公益事业"));
        assert_eq!(nearest("天气", &cats), None);
    }
}
