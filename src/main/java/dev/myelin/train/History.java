package dev.myelin.train;

import dev.myelin.io.AtomicFile;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The values logged at the end of each epoch ({@code loss}, {@code accuracy}, {@code val_loss},
 * {@code lr}, {@code seconds}, ...), in order, with a CSV writer and a PNG chart of the loss and
 * metric curves (drawn with XChart).
 */
public final class History {
    /** Columns that are bookkeeping rather than curves worth plotting. */
    private static final Set<String> NOT_PLOTTED = Set.of("lr", "seconds");

    private final List<Integer> epochs = new ArrayList<>();
    private final List<Map<String, Double>> rows = new ArrayList<>();

    /** Appends the values of one epoch (numbered from 1). */
    public void add(int epoch, Map<String, Double> values) {
        epochs.add(epoch);
        rows.add(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The epoch numbers, in order. */
    public List<Integer> epochs() {
        return List.copyOf(epochs);
    }

    /** The values of the {@code i}-th logged epoch. */
    public Map<String, Double> row(int i) {
        return rows.get(i);
    }

    /** The values of the last epoch. */
    public Map<String, Double> last() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("history: no epoch logged yet");
        }
        return rows.getLast();
    }

    /** Every column name in first-seen order. */
    public List<String> columns() {
        Set<String> out = new LinkedHashSet<>();
        rows.forEach(r -> out.addAll(r.keySet()));
        return List.copyOf(out);
    }

    /** One column over the epochs (NaN where an epoch lacks it). */
    public double[] column(String name) {
        return rows.stream().mapToDouble(r -> r.getOrDefault(name, Double.NaN)).toArray();
    }

    /** {@code epoch,<columns>} then one line per epoch; values in Java's shortest exact decimal form, empty when missing. */
    public String toCsv() {
        List<String> cols = columns();
        StringBuilder sb = new StringBuilder("epoch");
        cols.forEach(c -> sb.append(',').append(c));
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            sb.append(epochs.get(i));
            for (String c : cols) {
                Double v = rows.get(i).get(c);
                sb.append(',').append(v == null ? "" : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Writes {@link #toCsv()} to {@code file}, atomically. */
    public void writeCsv(Path file) throws IOException {
        byte[] bytes = toCsv().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, ch -> ch.write(ByteBuffer.wrap(bytes)));
    }

    /**
     * Writes a PNG of the training curves: the losses on the left and the other metrics (accuracy,
     * RMSE, ...) on the right, each training curve next to its validation one.
     */
    public void writePng(Path file) throws IOException {
        if (rows.isEmpty()) {
            throw new IllegalStateException("history: nothing to plot before the first epoch");
        }
        List<String> losses = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (String c : columns()) {
            if (!NOT_PLOTTED.contains(c)) {
                (c.equals("loss") || c.equals("val_loss") ? losses : metrics).add(c);
            }
        }
        List<BufferedImage> panels = new ArrayList<>();
        panels.add(BitmapEncoder.getBufferedImage(chart("Loss", "loss", losses)));
        if (!metrics.isEmpty()) {
            panels.add(BitmapEncoder.getBufferedImage(chart("Metrics", "value", metrics)));
        }
        BufferedImage image = sideBySide(panels);
        AtomicFile.write(file, ch -> {
            OutputStream out = Channels.newOutputStream(ch);
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available in this JDK");
            }
            out.flush();
        });
    }

    private XYChart chart(String title, String yTitle, List<String> series) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        double[] x = epochs.stream().mapToDouble(Integer::doubleValue).toArray();
        for (String s : series) {
            chart.addSeries(s, x, column(s));
        }
        return chart;
    }

    private static BufferedImage sideBySide(List<BufferedImage> panels) {
        int width = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = panels.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        return out;
    }
}
