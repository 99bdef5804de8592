//! `type.__subclasses__()`: the classes that name a class among their direct bases, oldest
//! first. Classes are tracked by the cycle collector, so they are found in its registry
//! (oldest generation first) rather than kept in a list of weak references per class.

use crate::objects::exception::{PyErr, PyResult};
use crate::objects::gc;
use crate::objects::{Args, ObjKind, ObjRef, Value};
use crate::vm::{Runtime, Vm};

pub fn type_subclasses<R: Runtime>(vm: &mut Vm<R>, args: Args<R>) -> PyResult<Value<R>, R> {
    args.check_count("__subclasses__", 1, 1)?;
    let Some(me) = args.pos[0]
        .as_obj()
        .filter(|o| matches!(o.kind(), ObjKind::Class(_)))
        .cloned()
    else {
        return Err(PyErr::type_error(format!(
            "descriptor '__subclasses__' for 'type' objects doesn't apply to a '{}' object",
            vm.type_name(&args.pos[0])
        )));
    };
    // Under `--no-gil` the registry is read with the other threads stopped.
    let found = vm
        .with_world_stopped(|| {
            let addrs: Vec<usize> = {
                let reg = gc::registry::<R>();
                (0..gc::GENERATIONS)
                    .rev()
                    .flat_map(|g| reg.all(Some(g)))
                    .collect()
            };
            let mut found: Vec<ObjRef<R>> = Vec::new();
            for addr in addrs {
                // SAFETY: the addresses are live tracked objects: nothing ran since the
                // listing (no other thread runs), and a count of 0 is refused.
                let Some(o) = (unsafe { ObjRef::try_from_addr_incref(addr) }) else {
                    continue;
                };
                if let ObjKind::Class(c) = o.kind() {
                    if c.bases.iter().any(|b| b.ptr_eq(&me)) && !found.iter().any(|f| f.ptr_eq(&o))
                    {
                        found.push(o);
                    }
                }
            }
            found
        })
        .unwrap_or_default();
    Ok(vm.new_list(found.into_iter().map(Value::Obj).collect()))
}
