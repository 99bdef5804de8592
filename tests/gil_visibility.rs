//! Making the GIL visible: `--trace` writes Chrome trace-event JSON with a track per thread and
//! the slice kinds; `--gil-stats` adds up (one holder at a time); `--timeline` is a well-formed
//! SVG with a row per thread; the switch policies (`--switch=time:MS`, `--switch-points`)
//! change what a race does.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A fresh scratch directory for one test.
fn scratch() -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "minipy-gilviz-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// Runs minipy with `flags` on `source`, in `dir`.
fn run_in(dir: &PathBuf, flags: &[&str], source: &str) -> Run {
    let file = dir.join("prog.py");
    std::fs::write(&file, source).expect("write program");
    let out = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .args(flags)
        .arg(&file)
        .current_dir(dir)
        .output()
        .expect("run minipy");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

/// Two threads that spin (so the GIL changes hands), block on a lock the main thread holds,
/// and sleep.
const TWO_THREADS: &str = r#"
import threading, time

lock = threading.Lock()
ready = []

def spin(n):
    while n > 0:
        n -= 1

def worker():
    spin(100000)
    ready.append(1)
    with lock:
        pass
    time.sleep(0.01)

lock.acquire()
t1 = threading.Thread(target=worker, name="alpha")
t2 = threading.Thread(target=worker, name="beta")
t1.start()
t2.start()
while len(ready) < 2:
    time.sleep(0.005)
time.sleep(0.05)
lock.release()
t1.join()
t2.join()
print("done")
"#;

// ----- a small JSON parser ------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(BTreeMap<String, Json>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.get(key),
            _ => None,
        }
    }
    fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Json::Str(s)) => Some(s),
            _ => None,
        }
    }
    fn num(&self, key: &str) -> Option<f64> {
        match self.get(key) {
            Some(Json::Num(n)) => Some(*n),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && b" \t\r\n".contains(&self.s[self.i]) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {}", c as char, self.i))
        }
    }
    fn value(&mut self) -> Result<Json, String> {
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut m = BTreeMap::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(m));
                }
                loop {
                    self.ws();
                    let Json::Str(k) = self.value()? else {
                        return Err(format!("object key must be a string at {}", self.i));
                    };
                    self.eat(b':')?;
                    let v = self.value()?;
                    m.insert(k, v);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(m));
                        }
                        _ => return Err(format!("expected ',' or '}}' at {}", self.i)),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut v = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Ok(Json::Arr(v));
                }
                loop {
                    v.push(self.value()?);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(v));
                        }
                        _ => return Err(format!("expected ',' or ']' at {}", self.i)),
                    }
                }
            }
            Some(b'"') => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = *self.s.get(self.i).ok_or("unterminated string")?;
                    self.i += 1;
                    match c {
                        b'"' => return Ok(Json::Str(out)),
                        b'\\' => {
                            let e = *self.s.get(self.i).ok_or("bad escape")?;
                            self.i += 1;
                            match e {
                                b'"' => out.push('"'),
                                b'\\' => out.push('\\'),
                                b'/' => out.push('/'),
                                b'n' => out.push('\n'),
                                b'r' => out.push('\r'),
                                b't' => out.push('\t'),
                                b'b' => out.push('\u{8}'),
                                b'f' => out.push('\u{c}'),
                                b'u' => {
                                    let hex = std::str::from_utf8(&self.s[self.i..self.i + 4])
                                        .map_err(|e| e.to_string())?;
                                    let n =
                                        u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
                                    out.push(char::from_u32(n).unwrap_or('?'));
                                    self.i += 4;
                                }
                                _ => return Err(format!("bad escape at {}", self.i)),
                            }
                        }
                        c if c < 0x20 => return Err(format!("raw control char at {}", self.i)),
                        _ => {
                            // Copy a whole UTF-8 sequence.
                            let start = self.i - 1;
                            let mut end = self.i;
                            while end < self.s.len() && (self.s[end] & 0xc0) == 0x80 {
                                end += 1;
                            }
                            out.push_str(
                                std::str::from_utf8(&self.s[start..end])
                                    .map_err(|e| e.to_string())?,
                            );
                            self.i = end;
                        }
                    }
                }
            }
            Some(b't') if self.s[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(Json::Bool(true))
            }
            Some(b'f') if self.s[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(Json::Bool(false))
            }
            Some(b'n') if self.s[self.i..].starts_with(b"null") => {
                self.i += 4;
                Ok(Json::Null)
            }
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                self.i += 1;
                while self.i < self.s.len() && b"0123456789.eE+-".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                let text =
                    std::str::from_utf8(&self.s[start..self.i]).map_err(|e| e.to_string())?;
                text.parse::<f64>()
                    .map(Json::Num)
                    .map_err(|_| format!("bad number {text:?}"))
            }
            _ => Err(format!("unexpected input at byte {}", self.i)),
        }
    }
}

