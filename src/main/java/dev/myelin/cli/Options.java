package dev.myelin.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --name value} (or {@code --name=value}) options of one command, each with a default
 * and a line of help. Parsing refuses unknown options, missing values, repeats and stray arguments;
 * the typed getters refuse values of the wrong kind, naming the option and the value.
 */
final class Options {
    private record Spec(String defaultValue, String metavar, String help) {}

    private final Map<String, Spec> specs = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Declares {@code --name METAVAR}; {@code defaultValue} may be null (then the option is unset unless given). */
    Options option(String name, String metavar, String defaultValue, String help) {
        specs.put(name, new Spec(defaultValue, metavar, help));
        return this;
    }

    /** Whether {@code args} ask for help ({@code --help} or {@code -h} anywhere). */
    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** The raw value of {@code --name} in {@code args} (either spelling), or null: for dispatching before parsing. */
    static String peek(String[] args, String name) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--" + name + "=")) {
                return args[i].substring(name.length() + 3);
            }
        }
        return null;
    }

    /** Reads {@code args} (the words after the command name). */
    Options parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!specs.containsKey(name)) {
                throw new UsageException("unknown option '--" + name + "'");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("option --" + name + " needs a value (" + specs.get(name).metavar() + ")");
            }
            if (values.put(name, value) != null) {
                throw new UsageException("option --" + name + " given twice");
            }
        }
        return this;
    }

    /** The value given, else the default (null when neither). */
    String string(String name) {
        String v = values.get(name);
        return v != null ? v : specs.get(name).defaultValue();
    }

    boolean isGiven(String name) {
        return values.containsKey(name);
    }

    int positiveInt(String name) throws UsageException {
        String v = string(name);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a positive integer, got '" + v + "'");
    }

    long integer(String name) throws UsageException {
        String v = string(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    /** A number in [min, max). */
    double number(String name, double min, double max) throws UsageException {
        String v = string(name);
        try {
            double d = Double.parseDouble(v);
            if (d >= min && d < max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " must be a number in [" + min + ", " + max + "), got '" + v + "'");
    }

    /** One of {@code allowed}. */
    String choice(String name, String... allowed) throws UsageException {
        String v = string(name);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new UsageException("--" + name + " must be one of " + String.join(", ", allowed) + "; got '" + v + "'");
    }

    /** A path, or null when the option has no value. */
    Path path(String name) {
        String v = string(name);
        return v == null ? null : Path.of(v);
    }

    /** The option lines of a command's help. */
    String help() {
        StringBuilder sb = new StringBuilder();
        specs.forEach((name, s) -> {
            String left = "  --" + name + " " + s.metavar();
            sb.append(left).append(" ".repeat(Math.max(2, 28 - left.length()))).append(s.help());
            if (s.defaultValue() != null) {
                sb.append(" (default ").append(s.defaultValue()).append(')');
            }
            sb.append('\n');
        });
        return sb.toString();
    }
}
