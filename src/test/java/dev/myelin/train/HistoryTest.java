package dev.myelin.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-epoch history as CSV and as a PNG chart. */
class HistoryTest {
    @TempDir
    Path dir;

    private static Map<String, Double> row(double loss, double acc, double valLoss, double valAcc) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("accuracy", acc);
        m.put("val_loss", valLoss);
        m.put("val_accuracy", valAcc);
        m.put("lr", 1e-3);
        return m;
    }

    private static History sample() {
        History h = new History();
        h.add(1, row(0.9, 0.5, 0.8, 0.55));
        h.add(2, row(0.5, 0.75, 0.6, 0.7));
        h.add(3, row(0.25, 0.875, 0.65, 0.6875));
        return h;
    }

    @Test
    void csvHasAHeaderAndOneExactLinePerEpoch() throws IOException {
        Path csv = dir.resolve("history.csv");
        sample().writeCsv(csv);
        assertEquals(List.of("epoch,loss,accuracy,val_loss,val_accuracy,lr",
                "1,0.9,0.5,0.8,0.55,0.001",
                "2,0.5,0.75,0.6,0.7,0.001",
                "3,0.25,0.875,0.65,0.6875,0.001"), Files.readAllLines(csv));
    }

    @Test
    void csvRoundTripsTheValuesOfARealRunAndLeavesMissingOnesEmpty() throws IOException {
        History h = new History();
        h.add(1, Map.of("loss", 1 / 3.0));
        Map<String, Double> second = new LinkedHashMap<>();
        second.put("loss", Math.PI / 7);
        second.put("val_loss", 1e-7);
        h.add(2, second);
        List<String> lines = List.of(h.toCsv().split("\n"));
        assertEquals("epoch,loss,val_loss", lines.get(0));
        assertEquals("1," + (1 / 3.0) + ",", lines.get(1));
        String[] cells = lines.get(2).split(",");
        assertEquals(Math.PI / 7, Double.parseDouble(cells[1]), 0, "shortest exact decimal");
        assertEquals(1e-7, Double.parseDouble(cells[2]), 0);
        assertArrayEquals(new double[] {Double.NaN, 1e-7}, h.column("val_loss"));
    }

    @Test
    void pngIsAValidImageWithALossAndAMetricsPanel() throws IOException {
        Path png = dir.resolve("history.png");
        sample().writePng(png);
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth(), "two 640-pixel panels side by side");
        assertEquals(420, image.getHeight());
        long distinct = Arrays.stream(image.getRGB(0, 0, 1280, 420, null, 0, 1280)).distinct().count();
        assertEquals(true, distinct > 10, "something is drawn: " + distinct + " colours");

        History lossOnly = new History();
        lossOnly.add(1, Map.of("loss", 1.0, "lr", 0.1));
        lossOnly.writePng(png);
        assertEquals(640, ImageIO.read(png.toFile()).getWidth(), "one panel when there is no metric");
        assertThrows(IllegalStateException.class, () -> new History().writePng(png));
    }
}
