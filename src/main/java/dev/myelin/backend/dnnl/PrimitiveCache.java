package dev.myelin.backend.dnnl;

import dev.myelin.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Created primitives by {@link PrimitiveKey}, least recently used first out. Creating a primitive
 * descriptor costs microseconds to milliseconds (oneDNN picks and JIT-compiles a kernel), running
 * one on small tensors costs less, so a training loop must create each primitive once. An evicted
 * primitive still executing on another thread is destroyed when that execution ends.
 * Capacity: {@code -Dmyelin.dnnl.cacheCapacity} (default 1024).
 */
final class PrimitiveCache {
    private static final int CAPACITY = Integer.getInteger("myelin.dnnl.cacheCapacity", 1024);
    private static final Map<Primitive, Integer> IN_USE = new IdentityHashMap<>();
    private static final Map<Primitive, Boolean> EVICTED = new IdentityHashMap<>();
    private static final LinkedHashMap<PrimitiveKey, Primitive> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PrimitiveKey, Primitive> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            retire(eldest.getValue());
            return true;
        }
    };

    private PrimitiveCache() {}

    /** The cached primitive for {@code key}, created on first use; not executed. */
    static Primitive get(PrimitiveKey key, Supplier<Primitive> create) {
        synchronized (CACHE) {
            Primitive p = CACHE.get(key);
            if (p != null) {
                return p;
            }
        }
        Primitive made = create.get(); // outside the lock: creation can take milliseconds
        synchronized (CACHE) {
            Primitive raced = CACHE.putIfAbsent(key, made);
            if (raced != null) {
                made.destroy();
                return raced;
            }
            return made;
        }
    }

    /** Gets or creates the primitive for {@code key} and runs it on {@code tensors}. */
    static void run(PrimitiveKey key, Supplier<Primitive> create, Tensor... tensors) {
        Primitive p;
        while (true) {
            p = get(key, create);
            synchronized (CACHE) {
                if (CACHE.get(key) == p) { // not evicted since get: pin it
                    IN_USE.merge(p, 1, Integer::sum);
                    break;
                }
            }
        }
        try {
            p.execute(tensors);
        } finally {
            synchronized (CACHE) {
                if (IN_USE.merge(p, -1, Integer::sum) == 0) {
                    IN_USE.remove(p);
                    if (EVICTED.remove(p) != null) {
                        p.destroy();
                    }
                }
            }
        }
    }

    private static void retire(Primitive p) {
        if (IN_USE.containsKey(p)) {
            EVICTED.put(p, Boolean.TRUE);
        } else {
            p.destroy();
        }
    }

    static int size() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }
}
