package dev.myelin.memory;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Owns native memory for a stretch of code. Every tensor created on a thread while a scope is open
 * there belongs to the innermost one and is freed when it closes:
 * <pre>{@code
 * try (Scope step = Scope.open("step")) {
 *     Tensor y = x.matmul(w);       // freed at the end of the block
 *     result = step.keep(y.sum());  // ...unless kept: then it moves to the enclosing scope
 * }
 * }</pre>
 * Using a tensor after its scope closed throws {@link IllegalStateException}; the memory goes back
 * to a pool, so a steady loop stops allocating. Scopes from {@link #open} are confined to their
 * thread and nest; a scope from {@link #shared} (for a model's parameters, say) is on no thread's
 * stack, can be used from any thread and takes tensors with {@link #adopt}.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<Scope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final String name;
    private final Arena arena;
    private final boolean onStack;
    private final List<Block> blocks = new ArrayList<>();
    private volatile boolean closed;

    private Scope(String name, Arena arena, boolean onStack) {
        this.name = name;
        this.arena = arena;
        this.onStack = onStack;
    }

    /** Opens a scope on this thread; it becomes where new tensors go until it closes. */
    public static Scope open(String name) {
        Scope s = new Scope(name, Arena.ofConfined(), true);
        STACK.get().push(s);
        return s;
    }

    public static Scope open() {
        return open("scope");
    }

    /** A long-lived scope usable from any thread, not entered by tensor creation; fill it with {@link #adopt}. */
    public static Scope shared(String name) {
        return new Scope(name, Arena.ofShared(), false);
    }

    /** The innermost open scope of this thread, or null. */
    public static Scope current() {
        return STACK.get().peek();
    }

    Arena arena() {
        return arena;
    }

    synchronized void register(Block block) {
        if (closed) {
            throw new IllegalStateException("scope '" + name + "' is closed");
        }
        blocks.add(block);
    }

    /**
     * Moves a tensor's memory (and that of every view sharing it) out of this scope into the
     * enclosing one on this thread, or to the garbage collector if this is the outermost. Returns
     * the argument, so {@code return scope.keep(t);} reads naturally.
     */
    public <T extends HasStorage> T keep(T tensor) {
        Storage s = tensor.storage();
        if (s.owner() != this) {
            throw new IllegalArgumentException("keep: the tensor does not belong to scope '" + name + "'");
        }
        Scope parent = null;
        if (onStack) {
            var it = STACK.get().iterator();
            while (it.hasNext() && it.next() != this) { /* find this scope, then its parent */ }
            parent = it.hasNext() ? it.next() : null;
        }
        if (parent == null) {
            s.bind(null);
        } else {
            parent.adopt(tensor);
        }
        return tensor;
    }

    /** Takes ownership of a tensor's memory from wherever it is now (another scope or the garbage collector). */
    public <T extends HasStorage> T adopt(T tensor) {
        Storage s = tensor.storage();
        if (!s.isAlive()) {
            throw new IllegalStateException("adopt: tensor memory already freed by scope '" + s.owner().name() + "'");
        }
        if (s.owner() != this) {
            register(s.block());
            s.bind(this);
        }
        return tensor;
    }

    /** Gives a tensor's memory to {@code target}, or to the garbage collector when {@code target} is null. */
    public static <T extends HasStorage> T transfer(T tensor, Scope target) {
        if (target != null) {
            return target.adopt(tensor);
        }
        Storage s = tensor.storage();
        if (s.owner() != null) {
            if (!s.isAlive()) {
                throw new IllegalStateException("transfer: tensor memory already freed by scope '" + s.owner().name() + "'");
            }
            s.bind(null);
        }
        return tensor;
    }

    /** Frees all memory still owned by this scope. Scopes on a thread's stack must close innermost first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (onStack) {
            ArrayDeque<Scope> stack = STACK.get();
            if (stack.peek() != this) {
                throw new IllegalStateException("scope '" + name + "' closed out of order or on another thread; "
                        + "innermost open scope here is " + (stack.peek() == null ? "none" : "'" + stack.peek().name + "'"));
            }
            stack.pop();
        }
        synchronized (this) {
            closed = true;
            arena.close();
            for (Block b : blocks) {
                if (b.owner == this) {
                    b.release();
                }
            }
            blocks.clear();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public String name() {
        return name;
    }

    /** Bytes of tensor memory this scope owns now. */
    public synchronized long ownedBytes() {
        long n = 0;
        Set<Block> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a re-adopted block is listed twice
        for (Block b : blocks) {
            if (b.owner == this && seen.add(b)) {
                n += b.raw.byteSize();
            }
        }
        return n;
    }

    /** The open scopes of this thread (innermost first) and the native heap totals, for debugging leaks. */
    public static String debugDump() {
        StringBuilder sb = new StringBuilder("native heap: ").append(NativeHeap.liveBytes()).append(" bytes in ")
                .append(NativeHeap.liveBlocks()).append(" blocks (").append(BlockPool.cachedBytes())
                .append(" cached in the pool)\n");
        for (Scope s : STACK.get()) {
            sb.append("  scope '").append(s.name).append("': ").append(s.ownedBytes()).append(" bytes\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Scope('" + name + "', " + (closed ? "closed" : "open") + ")";
    }
}
