package dev.myelin.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads a CSV file with a header row into an {@link ArrayDataset}: numeric feature columns (all but the
 * label by default, or chosen by name or index) and one label column, read as
 * <ul>
 * <li>{@link LabelKind#CATEGORICAL} (default): any text, mapped to class indices 0..k-1 in sorted order
 *     (numeric order when every label is a number), or by a given list of class names so that a test file
 *     maps like its training file;</li>
 * <li>{@link LabelKind#CLASS_INDEX}: integers >= 0, used as they are;</li>
 * <li>{@link LabelKind#NUMERIC}: a float regression target.</li>
 * </ul>
 * Cells may be quoted ({@code "a, b"}); blank lines are skipped. Errors name the file, the line and the
 * column. Scale features with {@link Standardizer}, fitted on the training split only:
 * <pre>{@code
 * CsvReader reader = new CsvReader().label("species").features("sepal length", "petal length");
 * CsvReader.Result train = reader.read(trainCsv);
 * CsvReader.Result test = reader.categoricalLabels(train.classNames()).read(testCsv); // same class indices
 * Standardizer scale = Standardizer.fit(train.dataset());
 * Dataset trainSet = scale.apply(train.dataset()), testSet = scale.apply(test.dataset());
 * }</pre>
 */
public final class CsvReader {
    /** How the label column is read. */
    public enum LabelKind { CATEGORICAL, CLASS_INDEX, NUMERIC }

    /** What was read: the dataset, the names of its feature columns, and the class names (label i is classNames[i]). */
    public record Result(ArrayDataset dataset, List<String> featureNames, String labelName, List<String> classNames) {}

    private Object label;
    private Object[] features;
    private LabelKind kind = LabelKind.CATEGORICAL;
    private List<String> classNames;
    private char delimiter = ',';

    /** The label column by header name. */
    public CsvReader label(String column) {
        this.label = column;
        return this;
    }

    /** The label column by index from 0. */
    public CsvReader label(int column) {
        this.label = column;
        return this;
    }

    /** The feature columns by header name, in this order; by default every column except the label. */
    public CsvReader features(String... columns) {
        this.features = columns.clone();
        return this;
    }

    /** The feature columns by index from 0, in this order. */
    public CsvReader features(int... columns) {
        this.features = Arrays.stream(columns).boxed().toArray();
        return this;
    }

    /** Text labels mapped to class indices in sorted order (the default). */
    public CsvReader categoricalLabels() {
        this.kind = LabelKind.CATEGORICAL;
        this.classNames = null;
        return this;
    }

    /** Text labels mapped by position in {@code classNames}; another label is an error. */
    public CsvReader categoricalLabels(List<String> classNames) {
        this.kind = LabelKind.CATEGORICAL;
        this.classNames = List.copyOf(classNames);
        return this;
    }

    /** Labels that are already class indices 0, 1, ... */
    public CsvReader classIndexLabels() {
        this.kind = LabelKind.CLASS_INDEX;
        return this;
    }

    /** The label column is a float regression target. */
    public CsvReader numericTarget() {
        this.kind = LabelKind.NUMERIC;
        return this;
    }

    public CsvReader delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    public Result read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /** Reads from any reader; {@code name} stands for the file in error messages. */
    public Result read(Reader source, String name) throws IOException {
        if (label == null) {
            throw new IllegalStateException("CsvReader: no label column chosen; call label(name) or label(index)");
        }
        BufferedReader in = source instanceof BufferedReader b ? b : new BufferedReader(source);
        String headerLine = in.readLine();
        if (headerLine == null) {
            throw new MalformedDataException(name, "line 1", "empty file, expected a header row");
        }
        String withoutBom = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
        CsvHeader header = new CsvHeader(name, cells(name, 1, withoutBom).stream().map(String::trim).toList());
        int labelColumn = header.column(label, "label");
        int[] featureColumns = featureColumns(header, labelColumn);
        CsvRows rows = new CsvRows(header, kind, classNames, featureColumns.length);
        int lineNo = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = cells(name, lineNo, line);
            if (cells.size() != header.size()) {
                throw header.error(lineNo, cells.size() + " columns, but the header has " + header.size());
            }
            for (int c : featureColumns) {
                rows.addFeature(lineNo, c, cells.get(c));
            }
            rows.addLabel(lineNo, labelColumn, cells.get(labelColumn));
        }
        List<String> featureNames = Arrays.stream(featureColumns).mapToObj(header::name).toList();
        return rows.result(featureNames, header.name(labelColumn));
    }

    private List<String> cells(String name, int lineNo, String line) throws MalformedDataException {
        try {
            return CsvLine.split(line, delimiter);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(name, "line " + lineNo, e.getMessage());
        }
    }

    private int[] featureColumns(CsvHeader header, int labelColumn) throws MalformedDataException {
        if (features == null) {
            return IntStream.range(0, header.size()).filter(i -> i != labelColumn).toArray();
        }
        int[] cols = new int[features.length];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = header.column(features[i], "feature");
            if (cols[i] == labelColumn) {
                throw header.error(1, "column '" + header.name(cols[i]) + "' is both the label and a feature");
            }
        }
        return cols;
    }
}
