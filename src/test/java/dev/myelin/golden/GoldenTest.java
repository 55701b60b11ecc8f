package dev.myelin.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.myelin.memory.Scope;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One golden fixture file against the Myelin ops that implement its cases: every case must match
 * PyTorch (see {@link GoldenCheck} for the tolerance), and every registered op must have cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GoldenTest {
    private final String file;
    private final Map<String, GoldenCheck.Op> ops;
    private Scope scope;

    GoldenTest(String file, Map<String, GoldenCheck.Op> ops) {
        this.file = file;
        this.ops = ops;
    }

    @BeforeEach
    void open() {
        scope = Scope.open("golden");
    }

    @AfterEach
    void close() {
        scope.close();
    }

    Stream<Golden.Case> cases() {
        return Golden.cases(file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyTorch(Golden.Case c) {
        GoldenCheck.run(c, ops);
    }

    @Test
    void everyRegisteredOpHasCases() {
        assertFalse(Golden.load(file).torch().isBlank(), file + " does not say which PyTorch wrote it");
        assertEquals(new TreeSet<>(ops.keySet()), cases().map(Golden.Case::op).collect(Collectors.toCollection(TreeSet::new)),
                "ops registered for " + file + " vs ops in its cases");
    }
}
