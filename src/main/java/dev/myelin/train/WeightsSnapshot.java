package dev.myelin.train;

import dev.myelin.memory.Scope;
import dev.myelin.nn.Module;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of a model's parameters and buffers in memory of its own (a shared scope), taken again and
 * again without new allocations and restored with {@link Module#loadStateDict}. {@link #close()} frees it.
 */
public final class WeightsSnapshot implements AutoCloseable {
    private final Scope memory = Scope.shared("weights snapshot");
    private final Map<String, Tensor> copies = new LinkedHashMap<>();

    /** Copies the model's current state, reusing the buffers of an earlier capture of the same model. */
    public void capture(Module model) {
        Map<String, Tensor> state = model.stateDict();
        if (!copies.isEmpty() && !copies.keySet().equals(state.keySet())) {
            throw new IllegalArgumentException("WeightsSnapshot: " + model.label() + " has other keys than the captured model");
        }
        for (var e : state.entrySet()) {
            Tensor src = e.getValue().contiguous();
            Tensor dst = copies.get(e.getKey());
            if (dst == null) {
                try (Scope scratch = Scope.open("snapshot")) {
                    dst = memory.adopt(Tensor.empty(src.dtype(), src.shape()));
                }
                copies.put(e.getKey(), dst);
            }
            long bytes = src.numel() * src.dtype().byteSize();
            MemorySegment.copy(src.data(), 0, dst.data(), 0, bytes);
        }
    }

    public boolean isEmpty() {
        return copies.isEmpty();
    }

    /** Writes the captured values back into {@code model}. */
    public void restore(Module model) {
        if (copies.isEmpty()) {
            throw new IllegalStateException("WeightsSnapshot: nothing captured yet");
        }
        model.loadStateDict(copies);
    }

    @Override
    public void close() {
        memory.close();
        copies.clear();
    }
}