fn parse_json(text: &str) -> Result<Json, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let v = p.value()?;
    p.ws();
    if p.i != text.len() {
        return Err(format!("trailing input at byte {}", p.i));
    }
    Ok(v)
}

fn trace_events(path: &PathBuf) -> Vec<Json> {
    let text = std::fs::read_to_string(path).expect("trace file written");
    let json = parse_json(&text).unwrap_or_else(|e| panic!("trace is not JSON: {e}"));
    match json.get("traceEvents") {
        Some(Json::Arr(events)) => events.clone(),
        _ => panic!("no traceEvents array"),
    }
}

/// thread id -> name, from the thread_name metadata events.
fn thread_names(events: &[Json]) -> BTreeMap<i64, String> {
    events
        .iter()
        .filter(|e| e.str("ph") == Some("M") && e.str("name") == Some("thread_name"))
        .map(|e| {
            let tid = e.num("tid").expect("tid") as i64;
            let name = e
                .get("args")
                .and_then(|a| a.str("name"))
                .expect("thread name")
                .to_string();
            (tid, name)
        })
        .collect()
}

// ----- --trace -------------------------------------------------------------------------------

#[test]
fn trace_has_a_named_track_per_thread_and_every_slice_kind() {
    let dir = scratch();
    let trace = dir.join("trace.json");
    let run = run_in(
        &dir,
        &[
            "--switch-interval",
            "1000",
            "--trace",
            trace.to_str().unwrap(),
        ],
        TWO_THREADS,
    );
    assert_eq!(run.stdout, "done\n", "stderr: {}", run.stderr);
    let events = trace_events(&trace);
    let names = thread_names(&events);
    let mut sorted: Vec<&str> = names.values().map(String::as_str).collect();
    sorted.sort();
    assert_eq!(sorted, ["MainThread", "alpha", "beta"]);

    let slices: Vec<&Json> = events.iter().filter(|e| e.str("ph") == Some("X")).collect();
    for s in &slices {
        let tid = s.num("tid").expect("tid") as i64;
        assert!(
            names.contains_key(&tid),
            "slice on a track with no name: {s:?}"
        );
        assert!(s.num("ts").expect("ts") >= 0.0);
        assert!(s.num("dur").expect("dur") >= 0.0);
    }
    let kinds: std::collections::BTreeSet<&str> =
        slices.iter().filter_map(|s| s.str("name")).collect();
    for kind in [
        "running (holds GIL)",
        "waiting for GIL",
        "blocked on Lock 'lock'",
        "sleeping",
    ] {
        assert!(kinds.contains(kind), "no '{kind}' slice in {kinds:?}");
    }
    // Both worker threads ran, and the GIL was taken from one of them at least once.
    for name in ["alpha", "beta"] {
        let tid = names.iter().find(|(_, n)| *n == name).map(|(t, _)| *t);
        assert!(slices.iter().any(|s| s.num("tid").map(|t| t as i64) == tid
            && s.str("name") == Some("running (holds GIL)")));
    }
    assert!(events
        .iter()
        .any(|e| e.str("ph") == Some("i") && e.str("name") == Some("forced switch")));

    // One holder at a time: the running slices of all threads never overlap.
    let mut running: Vec<(f64, f64)> = slices
        .iter()
        .filter(|s| s.str("name") == Some("running (holds GIL)"))
        .map(|s| {
            let ts = s.num("ts").unwrap();
            (ts, ts + s.num("dur").unwrap())
        })
        .collect();
    running.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in running.windows(2) {
        // Microsecond rounding in the file: allow a few.
        assert!(
            pair[1].0 >= pair[0].1 - 5.0,
            "two holders at once: {pair:?}"
        );
    }
}

