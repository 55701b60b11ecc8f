package dev.myelin.data;

import java.util.List;
import java.util.regex.Pattern;

/** A CSV file's header row: finds columns by name or index and parses cells, with errors naming file, line and column. */
final class CsvHeader {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final String file;
    private final List<String> names;

    CsvHeader(String file, List<String> names) {
        this.file = file;
        this.names = names;
    }

    int size() {
        return names.size();
    }

    String name(int column) {
        return names.get(column);
    }

    MalformedDataException error(int line, String problem) {
        return new MalformedDataException(file, "line " + line, problem);
    }

    /** The column a selector (an Integer index or a String name) stands for; {@code role} is "label" or "feature". */
    int column(Object selector, String role) throws MalformedDataException {
        if (selector instanceof Integer index) {
            if (index < 0 || index >= names.size()) {
                throw error(1, role + " column " + index + " out of range: the header has " + names.size() + " columns " + names);
            }
            return index;
        }
        int found = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(selector)) {
                if (found >= 0) {
                    throw error(1, "column name '" + selector + "' appears twice (columns " + found + " and " + i
                            + "); choose the " + role + " column by index");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw error(1, "no " + role + " column named '" + selector + "' in the header " + names);
        }
        return found;
    }

    /** "column 'age' (index 1)", for messages. */
    String where(int column) {
        return "column '" + names.get(column) + "' (index " + column + ")";
    }

    /** A finite decimal number (no NaN, no Infinity, no Java suffixes such as 1f). */
    float number(int line, int column, String cell) throws MalformedDataException {
        String s = cell.trim();
        if (!isNumber(s)) {
            throw error(line, where(column) + ": \"" + cell + "\" is not a number");
        }
        float v = Float.parseFloat(s);
        if (!Float.isFinite(v)) {
            throw error(line, where(column) + ": " + s + " is out of the float range");
        }
        return v;
    }

    static boolean isNumber(String s) {
        return NUMBER.matcher(s).matches();
    }
}
