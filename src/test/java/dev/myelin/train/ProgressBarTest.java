package dev.myelin.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress bar's plain-line mode (logs, CI) and in-place mode (terminals), on a fake clock. */
class ProgressBarTest {
    private long now;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainModePrintsALineAtMostEveryIntervalThenTheSummary() {
        ProgressBar bar = new ProgressBar(out, false, 5, () -> now);
        bar.startEpoch(2, 10, 100);
        for (int i = 1; i <= 100; i++) {
            now += 150_000_000L; // 0.15 s per batch of 64
            bar.batch(i, 64, 1.0 / i);
        }
        bar.endEpoch("epoch 2/10 15.0s loss 0.0519");
        List<String> lines = List.of(text().split("\n"));
        // a line after 5.1 s (batch 34) and 10.2 s (batch 68); none at batch 100, which the summary covers
        assertEquals(3, lines.size(), text());
        assertEquals("epoch 2/10 batch 34/100 loss " + String.format(java.util.Locale.ROOT, "%.4f", harmonic(34) / 34)
                + " 427 samples/s ETA 0:10", lines.get(0));
        assertTrue(lines.get(1).matches("epoch 2/10 batch 68/100 loss 0\\.\\d{4} 427 samples/s ETA 0:05"), lines.get(1));
        assertEquals("epoch 2/10 15.0s loss 0.0519", lines.get(2));
        assertFalse(text().contains("\r"));
    }

    private static double harmonic(int n) {
        double s = 0;
        for (int i = 1; i <= n; i++) {
            s += 1.0 / i;
        }
        return s;
    }

    @Test
    void interactiveModeRedrawsOneLineInPlace() {
        ProgressBar bar = new ProgressBar(out, true, 5, () -> now);
        bar.startEpoch(1, 3, 4);
        for (int i = 1; i <= 4; i++) {
            now += 200_000_000L;
            bar.batch(i, 10, 0.5);
        }
        bar.endEpoch("epoch 1/3 done");
        String t = text();
        assertEquals(1, t.chars().filter(c -> c == '\n').count(), "one line per epoch");
        assertEquals(5, t.chars().filter(c -> c == '\r').count(), "four redraws and the summary");
        assertTrue(t.contains("\repoch 1/3 [======>                 ] 1/4 loss 0.5000 50 samples/s ETA 0:01"), t);
        assertTrue(t.contains("\repoch 1/3 [========================] 4/4 loss 0.5000 50 samples/s ETA 0:00"), t);
        String lastBar = "epoch 1/3 [========================] 4/4 loss 0.5000 50 samples/s ETA 0:00";
        String summary = "epoch 1/3 done";
        assertTrue(t.endsWith("\r" + summary + " ".repeat(lastBar.length() - summary.length()) + "\n"),
                "the summary blanks out the longer bar: " + t);
    }

    @Test
    void durationsReadAsClockTimes() {
        assertEquals("0:07", ProgressBar.duration(7.4));
        assertEquals("2:05", ProgressBar.duration(125));
        assertEquals("1:01:01", ProgressBar.duration(3661));
        assertEquals("?", ProgressBar.duration(Double.NaN));
    }
}
