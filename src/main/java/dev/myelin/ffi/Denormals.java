package dev.myelin.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Flush-to-zero for native kernels: sets the SSE control register's FTZ and DAZ bits around a native
 * call and restores the caller's register after it, so Java code keeps IEEE denormals.
 *
 * <p>Why: one convolution backward with denormal inputs ran 30-200x slower, and in a LeNet step
 * about a third of the backward-weights calls met some (tiny gradients times activations), costing
 * ~20 ms each. OpenMP worker threads inherit the register from the thread that starts them, which
 * happens inside the first such call. {@code -Dmyelin.flushDenormals=false} turns this off.
 */
public final class Denormals {
    /** x86-64 glibc fenv_t: 32 bytes, MXCSR at offset 28. */
    private static final long FENV_BYTES = 32;
    private static final long MXCSR_OFFSET = 28;
    private static final int FTZ_DAZ = 0x8040;
    private static final boolean ENABLED = !"false".equals(System.getProperty("myelin.flushDenormals"))
            && "amd64".equals(System.getProperty("os.arch")) && "Linux".equals(System.getProperty("os.name"));
    private static final MethodHandle GET = ENABLED ? downcall("fegetenv") : null;
    private static final MethodHandle SET = ENABLED ? downcall("fesetenv") : null;

    private Denormals() {}

    private static MethodHandle downcall(String name) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("C library function not found: " + name));
        return linker.downcallHandle(symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                Linker.Option.critical(false));
    }

    /**
     * Turns flushing on for this thread; returns the environment to hand to {@link #restore}, or null
     * when flushing is off. {@code arena} holds the saved environment until then.
     */
    public static MemorySegment flush(Arena arena) {
        if (!ENABLED) {
            return null;
        }
        MemorySegment saved = arena.allocate(FENV_BYTES, 16);
        MemorySegment flushed = arena.allocate(FENV_BYTES, 16);
        call(GET, saved);
        flushed.copyFrom(saved);
        flushed.set(ValueLayout.JAVA_INT, MXCSR_OFFSET, saved.get(ValueLayout.JAVA_INT, MXCSR_OFFSET) | FTZ_DAZ);
        call(SET, flushed);
        return saved;
    }

    /** Puts back the environment {@link #flush} saved (nothing when it returned null). */
    public static void restore(MemorySegment saved) {
        if (saved != null) {
            call(SET, saved);
        }
    }

    /** Whether the calling thread currently flushes denormals (for tests). */
    static boolean isFlushing() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment env = arena.allocate(FENV_BYTES, 16);
            call(GET != null ? GET : downcall("fegetenv"), env);
            return (env.get(ValueLayout.JAVA_INT, MXCSR_OFFSET) & FTZ_DAZ) == FTZ_DAZ;
        }
    }

    private static void call(MethodHandle h, MemorySegment env) {
        try {
            int rc = (int) h.invokeExact(env);
            if (rc != 0) {
                throw new IllegalStateException("fesetenv/fegetenv failed: " + rc);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