#[test]
fn deadlock_is_marked_in_the_trace_before_exit() {
    let dir = scratch();
    let trace = dir.join("trace.json");
    let run = run_in(
        &dir,
        &["--trace", trace.to_str().unwrap()],
        "import threading\nlock = threading.Lock()\nlock.acquire()\nlock.acquire()\n",
    );
    assert_eq!(run.code, Some(3), "stderr: {}", run.stderr);
    let events = trace_events(&trace);
    let deadlock = events
        .iter()
        .find(|e| e.str("ph") == Some("i") && e.str("name") == Some("deadlock"))
        .expect("a deadlock event");
    let detail = deadlock.get("args").and_then(|a| a.str("detail")).unwrap();
    assert!(detail.contains("Lock 'lock'"), "{detail}");
}

// ----- --gil-stats ---------------------------------------------------------------------------

/// The rows of the stats table: thread name -> its cells.
fn stats_rows(stderr: &str) -> BTreeMap<String, Vec<String>> {
    let mut rows = BTreeMap::new();
    let mut lines = stderr.lines().skip_while(|l| !l.starts_with("thread "));
    lines.next().expect("a header line");
    for line in lines.take_while(|l| !l.trim().is_empty()) {
        let cells: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        // The name may have spaces: the last nine cells are the numbers.
        let (name, numbers) = cells.split_at(cells.len() - 9);
        rows.insert(name.join(" "), numbers.to_vec());
    }
    rows
}

