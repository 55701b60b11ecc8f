package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code summary}: help, argument errors, and the table of each built-in model. */
class SummaryCommandTest extends CommandTestSupport {

    @Test
    void helpAndBadCommandLines() {
        assertEquals(0, run("summary", "-h"));
        assertTrue(out().startsWith("usage: java -jar myelin.jar summary --model NAME [options]"), out());
        assertTrue(out().contains("\n  --model NAME ") && out().contains("mlp, lenet, resnet"), out());
        assertUsageError("--model is required: one of mlp, lenet, resnet", "summary");
        assertUsageError("--model must be one of mlp, lenet, resnet; got 'vgg'", "summary", "--model", "vgg");
        assertUsageError("--batch-size must be a positive integer, got '-2'", "summary", "--model", "mlp", "--batch-size", "-2");
        assertUsageError("unknown option '--depth'", "summary", "--model", "mlp", "--depth", "2");
    }

    @Test
    void lenetTableHasEveryLayerWithItsShapeAndParameters() {
        assertEquals(0, run("summary", "--model", "lenet", "--batch-size", "4"), err());
        String table = out();
        // conv1: 32 x 1 x 5 x 5 + 32; conv2: 64 x 32 x 5 x 5 + 64; fc1: 3136 x 128 + 128; fc2: 128 x 10 + 10
        assertTrue(table.matches("(?s)layer +type +output shape +parameters\n\\(model\\) +LeNet +\\[4, 10\\] +454,922\n.*"), table);
        assertTrue(table.contains("  conv1    Conv2d     [4, 32, 28, 28]         832\n"), table);
        assertTrue(table.contains("  conv2    Conv2d     [4, 64, 14, 14]      51,264\n"), table);
        assertTrue(table.contains("  flatten  Flatten    [4, 3136]                 0\n"), table);
        assertTrue(table.contains("  fc1      Linear     [4, 128]            401,536\n"), table);
        assertTrue(table.endsWith("input [4, 1, 28, 28]; 454,922 parameters\n"), table);
    }

    @Test
    void mlpAndResnetTables() {
        assertEquals(0, run("summary", "--model", "mlp"), err());
        assertTrue(out().contains("[1, 10]") && out().endsWith("; " + String.format("%,d", 784 * 256 + 256 + 256 * 256 + 256 + 2570)
                + " parameters\n"), out());
        assertEquals(0, run("summary", "--model=resnet"), err());
        assertTrue(out().contains("downsample") && out().contains("[1, 64, 7, 7]"), out());
    }
}
