package dev.myelin.memory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Reuses freed native blocks so a steady training loop stops calling the allocator after its
 * first steps. Sizes are rounded up to size classes (powers of two split in four), so a block
 * serves any request within 25% below its size. Free blocks beyond {@code myelin.pool.maxCachedMB}
 * (default 1024) are returned to the C heap.
 */
public final class BlockPool {
    private static final int CLASSES = 4 * 48;
    private static final long MIN_BLOCK = 256;
    private static final long MAX_CACHED = Long.getLong("myelin.pool.maxCachedMB", 1024) << 20;

    private static final ArrayDeque<MemorySegment>[] FREE = newLists();
    private static long cachedBytes;

    private BlockPool() {}

    @SuppressWarnings("unchecked")
    private static ArrayDeque<MemorySegment>[] newLists() {
        ArrayDeque<MemorySegment>[] lists = new ArrayDeque[CLASSES];
        for (int i = 0; i < CLASSES; i++) {
            lists[i] = new ArrayDeque<>();
        }
        return lists;
    }

    /** The size class of a request: index and rounded size. */
    static int sizeClass(long bytes) {
        long b = Math.max(bytes, MIN_BLOCK);
        int pow = 63 - Long.numberOfLeadingZeros(b - 1); // 2^pow < b <= 2^(pow+1)
        long quarter = 1L << (pow - 2);
        int step = (int) ((b - (1L << pow) + quarter - 1) / quarter); // 1..4 quarters above 2^pow
        return pow * 4 + step - 1;
    }

    static long classSize(int cls) {
        int pow = cls / 4;
        int step = cls % 4 + 1;
        return (1L << pow) + step * (1L << (pow - 2));
    }

    /** A block of at least {@code bytes}, from the pool when one is free. */
    static MemorySegment acquire(long bytes) {
        int cls = sizeClass(bytes);
        synchronized (FREE) {
            MemorySegment b = FREE[cls].pollLast();
            if (b != null) {
                cachedBytes -= b.byteSize();
                return b;
            }
        }
        return NativeHeap.allocate(classSize(cls));
    }

    static void release(MemorySegment block) {
        int cls = sizeClass(block.byteSize());
        synchronized (FREE) {
            if (cachedBytes + block.byteSize() <= MAX_CACHED) {
                FREE[cls].addLast(block);
                cachedBytes += block.byteSize();
                return;
            }
        }
        NativeHeap.free(block);
    }

    /** Bytes held in the pool, free for reuse. */
    public static long cachedBytes() {
        synchronized (FREE) {
            return cachedBytes;
        }
    }

    /** Gives every cached block back to the C heap. */
    public static void trim() {
        synchronized (FREE) {
            for (ArrayDeque<MemorySegment> list : FREE) {
                for (MemorySegment b; (b = list.pollLast()) != null; ) {
                    NativeHeap.free(b);
                }
            }
            cachedBytes = 0;
        }
    }
}
