package dev.myelin.testing;

import dev.myelin.memory.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs each test inside its own {@link Scope}, so everything a test creates is freed after it. */
public abstract class ScopedTest {
    protected Scope scope;

    @BeforeEach
    void openScope() {
        scope = Scope.open("test");
    }

    @AfterEach
    void closeScope() {
        scope.close();
    }
}
