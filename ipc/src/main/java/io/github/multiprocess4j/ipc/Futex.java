package io.github.multiprocess4j.ipc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Linux's futex on a word of shared memory: a thread sleeps in the kernel until another process changes the word and
 * wakes it, with no thread in between. The fastest wake-up between processes on one machine, several times faster
 * than a {@link Doorbell}'s socket, which needs a thread scheduled to read it.
 *
 * <h2>When it is used</h2>
 * Java has no futex; the library reaches the {@code syscall} function of the C library through the Foreign Function
 * and Memory API, final in Java 22. The library is compiled for Java 17, so it looks that API up reflectively at run
 * time. A futex is {@linkplain #available() available} when all of these hold:
 * <ul>
 *   <li>Linux on x86-64 or AArch64 (the system call's number differs by architecture);</li>
 *   <li>Java 22 or later;</li>
 *   <li>native access is enabled for the library's {@code ipc} module: {@code
 *       --enable-native-access=io.github.multiprocess4j.ipc} on the module path, {@code
 *       --enable-native-access=ALL-UNNAMED} on the class path (without it, Java 24 and later print a warning on the
 *       first native call and a later release will refuse it, so the library does not make one);</li>
 *   <li>the system property {@code multiprocess4j.futex} is not {@code false}.</li>
 * </ul>
 * Otherwise waiters sleep on the doorbell, as they do on Java 17.
 *
 * <h2>Failure</h2>
 * A wait returns early for any reason the kernel has (woken, the word differs, the time is up, a signal, a bad
 * address) and says nothing of which: a caller looks at its shared memory again after every return, as it would
 * after a spurious wake-up. Neither call can crash the JVM: an address the process does not map makes the kernel
 * return an error. If the lookup fails when this class loads, futexes are simply not available.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
public final class Futex {

    /** {@code FUTEX_WAIT}: shared between processes, so not {@code FUTEX_PRIVATE_FLAG}. */
    private static final long WAIT = 0;
    private static final long WAKE = 1;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** {@code syscall(long number, long... arguments)} as {@code (long, long, long, long, long, long) long}. */
    private static final MethodHandle SYSCALL;
    /** The address of a direct buffer's first byte: {@code (ByteBuffer) long}. */
    private static final MethodHandle ADDRESS;
    private static final long SYS_FUTEX;
    private static final String UNAVAILABLE_BECAUSE;
    /** {@code Thread.isVirtual()}, or {@code null} before Java 21. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    /** Each thread's {@code struct timespec} for a wait's timeout, and its address. */
    private static final ThreadLocal<Timespec> TIMESPEC = ThreadLocal.withInitial(Timespec::new);

    static {
        MethodHandle syscall = null;
        MethodHandle address = null;
        long number = systemCallNumber(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        String why = whyNot(number, Runtime.version().feature(), System.getProperty("multiprocess4j.futex"),
                () -> Module.class.getMethod("isNativeAccessEnabled").invoke(Futex.class.getModule()));
        if (why == null) {
            try {
                address = addressHandle();
                syscall = syscallHandle();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                why = "the foreign function API failed: " + e;
                syscall = null;
            }
        }
        SYSCALL = syscall;
        ADDRESS = address;
        SYS_FUTEX = number;
        UNAVAILABLE_BECAUSE = why;
    }

    private Futex() {
    }

    /** Whether futexes can be used in this JVM: see the class description. */
    public static boolean available() {
        return SYSCALL != null;
    }

    /**
     * Why futexes cannot be used in this JVM, for diagnostics.
     *
     * @return the reason, or {@code null} if they can
     */
    public static String unavailableBecause() {
        return UNAVAILABLE_BECAUSE;
    }

    /**
     * The JVM option that gives a child JVM what this one has: native access for the library, so that its waiters
     * sleep on futexes too. A child started by the library gets it when this JVM has it, never otherwise: enabling
     * native access is the application's choice.
     *
     * @return {@code --enable-native-access=} and the module, or {@code null} if futexes are not available here
     */
    public static String nativeAccessOption() {
        return available() ? "--enable-native-access=" + moduleName() : null;
    }

    /**
     * The address in this process of the byte at {@code offset} of {@code segment}: what {@link #await} and
     * {@link #wake} take. Valid while {@code segment} is reachable.
     *
     * @throws IllegalStateException if futexes are not {@linkplain #available() available}
     * @throws IllegalArgumentException if {@code offset} is not a multiple of 4 inside the segment
     */
    public static long address(MappedSegment segment, int offset) {
        if (!available()) {
            throw new IllegalStateException("futexes are not available: " + UNAVAILABLE_BECAUSE);
        }
        if (offset < 0 || offset > segment.size() - Integer.BYTES || offset % Integer.BYTES != 0) {
            throw new IllegalArgumentException("offset " + offset + " is not an aligned int of " + segment.name());
        }
        try {
            return (long) ADDRESS.invokeExact(segment.buffer()) + offset;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot take the address of " + segment.name(), e);
        }
    }

    /**
     * Sleeps while the int at {@code address} holds {@code expected}, for up to {@code nanos}. Returns at once if it
     * holds another value; may return early for no reason.
     *
     * @param address from {@link #address}
     * @param nanos how long to sleep at most, above 0
     */
    public static void await(long address, int expected, long nanos) {
        Timespec timeout = TIMESPEC.get();
        timeout.set(nanos);
        call(WAIT, address, expected, timeout.address);
    }

    /**
     * Wakes every thread of every process sleeping in {@link #await} on the int at {@code address}.
     *
     * @return how many were woken, or a negative number if the kernel refused
     */
    public static int wake(long address) {
        return (int) call(WAKE, address, Integer.MAX_VALUE, 0);
    }

    private static long call(long operation, long address, int value, long timeout) {
        try {
            return (long) SYSCALL.invokeExact(SYS_FUTEX, address, operation, (long) value, timeout, 0L);
        } catch (Throwable e) {
            throw new IllegalStateException("futex call failed", e);
        }
    }

    /**
     * Whether {@code thread} is a virtual thread, which must not wait in the kernel: that would hold its carrier.
     *
     * @return {@code false} on Java versions without virtual threads
     */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** The number of {@code SYS_futex}, or -1 where the library does not know it. */
    static long systemCallNumber(String os, String arch) {
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return -1;
        }
        switch (arch) {
            case "amd64":
            case "x86_64":
                return 202;
            case "aarch64":
                return 98;
            default:
                return -1;
        }
    }

    /**
     * Why futexes cannot be used, or {@code null} if they can, from what the static initializer finds.
     *
     * @param number {@code SYS_futex}, negative if unknown here
     * @param feature the Java feature release
     * @param property the system property {@code multiprocess4j.futex}, or {@code null}
     * @param nativeAccess {@code Module.isNativeAccessEnabled()} of this class's module, asked last (Java 22+)
     */
    static String whyNot(long number, int feature, String property, Callable<Object> nativeAccess) {
        if (number < 0) {
            return "not Linux on x86-64 or AArch64";
        }
        if (feature < 22) {
            return "Java " + feature + " has no foreign function API (22 and later do)";
        }
        if ("false".equalsIgnoreCase(property)) {
            return "the system property multiprocess4j.futex is false";
        }
        try {
            if (!Boolean.TRUE.equals(nativeAccess.call())) {
                return "native access is not enabled for " + moduleName() + " (--enable-native-access="
                        + moduleName() + ")";
            }
        } catch (Exception e) {
            return "cannot tell whether native access is enabled: " + e;
        }
        return null;
    }

    private static String moduleName() {
        Module module = Futex.class.getModule();
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }

    private static MethodHandle addressHandle() throws ReflectiveOperationException {
        Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle ofBuffer = lookup.findStatic(segmentClass, "ofBuffer", MethodType.methodType(segmentClass,
                Buffer.class));
        MethodHandle address = lookup.findVirtual(segmentClass, "address", MethodType.methodType(long.class));
        return MethodHandles.filterReturnValue(ofBuffer, address)
                .asType(MethodType.methodType(long.class, ByteBuffer.class));
    }

    /** {@code Linker.nativeLinker().downcallHandle(syscall, (long x 6) long, firstVariadicArg(1))}, reflectively. */
    private static MethodHandle syscallHandle() throws ReflectiveOperationException {
        Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
        Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
        Class<?> lookupClass = Class.forName("java.lang.foreign.SymbolLookup");
        Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
        Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
        Object symbols = linkerClass.getMethod("defaultLookup").invoke(linker);
        Optional<?> syscall = (Optional<?>) lookupClass.getMethod("find", String.class).invoke(symbols, "syscall");
        if (syscall.isEmpty()) {
            throw new IllegalStateException("the C library has no syscall function");
        }
        Object javaLong = Class.forName("java.lang.foreign.ValueLayout").getField("JAVA_LONG").get(null);
        Object arguments = Array.newInstance(layoutClass, 6);
        for (int i = 0; i < 6; i++) {
            Array.set(arguments, i, javaLong);
        }
        Object descriptor = descriptorClass.getMethod("of", layoutClass, arguments.getClass())
                .invoke(null, javaLong, arguments);
        Object options = Array.newInstance(optionClass, 1);
        Array.set(options, 0, optionClass.getMethod("firstVariadicArg", int.class).invoke(null, 1));
        MethodHandle handle = (MethodHandle) linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass,
                options.getClass()).invoke(linker, syscall.get(), descriptor, options);
        return handle.asType(MethodType.methodType(long.class, long.class, long.class, long.class, long.class,
                long.class, long.class));
    }

    /** A thread's {@code struct timespec { long tv_sec; long tv_nsec; }} in native memory. */
    private static final class Timespec {
        private final ByteBuffer memory = ByteBuffer.allocateDirect(2 * Long.BYTES).order(ByteOrder.nativeOrder());
        private final long address;

        Timespec() {
            try {
                address = (long) ADDRESS.invokeExact(memory);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot take the address of a direct buffer", e);
            }
        }

        void set(long nanos) {
            memory.putLong(0, nanos / NANOS_PER_SECOND);
            memory.putLong(Long.BYTES, nanos % NANOS_PER_SECOND);
        }
    }
}
