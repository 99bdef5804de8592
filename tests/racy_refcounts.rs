//! `--no-gil --racy-refcounts`: reference counts updated with a plain read and write, as
//! CPython's would be without its GIL. Two threads hammering one list's count lose updates on
//! a machine with two cores; minipy reports how many at exit (and in
//! `sys._refcount_errors()`), with the objects that would have leaked or been freed while
//! still in use, and the program itself still runs correctly (objects are freed by an exact
//! count). Without `--no-gil` the option is refused.

mod common;

use common::{run_minipy, scratch, Run};
use std::path::Path;

fn race_program() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("programs/refcount_race.mp")
        .display()
        .to_string()
}

/// The number in "--racy-refcounts: N reference-count updates were lost".
fn lost_updates(run: &Run) -> u64 {
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("--racy-refcounts: "))
        .unwrap_or_else(|| panic!("no report in:\n{}", run.stderr));
    line["--racy-refcounts: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[test]
fn the_race_program_loses_updates_and_says_so() {
    let dir = scratch("racy_refcounts", "race");
    let program = race_program();
    // Updates are lost only while both threads run at the same moment on two cores: on a busy
    // machine a run can miss; some run out of a few must not.
    let mut losses = Vec::new();
    for _ in 0..12 {
        let r = run_minipy(&dir, &["--no-gil", "--racy-refcounts", &program], "");
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        // The program runs correctly: the exact counts free the objects.
        assert_eq!(
            r.stdout,
            "References to the list after the threads: 2.\nFinished.\n"
        );
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert!(lines.len() >= 3, "{}", r.stderr);
        assert!(lines[1]
            .starts_with("Objects CPython without its GIL would have freed while still in use: "));
        assert!(r
            .stderr
            .contains("\nObjects it would never have freed (leaked): "));
        let lost = lost_updates(&r);
        losses.push(lost);
        if lost > 0 {
            // Each object listed is shown by type, repr and what happened to its count.
            let listed: Vec<&&str> = lines.iter().filter(|l| l.starts_with("  ")).collect();
            for l in &listed {
                assert!(l.contains(": its count "), "{l}");
            }
            // A loss that leaves the list's count off shows it, as the list it is.
            if r.stderr.contains("list [1, 2, 3]") {
                assert!(listed
                    .iter()
                    .any(|l| l.starts_with("  list [1, 2, 3]: its count ")));
            }
            return;
        }
    }
    panic!("no update was lost in {} runs: {losses:?}", losses.len());
}

#[test]
fn refcount_errors_in_the_program() {
    let dir = scratch("racy_refcounts", "sys");
    std::fs::write(
        dir.join("errors.mp"),
        "import sys\n\
         e = sys._refcount_errors()\n\
         print(sorted(e))\n\
         print(type(e['lost_updates']).__name__, type(e['leaked']).__name__)\n\
         x = [1]\n\
         del x\n\
         print(e['freed_in_use_count'] >= 0, len(e['freed_in_use']) <= 10)\n",
    )
    .unwrap();
    let r = run_minipy(&dir, &["--no-gil", "--racy-refcounts", "errors.mp"], "");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "['freed_in_use', 'freed_in_use_count', 'leaked', 'leaked_count', 'lost_updates']\n\
         int list\nTrue True\n"
    );
    // Only the racy runtime has it (as CPython has no such function).
    for rt in [&[][..], &["--no-gil"][..]] {
        let mut args = rt.to_vec();
        args.extend(["-c", "import sys; print(hasattr(sys, '_refcount_errors'))"]);
        let r = run_minipy(&dir, &args, "");
        assert_eq!((r.code, r.stdout.as_str()), (Some(0), "False\n"), "{rt:?}");
    }
}

#[test]
fn without_no_gil_it_is_refused() {
    let dir = scratch("racy_refcounts", "refused");
    let r = run_minipy(&dir, &["--racy-refcounts", "-c", "print(1)"], "");
    assert_eq!(r.code, Some(2));
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "minipy: --racy-refcounts needs --no-gil: under the GIL only one thread changes \
         reference counts at a time, so no update can be lost\n"
    );
}

#[test]
fn a_single_thread_loses_nothing() {
    let dir = scratch("racy_refcounts", "single");
    let r = run_minipy(
        &dir,
        &[
            "--no-gil",
            "--racy-refcounts",
            "-c",
            "import sys\nx = [1, 2]\nfor _ in range(10000):\n    y = x\nprint(sys.getrefcount(x))",
        ],
        "",
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (Some(0), "3\n"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr,
        "--racy-refcounts: 0 reference-count updates were lost (another thread's write landed \
         between a thread's read of a count and its write).\n\
         Objects CPython without its GIL would have freed while still in use: none.\n\
         Objects it would never have freed (leaked): none.\n"
    );
}
