//! The switch budget: how many switch points this thread's eval loop may still pass before
//! its next eval breaker (`vm::threads`), in one thread-local word whose sign also carries
//! the collector's attention flag (`gc::raise_attention`: a collection due, finalizers
//! queued). A switch point takes its cost off the word and tests the result once
//! ([`spend`]): a negative word means the budget ran out, the flag is up, or both, and only
//! then does the loop look at which. What owns the word is the thread, not a `Vm`: a flag
//! raised by a free deep inside an object's code reaches the loop without a path to it.
//!
//! The word holds the budget less one, so that the budget running out makes it negative
//! and the test is the sign the subtraction leaves (one `sub` and one `js`: a test against
//! zero would need a compare of its own). The budget is never negative (a switch point
//! costs at most 1, and the budget is at least 1 between two eval breakers), so the word is
//! at least -1 while the flag is down; the flag takes [`ATTENTION`] off it, far below that.
//!
//! Builds without thread support have no budget (`no-threads`): their switch points read the
//! flag alone (`gc::attention`), and nothing here is used.

use std::cell::Cell;

/// What the attention flag takes off the word: far below any budget, so the sign shows it.
const ATTENTION: i64 = 1 << 62;

/// The largest budget the word holds (a longer switch interval is cut to it: 2^60 switch
/// points never pass in a run).
pub const MAX_BUDGET: u64 = 1 << 60;

/// Any word below this has the flag up.
const FLAGGED_BELOW: i64 = -(ATTENTION / 2);

thread_local! {
    /// The budget less one, less `ATTENTION` while the flag is up. A fresh thread has a
    /// budget of 1, so its first switch point runs the eval breaker, which fills it
    /// (`Vm::start_budget` fills it first on the threads that run Python code).
    static WORD: Cell<i64> = const { Cell::new(0) };
}

/// Takes `cost` off the budget; true when the eval loop must look further: the budget ran
/// out or the attention flag is up.
#[inline(always)]
pub fn spend(cost: u64) -> bool {
    WORD.with(|w| {
        let word = w.get() - cost as i64;
        w.set(word);
        word < 0
    })
}

/// Gives back what [`spend`] took (a switch point that runs the collector's checkpoint
/// first takes its cost after it, as it always did).
#[inline]
pub fn refund(cost: u64) {
    WORD.with(|w| w.set(w.get() + cost as i64));
}

/// The switch points left before the eval breaker.
#[inline]
pub fn left() -> u64 {
    let w = WORD.with(|w| w.get());
    let flag = if w < FLAGGED_BELOW { ATTENTION } else { 0 };
    (w + 1 + flag) as u64
}

/// A new budget of `n` switch points, at most [`MAX_BUDGET`] (the flag stays as it is).
#[inline]
pub fn set_left(n: u64) {
    debug_assert!(n <= MAX_BUDGET);
    let flag = if attention_flagged() { ATTENTION } else { 0 };
    WORD.with(|w| w.set(n as i64 - 1 - flag));
}

/// True while the attention flag is up in the word.
#[inline]
pub fn attention_flagged() -> bool {
    WORD.with(|w| w.get()) < FLAGGED_BELOW
}

/// Raises or lowers the attention flag in the word (`gc::raise_attention`,
/// `gc::clear_attention`, and the GIL's hand-over, which gives the thread that takes it the
/// flag the holder's frees left up).
#[inline]
pub fn flag_attention(up: bool) {
    if up != attention_flagged() {
        WORD.with(|w| w.set(w.get() + if up { -ATTENTION } else { ATTENTION }));
    }
}
