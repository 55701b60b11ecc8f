package dev.myelin.backend.dnnl;

import dev.myelin.ffi.NativeLibraries;
import dev.myelin.ffi.onednn.Dnnl;
import dev.myelin.ffi.onednn.dnnl_version_t;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/** The process's oneDNN CPU engine, one stream per thread, and status checking. */
public final class OneDnn {
    static {
        NativeLibraries.ensureLoaded();
    }

    private static final MemorySegment ENGINE = createEngine();
    private static final ThreadLocal<MemorySegment> STREAM = ThreadLocal.withInitial(OneDnn::createStream);

    private OneDnn() {}

    private static MemorySegment createEngine() {
        MemorySegment out = Arena.global().allocate(Dnnl.C_POINTER);
        check(Dnnl.dnnl_engine_create(out, Dnnl.dnnl_cpu(), 0), "dnnl_engine_create(cpu, 0)");
        return out.get(Dnnl.C_POINTER, 0);
    }

    private static MemorySegment createStream() {
        MemorySegment out = Arena.global().allocate(Dnnl.C_POINTER);
        check(Dnnl.dnnl_stream_create(out, ENGINE, Dnnl.dnnl_stream_default_flags()), "dnnl_stream_create");
        return out.get(Dnnl.C_POINTER, 0);
    }

    static MemorySegment engine() {
        return ENGINE;
    }

    /** How many primitives Myelin has executed (exact on one thread, approximate across threads). */
    public static long executions() {
        return Primitive.executions;
    }

    /** Primitives created and cached so far. */
    public static int cachedPrimitives() {
        return PrimitiveCache.size();
    }

    /** This thread's stream (oneDNN streams are not shared between threads). */
    static MemorySegment stream() {
        return STREAM.get();
    }

    /** Throws a {@link DnnlException} naming {@code what} unless {@code status} is dnnl_success. */
    static void check(int status, String what) {
        if (status != Dnnl.dnnl_success()) {
            throw new DnnlException(what + " failed: " + statusName(status));
        }
    }

    static String statusName(int status) {
        for (String name : new String[] {"dnnl_out_of_memory", "dnnl_invalid_arguments", "dnnl_unimplemented",
                "dnnl_last_impl_reached", "dnnl_runtime_error", "dnnl_not_required", "dnnl_invalid_graph",
                "dnnl_invalid_graph_op", "dnnl_invalid_shape", "dnnl_invalid_data_type"}) {
            if (constant(name) == status) {
                return name + " (" + status + ")";
            }
        }
        return "status " + status;
    }

    /** oneDNN's data type for a tensor dtype. */
    static int dataType(DType t) {
        return switch (t) {
            case FLOAT32 -> Dnnl.dnnl_f32();
            case INT32 -> Dnnl.dnnl_s32();
            case INT64 -> throw new IllegalArgumentException("oneDNN has no int64 tensors");
        };
    }

    /** "3.11.0 (cpu runtime: OpenMP)". */
    public static String version() {
        MemorySegment v = Dnnl.dnnl_version().reinterpret(dnnl_version_t.sizeof());
        return dnnl_version_t.major(v) + "." + dnnl_version_t.minor(v) + "." + dnnl_version_t.patch(v);
    }

    /** The instruction set oneDNN's kernels use on this CPU, e.g. "avx512_core_vnni". */
    public static String cpuIsa() {
        int isa = Dnnl.dnnl_get_effective_cpu_isa();
        for (Method m : Dnnl.class.getMethods()) {
            String n = m.getName();
            if (n.startsWith("dnnl_cpu_isa_") && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())
                    && !n.endsWith("hints") && !n.endsWith("prefer_ymm") && constant(n) == isa) {
                return n.substring("dnnl_cpu_isa_".length());
            }
        }
        return "isa " + isa;
    }

    private static int constant(String name) {
        try {
            return (int) Dnnl.class.getMethod(name).invoke(null);
        } catch (ReflectiveOperationException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** A float32 descriptor of {@code dims} in format {@code tag} (a plain tag, or dnnl_format_tag_any for "let the primitive choose"). */
    static MemorySegment taggedDesc(Arena arena, int tag, int... dims) {
        MemorySegment d = arena.allocate(Dnnl.C_LONG_LONG, dims.length);
        for (int i = 0; i < dims.length; i++) {
            d.setAtIndex(Dnnl.C_LONG_LONG, i, dims[i]);
        }
        MemorySegment out = arena.allocate(Dnnl.C_POINTER);
        check(Dnnl.dnnl_memory_desc_create_with_tag(out, dims.length, d, Dnnl.dnnl_f32(), tag),
                "dnnl_memory_desc_create_with_tag" + java.util.Arrays.toString(dims));
        return out.get(Dnnl.C_POINTER, 0);
    }

    /** A oneDNN memory descriptor with the tensor's shape and strides (a 0-d tensor is seen as [1]). */
    static MemorySegment memoryDesc(Tensor t, Arena arena) {
        int rank = Math.max(1, t.dim());
        MemorySegment dims = arena.allocate(Dnnl.C_LONG_LONG, rank);
        MemorySegment strides = arena.allocate(Dnnl.C_LONG_LONG, rank);
        for (int i = 0; i < rank; i++) {
            dims.setAtIndex(Dnnl.C_LONG_LONG, i, t.dim() == 0 ? 1 : t.size(i));
            strides.setAtIndex(Dnnl.C_LONG_LONG, i, t.dim() == 0 ? 1 : t.stride(i));
        }
        MemorySegment out = arena.allocate(Dnnl.C_POINTER);
        check(Dnnl.dnnl_memory_desc_create_with_strides(out, rank, dims, dataType(t.dtype()), strides),
                "dnnl_memory_desc_create_with_strides" + java.util.Arrays.toString(t.shape()));
        return out.get(Dnnl.C_POINTER, 0);
    }
}
