package dev.myelin.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The native memory behind one or more tensors (a tensor and its views share one storage).
 *
 * <p>Memory comes from the innermost open {@link Scope} of the calling thread and is freed (back to
 * the pool) when that scope closes. Outside any scope it belongs to the garbage collector, which is
 * fine for a few long-lived tensors but not for a training loop; run with
 * {@code -Dmyelin.memory.requireScope=true} to make such allocations throw instead.
 */
public final class Storage {
    private static final boolean REQUIRE_SCOPE = Boolean.getBoolean("myelin.memory.requireScope");

    private final Block block;
    private final long byteSize;
    private MemorySegment segment;

    private Storage(Block block, long byteSize, MemorySegment segment) {
        this.block = block;
        this.byteSize = byteSize;
        this.segment = segment;
    }

    /** Uninitialised memory of {@code bytes} bytes, 64-byte aligned, owned by the current scope. */
    public static Storage allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("Storage.allocate: negative size " + bytes);
        }
        Scope scope = Scope.current();
        if (scope == null && REQUIRE_SCOPE) {
            throw new IllegalStateException("tensor of " + bytes + " bytes created outside any Scope while "
                    + "myelin.memory.requireScope=true; wrap the code in try (var s = Scope.open()) { ... }");
        }
        Block block = new Block(BlockPool.acquire(bytes), scope);
        Storage s = new Storage(block, bytes, null);
        if (scope != null) {
            scope.register(block);
        }
        s.bind(scope);
        return s;
    }

    /** Points this storage at its block through a segment that lives exactly as long as the owner. */
    void bind(Scope scope) {
        Object binding = new Object();
        block.binding = binding;
        block.owner = scope;
        if (scope != null) {
            segment = block.raw.reinterpret(byteSize, scope.arena(), null);
        } else {
            // The cleanup runs when this segment's session becomes unreachable, which for a binding the
            // block has since left (adopted by a scope, then kept out again) can be while it is in use.
            Block b = block;
            segment = block.raw.reinterpret(byteSize, Arena.ofAuto(), ignored -> {
                if (b.binding == binding) {
                    b.release();
                }
            });
        }
    }

    Block block() {
        return block;
    }

    /** The memory, checked: throws {@link IllegalStateException} once the owning scope has closed. */
    public MemorySegment segment() {
        Scope owner = block.owner;
        if (owner != null && owner.isClosed()) {
            throw new IllegalStateException("tensor memory used after its scope '" + owner.name()
                    + "' was closed; keep it with scope.keep(tensor) or create it in an outer scope");
        }
        return segment;
    }

    public long byteSize() {
        return byteSize;
    }

    /** The scope that owns this memory, or null when the garbage collector does. */
    public Scope owner() {
        return block.owner;
    }

    public boolean isAlive() {
        Scope owner = block.owner;
        return owner == null || !owner.isClosed();
    }
}
