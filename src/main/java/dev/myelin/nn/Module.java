package dev.myelin.nn;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.ops.Kernels;
import dev.myelin.tensor.DType;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A layer or a model: holds parameters, buffers and child modules, registered explicitly by name
 * so their order and dotted names ({@code fc1.weight}, {@code layers.0.bias}) are stable, as in
 * PyTorch's {@code torch.nn.Module}.
 *
 * <p>Parameters and buffers live in the module's own long-lived {@link Scope#shared shared scope},
 * not in the scope of the code that built the module; so do their gradients. {@link #close()} frees
 * that memory (and the children's); a closed module throws when used.
 *
 * <p>Each module knows its path in the tree it was registered into, so errors can name it:
 * {@code Linear 'classifier.fc1': input [64, 1568] has last dim 1568 but in_features is 6272; expected [*, 6272]}.
 */
public abstract class Module implements AutoCloseable {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private Module parent;
    private String path = "";
    private boolean training = true;
    private Scope memory;
    private boolean closed;

    /** Computes the module's output for one input. */
    public abstract Tensor forward(Tensor x);

    // ---- registration ----

    /**
     * Registers {@code t} as a learnable parameter: it is marked to require a gradient and its memory
     * moves into this module's scope. Returns {@code t}.
     */
    protected final Tensor param(String name, Tensor t) {
        checkNewName(name);
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": parameter '" + name + "' must be float32, got " + t.dtype());
        }
        if (t.gradFn() != null) {
            throw new IllegalArgumentException(label() + ": parameter '" + name + "' is the result of " + t.gradFn()
                    + ", not a leaf tensor; register t.detach().copy() instead");
        }
        memory().adopt(t);
        params.put(name, t.requiresGrad(true));
        return t;
    }

    /** Registers a new zero-filled parameter of {@code shape}, allocated directly in this module's memory. */
    protected final Tensor param(String name, int... shape) {
        try (Scope init = Scope.open("init " + name)) {
            return param(name, Tensor.zeros(shape));
        }
    }

    /** Registers a tensor that is state but not learnable (a running mean, say); it is in {@link #stateDict()}. */
    protected final Tensor buffer(String name, Tensor t) {
        checkNewName(name);
        memory().adopt(t);
        buffers.put(name, t);
        return t;
    }

    /** Registers a child module under {@code name}; its path (and its children's) becomes this path + name. */
    protected final <M extends Module> M module(String name, M m) {
        checkNewName(name);
        Module child = m; // private members are not reachable through the type variable
        if (child == this || child.parent != null) {
            throw new IllegalArgumentException(label() + ": cannot register " + child.label() + " as '" + name
                    + "'; it is already part of " + (child == this ? "itself" : child.parent.label()));
        }
        child.requireOpen();
        child.parent = this;
        children.put(name, child);
        child.setPath(path.isEmpty() ? name : path + "." + name);
        return m;
    }

    private void checkNewName(String name) {
        requireOpen();
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(label() + ": invalid name '" + name + "' (non-empty, without '.')");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(label() + ": '" + name + "' is already registered");
        }
    }

    private Scope memory() {
        if (memory == null) {
            memory = Scope.shared(kind() + " parameters");
        }
        return memory;
    }

    private void setPath(String p) {
        path = p;
        children.forEach((name, child) -> child.setPath(p + "." + name));
    }

    // ---- identity ----

    /** The dotted path of this module in the tree it belongs to; empty for the root. */
    public final String path() {
        return path;
    }

    /** How errors name this module: {@code Linear 'classifier.fc1'}, or just {@code Linear} for a root. */
    public final String label() {
        return path.isEmpty() ? kind() : kind() + " '" + path + "'";
    }

    /** The class name; "Module" for an anonymous subclass. */
    private String kind() {
        String name = getClass().getSimpleName();
        return name.isEmpty() ? "Module" : name;
    }

    /** Throws unless the module is open: every use of a closed module is an error. */
    protected final void requireOpen() {
        if (closed) {
            throw new IllegalStateException(label() + " is closed; its parameters were freed");
        }
    }

    /**
     * Checks that {@code x} is float32 with last dimension {@code expected}, naming this module,
     * the input shape and the fix when it is not.
     */
    protected final void requireLastDim(Tensor x, int expected, String what) {
        requireOpen();
        int[] s = x.shape();
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " is " + x.dtype() + ", expected float32");
        }
        if (s.length == 0 || s[s.length - 1] != expected) {
            String last = s.length == 0 ? "no last dim (a scalar)" : "last dim " + s[s.length - 1];
            throw new IllegalArgumentException(label() + ": input " + Shapes.str(s) + " has " + last + " but " + what
                    + " is " + expected + "; expected [*, " + expected + "]");
        }
    }

    // ---- traversal ----

    /** The learnable parameters of this module and its descendants, in registration order, each once. */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by dotted path ({@code fc1.weight}); a tensor registered twice appears under its first name. */
    public final LinkedHashMap<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** Buffers by dotted path. */
    public final LinkedHashMap<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withParams, boolean withBuffers, Set<Tensor> seen) {
        requireOpen();
        if (withParams) {
            params.forEach((name, t) -> putOnce(out, prefix + name, t, seen));
        }
        if (withBuffers) {
            buffers.forEach((name, t) -> putOnce(out, prefix + name, t, seen));
        }
        children.forEach((name, child) -> child.collect(prefix + name + ".", out, withParams, withBuffers, seen));
    }

    private static void putOnce(Map<String, Tensor> out, String key, Tensor t, Set<Tensor> seen) {
        if (seen.add(t)) {
            out.put(key, t);
        }
    }

    /** The direct children, in registration order. */
    public final List<Module> children() {
        return new ArrayList<>(children.values());
    }

    /** The direct children by name. */
    public final LinkedHashMap<String, Module> namedChildren() {
        return new LinkedHashMap<>(children);
    }

    /** Total number of learnable scalars. */
    public final long numParameters() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    // ---- mode ----

    /** Training mode for this module and its descendants (affects dropout, batch norm, ...). Returns this. */
    public Module train(boolean on) {
        requireOpen();
        training = on;
        children.values().forEach(c -> c.train(on));
        return this;
    }

    public final Module train() {
        return train(true);
    }

    /** Evaluation mode for this module and its descendants. Returns this. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Sets every parameter's gradient to zero in place (keeping its memory for the next step). */
    public final void zeroGrad() {
        parameters().forEach(Tensor::zeroGrad);
    }

    // ---- state ----

    /** Parameters and buffers by dotted path, as detached tensors sharing this module's memory. */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        requireOpen();
        params.forEach((name, t) -> out.put(prefix + name, t.detach()));
        buffers.forEach((name, t) -> out.put(prefix + name, t.detach()));
        children.forEach((name, child) -> child.collectState(prefix + name + ".", out));
    }

    /**
     * Copies every value of {@code state} into the parameter or buffer of the same path. The keys
     * must match {@link #stateDict()} exactly and every shape must agree; otherwise nothing is copied
     * and the exception names each missing or unexpected key, or the key and both shapes.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        Set<String> missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        Set<String> unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + label() + ": "
                    + (missing.isEmpty() ? "" : "missing keys " + quoted(missing))
                    + (missing.isEmpty() || unexpected.isEmpty() ? "" : "; ")
                    + (unexpected.isEmpty() ? "" : "unexpected keys " + quoted(unexpected)));
        }
        own.forEach((key, target) -> {
            Tensor src = state.get(key);
            if (!Arrays.equals(src.shape(), target.shape())) {
                throw new IllegalArgumentException("loadStateDict into " + label() + ": '" + key + "' has shape "
                        + Shapes.str(src.shape()) + " in the state dict but " + Shapes.str(target.shape()) + " in the module");
            }
            if (src.dtype() != target.dtype()) {
                throw new IllegalArgumentException("loadStateDict into " + label() + ": '" + key + "' is " + src.dtype()
                        + " in the state dict but " + target.dtype() + " in the module");
            }
        });
        try (var off = GradMode.noGrad()) {
            own.forEach((key, target) -> Kernels.assign(target, state.get(key).detach()));
        }
    }

    private static String quoted(Set<String> keys) {
        return keys.stream().map(k -> "'" + k + "'").toList().toString();
    }

    /** Frees the memory of this module's parameters, buffers and gradients, and its children's. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (memory != null) {
            memory.close();
        }
        children.values().forEach(Module::close);
    }

    public final boolean isClosed() {
        return closed;
    }

    // ---- printing ----

    /** The settings shown between the parentheses of {@link #toString()}, e.g. {@code in=784, out=10, bias=true}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch's printed tree: {@code Sequential(\n  (0): Linear(in=2, out=2, bias=true)\n  ...\n)}. */
    @Override
    public String toString() {
        String name = kind();
        if (children.isEmpty()) {
            return name + "(" + extraRepr() + ")";
        }
        StringBuilder sb = new StringBuilder(name).append("(\n");
        if (!extraRepr().isEmpty()) {
            sb.append("  ").append(extraRepr()).append('\n');
        }
        children.forEach((key, child) ->
                sb.append("  (").append(key).append("): ").append(child.toString().replace("\n", "\n  ")).append('\n'));
        return sb.append(')').toString();
    }
}
