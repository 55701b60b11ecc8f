package dev.myelin.nn;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Shapes;
import dev.myelin.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of a model's modules (Keras' {@code model.summary()}): each module's dotted path, type,
 * output shape for an example input, and parameter count (a container's count includes its children).
 *
 * <p>The shapes come from running the modules in evaluation mode without recording, on zero tensors of
 * the example's shape and type: the model on the example; the children of a {@link Sequential} each on
 * the previous one's output; the children of any other module in registration order, each on the
 * previous one's output, except that a child which does not accept that input (a shortcut branch such as
 * {@link BasicBlock}'s {@code downsample}) runs on the module's own input. Functional steps between
 * children (a ReLU, a residual add) keep shapes, so this matches the module's real data flow for the
 * built-in models; the row of every module itself always comes from running it.
 */
public final class ModelSummary {
    /** One module: its path ("" for the model), type, output shape and parameters (its children's included). */
    public record Row(String path, String type, int depth, int[] outputShape, long parameters) {}

    private final List<Row> rows;
    private final int[] inputShape;
    private final long totalParameters;

    private ModelSummary(List<Row> rows, int[] inputShape, long totalParameters) {
        this.rows = List.copyOf(rows);
        this.inputShape = inputShape;
        this.totalParameters = totalParameters;
    }

    /**
     * The summary of {@code model} for inputs like {@code example} (only its shape and type are used).
     * The model's training mode is restored afterwards. Throws what the model throws for an input it
     * does not accept (the message names the module).
     */
    public static ModelSummary of(Module model, Tensor example) {
        boolean training = model.isTraining();
        List<Row> rows = new ArrayList<>();
        try (var off = GradMode.noGrad(); Scope scope = Scope.open("model summary")) {
            model.eval();
            visit(model, "", 0, Tensor.zeros(example.dtype(), example.shape()), rows);
        } finally {
            model.train(training);
        }
        return new ModelSummary(rows, example.shape(), model.numParameters());
    }

    /** Adds {@code m}'s row and its descendants' rows; returns {@code m}'s output for {@code input}. */
    private static Tensor visit(Module m, String path, int depth, Tensor input, List<Row> rows) {
        Tensor out = m.forward(input);
        rows.add(new Row(path, m.getClass().getSimpleName(), depth, out.shape(), m.numParameters()));
        Tensor previous = input;
        boolean chained = m instanceof Sequential;
        for (var child : m.namedChildren().entrySet()) {
            String childPath = path.isEmpty() ? child.getKey() : path + "." + child.getKey();
            Module c = child.getValue();
            if (chained || accepts(c, previous)) {
                previous = visit(c, childPath, depth + 1, previous, rows);
            } else {
                visit(c, childPath, depth + 1, input, rows); // a branch off the module's input
            }
        }
        return out;
    }

    private static boolean accepts(Module m, Tensor input) {
        try {
            m.forward(input);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public List<Row> rows() {
        return rows;
    }

    /** Learnable scalars of the model, each parameter counted once. */
    public long totalParameters() {
        return totalParameters;
    }

    /**
     * The table: one line per module, children indented under their parent, then the total, e.g.
     * <pre>
     * layer           type        output shape      parameters
     * (model)         LeNet       [1, 10]           454,922
     *   conv1         Conv2d      [1, 32, 28, 28]   832
     * </pre>
     */
    public String table() {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"layer", "type", "output shape", "parameters"});
        for (Row r : rows) {
            String name = r.path().isEmpty() ? "(model)" : r.path().substring(r.path().lastIndexOf('.') + 1);
            cells.add(new String[] {"  ".repeat(r.depth()) + name, r.type(), Shapes.str(r.outputShape()), count(r.parameters())});
        }
        int[] width = new int[4];
        for (String[] line : cells) {
            for (int i = 0; i < 4; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] line : cells) {
            sb.append(String.format(Locale.ROOT, "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %"
                    + width[3] + "s%n", (Object[]) line));
        }
        sb.append(String.format(Locale.ROOT, "input %s; %s parameters%n", Shapes.str(inputShape), count(totalParameters)));
        return sb.toString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
