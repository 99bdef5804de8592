//! What crosses between processes as pickle carries it (instances, bound methods,
//! exceptions), the shared state (Value, Array, locks, Condition, Event, Barrier), pipes and
//! the other queues, the pools' result-handler threads and `ThreadPool`.

use super::{both_runtimes, minipy, program};

#[test]
fn instances_bound_methods_and_exceptions_cross_as_pickle_carries_them() {
    both_runtimes(
        "pickled",
        r#"
import multiprocessing
import threading
class MyWorker:
    def __init__(self, n):
        self.n = n
    def work(self):
        return self.n * 2
class Failed(Exception):
    pass
def consume(inbox, outbox):
    w = inbox.get()
    outbox.put((type(w).__name__, w.n, w.work, Failed("from the child")))
if __name__ == "__main__":
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    inbox.put(MyWorker(10))
    p = multiprocessing.Process(target=consume, args=(inbox, outbox))
    p.start()
    name, n, method, err = outbox.get()
    p.join()
    print(name, n, method(), type(err).__name__, err)
    for bad in [threading.Lock(), (x for x in [])]:
        try:
            inbox.put(bad)
        except TypeError as e:
            print(e)
"#,
        "MyWorker 10 20 Failed from the child\n\
         cannot pickle '_thread.lock' object\n\
         cannot pickle 'generator' object\n",
    );
}

