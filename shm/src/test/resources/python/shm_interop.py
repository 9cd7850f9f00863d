"""The Python side of PythonInteropTest: attaches to, checks and changes what Java created, and creates what Java
checks. Prints its findings as "key=value" lines (values are reprs, so one line each) on stdout; exits non-zero
with a message on stderr when a check fails.

A segment a Python process creates or attaches to is registered with its resource tracker, which unlinks it when
the process exits. Every segment here is unregistered at once, so that its lifetime stays Java's, except by
"attach plain", which shows what happens otherwise.

    shm_interop.py check-java <shared-memory-name> <shareable-list-name>
    shm_interop.py create
    shm_interop.py read-list <shareable-list-name>
    shm_interop.py attach documented|plain <shared-memory-name> <shareable-list-name>
    shm_interop.py create-cut-string
    shm_interop.py set-lone-surrogate <shareable-list-name>
"""

import sys
from multiprocessing import resource_tracker, shared_memory


def untracked(segment):
    resource_tracker.unregister(segment._name, "shared_memory")
    return segment


def expect(what, actual, wanted):
    if actual != wanted:
        sys.exit(f"{what}: expected {wanted!r}, got {actual!r}")


def check_java(memory_name, list_name):
    memory = untracked(shared_memory.SharedMemory(name=memory_name))
    expect("buf[0]", memory.buf[0], 200)
    expect("buf[1:4]", bytes(memory.buf[1:4]), b"\x01\x02\x03")
    memory.buf[10] = 77
    memory.buf[11:14] = b"abc"
    size = memory.size

    shared = shared_memory.ShareableList(name=list_name)
    untracked(shared.shm)
    before = repr(shared)
    items = list(shared)
    expect("item 0", items[0], "spam")
    expect("item 8", items[8], "naïve ☃")
    shared[0] = "eggs"
    shared[2] = 654321
    shared[4] = False
    shared[5] = 2.75
    shared[6] = None
    shared[7] = b"PyByTeS"
    after = repr(shared)
    formats = shared.format
    del items
    shared.shm.close()
    memory.close()
    return {"size": size, "before": before, "after": after, "format": formats}


def create():
    memory = untracked(shared_memory.SharedMemory(create=True, size=256))
    memory.buf[0] = 123
    memory.buf[1:6] = b"hello"
    shared = shared_memory.ShareableList(
        ["howdy", b"HoWdY", -273.154, 100, None, True, 42, 1e16, "it's", 0.0001])
    untracked(shared.shm)
    result = {"memory": memory.name, "list": shared.shm.name, "repr": repr(shared), "format": shared.format,
              "listSize": shared.shm.size}
    shared.shm.close()
    memory.close()
    return result


def read_list(list_name):
    shared = shared_memory.ShareableList(name=list_name)
    untracked(shared.shm)
    result = {"repr": repr(shared)}
    shared.shm.close()
    return result


def attach_documented(memory_name, list_name):
    """Attaches as the README and the Javadoc of SharedMemory and ShareableList tell Python users to."""
    if sys.version_info >= (3, 13):
        memory = shared_memory.SharedMemory(name=memory_name, track=False)
    else:
        memory = shared_memory.SharedMemory(name=memory_name)
        resource_tracker.unregister(memory._name, "shared_memory")
    shared = shared_memory.ShareableList(name=list_name)
    resource_tracker.unregister(shared.shm._name, "shared_memory")
    return memory, shared


def attach(how, memory_name, list_name):
    if how == "documented":
        memory, shared = attach_documented(memory_name, list_name)
    else:
        memory = shared_memory.SharedMemory(name=memory_name)
        shared = shared_memory.ShareableList(name=list_name)
    result = {"first": memory.buf[0], "repr": repr(shared)}
    shared.shm.close()
    memory.close()
    return result


def create_cut_string():
    """Python sizes a str's slot by its characters: 'a漢字漢字' gets 8 bytes and loses its last 5 mid-character."""
    shared = shared_memory.ShareableList(["a漢字漢字", "ok"])
    untracked(shared.shm)
    try:
        shared[0]
        failure = "none"
    except UnicodeDecodeError as e:
        failure = f"UnicodeDecodeError at {e.start}"
    result = {"list": shared.shm.name, "failure": failure}
    shared.shm.close()
    return result


def set_lone_surrogate(list_name):
    shared = shared_memory.ShareableList(name=list_name)
    untracked(shared.shm)
    try:
        shared[0] = "a\ud800"
        failure = "none"
    except UnicodeEncodeError as e:
        failure = f"UnicodeEncodeError at {e.start}"
    result = {"failure": failure, "repr": repr(shared)}
    shared.shm.close()
    return result


def main():
    command = sys.argv[1]
    if command == "check-java":
        result = check_java(sys.argv[2], sys.argv[3])
    elif command == "create":
        result = create()
    elif command == "read-list":
        result = read_list(sys.argv[2])
    elif command == "attach":
        result = attach(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "create-cut-string":
        result = create_cut_string()
    elif command == "set-lone-surrogate":
        result = set_lone_surrogate(sys.argv[2])
    else:
        sys.exit(f"unknown command {command}")
    for key, value in result.items():
        print(f"{key}={value}")


if __name__ == "__main__":
    main()
