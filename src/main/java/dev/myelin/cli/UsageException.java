package dev.myelin.cli;

/** A command line that cannot be run as given: the message says what is wrong; the exit code is 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