#[test]
fn value_increments_under_its_lock_are_exact_across_three_processes() {
    both_runtimes(
        "shared_value",
        r#"
import multiprocessing
def add(counter, totals, lock, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1
    with lock:
        totals[0] += n
if __name__ == "__main__":
    counter = multiprocessing.Value('i', 0)
    totals = multiprocessing.Array('q', [0, 7], lock=False)
    lock = multiprocessing.Lock()
    procs = [multiprocessing.Process(target=add, args=(counter, totals, lock, 10000))
             for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print(counter.value, totals[:], counter)
    print(multiprocessing.Value('d', 1.5, lock=False), lock.acquire(), lock.acquire(False))
    try:
        multiprocessing.Value('x', 0)
    except TypeError as e:
        print("TypeError", e)
"#,
        "30000 [30000, 7] <Synchronized wrapper for c_int(30000)>\n\
         c_double(1.5) True False\n\
         TypeError this type has no size\n",
    );
}

#[test]
fn pipes_conditions_events_barriers_and_the_other_queues_work_across_processes() {
    both_runtimes(
        "sync_objects",
        r#"
import multiprocessing as mp

def talker(conn):
    conn.send(("hello", [1, 2]))
    print("child got", conn.recv())
    conn.close()

def waiter(cond, ev, flag):
    with cond:
        flag.value = 1
        cond.notify_all()
    ev.wait()
    print("child saw event")

def worker(jq):
    while True:
        item = jq.get()
        if item is None:
            jq.task_done()
            break
        jq.task_done()

def at_barrier(b, out):
    out.put(b.wait() >= 0)

if __name__ == "__main__":
    a, b = mp.Pipe()
    p = mp.Process(target=talker, args=(b,))
    p.start()
    b.close()
    print("parent got", a.recv())
    a.send("reply")
    p.join()
    try:
        a.recv()
    except EOFError as e:
        print("EOFError", repr(e))
    try:
        a.send(1)
    except BrokenPipeError as e:
        print("BrokenPipeError", e)
    r, w = mp.Pipe(False)
    try:
        r.send(1)
    except OSError as e:
        print("OSError", e)
    w.close()
    try:
        w.send(1)
    except OSError as e:
        print("OSError", e)
    cond = mp.Condition()
    ev = mp.Event()
    flag = mp.Value('i', 0)
    p = mp.Process(target=waiter, args=(cond, ev, flag))
    p.start()
    with cond:
        cond.wait_for(lambda: flag.value == 1, timeout=10)
    print("flag", flag.value)
    ev.set()
    p.join()
    jq = mp.JoinableQueue()
    p = mp.Process(target=worker, args=(jq,))
    p.start()
    for i in range(5):
        jq.put(i)
    jq.put(None)
    jq.join()
    print("joined")
    p.join()
    try:
        jq.task_done()
    except ValueError as e:
        print("ValueError", e)
    sq = mp.SimpleQueue()
    sq.put(3)
    print(sq.get(), sq.empty())
    bar = mp.Barrier(3)
    out = mp.Queue()
    ps = [mp.Process(target=at_barrier, args=(bar, out)) for _ in range(2)]
    for p in ps: p.start()
    bar.wait()
    for p in ps: p.join()
    print(out.get(), out.get())
    ctx = mp.get_context('spawn')
    print(ctx.get_start_method(), type(ctx).__name__)
    with ctx.Pool(1) as pool:
        print(pool.map(abs, [-1, -2]))
    try:
        mp.get_context('x')
    except ValueError as e:
        print("ValueError", e)
    s = mp.BoundedSemaphore(1)
    s.acquire(); s.release()
    try:
        s.release()
    except ValueError as e:
        print("ValueError", e)
"#,
        "parent got ('hello', [1, 2])\n\
         child got reply\n\
         EOFError EOFError()\n\
         BrokenPipeError [Errno 32] Broken pipe\n\
         OSError connection is read-only\n\
         OSError handle is closed\n\
         flag 1\n\
         child saw event\n\
         joined\n\
         ValueError task_done() called too many times\n\
         3 True\n\
         True True\n\
         spawn SpawnContext\n\
         [1, 2]\n\
         ValueError cannot find context for 'x'\n\
         ValueError semaphore or lock released too many times\n\
         ",
    );
}

#[test]
fn pool_callbacks_run_on_the_result_handler_thread_as_tasks_finish() {
    both_runtimes(
        "callbacks",
        r#"
import multiprocessing, threading, time
def slow_square(x):
    # Long enough that the failing task (started at the same time) ends first, even on a
    # loaded machine.
    time.sleep(0.4 * x)
    return x * x
def fail(x):
    raise ValueError(f"bad {x}")
def on_result(v):
    print("callback", v, threading.current_thread() is threading.main_thread())
def on_error(e):
    print("error_callback", repr(e), threading.current_thread() is threading.main_thread())
if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        r = pool.apply_async(slow_square, (2,), callback=on_result)
        e = pool.apply_async(fail, (3,), error_callback=on_error)
        time.sleep(2)
        print("main slept")
        print(r.get())
        m = pool.map_async(slow_square, [1, 2], callback=on_result)
        m.wait()
        time.sleep(0.2)
"#,
        "error_callback ValueError('bad 3') False\n\
         callback 4 False\n\
         main slept\n\
         4\n\
         callback [1, 4] False\n\
         ",
    );
}

#[test]
fn thread_pool_has_the_pool_interface_with_callbacks_on_its_handler_thread() {
    both_runtimes(
        "thread_pool",
        r#"
import threading
from multiprocessing.pool import ThreadPool, Pool
import multiprocessing.pool

def square(x):
    return x * x

def boom(x):
    raise KeyError(x)

def show(v):
    print("callback", v, threading.current_thread() is threading.main_thread())

def show_err(e):
    print("error_callback", repr(e))

if __name__ == "__main__":
    with ThreadPool(3) as tp:
        print(tp.map(square, range(6)))
        print(tp.starmap(pow, [(2, 3), (3, 2)]))
        print(tp.apply(square, (9,)))
        r = tp.apply_async(square, (4,), callback=show)
        print(r.get())
        r = tp.apply_async(boom, ("k",), error_callback=show_err)
        try:
            r.get()
        except KeyError as e:
            print("KeyError", e, r.successful())
        print(list(tp.imap(square, [1, 2, 3])), sorted(tp.imap_unordered(square, [3, 1])))
        m = tp.map_async(square, [1, 2], callback=show)
        m.wait()
        print(m.ready(), m.get())
    p = ThreadPool(2)
    print(p)
    p.close()
    try:
        p.apply_async(square, (1,))
    except ValueError as e:
        print("ValueError", e)
    p.join()
    print(multiprocessing.pool.ThreadPool.__name__)
"#,
        "[0, 1, 4, 9, 16, 25]\n\
         [8, 9]\n\
         81\n\
         callback 16 False\n\
         16\n\
         error_callback KeyError('k')\n\
         KeyError 'k' False\n\
         [1, 4, 9] [1, 9]\n\
         callback [1, 4] False\n\
         True [1, 4]\n\
         <multiprocessing.pool.ThreadPool state=RUN pool_size=2>\n\
         ValueError Pool not running\n\
         ThreadPool\n\
         ",
    );
}

#[test]
fn a_manager_serves_dicts_lists_and_namespaces_to_other_processes() {
    both_runtimes(
        "manager",
        r#"
import multiprocessing

def worker(d, l, ns, lock, q, i):
    with lock:
        d[i] = i * i
        l.append(i)
        ns.total = ns.total + i
    q.put(i)

if __name__ == "__main__":
    with multiprocessing.Manager() as m:
        d, l, ns = m.dict(), m.list([0]), m.Namespace(total=0)
        lock, q = m.Lock(), m.Queue()
        ps = [multiprocessing.Process(target=worker, args=(d, l, ns, lock, q, i))
              for i in range(1, 4)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(sorted(d.items()), sorted(l), ns.total, sorted(q.get() for _ in range(3)))
        print(len(d), 2 in d, d.get(9, "none"), l[0], len(l))
        d.update(a=1)
        print(d['a'], str(ns))
        try:
            d['missing']
        except KeyError as e:
            print("KeyError", e)
        l2 = m.list()
        l2 += [1, 2]
        print(l2[:], list(l2))
        print(type(d).__name__, type(l).__name__, type(ns).__name__)
"#,
        "[(1, 1), (2, 4), (3, 9)] [0, 1, 2, 3] 6 [1, 2, 3]\n\
         3 True none 0 4\n\
         1 Namespace(total=6)\n\
         KeyError 'missing'\n\
         [1, 2] [1, 2]\n\
         DictProxy ListProxy NamespaceProxy\n\
         ",
    );
}

#[test]
fn a_process_that_dies_holding_a_shared_lock_is_reported_not_waited_for_forever() {
    let path = program(
        "dead_holder",
        r#"
import multiprocessing, os

def grab_and_die(lock):
    lock.acquire()
    os._exit(0)

def wait_for_it(lock):
    lock.acquire()
    print("never")

if __name__ == "__main__":
    lock = multiprocessing.Lock()
    p = multiprocessing.Process(target=grab_and_die, args=(lock,))
    p.start()
    p.join()
    q = multiprocessing.Process(target=wait_for_it, args=(lock,))
    q.start()
    q.join()
    print("sibling exit code", q.exitcode)
"#,
    );
    let run = minipy(&[], &path, &[]);
    assert_eq!(
        run.stdout, "sibling exit code 3\n",
        "stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "Deadlock: the process holding a multiprocessing lock ended without releasing it"
        ),
        "stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.code, Some(0));
}

#[test]
fn children_get_the_parents_thread_options_and_write_their_own_trace() {
    let path = program(
        "options",
        r#"
import multiprocessing
def f():
    print("child ran")
if __name__ == "__main__":
    p = multiprocessing.Process(target=f)
    p.start()
    p.join()
"#,
    );
    let trace = path.with_file_name("trace.json");
    let trace_arg = format!("--trace={}", trace.display());
    let flags = [
        "--gil-stats",
        "--switch=time:5",
        "--switch-points=backedge",
        trace_arg.as_str(),
    ];
    let run = minipy(&flags, &path, &[]);
    assert_eq!(run.stdout, "child ran\n", "stderr:\n{}", run.stderr);
    let header = "GIL statistics (time:5, switch points: backedge";
    assert_eq!(
        run.stderr.matches(header).count(),
        2,
        "stderr:\n{}",
        run.stderr
    );
    assert!(trace.is_file(), "the parent's trace");
    assert!(
        path.with_file_name("trace-child1.json").is_file(),
        "the child's trace"
    );
}

#[test]
fn set_start_method_twice_needs_force_as_in_cpython() {
    both_runtimes(
        "start_method",
        r#"
import multiprocessing as mp
if __name__ == "__main__":
    mp.set_start_method("spawn")
    try:
        mp.set_start_method("spawn")
    except RuntimeError as e:
        print("RuntimeError", e)
    mp.set_start_method("spawn", force=True)
    print(mp.get_start_method(), mp.get_context().get_start_method())
"#,
        "RuntimeError context has already been set\n\
         spawn spawn\n",
    );
}
