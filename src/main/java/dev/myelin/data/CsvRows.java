package dev.myelin.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The values of a CSV file as its lines are read, turned into a dataset at the end. */
final class CsvRows {
    private final CsvHeader header;
    private final CsvReader.LabelKind kind;
    private final List<String> classNames;
    private final int width;
    private final FloatList features = new FloatList();
    private final FloatList targets = new FloatList();
    private final List<String> labelTexts = new ArrayList<>();
    private final List<Integer> classIndices = new ArrayList<>();

    CsvRows(CsvHeader header, CsvReader.LabelKind kind, List<String> classNames, int width) {
        this.header = header;
        this.kind = kind;
        this.classNames = classNames;
        this.width = width;
    }

    void addFeature(int line, int column, String cell) throws MalformedDataException {
        features.add(header.number(line, column, cell));
    }

    void addLabel(int line, int column, String cell) throws MalformedDataException {
        String s = cell.trim();
        switch (kind) {
            case NUMERIC -> targets.add(header.number(line, column, cell));
            case CLASS_INDEX -> {
                if (!s.matches("\\d{1,9}")) {
                    throw header.error(line, header.where(column) + ": \"" + cell + "\" is not a class index (an integer >= 0)");
                }
                classIndices.add(Integer.parseInt(s));
            }
            case CATEGORICAL -> {
                if (classNames != null && !classNames.contains(s)) {
                    throw header.error(line, header.where(column) + ": label \"" + s + "\" is not one of the classes "
                            + classNames);
                }
                labelTexts.add(s);
            }
        }
    }

    CsvReader.Result result(List<String> featureNames, String labelName) {
        float[] x = features.toArray();
        int[] shape = {width};
        return switch (kind) {
            case NUMERIC -> new CsvReader.Result(ArrayDataset.regression(x, shape, targets.toArray(), 1), featureNames,
                    labelName, List.of());
            case CLASS_INDEX -> new CsvReader.Result(ArrayDataset.classification(x, shape,
                    classIndices.stream().mapToInt(Integer::intValue).toArray()), featureNames, labelName, List.of());
            case CATEGORICAL -> {
                List<String> classes = classNames != null ? classNames : sortedClasses(labelTexts);
                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < classes.size(); i++) {
                    index.put(classes.get(i), i);
                }
                int[] y = labelTexts.stream().mapToInt(index::get).toArray();
                yield new CsvReader.Result(ArrayDataset.classification(x, shape, y), featureNames, labelName, classes);
            }
        };
    }

    /** Distinct labels in numeric order when all are numbers (so "10" follows "9"), else in string order. */
    static List<String> sortedClasses(List<String> labels) {
        boolean numeric = labels.stream().allMatch(CsvHeader::isNumber);
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order.thenComparing(Comparator.naturalOrder()));
        distinct.addAll(labels);
        return List.copyOf(distinct);
    }

    /** A growable float array, so large files are not boxed. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.multiplyExact(size, 2));
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
