package dev.myelin.data;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A worker thread that builds batches 0..count-1 ahead of the consumer into a bounded queue. It
 * holds no reference to the {@link Epoch} that reads it, so an abandoned epoch can be collected and
 * its cleaner can stop the worker.
 */
final class Prefetcher implements Runnable {
    private static final AtomicLong IDS = new AtomicLong();

    /** What the worker hands over when building a batch threw. */
    record Failure(int batch, Throwable cause) {}

    private final BlockingQueue<Object> queue;
    private final IntFunction<Batch> build;
    private final int count;
    private final Thread thread;
    private volatile boolean stopped;

    Prefetcher(int count, int capacity, IntFunction<Batch> build) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.build = build;
        this.count = count;
        this.thread = Thread.ofPlatform().daemon().name("myelin-data-loader-" + IDS.incrementAndGet()).unstarted(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        int i = 0;
        try {
            for (; i < count && !stopped; i++) {
                queue.put(build.apply(i));
            }
        } catch (InterruptedException e) {
            // stopped while waiting for room in the queue
        } catch (RuntimeException | Error e) {
            try {
                if (!stopped) {
                    queue.put(new Failure(i, e));
                }
            } catch (InterruptedException stop) {
                // stopped: nobody is waiting for the failure
            }
        }
    }

    /** The next item: a {@link Batch} or a {@link Failure}. */
    Object take() throws InterruptedException {
        return queue.take();
    }

    /** Asks the worker to finish; safe from any thread, including a cleaner's. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Stops the worker and waits until its thread has ended. */
    void stopAndJoin() {
        stop();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    String threadName() {
        return thread.getName();
    }

    boolean isAlive() {
        return thread.isAlive();
    }
}
