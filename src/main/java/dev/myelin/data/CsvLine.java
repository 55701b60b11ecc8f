package dev.myelin.data;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into cells: fields may be quoted with {@code "}, a doubled {@code ""} inside being one quote. */
final class CsvLine {
    private CsvLine() {}

    /** The cells, or throws IllegalArgumentException describing the quoting problem (the caller adds file and line). */
    static List<String> split(String line, char delimiter) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i = quoted(line, i + 1, cell);
                if (i < line.length() && line.charAt(i) != delimiter) {
                    throw new IllegalArgumentException("unexpected '" + line.charAt(i) + "' after the closing quote of column "
                            + cells.size() + " (character " + (i + 1) + ")");
                }
            } else {
                int end = line.indexOf(delimiter, i);
                end = end < 0 ? line.length() : end;
                cell.append(line, i, end);
                i = end;
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= line.length()) {
                return cells;
            }
            i++; // the delimiter
        }
    }

    /** Appends a quoted field's text starting after its opening quote; returns the index after the closing quote. */
    private static int quoted(String line, int i, StringBuilder cell) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            cell.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated quoted field (quoted line breaks are not supported)");
    }
}
