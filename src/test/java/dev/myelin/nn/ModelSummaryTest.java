package dev.myelin.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.myelin.autograd.GradMode;
import dev.myelin.nn.ModelSummary.Row;
import dev.myelin.tensor.Tensor;
import dev.myelin.testing.ScopedTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows of a summary agree with running the layers by hand, for sequential and branching models. */
class ModelSummaryTest extends ScopedTest {

    private static Map<String, Row> byPath(ModelSummary s) {
        Map<String, Row> rows = new LinkedHashMap<>();
        s.rows().forEach(r -> rows.put(r.path(), r));
        return rows;
    }

    @Test
    void sequentialRowsChainOutputShapesAndCountParameters() {
        try (Sequential mlp = new Sequential(new Flatten(), new Linear(784, 32, true, 1), new ReLU(), new Linear(32, 10, false, 2))) {
            ModelSummary s = ModelSummary.of(mlp, Tensor.zeros(3, 1, 28, 28));
            List<Row> rows = s.rows();
            assertEquals(List.of("", "0", "1", "2", "3"), rows.stream().map(Row::path).toList());
            assertEquals(List.of("Sequential", "Flatten", "Linear", "ReLU", "Linear"), rows.stream().map(Row::type).toList());
            assertArrayEquals(new int[] {3, 784}, rows.get(1).outputShape());
            assertArrayEquals(new int[] {3, 32}, rows.get(2).outputShape());
            assertArrayEquals(new int[] {3, 10}, rows.get(0).outputShape());
            assertEquals(784 * 32 + 32, rows.get(2).parameters());
            assertEquals(32 * 10, rows.get(4).parameters());
            assertEquals(784 * 32 + 32 + 320, s.totalParameters());
            assertEquals(s.totalParameters(), rows.get(0).parameters());
        }
    }

    @Test
    void aShortcutBranchGetsTheBlockInputAndShapesMatchRunningTheLayers() {
        try (BasicBlock block = new BasicBlock(8, 16, 2, 3)) {
            Tensor x = Tensor.randn(4, 2, 8, 12, 12);
            Map<String, Row> rows = byPath(ModelSummary.of(block, x));
            assertEquals(List.of("", "conv1", "bn1", "conv2", "bn2", "downsample", "downsample.0", "downsample.1"),
                    List.copyOf(rows.keySet()));
            Map<String, Module> children = block.namedChildren();
            try (var off = GradMode.noGrad()) {
                Tensor c1 = children.get("conv1").forward(x);
                assertArrayEquals(c1.shape(), rows.get("conv1").outputShape());
                assertArrayEquals(children.get("conv2").forward(c1).shape(), rows.get("conv2").outputShape());
                assertArrayEquals(children.get("downsample").forward(x).shape(), rows.get("downsample").outputShape());
                assertArrayEquals(block.forward(x).shape(), rows.get("").outputShape());
            }
            assertArrayEquals(new int[] {2, 16, 6, 6}, rows.get("downsample.1").outputShape());
            assertEquals(16 * 8, rows.get("downsample.0").parameters());
            assertEquals(2 * 16, rows.get("downsample.1").parameters());
            assertEquals(block.numParameters(), rows.get("").parameters());
        }
    }

    @Test
    void restoresTrainingModeAndLeavesNoGraph() {
        try (LeNet net = new LeNet(1)) {
            net.train();
            ModelSummary s = ModelSummary.of(net, Tensor.zeros(1, 1, 28, 28));
            assertTrue(net.isTraining());
            assertEquals(9, s.rows().size());
            net.eval();
            ModelSummary.of(net, Tensor.zeros(1, 1, 28, 28));
            assertFalse(net.isTraining());
            net.parameters().forEach(p -> assertEquals(null, p.grad()));
        }
    }

    @Test
    void anInputTheModelRejectsIsReportedByTheModule() {
        try (LeNet net = new LeNet(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelSummary.of(net, Tensor.zeros(1, 3, 28, 28)));
            assertEquals("LeNet: expected input [N, 1, 28, 28], got [1, 3, 28, 28]", e.getMessage());
        }
    }

    @Test
    void tableIndentsChildrenAndEndsWithTheTotal() {
        try (Sequential net = new Sequential(new Linear(4, 3, true, 1), new Sequential(new ReLU(), new Linear(3, 2, true, 2)))) {
            String table = ModelSummary.of(net, Tensor.zeros(5, 4)).table();
            assertEquals("""
                    layer    type        output shape  parameters
                    (model)  Sequential  [5, 2]                23
                      0      Linear      [5, 3]                15
                      1      Sequential  [5, 2]                 8
                        0    ReLU        [5, 3]                 0
                        1    Linear      [5, 2]                 8
                    input [5, 4]; 23 parameters
                    """, table);
        }
    }
}
