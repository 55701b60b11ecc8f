package dev.myelin.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/**
 * The batches of one epoch, in order, iterated once. With prefetch a worker thread builds the next
 * batches while the caller trains on the current one; it ends when the last batch is taken, when
 * {@link #close()} is called (use try-with-resources to leave a loop early), or at the latest when
 * an abandoned epoch is garbage-collected.
 * <pre>{@code
 * for (Batch b : loader.epoch(e)) {
 *     try (Scope step = Scope.open("step")) {
 *         Tensor loss = Losses.crossEntropy(model.forward(b.features()), b.labels());
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class Epoch implements Iterable<Batch>, Iterator<Batch>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final int epoch;
    private final int count;
    private final IntFunction<Batch> build;
    private final Prefetcher prefetcher;
    private final Cleaner.Cleanable cleanable;
    private int next;
    private boolean iterated;
    private boolean closed;

    Epoch(int epoch, int count, int prefetch, IntFunction<Batch> build) {
        this.epoch = epoch;
        this.count = count;
        this.build = build;
        if (prefetch > 0 && count > 0) {
            prefetcher = new Prefetcher(count, prefetch, build);
            cleanable = CLEANER.register(this, prefetcher::stop);
            prefetcher.start();
        } else {
            prefetcher = null;
            cleanable = null;
        }
    }

    public int number() {
        return epoch;
    }

    /** Number of batches in this epoch. */
    public int batchCount() {
        return count;
    }

    @Override
    public Iterator<Batch> iterator() {
        if (iterated) {
            throw new IllegalStateException("Epoch " + epoch + ": its batches can be iterated only once; "
                    + "call loader.epoch(" + epoch + ") again for a new pass");
        }
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        return !closed && next < count;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Epoch " + epoch + ": " + (closed && next < count ? "closed" : "no more batches")
                    + " after " + next + " of " + count);
        }
        Batch batch = prefetcher == null ? build.apply(next) : takeFromWorker();
        if (++next == count) {
            close();
        }
        return batch;
    }

    private Batch takeFromWorker() {
        Object item;
        try {
            item = prefetcher.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("DataLoader: interrupted while waiting for batch " + next + " of epoch " + epoch, e);
        }
        if (item instanceof Prefetcher.Failure f) {
            close();
            throw new IllegalStateException("DataLoader: building batch " + f.batch() + " of epoch " + epoch + " failed: "
                    + f.cause(), f.cause());
        }
        return (Batch) item;
    }

    /** Stops the worker (waiting for its thread to end); later calls to {@link #hasNext()} return false. */
    @Override
    public void close() {
        closed = true;
        if (prefetcher != null) {
            prefetcher.stopAndJoin();
            cleanable.clean();
        }
    }

    /** The worker thread's name, or null without prefetch (for tests that watch it end). */
    String workerName() {
        return prefetcher == null ? null : prefetcher.threadName();
    }

    boolean workerAlive() {
        return prefetcher != null && prefetcher.isAlive();
    }
}
