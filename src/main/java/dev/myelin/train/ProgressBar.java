package dev.myelin.train;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training progress for a terminal: epoch, batch i/n, running loss, samples per second and the
 * time left in the epoch. On an interactive terminal one line is redrawn in place with {@code \r}
 * (at most ten times a second); otherwise (a log file, a pipe, CI) a plain line is printed at most
 * every {@code interval}, so logs stay short. Each epoch ends with one summary line either way.
 * <pre>
 * epoch 2/10 batch 120/469 loss 0.4321 2450 samples/s ETA 0:14
 * </pre>
 */
public final class ProgressBar {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private final long intervalNanos;
    private final LongSupplier clock;
    private int epoch;
    private int epochs;
    private int batches;
    private long epochStart;
    private long lastPrint;
    private int lastWidth;
    private double lossSum;
    private long samples;

    /**
     * @param interactive redraw in place (a terminal) or print plain lines
     * @param intervalSeconds least time between two plain lines
     * @param clock nanoseconds, {@link System#nanoTime} outside tests
     */
    public ProgressBar(PrintStream out, boolean interactive, double intervalSeconds, LongSupplier clock) {
        this.out = out;
        this.interactive = interactive;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.clock = clock;
    }

    /** Progress on {@code out}, redrawn in place when this process runs on a terminal, else a plain line at most every 5 s. */
    public static ProgressBar auto(PrintStream out) {
        Console c = System.console();
        return new ProgressBar(out, c != null && c.isTerminal() && System.getenv("CI") == null, 5, System::nanoTime);
    }

    public boolean isInteractive() {
        return interactive;
    }

    /** Starts epoch {@code epoch} (from 1) of {@code epochs}, which has {@code batches} batches. */
    public void startEpoch(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.batches = batches;
        this.epochStart = clock.getAsLong();
        this.lastPrint = epochStart;
        this.lossSum = 0;
        this.samples = 0;
        this.lastWidth = 0;
    }

    /** Reports that batch {@code done} (from 1) of {@code size} samples finished with mean loss {@code loss}. */
    public void batch(int done, int size, double loss) {
        lossSum += loss * size;
        samples += size;
        long now = clock.getAsLong();
        boolean last = done == batches;
        if (interactive) {
            if (last || now - lastPrint >= REDRAW_NANOS) {
                redraw(line(done, now, true));
                lastPrint = now;
            }
        } else if (!last && now - lastPrint >= intervalNanos) {
            out.println(line(done, now, false));
            lastPrint = now;
        }
    }

    /** Ends the epoch with {@code summary} on a line of its own. */
    public void endEpoch(String summary) {
        if (interactive) {
            redraw(summary);
            out.println();
        } else {
            out.println(summary);
        }
        out.flush();
    }

    private void redraw(String text) {
        int pad = Math.max(0, lastWidth - text.length());
        out.print("\r" + text + " ".repeat(pad));
        out.flush();
        lastWidth = text.length();
    }

    /** The progress text after {@code done} batches at time {@code now}. */
    String line(int done, long now, boolean withBar) {
        double seconds = Math.max(1e-9, (now - epochStart) / 1e9);
        double rate = samples / seconds;
        double eta = done == 0 ? Double.NaN : seconds / done * (batches - done);
        StringBuilder sb = new StringBuilder();
        sb.append("epoch ").append(epoch).append('/').append(epochs).append(' ');
        if (withBar) {
            int filled = batches == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / batches);
            sb.append('[').append("=".repeat(filled)).append(filled < BAR_WIDTH ? ">" : "")
                    .append(" ".repeat(Math.max(0, BAR_WIDTH - filled - 1))).append("] ");
        } else {
            sb.append("batch ");
        }
        sb.append(done).append('/').append(batches)
                .append(String.format(Locale.ROOT, " loss %.4f %.0f samples/s ETA %s",
                        samples == 0 ? Double.NaN : lossSum / samples, rate, duration(eta)));
        return sb.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
