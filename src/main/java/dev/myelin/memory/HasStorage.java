package dev.myelin.memory;

/** Anything whose native memory a {@link Scope} can own. */
public interface HasStorage {
    Storage storage();
}
