#!/usr/bin/env python3
"""The Python side of multiprocess4j's benchmarks: the same workloads with threading, queue,
multiprocessing and multiprocessing.shared_memory (standard library only).

    python3 python_counterpart.py --mode short --json results.json
    python3 python_counterpart.py --mode full --only pool,lock

Each workload reports the median of a few repeats. Every shared-memory segment it creates is unlinked.
Processes are forked (Linux's default before Python 3.14), except where the start method is the point.
"""

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import pickle
import platform
import queue
import random
import statistics
import struct
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import shared_memory

clock = time.perf_counter


# ---- targets run in children (top level, so that spawn can import them) ----------------------------------------

def nothing(*_):
    return None


def identity(x):
    return x


def hammer_lock(lock, times, ready):
    ready.wait()
    for _ in range(times):
        lock.acquire()
        lock.release()


def append_under_lock(name, lock, times, value, ready):
    memory = shared_memory.SharedMemory(name=name)
    try:
        ready.wait()
        for _ in range(times):
            append_pickled(memory.buf, lock, value)
    finally:
        memory.close()


LENGTH = struct.Struct("<H")  # the 2-byte length prefix of the tour's shared-objects section


def append_pickled(buf, lock, value):
    with lock:
        (length,) = LENGTH.unpack_from(buf, 0)
        items = pickle.loads(bytes(buf[2:2 + length])) if length else []
        items.append(value)
        data = pickle.dumps(items)
        buf[2:2 + len(data)] = data
        LENGTH.pack_into(buf, 0, len(data))


def produce(q, count):
    for i in range(count):
        q.put(i)
    q.put(None)


def increment_under_lock(value, times, ready):
    ready.wait()
    for _ in range(times):
        with value.get_lock():
            value.value += 1


def barrier_rounds(barrier, rounds, ready):
    ready.wait()
    for _ in range(rounds):
        barrier.wait()


def wake_again_and_again(control, ready_to_wait, wait):
    """The child of wake_latencies: for each sample, once ready_to_wait(stop) says so, say it waits, wait, say it woke;
    until told to stop."""
    waiting, woke, stop = control
    sample = 0
    while ready_to_wait(stop):
        sample += 1
        waiting.value = sample
        wait()
        if stop.value:
            return
        woke.value = sample


def lowered(event, stop):
    """Waits until the event is lowered for the next sample: False if told to stop first."""
    while event.is_set():
        if stop.value:
            return False
        time.sleep(0)
    return True


def echo(inbox, outbox):
    while True:
        item = inbox.get()
        if item is None:
            return
        outbox.put(item)


# ---- measuring -------------------------------------------------------------------------------------------------

def median_of(repeats, measure):
    return statistics.median(measure() for _ in range(repeats))


class Results:
    def __init__(self):
        self.rows = {}

    def add(self, key, value, unit, what):
        self.rows[key] = {"value": value, "unit": unit, "what": what}
        print(f"{key:<28} {value:>14.3f} {unit:<10} {what}", flush=True)


def bench_launch(results, scale):
    for method in ("spawn", "forkserver", "fork"):
        context = mp.get_context(method)

        def batch(n):
            start = clock()
            processes = [context.Process(target=nothing) for _ in range(n)]
            for p in processes:
                p.start()
            for p in processes:
                p.join()
            return (clock() - start) * 1e3

        batch(1)
        repeats = max(3, int(5 * scale))
        results.add(f"launch.{method}.1", median_of(repeats, lambda: batch(1)), "ms",
                    f"start and join 1 no-op process ({method})")
        results.add(f"launch.{method}.5", median_of(repeats, lambda: batch(5)), "ms",
                    f"start 5 no-op processes at once and join them ({method})")


