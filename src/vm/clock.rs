//! The interpreter's clock: real time, or with `--virtual-time` a virtual clock that `sleep`
//! advances instead of waiting. The virtual clock only moves when no thread can run — then it
//! jumps to the earliest wake-up — so a program that sleeps 14 s finishes at once and still
//! measures 14 s.

use parking_lot::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub struct Clock {
    /// `Some` under `--virtual-time`: seconds since the program started.
    virtual_now: Option<Mutex<f64>>,
    /// The real moment the program started, and the wall-clock time then.
    start: Instant,
    start_wall: f64,
}

impl Clock {
    pub fn new(virtual_time: bool) -> Clock {
        let start_wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        Clock {
            virtual_now: virtual_time.then(|| Mutex::new(0.0)),
            start: Instant::now(),
            start_wall,
        }
    }

    pub fn is_virtual(&self) -> bool {
        self.virtual_now.is_some()
    }

    /// Seconds since the program started (`time.monotonic`, `time.perf_counter`).
    pub fn monotonic(&self) -> f64 {
        match &self.virtual_now {
            Some(now) => *now.lock(),
            None => self.start.elapsed().as_secs_f64(),
        }
    }

    /// Seconds since the epoch (`time.time`).
    pub fn wall(&self) -> f64 {
        match &self.virtual_now {
            Some(now) => self.start_wall + *now.lock(),
            None => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs_f64())
                .unwrap_or(0.0),
        }
    }

    /// Moves the virtual clock forward to `t` (never back).
    pub fn advance_to(&self, t: f64) {
        if let Some(now) = &self.virtual_now {
            let mut now = now.lock();
            if t > *now {
                *now = t;
            }
        }
    }
}
