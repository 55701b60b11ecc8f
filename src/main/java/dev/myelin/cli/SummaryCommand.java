package dev.myelin.cli;

import dev.myelin.memory.Scope;
import dev.myelin.nn.ModelSummary;
import dev.myelin.nn.Module;
import dev.myelin.tensor.Tensor;
import java.io.PrintStream;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@code summary --model NAME}: the table of {@link ModelSummary} (layers, output shapes, parameter
 * counts) for a built-in model with the settings {@code train} uses by default.
 */
final class SummaryCommand {
    static final String NAME = "summary";
    private static final long SEED = 42;

    /** A built-in model: how to build it and an example input for a batch size. */
    record Entry(String name, Supplier<Module> build, IntFunction<Tensor> example) {}

    /** Every model the command knows; one line each. */
    static final List<Entry> MODELS = List.of(
            new Entry("mlp", () -> TrainCommand.model("mlp", 28 * 28, new int[] {256, 256}, 0.2f, SEED), SummaryCommand::image),
            new Entry("lenet", () -> TrainCommand.model("lenet", 28 * 28, null, 0, SEED), SummaryCommand::image),
            new Entry("resnet", () -> TrainCommand.model("resnet", 28 * 28, null, 0, SEED), SummaryCommand::image));

    private SummaryCommand() {}

    static Options options() {
        return new Options()
                .option("model", "NAME", null, "the model: " + names() + " (as `train --model NAME` builds it by default)")
                .option("batch-size", "N", "1", "batch size of the example input");
    }

    static String usage() {
        return "usage: java -jar myelin.jar summary --model NAME [options]\n\n"
                + "Prints a built-in model's layers with their output shapes and parameter counts.\n\n"
                + "options:\n" + options().help();
    }

    static int run(String[] args, PrintStream out) throws UsageException {
        Options o = options().parse(args);
        if (o.string("model") == null) {
            throw new UsageException("--model is required: one of " + names());
        }
        Entry entry = find(o.string("model"));
        int batch = o.positiveInt("batch-size");
        try (Module model = entry.build().get(); Scope scope = Scope.open("summary")) {
            out.print(ModelSummary.of(model, entry.example().apply(batch)).table());
        }
        out.flush();
        return 0;
    }

    private static Entry find(String name) throws UsageException {
        for (Entry e : MODELS) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new UsageException("--model must be one of " + names() + "; got '" + name + "'");
    }

    private static String names() {
        return String.join(", ", MODELS.stream().map(Entry::name).toList());
    }

    /** A Fashion-MNIST-shaped batch: [batch, 1, 28, 28]. */
    private static Tensor image(int batch) {
        return Tensor.zeros(batch, 1, 28, 28);
    }
}