def bench_pool(results, scale):
    with ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as pool:
        list(pool.map(identity, range(200)))
        trips = max(300, int(3000 * scale))

        def round_trip():
            start = clock()
            for _ in range(trips):
                pool.submit(nothing).result()
            return (clock() - start) / trips * 1e6

        results.add("pool.round_trip", median_of(3, round_trip), "us", "one tiny task, submit and wait")

        burst = max(1000, int(10_000 * scale))

        def burst_rate():
            start = clock()
            futures = [pool.submit(identity, i) for i in range(burst)]
            for f in futures:
                f.result()
            return burst / (clock() - start)

        results.add("pool.burst", median_of(3, burst_rate), "tasks/s", f"{burst} tiny tasks submitted at once")

        def map_rate(chunk):
            start = clock()
            list(pool.map(identity, range(burst), chunksize=chunk))
            return burst / (clock() - start)

        results.add("pool.map1", median_of(3, lambda: map_rate(1)), "items/s", "map, one item per task")
        results.add("pool.map1000", median_of(3, lambda: map_rate(1000)), "items/s", "map, 1,000 items per task")


STREAMED_ITEMS = 10_000  # as PoolStreamingBenchmark, in either mode


def bench_pool_streaming(results, scale):
    """multiprocessing.Pool(2), whose imap, imap_unordered and map's default chunk size the Java pool mirrors."""
    items = STREAMED_ITEMS
    repeats = 3 if scale < 1 else 5
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(identity, range(200))

        def rate(consume):
            start = clock()
            consume()
            return items / (clock() - start)

        def ordered(chunk):
            return lambda: rate(lambda: sum(pool.imap(identity, range(items), chunksize=chunk)))

        def unordered(chunk):
            return lambda: rate(lambda: sum(pool.imap_unordered(identity, range(items), chunksize=chunk)))

        for chunk in (1, 100):
            results.add(f"pool.imap{chunk}", median_of(repeats, ordered(chunk)), "items/s",
                        f"Pool.imap, {items} items, chunksize={chunk}")
            results.add(f"pool.imap_unordered{chunk}", median_of(repeats, unordered(chunk)), "items/s",
                        f"Pool.imap_unordered, {items} items, chunksize={chunk}")
        results.add("pool.map_auto", median_of(repeats, lambda: rate(lambda: pool.map(identity, range(items)))),
                    "items/s", f"Pool.map, {items} items, its default chunksize")


