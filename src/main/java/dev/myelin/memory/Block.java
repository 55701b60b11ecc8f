package dev.myelin.memory;

import java.lang.foreign.MemorySegment;

/**
 * One lease of a pooled native block and who owns it now: a scope, or the garbage collector when
 * {@code owner} is null. A block can change owners several times (adopted, kept, handed to the
 * garbage collector and back), so the pool gets it back exactly once, from its current owner only.
 */
final class Block {
    final MemorySegment raw;
    volatile Scope owner;
    /** Replaced at every change of owner: a garbage-collector cleanup frees the block only while its binding is current. */
    volatile Object binding;
    private boolean released;

    Block(MemorySegment raw, Scope owner) {
        this.raw = raw;
        this.owner = owner;
    }

    /**
     * Returns the memory to the pool; later calls do nothing. A block adopted back into a scope that
     * already listed it appears twice in that scope's list, and must still go back only once.
     */
    synchronized void release() {
        if (!released) {
            released = true;
            BlockPool.release(raw);
        }
    }
}
