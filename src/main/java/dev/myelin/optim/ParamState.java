package dev.myelin.optim;

import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer's state for one parameter: its step count and named buffers (PyTorch's
 * {@code exp_avg}, {@code momentum_buffer}, ...). Buffers are allocated on first use in the
 * optimizer's long-lived scope and then reused: {@link #reset()} only marks them stale, so that
 * restoring an earlier state or a fresh start allocates nothing.
 */
final class ParamState {
    private final int[] shape;
    private final Scope memory;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> live = new HashSet<>();
    /** Updates applied to this parameter so far (PyTorch's {@code state['step']}). */
    long step;

    ParamState(int[] shape, Scope memory) {
        this.shape = shape;
        this.memory = memory;
    }

    /** Whether the buffer holds a value (false before first use and after {@link #reset()}). */
    boolean has(String name) {
        return live.contains(name);
    }

    /** A buffer shaped like the parameter, filled with {@code init} on first use; see {@link #raw}. */
    MemorySegment buffer(String name, float init) {
        return raw(tensor(name, init, shape));
    }

    /** A one-element buffer (NAdam's running product, say), set to {@code init} on first use. */
    MemorySegment scalar(String name, float init) {
        return raw(tensor(name, init, new int[0]));
    }

    /**
     * The elements of a contiguous float tensor as a segment of the global scope, checked alive once
     * here rather than on every access. Why: parameters, gradients and state sit in scopes of
     * different kinds (confined, shared, automatic); a loop that mixes them runs about 8 times
     * slower, because the JIT can no longer specialise the per-access liveness check. Valid for the
     * duration of one update, during which nothing frees the tensors.
     */
    static MemorySegment raw(Tensor t) {
        return MemorySegment.ofAddress(t.data().address()).reinterpret(t.numel() * Float.BYTES);
    }

    /** The live buffers by name. */
    Map<String, Tensor> liveBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach((name, t) -> {
            if (live.contains(name)) {
                out.put(name, t);
            }
        });
        return out;
    }

    /** Forgets the values (the memory stays for reuse). */
    void reset() {
        live.clear();
        step = 0;
    }

    Tensor tensor(String name, float init, int[] bufferShape) {
        Tensor t = buffers.get(name);
        if (t == null) {
            try (Scope scratch = Scope.open("optimizer state")) { // allocate, then hand to the optimizer's scope
                t = memory.adopt(Tensor.full(init, bufferShape));
            }
            buffers.put(name, t);
        } else if (!live.contains(name)) {
            fill(t.data(), init, (int) t.numel());
        }
        live.add(name);
        return t;
    }

    private static void fill(MemorySegment s, float v, int n) {
        for (int i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
        }
    }
}
