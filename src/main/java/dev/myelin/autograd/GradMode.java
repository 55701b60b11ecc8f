package dev.myelin.autograd;

/**
 * Whether operations on this thread record the graph for {@code backward()}. Recording is on by
 * default; {@code try (var off = GradMode.noGrad()) { ... }} turns it off for inference and for
 * parameter updates, and restores the previous state at the end of the block.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned handle is closed. */
    public static Guard noGrad() {
        return set(false);
    }

    /** Turns recording on (inside a noGrad block, say) until the returned handle is closed. */
    public static Guard enableGrad() {
        return set(true);
    }

    private static Guard set(boolean on) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = on;
        return () -> flag[0] = previous;
    }

    /** Restores the previous recording state; closing twice is harmless. */
    @FunctionalInterface
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }
}
