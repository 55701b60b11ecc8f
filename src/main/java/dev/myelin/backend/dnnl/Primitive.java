package dev.myelin.backend.dnnl;

import dev.myelin.ffi.Denormals;
import dev.myelin.ffi.ThreadSettings;
import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.ffi.onednn.dnnl_exec_arg_t;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * A created oneDNN primitive and its primitive descriptor, with the memory descriptor and byte
 * size oneDNN expects for each argument, so every execution can check its tensors first.
 */
final class Primitive {
    private final String name;
    private final MemorySegment pd;
    private final MemorySegment primitive;
    private final int[] args;
    private final MemorySegment[] descs;
    private final long[] bytes;

    /** Executions so far (not synchronised: exact on one thread); tests use it to prove bad input stops first. */
    static long executions;

    private Primitive(String name, MemorySegment pd, MemorySegment primitive, int[] args, MemorySegment[] descs, long[] bytes) {
        this.name = name;
        this.pd = pd;
        this.primitive = primitive;
        this.args = args;
        this.descs = descs;
        this.bytes = bytes;
    }

    /**
     * Creates the primitive for a primitive descriptor, with each argument's memory descriptor looked
     * up by its DNNL_ARG_* value (dnnl_query_exec_arg_md), which also reaches the indexed ones: mean,
     * variance, workspace.
     */
    static Primitive create(String name, MemorySegment pd, int... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Dnnl.C_POINTER);
            OneDnn.check(Dnnl.dnnl_primitive_create(out, pd), "dnnl_primitive_create(" + name + ")");
            MemorySegment[] descs = new MemorySegment[args.length];
            long[] bytes = new long[args.length];
            for (int i = 0; i < args.length; i++) {
                descs[i] = Dnnl.dnnl_primitive_desc_query_md(pd, Dnnl.dnnl_query_exec_arg_md(), args[i]);
                if (descs[i].equals(MemorySegment.NULL)) {
                    throw new DnnlException(name + ": primitive has no memory descriptor for argument " + args[i]);
                }
                bytes[i] = Dnnl.dnnl_memory_desc_get_size(descs[i]);
            }
            return new Primitive(name, pd, out.get(Dnnl.C_POINTER, 0), args, descs, bytes);
        }
    }

    /** Bytes oneDNN needs for the argument at {@code index} (sizes a workspace the caller allocates). */
    long bytes(int index) {
        return bytes[index];
    }

    MemorySegment pd() {
        return pd;
    }

    /** Runs the primitive on tensors given in the order of the {@code args} it was created with, and waits. */
    void execute(Tensor... tensors) {
        if (tensors.length != args.length) {
            throw new IllegalArgumentException(name + ": expected " + args.length + " arguments, got " + tensors.length);
        }
        ThreadSettings.syncOpenMp();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = dnnl_exec_arg_t.allocateArray(args.length, arena);
            MemorySegment out = arena.allocate(Dnnl.C_POINTER);
            MemorySegment[] memories = new MemorySegment[args.length];
            try {
                for (int i = 0; i < args.length; i++) {
                    MemorySegment data = tensors[i].data();
                    long need = needed(tensors[i], bytes[i]);
                    if (data.byteSize() < need) {
                        throw new IllegalArgumentException(name + ": argument " + i + " of shape "
                                + Arrays.toString(tensors[i].shape()) + " has " + data.byteSize()
                                + " bytes, oneDNN needs " + need);
                    }
                    OneDnn.check(Dnnl.dnnl_memory_create(out, descs[i], OneDnn.engine(), data), "dnnl_memory_create(" + name + ")");
                    memories[i] = out.get(Dnnl.C_POINTER, 0);
                    MemorySegment entry = dnnl_exec_arg_t.asSlice(list, i);
                    dnnl_exec_arg_t.arg(entry, args[i]);
                    dnnl_exec_arg_t.memory(entry, memories[i]);
                }
                MemorySegment stream = OneDnn.stream();
                executions++;
                MemorySegment fpEnv = Denormals.flush(arena); // see Denormals: 30-200x slower kernels otherwise
                try {
                    OneDnn.check(Dnnl.dnnl_primitive_execute(primitive, stream, args.length, list), "dnnl_primitive_execute(" + name + ")");
                    OneDnn.check(Dnnl.dnnl_stream_wait(stream), "dnnl_stream_wait(" + name + ")");
                } finally {
                    Denormals.restore(fpEnv);
                }
            } finally {
                for (MemorySegment m : memories) {
                    if (m != null) {
                        Dnnl.dnnl_memory_destroy(m);
                    }
                }
                // oneDNN holds only raw addresses: without this, a tensor owned by the garbage collector
                // could be collected, and its memory reused, while the primitive still writes to it.
                Reference.reachabilityFence(tensors);
            }
        }
    }

    /**
     * Bytes the tensor must reach: what oneDNN's descriptor says, except for a strided view, whose
     * descriptor (made from the view's strides) counts its last row's full stride although
     * oneDNN reads only up to the view's last element.
     */
    private static long needed(Tensor t, long descBytes) {
        if (t.isContiguous()) {
            return descBytes;
        }
        long last = 0;
        for (int d = 0; d < t.dim(); d++) {
            last += (long) (t.size(d) - 1) * t.stride(d);
        }
        return Math.min(descBytes, (last + 1) * t.dtype().byteSize());
    }

    /** Frees the primitive and its descriptor (the argument descriptors belong to the latter). */
    void destroy() {
        Dnnl.dnnl_primitive_destroy(primitive);
        Dnnl.dnnl_primitive_desc_destroy(pd);
    }
}