def bench_acquire_release(results, key, make, what, scale):
    """Acquire+release of what make(context) returns: alone, then 2 processes at once (their total)."""
    context = mp.get_context("fork")
    lock = make(context)
    times = max(200_000, int(2_000_000 * scale))

    def alone():
        start = clock()
        for _ in range(times):
            lock.acquire()
            lock.release()
        return times / (clock() - start)

    results.add(f"{key}.uncontended", median_of(3, alone), "ops/s", f"{what} acquire+release, one process")
    results.add(f"{key}.two_processes",
                median_of(3, lambda: times / run_together(context, hammer_lock, (lock, times // 2), 2)), "ops/s",
                f"{what} acquire+release, 2 processes at once, total")


def bench_lock(results, scale):
    bench_acquire_release(results, "lock", lambda context: context.Lock(), "mp.Lock", scale)


def bench_append(results, scale):
    context = mp.get_context("fork")
    times = 600  # as SharedObjectBenchmark: a list growing from 0 to 600 items
    for processes in (1,):
        def run():
            memory = shared_memory.SharedMemory(create=True, size=4 << 20)
            try:
                lock = context.Lock()
                per_process = times // processes
                elapsed = run_together(context, append_under_lock, (memory.name, lock, per_process, 7), processes)
                (length,) = LENGTH.unpack_from(memory.buf, 0)
                assert len(pickle.loads(bytes(memory.buf[2:2 + length]))) == per_process * processes
                return per_process * processes / elapsed
            finally:
                memory.close()
                memory.unlink()

        results.add(f"append.{processes}", median_of(3, run), "ops/s",
                    f"append to a pickled list in shared memory under a lock, {processes} process(es)")


def bench_copy(results, scale):
    size = 64 << 20
    data = os.urandom(size)
    memory = shared_memory.SharedMemory(create=True, size=size)
    try:
        memory.buf[:] = data

        def copy():
            start = clock()
            memory.buf[:] = data
            return size / (clock() - start) / 1e9

        results.add("shm.copy64m", median_of(max(3, int(10 * scale)), copy), "GB/s",
                    "copy 64 MiB into shared memory")
    finally:
        memory.close()
        memory.unlink()


def drain_rate(q, producer, count):
    """Items per second from starting the producer (a thread or a process) until its None is taken."""
    start = clock()
    producer.start()
    while q.get() is not None:
        pass
    producer.join()
    return count / (clock() - start)


def bench_queue(results, scale):
    items = max(100_000, int(1_000_000 * scale))

    def queue_rate():
        q = queue.Queue()  # the class with task_done, join and shutdown, as WorkQueue
        return drain_rate(q, threading.Thread(target=produce, args=(q, items)), items)

    results.add("queue.queue", median_of(3, queue_rate), "items/s",
                "queue.Queue, 1 producer thread -> 1 consumer thread")

    def simple_queue_rate():
        q = queue.SimpleQueue()
        return drain_rate(q, threading.Thread(target=produce, args=(q, items)), items)

    results.add("queue.simple", median_of(3, simple_queue_rate), "items/s",
                "queue.SimpleQueue, 1 producer thread -> 1 consumer thread")

    context = mp.get_context("fork")
    messages = max(20_000, int(200_000 * scale))

    def mp_queue_rate():
        q = context.Queue()
        return drain_rate(q, context.Process(target=produce, args=(q, messages)), messages)

    results.add("mpq.throughput", median_of(3, mp_queue_rate), "msgs/s",
                "multiprocessing.Queue, 1 producer process -> 1 consumer")

    inbox, outbox = context.Queue(), context.Queue()
    partner = context.Process(target=echo, args=(inbox, outbox))
    partner.start()
    try:
        trips = max(2000, int(20_000 * scale))
        latencies = []
        for i in range(trips):
            start = clock()
            inbox.put(i)
            outbox.get()
            latencies.append((clock() - start) * 1e6)
        latencies.sort()
        results.add("mpq.round_trip_p50", latencies[len(latencies) // 2], "us", "multiprocessing.Queue ping-pong, p50")
        results.add("mpq.round_trip_p99", latencies[int(len(latencies) * 0.99)], "us",
                    "multiprocessing.Queue ping-pong, p99")
    finally:
        inbox.put(None)
        partner.join()


def bench_shareable_list(results, scale):
    items = shared_memory.ShareableList(["spam", 3.14159, 123456, 0])
    try:
        rounds = max(100_000, int(1_000_000 * scale))

        def reads():
            start = clock()
            for _ in range(rounds):
                items[3]
            return rounds / (clock() - start)

        def writes():
            start = clock()
            for i in range(rounds):
                items[3] = i
            return rounds / (clock() - start)

        results.add("shareable.get", median_of(3, reads), "ops/s", "ShareableList: read one int item")
        results.add("shareable.set", median_of(3, writes), "ops/s", "ShareableList: write one int item")
    finally:
        items.shm.close()
        items.shm.unlink()


def bench_semaphore(results, scale):
    bench_acquire_release(results, "semaphore", lambda context: context.Semaphore(1), "mp.Semaphore(1)", scale)


def run_together(context, target, args, processes):
    """Seconds from the start signal until `processes` processes running target(*args, ready) are all done."""
    ready = context.Event()
    workers = [context.Process(target=target, args=(*args, ready)) for _ in range(processes)]
    for w in workers:
        w.start()
    time.sleep(0.2)
    start = clock()
    ready.set()
    for w in workers:
        w.join()
    return clock() - start


def bench_value(results, scale):
    context = mp.get_context("fork")
    value = context.Value("q", 0)
    times = max(100_000, int(1_000_000 * scale))

    def alone():
        start = clock()
        for _ in range(times):
            with value.get_lock():
                value.value += 1
        return times / (clock() - start)

    results.add("value.locked_increment", median_of(3, alone), "ops/s",
                "mp.Value('q'): value += 1 under get_lock(), one process")
    value.value = 0
    rate = median_of(3, lambda: times / run_together(context, increment_under_lock, (value, times // 2), 2))
    assert value.value == 3 * (times // 2) * 2, value.value
    results.add("value.two_processes", rate, "ops/s",
                "mp.Value('q'): value += 1 under get_lock(), 2 processes at once, total")


def bench_barrier(results, scale):
    context = mp.get_context("fork")
    rounds = max(1_000, int(5_000 * scale))

    def run():
        barrier = context.Barrier(4)  # the parent is the fourth party
        ready = context.Event()
        workers = [context.Process(target=barrier_rounds, args=(barrier, rounds, ready)) for _ in range(3)]
        for w in workers:
            w.start()
        time.sleep(0.2)
        start = clock()
        ready.set()
        for _ in range(rounds):
            barrier.wait()
        elapsed = clock() - start
        for w in workers:
            w.join()
        return rounds / elapsed

    results.add("barrier.four_processes", median_of(3, run), "rounds/s", "mp.Barrier(4), 4 processes, rounds")


def wake_latencies(control, samples, pause, rearm, change, release_gil=False):
    """As CrossProcessWake: from change() to the waiting child having written that it woke, the parent spinning
    (releasing the GIL between looks if release_gil, for a change that a thread of this process completes)."""
    waiting, woke, _ = control
    latencies = []
    for sample in range(woke.value + 1, woke.value + 1 + samples + samples // 10):
        rearm()
        while waiting.value < sample:
            pass
        if pause:
            time.sleep(pause + random.random() * 0.001)
        start = clock()
        change()
        while woke.value < sample:
            if release_gil:
                time.sleep(0)
        latencies.append((clock() - start) * 1e6)
    return sorted(latencies[samples // 10:])  # the first tenth warms up


@contextlib.contextmanager
def waiting_child(ready_to_wait, wait, change):
    """A child running wake_again_and_again for wake_latencies; stopped, and woken by change(), at the end."""
    context = mp.get_context("fork")
    control = (context.Value("q", 0, lock=False), context.Value("q", 0, lock=False), context.Value("i", 0, lock=False))
    child = context.Process(target=wake_again_and_again, args=(control, ready_to_wait, wait))
    child.start()
    try:
        yield control
    finally:
        control[2].value = 1
        change()
        child.join()


def bench_event(results, scale):
    """As EventWakeBenchmark: from set() to a waiting child having written that it woke, the parent spinning."""
    event = mp.get_context("fork").Event()
    samples = max(300, int(3000 * scale))
    with waiting_child(lambda stop: lowered(event, stop), event.wait, event.set) as control:
        for waiter, pause in (("", 0.002), ("_arriving", 0)):  # parked: 2 to 3 ms, as EventWakeBenchmark
            latencies = wake_latencies(control, samples, pause, event.clear, event.set)
            what = "a waiter parked 2-3 ms" if pause else "a waiter that has just begun to wait"
            results.add(f"event.wake{waiter}_p50", latencies[len(latencies) // 2], "us",
                        f"mp.Event set() -> {what} in another process awake, p50")
            if pause:
                results.add("event.wake_p99", latencies[int(len(latencies) * 0.99)], "us",
                            f"mp.Event set() -> {what} in another process awake, p99")


def bench_queue_wake(results, scale):
    """As QueueWakeBenchmark: from put() to a child parked 2-3 ms in get() having written that it got the item."""
    q = mp.get_context("fork").Queue()
    samples = max(300, int(3000 * scale))
    with waiting_child(lambda stop: True, q.get, lambda: q.put(1)) as control:
        # put() hands the item to the queue's feeder thread, which needs the GIL to send it
        latencies = wake_latencies(control, samples, 0.002, lambda: None, lambda: q.put(1), release_gil=True)
        what = "multiprocessing.Queue put() -> a getter parked 2-3 ms in another process has it"
        results.add("mpq.wake_p50", latencies[len(latencies) // 2], "us", what + ", p50")
        results.add("mpq.wake_p99", latencies[int(len(latencies) * 0.99)], "us", what + ", p99")


SECTIONS = {
    "launch": bench_launch,
    "pool": bench_pool,
    "pool_streaming": bench_pool_streaming,
    "lock": bench_lock,
    "append": bench_append,
    "copy": bench_copy,
    "shareable": bench_shareable_list,
    "queue": bench_queue,
    "event": bench_event,
    "queue_wake": bench_queue_wake,
    "semaphore": bench_semaphore,
    "value": bench_value,
    "barrier": bench_barrier,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("short", "full"), default="short")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    scale = 0.3 if args.mode == "short" else 1.0
    results = Results()
    started = clock()
    for name in args.only.split(","):
        SECTIONS[name.strip()](results, scale)
    report = {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "mode": args.mode,
        "seconds": round(clock() - started, 1),
        "results": results.rows,
    }
    if args.json:
        with open(args.json, "w") as out:
            json.dump(report, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
