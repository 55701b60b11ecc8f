package dev.myelin.cli;

import dev.myelin.Myelin;
import dev.myelin.backend.dnnl.DnnlMatMul;
import dev.myelin.backend.dnnl.Eltwise;
import dev.myelin.ffi.NativeLoadException;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** The runnable jar's command line. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar myelin.jar <command> [options]

            commands:
              info    versions of Myelin, OpenBLAS and oneDNN, the CPU instruction set, threads,
                      and where the native libraries were loaded from
              demo    a short tour: tensors, views, GEMM through OpenBLAS, ReLU and matmul through oneDNN
              train   train a built-in model and print its test metric: an image classifier on Fashion-MNIST
                      (--model mlp|lenet|resnet), a recurrent network on the adding problem
                      (--model lstm|gru|rnn --task adding), a sequence-to-sequence model or a Transformer
                      on a sequence task (--model seq2seq|seq2seq-attention|transformer --task reverse)
              summary a built-in model's layers, output shapes and parameter counts
              bench   time the benchmark workloads (W1-W8) and print the median of each
              embed   learn word vectors from a text (word2vec, ppmi, lsa) and print nearest neighbours
              help    this text

            '<command> --help' describes a command's options.
            """;

    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command line; returns the exit code: 0 done, 1 failed, 2 bad command line. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "info" -> {
                    if (!helpOrNoArgs(rest, out, "usage: java -jar myelin.jar info\n\nPrints versions, the CPU, "
                            + "threads and where the native libraries were loaded from.\n")) {
                        out.print(Myelin.info());
                    }
                }
                case "demo" -> {
                    if (!helpOrNoArgs(rest, out, "usage: java -jar myelin.jar demo\n\nA short tour of tensors, views, "
                            + "OpenBLAS GEMM and oneDNN primitives.\n")) {
                        demo(out);
                    }
                }
                case TrainCommand.NAME -> {
                    return train(rest, out, err);
                }
                case SummaryCommand.NAME -> {
                    return withHelp(rest, out, SummaryCommand.usage(), () -> SummaryCommand.run(rest, out));
                }
                case BenchCommand.NAME -> {
                    return withHelp(rest, out, BenchCommand.usage(), () -> BenchCommand.run(rest, out, err));
                }
                case EmbedCommand.NAME -> {
                    return EmbedCommand.run(rest, out, err);
                }
                case "help", "--help", "-h" -> out.print(USAGE);
                default -> {
                    err.println("myelin: unknown command '" + command + "'\n");
                    err.print(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (UsageException e) {
            err.println("myelin " + command + ": " + e.getMessage() + "\n(see 'java -jar myelin.jar " + command + " --help')");
            return 2;
        } catch (NativeLoadException | IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            err.println("myelin " + command + ": " + e.getMessage()); // bad data, a diverging run, a full disk: no stack trace
            return 1;
        }
    }

    /**
     * {@code train}: image classifiers go to {@link TrainCommand}; each other model family has its own
     * tasks and options, chosen by the {@code --model} value.
     */
    private static int train(String[] rest, PrintStream out, PrintStream err) throws UsageException, IOException {
        String model = Options.peek(rest, "model");
        switch (model == null ? "" : model) {
            case "seq2seq", "seq2seq-attention" -> { return Seq2SeqCommand.run(rest, out, err); }
            case TransformerTrainCommand.MODEL -> { return TransformerTrainCommand.run(rest, out, err); }
            case "lstm", "gru", "rnn" -> {
                return RecurrentTrainCommand.run(rest, out, err);
            }
            default -> {
                if (Options.wantsHelp(rest)) {
                    out.print(TrainCommand.usage());
                    return 0;
                }
                return TrainCommand.run(rest, out, err);
            }
        }
    }

    /** A command's body; UsageException for a bad command line. */
    private interface Command {
        int run() throws UsageException;
    }

    /** Prints {@code help} for --help (exit code 0), otherwise runs {@code command}. */
    private static int withHelp(String[] rest, PrintStream out, String help, Command command) throws UsageException {
        if (Options.wantsHelp(rest)) {
            out.print(help);
            return 0;
        }
        return command.run();
    }

    /** Prints {@code help} for --help and returns true; refuses other arguments. */
    private static boolean helpOrNoArgs(String[] rest, PrintStream out, String help) throws UsageException {
        if (Options.wantsHelp(rest)) {
            out.print(help);
            return true;
        }
        new Options().parse(rest); // no options: anything given is an error
        return false;
    }

    private static void demo(PrintStream out) {
        out.print(Myelin.info());
        try (Scope step = Scope.open("demo")) {
            Tensor a = Tensor.arange(6).view(2, 3);
            Tensor b = Tensor.arange(12).view(4, 3).t(); // a transposed view: BLAS reads it in place
            out.println("\na = " + a);
            out.println("b = " + b);
            out.println("a @ b (OpenBLAS sgemm) = " + a.matmul(b));
            out.println("a @ b (oneDNN matmul)  = " + DnnlMatMul.matmul(a, b));
            Tensor x = Tensor.randn(42, 2, 4);
            out.println("x = " + x);
            out.println("relu(x) (oneDNN eltwise) = " + Eltwise.relu(x));
            out.println("d relu / dx for dy = 1: " + Arrays.toString(Eltwise.reluBackward(x, Tensor.ones(2, 4)).toFloatArray()));
            long n = 1024;
            Tensor m = Tensor.randn(1, (int) n, (int) n);
            long t0 = System.nanoTime();
            int reps = 20;
            for (int i = 0; i < reps; i++) {
                try (Scope inner = Scope.open("gemm")) {
                    m.matmul(m);
                }
            }
            double sec = (System.nanoTime() - t0) / 1e9 / reps;
            out.printf("%n1024x1024x1024 sgemm: %.1f GFLOP/s (untuned loop; `make bench` for JMH figures)%n", 2.0 * n * n * n / sec / 1e9);
        }
    }
}
