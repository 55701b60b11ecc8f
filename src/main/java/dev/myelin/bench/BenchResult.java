package dev.myelin.bench;

import java.util.List;

/** One workload's figure, as {@code make bench} and {@code java -jar myelin.jar bench} report it. */
public record BenchResult(String id, String median, String unit) {

    /** The machine-readable line {@code W7 median=331.20 unit=gflops} (what the Makefile's comparisons read). */
    public String line() {
        return id + " median=" + median + " unit=" + unit;
    }

    /** The results as a table with the columns workload, median, unit. */
    public static String table(List<BenchResult> results) {
        int idWidth = "workload".length();
        int medianWidth = "median".length();
        for (BenchResult r : results) {
            idWidth = Math.max(idWidth, r.id().length());
            medianWidth = Math.max(medianWidth, r.median().length());
        }
        String format = "%-" + idWidth + "s  %" + medianWidth + "s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(format, "workload", "median", "unit"));
        for (BenchResult r : results) {
            sb.append(String.format(format, r.id(), r.median(), r.unit()));
        }
        return sb.toString();
    }
}
