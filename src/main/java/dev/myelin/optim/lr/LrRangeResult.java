package dev.myelin.optim.lr;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The curve an {@link LrRangeTest} recorded and the rate read from it. The suggestion is one tenth
 * of the rate at the lowest smoothed loss (fastai's {@code lr_min / 10}): well below the point where
 * the loss starts to rise, where it is still falling. The steepest point of the curve is the other
 * common choice; it is not used because a numerical derivative of a noisy, lagging average often
 * lands in the flat start of the curve.
 */
public final class LrRangeResult {
    private final double[] lrs;
    private final double[] losses;
    private final double[] smoothed;
    private final boolean diverged;

    LrRangeResult(List<double[]> points, boolean diverged) {
        if (points.isEmpty()) {
            throw new IllegalStateException("LrRangeTest: no iteration ran");
        }
        lrs = points.stream().mapToDouble(p -> p[0]).toArray();
        losses = points.stream().mapToDouble(p -> p[1]).toArray();
        smoothed = points.stream().mapToDouble(p -> p[2]).toArray();
        this.diverged = diverged;
    }

    public double[] lrs() {
        return lrs.clone();
    }

    /** The loss of each mini-batch. */
    public double[] losses() {
        return losses.clone();
    }

    /** The bias-corrected exponential moving average of the loss (factor 0.95), as plotted. */
    public double[] smoothedLosses() {
        return smoothed.clone();
    }

    /** Whether the sweep stopped early because the loss exploded. */
    public boolean diverged() {
        return diverged;
    }

    /** The rate with the lowest smoothed loss (ignoring the last point if the loss exploded there). */
    public double minLossLr() {
        return lrs[argMinLoss()];
    }

    /** One tenth of {@link #minLossLr()}. */
    public double suggestedLr() {
        return minLossLr() / 10;
    }

    private int argMinLoss() {
        int best = 0;
        for (int i = 1; i < smoothed.length; i++) {
            if (smoothed[i] < smoothed[best]) {
                best = i;
            }
        }
        return best;
    }

    /** {@code lr,loss,smoothed_loss} with a header, one line per mini-batch. */
    public void writeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder("lr,loss,smoothed_loss\n");
        for (int i = 0; i < lrs.length; i++) {
            sb.append(String.format(Locale.ROOT, "%.6g,%.6g,%.6g%n", lrs[i], losses[i], smoothed[i]));
        }
        Files.writeString(file, sb);
    }

    /** A PNG chart of the smoothed loss against the rate on a log axis, the suggestion marked. */
    public void writePng(Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Learning-rate range test")
                .xAxisTitle("learning rate (log scale)").yAxisTitle("smoothed loss").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        int[] finite = IntStream.range(0, lrs.length).filter(i -> Double.isFinite(smoothed[i])).toArray();
        double[] y = IntStream.of(finite).mapToDouble(i -> smoothed[i]).toArray();
        chart.addSeries("loss", IntStream.of(finite).mapToDouble(i -> lrs[i]).toArray(), y);
        double low = DoubleStream.of(y).min().orElse(0);
        double high = DoubleStream.of(y).max().orElse(1);
        XYSeries mark = chart.addSeries(String.format(Locale.ROOT, "suggested %.3g", suggestedLr()),
                new double[] {suggestedLr(), suggestedLr()}, new double[] {low, high});
        mark.setLineColor(Color.RED);
        try (OutputStream out = Files.newOutputStream(file)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
