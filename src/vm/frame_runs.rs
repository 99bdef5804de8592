//! Where a thread is in its Python code: the runs of frames its eval loops are in, one per
//! `run_frame` still running ([`Segment`], native code calling back into Python starts a new
//! one), and the walk over them that `sys._getframe`, `traceback.extract_stack` and the race
//! detector's stacks read. Nothing is recorded per Python call: a call run in place is a box
//! on its run's `calls`, already where the walk finds it.

use super::frame::Frame;
use super::Vm;
use crate::bytecode::Code;
use crate::vm::Runtime;

/// The frames one `run_frame` runs: its base frame and the calls it runs in place, and the
/// call site of the frame that called into it.
pub struct Segment<R: Runtime> {
    pub(crate) base: *const Frame<R>,
    #[allow(clippy::vec_box)]
    pub(crate) calls: *const Vec<Box<Frame<R>>>,
    pub(crate) entered_from: (*const Code<R>, usize),
}

impl<R: Runtime> Segment<R> {
    /// How many frames the run holds: its base and the calls it runs in place.
    pub(crate) fn frame_count(&self) -> usize {
        // SAFETY: a segment is pushed by `run_frame` for the frames it runs and popped before
        // they go away; segments are only read by their own thread, from native code a frame
        // of the last run called or between two instructions of its eval loop.
        1 + unsafe { &*self.calls }.len()
    }

    /// The run's `j`th frame (`j < frame_count()`), outermost first.
    pub(crate) fn frame(&self, j: usize) -> &Frame<R> {
        // SAFETY: as in `frame_count`.
        unsafe {
            if j == 0 {
                &*self.base
            } else {
                &(&*self.calls)[j - 1]
            }
        }
    }
}

impl<R: Runtime> Vm<R> {
    /// `run_frame` starts running `base` (and the calls it pushes on `calls`).
    #[allow(clippy::vec_box)]
    #[inline(always)]
    pub(super) fn enter_segment(
        &mut self,
        base: *const Frame<R>,
        calls: *const Vec<Box<Frame<R>>>,
    ) {
        let entered_from = self.call_site;
        self.segments.push(Segment {
            base,
            calls,
            entered_from,
        });
    }

    /// The thread's running frames, innermost first, each with the position it is at (the
    /// instruction after the one running, as `Frame::ip`): the innermost is where the running
    /// native code was called (the call site the loop saved, when it is that frame's), and the
    /// innermost of each run but the last where it called into the next run.
    ///
    /// The references are good while no frame of this thread returns: the caller reads them
    /// at once, from native code the innermost frame called.
    pub fn running_frames(&self) -> Vec<(&Frame<R>, usize)> {
        let mut out = Vec::new();
        let n = self.segments.len();
        for (k, seg) in self.segments.iter().enumerate() {
            let count = seg.frame_count();
            for j in 0..count {
                let frame = seg.frame(j);
                let code: &Code<R> = &frame.code;
                let next_entry = if k + 1 == n {
                    self.call_site
                } else {
                    self.segments[k + 1].entered_from
                };
                let pos = if j + 1 == count && std::ptr::eq(next_entry.0, code) {
                    next_entry.1
                } else {
                    frame.ip
                };
                out.push((frame, pos));
            }
        }
        out.reverse();
        out
    }
}
