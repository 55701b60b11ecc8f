package dev.myelin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main#run} with captured stdout and stderr. */
abstract class CommandTestSupport {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    int run(String... args) {
        outBytes.reset();
        errBytes.reset();
        return Main.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8));
    }

    String out() {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** Exit code 2, the message on stderr with the pointer to --help, nothing on stdout. */
    void assertUsageError(String message, String... args) {
        assertEquals(2, run(args), err());
        assertEquals("myelin " + args[0] + ": " + message + "\n(see 'java -jar myelin.jar " + args[0] + " --help')\n", err());
        assertEquals("", out());
    }
}