fn wall_ms(stderr: &str) -> f64 {
    let at = stderr.find("wall time ").expect("wall time") + "wall time ".len();
    stderr[at..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

#[test]
fn stats_add_up() {
    let dir = scratch();
    let run = run_in(
        &dir,
        &["--switch-interval", "1000", "--gil-stats"],
        TWO_THREADS,
    );
    assert_eq!(run.stdout, "done\n", "stderr: {}", run.stderr);
    let rows = stats_rows(&run.stderr);
    assert_eq!(
        rows.keys().collect::<Vec<_>>(),
        ["MainThread", "all threads", "alpha", "beta"],
        "{}",
        run.stderr
    );
    let wall = wall_ms(&run.stderr);
    let num = |row: &str, col: usize| -> f64 { rows[row][col].parse().unwrap() };
    // Columns: switch points, held, waited, got, forced, blocked, blocked ms, sleeping, alive.
    let mut held_sum = 0.0;
    for t in ["MainThread", "alpha", "beta"] {
        let (held, alive) = (num(t, 1), num(t, 8));
        assert!(held <= alive + 0.01, "{t}: held {held} > alive {alive}");
        assert!(num(t, 3) >= 1.0, "{t} never got the GIL");
        held_sum += held;
    }
    assert!(
        held_sum <= wall + 0.01,
        "held {held_sum} ms in all, wall time {wall} ms: two holders at once"
    );
    assert!(num("alpha", 0) >= 100000.0, "the spin loop's back-edges");
    assert!(num("all threads", 4) >= 1.0, "some forced switch");
    assert!(run.stderr.contains("Lock 'lock'"), "{}", run.stderr);
    assert!(run.stderr.contains("switches per second"));
}

#[test]
fn stats_without_the_gil_still_count_blocking() {
    let dir = scratch();
    let run = run_in(&dir, &["--no-gil", "--gil-stats"], TWO_THREADS);
    assert_eq!(run.stdout, "done\n", "stderr: {}", run.stderr);
    let rows = stats_rows(&run.stderr);
    assert_eq!(rows["alpha"][2], "-", "{}", run.stderr);
    let blocked_ms: f64 = rows["alpha"][6].parse().unwrap();
    assert!(blocked_ms > 0.0, "{}", run.stderr);
    assert!(run.stderr.contains("Lock 'lock'"), "{}", run.stderr);
}

#[test]
fn stats_are_printed_after_an_uncaught_exception() {
    let dir = scratch();
    let run = run_in(&dir, &["--gil-stats"], "raise ValueError('x')\n");
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("ValueError: x"));
    assert!(run.stderr.contains("GIL statistics"), "{}", run.stderr);
}

// ----- --timeline ----------------------------------------------------------------------------

/// Checks that `text` is well-formed XML (balanced tags, quoted attributes, escaped text);
/// returns the elements' names in document order.
fn check_xml(text: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') || tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body
            .split_whitespace()
            .next()
            .expect("a tag name")
            .to_string();
        // Attributes: name="value" pairs, values without '<' or raw '&'.
        let mut attrs = body[name.len()..].trim();
        while !attrs.is_empty() {
            let eq = attrs.find('=').expect("attribute without value");
            let after = attrs[eq + 1..].trim_start();
            let quote = after.chars().next().expect("attribute value");
            assert!(
                quote == '"' || quote == '\'',
                "unquoted attribute in <{name}>"
            );
            let end = after[1..].find(quote).expect("unterminated attribute") + 1;
            check_text(&after[1..end]);
            attrs = after[end + 1..].trim_start();
        }
        seen.push(name.clone());
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    seen
}

fn check_text(text: &str) {
    assert!(
        !text.contains('<') && !text.contains('>'),
        "raw bracket in {text:?}"
    );
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let entity = &rest[amp..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "raw '&' in {text:?}"
        );
        rest = &rest[amp + 1..];
    }
}

#[test]
fn timeline_is_well_formed_svg_with_a_row_per_thread() {
    let dir = scratch();
    let svg = dir.join("timeline.svg");
    // A name that needs escaping.
    let source = TWO_THREADS.replace("name=\"beta\"", "name=\"<b&'e\\\"ta>\"");
    let run = run_in(
        &dir,
        &[
            "--switch-interval",
            "1000",
            "--timeline",
            svg.to_str().unwrap(),
        ],
        &source,
    );
    assert_eq!(run.stdout, "done\n", "stderr: {}", run.stderr);
    let text = std::fs::read_to_string(&svg).expect("timeline written");
    let elements = check_xml(&text);
    assert_eq!(elements.first().map(String::as_str), Some("svg"));
    assert_eq!(text.matches("class=\"thread-row\"").count(), 3);
    assert!(text.contains(">MainThread</text>"));
    assert!(text.contains(">alpha</text>"));
    assert!(text.contains(">&lt;b&amp;&apos;e&quot;ta&gt;</text>"));
    assert!(text.contains("waiting for the GIL"));
    assert!(text.contains(" ms</text>"), "a labelled time axis");
}

// ----- switch policies -----------------------------------------------------------------------

const RACE: &str = r#"
import threading

counter = 0

def work():
    global counter
    for _ in range(20000):
        counter += 1

threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter)
"#;

#[test]
fn counter_loses_updates_only_when_any_instruction_may_switch() {
    let dir = scratch();
    let runs = |points: &str| -> Vec<String> {
        (0..5)
            .map(|_| {
                let r = run_in(
                    &dir,
                    &["--switch-points", points, "--switch-interval", "100"],
                    RACE,
                );
                assert_eq!(r.code, Some(0), "{}", r.stderr);
                r.stdout.trim().to_string()
            })
            .collect()
    };
    let any = runs("any");
    assert!(
        any.iter().any(|c| c != "80000"),
        "--switch-points=any lost no update in 5 runs: {any:?}"
    );
    let backedge = runs("backedge");
    assert!(
        backedge.iter().all(|c| c == "80000"),
        "--switch-points=backedge lost updates: {backedge:?}"
    );
}

