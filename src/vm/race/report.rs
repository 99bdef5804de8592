//! Where accesses were made, and the report of a race. Each recorded access keeps an id of
//! its Python stack: the stack is walked once per new combination of frames and positions
//! (hashed, never allocated on the way), resolved to file, function and line, and interned, so
//! that the report can show both accesses with their full stacks long after the earlier one
//! returned.

use crate::bytecode::Code;
use crate::vm::frame_runs::Segment;
use crate::vm::Runtime;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::sync::Arc;

/// One frame of a recorded stack.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    pub file: Arc<str>,
    pub function: Arc<str>,
    pub line: u32,
}

/// The interned stacks of recorded accesses.
#[derive(Default)]
pub struct Stacks {
    /// Hash of the frames' (code, position) pairs to the stack's id.
    ids: FxHashMap<u64, u32>,
    /// Each stack as site ids, outermost first.
    stacks: Vec<Vec<u32>>,
    sites: Vec<Site>,
    site_ids: FxHashMap<Site, u32>,
}

impl Stacks {
    /// The id of the current stack of a thread whose eval loop runs `segments`, its innermost
    /// frame at instruction position `ip`.
    pub fn capture<R: Runtime>(&mut self, segments: &[Segment<R>], ip: usize) -> u32 {
        let mut h = FxHasher::default();
        walk(segments, ip, |code, pos| {
            h.write_usize(code as *const Code<R> as usize);
            h.write_usize(pos);
        });
        let hash = h.finish();
        if let Some(id) = self.ids.get(&hash) {
            return *id;
        }
        let mut frames = Vec::new();
        walk(segments, ip, |code: &Code<R>, pos| {
            let site = Site {
                file: code.filename.clone(),
                function: code.name.clone(),
                line: code
                    .positions
                    .line(pos.saturating_sub(1))
                    .unwrap_or(code.first_line),
            };
            frames.push(self.site_id(site));
        });
        let id = self.stacks.len() as u32;
        self.stacks.push(frames);
        self.ids.insert(hash, id);
        id
    }

    fn site_id(&mut self, site: Site) -> u32 {
        if let Some(id) = self.site_ids.get(&site) {
            return *id;
        }
        let id = self.sites.len() as u32;
        self.sites.push(site.clone());
        self.site_ids.insert(site, id);
        id
    }

    /// The innermost site of a stack (where the access itself is), `u32::MAX` if unknown.
    pub fn innermost(&self, stack: u32) -> u32 {
        self.stacks
            .get(stack as usize)
            .and_then(|s| s.last().copied())
            .unwrap_or(u32::MAX)
    }

    /// The frames of a stack, outermost first.
    pub fn frames(&self, stack: u32) -> Vec<Site> {
        self.stacks
            .get(stack as usize)
            .map(|s| s.iter().map(|i| self.sites[*i as usize].clone()).collect())
            .unwrap_or_default()
    }
}

/// The position of the innermost frame when it is calling out to native code: the call site
/// the eval loop saved, when it is that frame's.
pub fn call_position<R: Runtime>(
    segments: &[Segment<R>],
    call_site: (*const Code<R>, usize),
) -> usize {
    let Some(seg) = segments.last() else {
        return call_site.1;
    };
    let frame = seg.frame(seg.frame_count() - 1);
    // SAFETY: the frame is alive (it is running) and its code with it.
    let code: &Code<R> = unsafe { frame.code.detached() };
    if std::ptr::eq(call_site.0, code) {
        call_site.1
    } else {
        frame.ip
    }
}

/// Calls `f` with each frame's code and position, outermost first. The innermost frame of
/// each run but the last is where it called into the next run (the position saved when that
/// run was entered, when it was entered from that frame's code).
fn walk<R: Runtime>(segments: &[Segment<R>], ip: usize, mut f: impl FnMut(&Code<R>, usize)) {
    let n = segments.len();
    for (k, seg) in segments.iter().enumerate() {
        let count = seg.frame_count();
        for j in 0..count {
            let frame = seg.frame(j);
            // SAFETY: the frame is alive (above) and its code with it.
            let code: &Code<R> = unsafe { frame.code.detached() };
            let pos = if j + 1 < count {
                frame.ip
            } else if k + 1 == n {
                ip
            } else {
                let (caller, at) = segments[k + 1].entered_from;
                if std::ptr::eq(caller, code) {
                    at
                } else {
                    frame.ip
                }
            };
            f(code, pos);
        }
    }
}

/// The text of one race report (Go's `WARNING: DATA RACE`, in our words).
pub struct RaceText<'a> {
    pub variable: &'a str,
    pub now_write: bool,
    pub now_thread: &'a str,
    pub now_stack: Vec<Site>,
    pub earlier_write: bool,
    pub earlier_thread: &'a str,
    pub earlier_stack: Vec<Site>,
    /// Where each thread was started (empty for the main thread, and for the earlier access
    /// when both are the same thread's).
    pub now_started: Vec<Site>,
    pub earlier_started: Vec<Site>,
}

impl RaceText<'_> {
    pub fn render(&self, source_line: &dyn Fn(&str, u32) -> Option<String>) -> String {
        let kind = |w: bool| if w { "write" } else { "read" };
        let mut out = String::from("==================\n");
        out.push_str(&format!("DATA RACE on {}\n", self.variable));
        let mut section = |what: String, stack: &[Site]| {
            out.push_str(&what);
            for s in stack {
                out.push_str(&format!(
                    "    File \"{}\", line {}, in {}\n",
                    s.file, s.line, s.function
                ));
                if let Some(text) = source_line(&s.file, s.line) {
                    out.push_str(&format!("      {text}\n"));
                }
            }
        };
        section(
            format!(
                "  {} by thread '{}':\n",
                capitalized(kind(self.now_write)),
                self.now_thread
            ),
            &self.now_stack,
        );
        section(
            format!(
                "  Previous {} by thread '{}':\n",
                kind(self.earlier_write),
                self.earlier_thread
            ),
            &self.earlier_stack,
        );
        for (thread, started) in [
            (self.now_thread, &self.now_started),
            (self.earlier_thread, &self.earlier_started),
        ] {
            if !started.is_empty() {
                section(format!("  Thread '{thread}' was started at:\n"), started);
            }
        }
        out.push_str(
            "  No lock, join, queue, event or other synchronization orders these two accesses.\n",
        );
        out.push_str("==================\n");
        out
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
