package dev.myelin.memory;

import dev.myelin.ffi.LibC;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/** Every byte of tensor memory Myelin takes from the C heap goes through here, so it can be counted. */
public final class NativeHeap {
    /** Tensor storage alignment: a cache line, and what AVX-512 loads like. */
    public static final long ALIGNMENT = 64;

    private static final AtomicLong LIVE_BYTES = new AtomicLong();
    private static final AtomicLong LIVE_BLOCKS = new AtomicLong();
    private static final AtomicLong TOTAL_ALLOCATIONS = new AtomicLong();

    private NativeHeap() {}

    /** A fresh 64-byte-aligned block of exactly {@code bytes} (global lifetime: the caller frees it). */
    static MemorySegment allocate(long bytes) {
        MemorySegment p = LibC.alignedAlloc(ALIGNMENT, bytes).reinterpret(bytes);
        LIVE_BYTES.addAndGet(bytes);
        LIVE_BLOCKS.incrementAndGet();
        TOTAL_ALLOCATIONS.incrementAndGet();
        return p;
    }

    static void free(MemorySegment block) {
        LIVE_BYTES.addAndGet(-block.byteSize());
        LIVE_BLOCKS.decrementAndGet();
        LibC.free(block);
    }

    /** Bytes currently held from the C heap (in use by tensors or cached in the pool). */
    public static long liveBytes() {
        return LIVE_BYTES.get();
    }

    public static long liveBlocks() {
        return LIVE_BLOCKS.get();
    }

    /** How many times Myelin has called the C allocator since start: flat in a steady loop. */
    public static long totalAllocations() {
        return TOTAL_ALLOCATIONS.get();
    }
}
