package dev.myelin.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The few C library calls Myelin makes itself: aligned allocation and setting the environment. */
public final class LibC {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle ALIGNED_ALLOC = downcall("aligned_alloc",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = downcall("free", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final MethodHandle SETENV = downcall("setenv",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle GETENV = downcall("getenv",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));

    private LibC() {}

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("C library function not found: " + name));
        return LINKER.downcallHandle(symbol, fd);
    }

    /** Allocates {@code bytes} (rounded up to the alignment) aligned to {@code alignment}; throws on failure. */
    public static MemorySegment alignedAlloc(long alignment, long bytes) {
        long size = (bytes + alignment - 1) / alignment * alignment;
        try {
            MemorySegment p = (MemorySegment) ALIGNED_ALLOC.invokeExact(alignment, Math.max(size, alignment));
            if (p.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("native allocation of " + bytes + " bytes failed");
            }
            return p;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static void free(MemorySegment p) {
        try {
            FREE.invokeExact(p);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Sets a variable in the process environment (the C one, which native libraries read when they
     * load; Java's {@code System.getenv} keeps its own start-up copy). Keeps an existing value unless
     * {@code overwrite}.
     */
    public static void setenv(String name, String value, boolean overwrite) {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            int rc = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), overwrite ? 1 : 0);
            if (rc != 0) {
                throw new IllegalArgumentException("setenv(" + name + ") failed");
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads the C process environment (sees values set by {@link #setenv}). */
    public static String getenv(String name) {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(name));
            return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
