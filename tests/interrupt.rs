//! Ctrl-C (SIGINT) reaches the main thread as KeyboardInterrupt, also while it waits in
//! `join` or `sleep`; uncaught, it ends the program with status 130.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn sigint_interrupts_join_and_sleep() {
    let source = "import time, threading\n\
                  t = threading.Thread(target=time.sleep, args=(30,), daemon=True)\n\
                  t.start()\n\
                  print('waiting', flush=True)\n\
                  try:\n    t.join()\nexcept KeyboardInterrupt:\n    print('interrupted in join', flush=True)\n\
                  time.sleep(30)\n\
                  print('not reached')\n";
    let child = Command::new(env!("CARGO_BIN_EXE_minipy"))
        .arg("-c")
        .arg(source)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start minipy");
    let pid = child.id().to_string();
    let interrupt = || {
        let _ = Command::new("kill").args(["-INT", &pid]).status();
    };
    std::thread::sleep(Duration::from_millis(700));
    interrupt();
    std::thread::sleep(Duration::from_millis(700));
    interrupt();
    let out = child.wait_with_output().expect("minipy ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("interrupted in join"),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stdout.contains("not reached"), "{stdout}");
    assert!(stderr.ends_with("KeyboardInterrupt\n"), "{stderr}");
    assert_eq!(out.status.code(), Some(130));
}