#[test]
fn time_based_switching_runs_threads_correctly() {
    let dir = scratch();
    let source = r#"
import threading

results = {}

def count(name, n):
    total = 0
    while n > 0:
        total += n
        n -= 1
    results[name] = total

threads = [threading.Thread(target=count, args=(i, 100000)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results[0], results[1])
"#;
    let run = run_in(&dir, &["--switch=time:1", "--gil-stats"], source);
    assert_eq!(run.stdout, "5000050000 5000050000\n", "{}", run.stderr);
    assert!(
        run.stderr.contains("(time:1, switch points: any"),
        "{}",
        run.stderr
    );
    let bad = run_in(&dir, &["--switch=time:soon"], "pass\n");
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("expected instructions:N or time:MS"));
}

#[test]
fn the_trace_is_capped() {
    use minipy::vm::clock::Clock;
    use minipy::vm::observe::{Activity, EventKind, ObserveOptions, Observer, MAX_EVENTS};
    let options = ObserveOptions {
        trace: Some("unused.json".into()),
        ..Default::default()
    };
    let obs = Observer::new(options, true);
    let clock = Clock::new(false);
    obs.add_thread(&clock, 1, "MainThread".into());
    obs.add_thread(&clock, 2, "worker".into());
    for i in 0..(MAX_EVENTS + 10) {
        obs.forced_switch(&clock, 1 + (i % 2) as u64);
    }
    obs.enter(&clock, 1, Activity::Running);
    obs.close(&clock);
    let snap = obs.snapshot();
    assert!(snap.truncated);
    assert!(snap.events.len() <= MAX_EVENTS + 1);
    match &snap.events.last().unwrap().kind {
        EventKind::Instant { name, .. } => assert!(name.starts_with("trace truncated"), "{name}"),
        e => panic!("last event {e:?}"),
    }
    // The totals go on past the cap.
    let forced: u64 = snap.threads.iter().map(|(_, t)| t.forced).sum();
    assert_eq!(forced, (MAX_EVENTS + 10) as u64);
}

/// A local's built-in method called by its load (`items.append(x)`, `seen.add(i)`,
/// `items.pop()`: the eval loop makes the call from `LoadFastMethod`, in place of the
/// `LoadFast`/`CallMethod` after it) passes the same switch points, with the same costs, as
/// the instructions it stands for. Under `--switch-interval 1` and a seed, each schedule
/// below is the one the build before that fusion printed (and the seeds give different
/// ones): a switch point moved, dropped or added in the fused call changes the list.
#[test]
fn fused_local_method_calls_keep_their_switch_points() {
    let dir = scratch();
    let source = r#"
import threading
shared = []
marks = set()

def worker(name):
    items = shared
    seen = marks
    for i in range(5):
        items.append(name)
        seen.add(i)
        items.append(i)
        if len(items) > 3:
            items.pop()

ts = [threading.Thread(target=worker, args=(n,)) for n in "ab"]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(shared, sorted(marks))
"#;
    for (seed, expected) in [
        (
            "1",
            "['a', 0, 'a', 'b', 'a', 'b', 'b', 2, 'b', 'a', 'b'] [0, 1, 2, 3, 4]\n",
        ),
        (
            "2",
            "['a', 0, 'b', 'a', 1, 2, 'b', 'a', 3, 4, 'b'] [0, 1, 2, 3, 4]\n",
        ),
        (
            "3",
            "['a', 'b', 'a', 'b', 'a', 'b', 'b', 'a', 'a', 'b'] [0, 1, 2, 3, 4]\n",
        ),
    ] {
        let run = run_in(
            &dir,
            &["--virtual-time", "--seed", seed, "--switch-interval", "1"],
            source,
        );
        assert_eq!(run.stdout, expected, "seed {seed}: {}", run.stderr);
        assert_eq!(run.code, Some(0));
    }
}
