//! `threading`'s Condition, Semaphore, BoundedSemaphore, Event and Barrier.

use crate::objects::{ObjRef, Runtime};
use crate::vm::Vm;

pub fn init<R: Runtime>(_vm: &mut Vm<R>, _m: &ObjRef<R>) {}
