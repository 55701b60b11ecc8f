package dev.myelin.cli;

import dev.myelin.Myelin;
import dev.myelin.backend.dnnl.DnnlMatMul;
import dev.myelin.backend.dnnl.Eltwise;
import dev.myelin.ffi.NativeLoadException;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.util.Arrays;

/** The runnable jar's command line. */
public final class Main {
    private static final String USAGE = """
            usage: java -jar myelin.jar <command>

            commands:
              info    versions of Myelin, OpenBLAS and oneDNN, the CPU instruction set, threads,
                      and where the native libraries were loaded from
              demo    a short tour: tensors, views, GEMM through OpenBLAS, ReLU and matmul through oneDNN
              help    this text
            """;

    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            switch (command) {
                case "info" -> System.out.print(Myelin.info());
                case "demo" -> demo();
                case "help", "--help", "-h" -> System.out.print(USAGE);
                default -> {
                    System.err.println("unknown command '" + command + "'\n");
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        } catch (NativeLoadException e) {
            System.err.println("myelin: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void demo() {
        System.out.print(Myelin.info());
        try (Scope step = Scope.open("demo")) {
            Tensor a = Tensor.arange(6).view(2, 3);
            Tensor b = Tensor.arange(12).view(4, 3).t(); // a transposed view: BLAS reads it in place
            System.out.println("\na = " + a);
            System.out.println("b = " + b);
            System.out.println("a @ b (OpenBLAS sgemm) = " + a.matmul(b));
            System.out.println("a @ b (oneDNN matmul)  = " + DnnlMatMul.matmul(a, b));
            Tensor x = Tensor.randn(42, 2, 4);
            System.out.println("x = " + x);
            System.out.println("relu(x) (oneDNN eltwise) = " + Eltwise.relu(x));
            System.out.println("d relu / dx for dy = 1: " + Arrays.toString(Eltwise.reluBackward(x, Tensor.ones(2, 4)).toFloatArray()));
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
            System.out.printf("%n1024x1024x1024 sgemm: %.1f GFLOP/s (untuned loop; `make bench` for JMH figures)%n", 2.0 * n * n * n / sec / 1e9);
        }
    }
}
