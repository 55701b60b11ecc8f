package dev.myelin.memory;

import java.lang.foreign.MemorySegment;

/** A pooled native block and who owns it now: a scope, or the garbage collector when {@code owner} is null. */
final class Block {
    final MemorySegment raw;
    volatile Scope owner;

    Block(MemorySegment raw, Scope owner) {
        this.raw = raw;
        this.owner = owner;
    }
}
