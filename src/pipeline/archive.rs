//! `yishi archive YEAR` (spec 14.4): a community checked and rendered as `build` does, then
//! the year's records made into an archive volume ([`crate::site::archive`]) and written
//! into its folder the way a site is — beside the old one, swapped in whole, only over a
//! folder yishi made.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use crate::diagnostics::{self, Diagnostic, Severity};
use crate::input::source::Source;
use crate::pipeline::community::{
    BuildOptions, Report, attachments_of, check, fatal_text, publish, with_context,
};
use crate::pipeline::write;
use crate::plumbing::output::{GENERATOR, MARKER, OutputFile};
use crate::site::archive;

/// The marker's text in a volume: which program made it, and that it is replaced whole.
fn marker_text() -> String {
    format!(
        "{GENERATOR}\nThis folder is an archive volume made by `yishi archive`; running it again for the same year replaces the folder whole. SHA256SUMS lists every file.\n本文件夹是 yishi archive 生成的年度归档；同一年度再次生成时整个替换。SHA256SUMS 列出每个文件的校验值。\n"
    )
}

/// Writes the archive volume of `year` of the community in `source` into `options.out`. The report's `fatal` (exit 2) for
/// a refused output folder or a site.toml without `[archive]`; its errors (exit 1) for
/// content with errors or a year without records; nothing is written then.
pub fn archive(source: &dyn Source, options: &BuildOptions, year: i32) -> Report {
    let input = source.folder();
    if let Err(e) = write::preflight(input, &options.out) {
        return Report::refused(e.text(), &options.given);
    }
    let started = Instant::now();
    if crate::pipeline::district::is_district(source) {
        // Each community has its own archive room entry (全宗): one volume per community.
        let mut report = Report::refused(
            crate::tr!(
                "this is a district's repository: make each community's archive from its own folder, such as yishi archive {year} --root communities/<id>",
                "这是街道（多个社区）的仓库：请分别为每个社区生成归档，如 yishi archive {year} --root communities/<社区编号>"
            ),
            &options.given,
        );
        report.millis = started.elapsed().as_millis();
        return report;
    }
    let mut report = check(source, options);
    let done = |mut report: Report| {
        report.millis = started.elapsed().as_millis();
        report
    };
    if diagnostics::has_errors(&report.diagnostics) {
        return done(report);
    }
    let Some((model, _)) = report.result.as_ref() else {
        return done(report);
    };
    let Some(rules) = model.site.archive.clone() else {
        report.fatal = Some(crate::tr!(
            "site.toml has no [archive] table: write [archive] with fonds = \"…\" (the fonds number) and creator = \"…\" (the body that made the records)",
            "site.toml 里没有 [archive]：请写上 [archive]，以及 fonds = \"……\"（全宗号）和 creator = \"……\"（责任者）"
        ));
        return done(report);
    };
    let Some(mut attachments) = attachments_of(source, options, &mut report) else {
        return done(report);
    };
    let site = Mutex::new(BTreeMap::new());
    let published = publish(source, &mut report, &mut attachments, false, &|file| {
        site.lock()
            .map_err(|e| e.to_string())?
            .insert(file.path, file.bytes);
        Ok(())
    });
    if !published {
        return done(report);
    }
    let site = site.into_inner().unwrap_or_default();
    let Some((model, facts)) = report.result.as_ref() else {
        return done(report);
    };
    let rendering = (model, facts, &report.settings, &attachments);
    let made = with_context(source, rendering, false, |cx| {
        let items = archive::items(cx, &rules, year);
        if items.is_empty() {
            return Ok(None);
        }
        let marker = OutputFile {
            path: MARKER.into(),
            bytes: marker_text().into_bytes(),
        };
        let read = |p: &str| source.read(p).map_err(|e| format!("{p}: {e}"));
        archive::volume(cx, &rules, year, &items, &site, &read, &[marker]).map(Some)
    });
    let files = match made {
        Ok(Some(files)) => files,
        Ok(None) => {
            report.diagnostics.push(Diagnostic::whole_file(
                Severity::Error,
                "archive-empty",
                "content",
                crate::tr!(
                    "{year} has no record to archive: no meeting held, topic, evaluation, supervision report or visit is dated in it",
                    "{year} 年没有可归档的记录：没有哪次已召开的会议、议题、评议、监督报告或走访的日期在这一年"
                ),
            ));
            return done(report);
        }
        Err(e) => {
            report.fatal = Some(fatal_text(e));
            return done(report);
        }
    };
    let written = write::Staging::with_marker(input, &options.out, &marker_text())
        .map_err(|e| e.to_string())
        .and_then(|staging| {
            for file in &files {
                staging.put(file).map_err(|e| e.to_string())?;
            }
            report.files_written = files.len() + 1;
            staging.finish().map(|_| ()).map_err(|e| e.to_string())
        });
    if let Err(e) = written {
        report.fatal = Some(fatal_text(e));
    }
    done(report)
}
