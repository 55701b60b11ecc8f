package dev.myelin.tensor;

/** PyTorch-like printing: nested brackets, long dimensions summarised as {@code a, b, c, ..., x, y, z}. */
final class TensorFormat {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        String head = "tensor(";
        StringBuilder sb = new StringBuilder(head);
        if (!t.storage().isAlive()) {
            return "tensor(<freed>, shape=" + Shapes.str(t.shape()) + ", dtype=" + t.dtype() + ")";
        }
        boolean summarise = t.numel() > SUMMARY_THRESHOLD;
        append(sb, t, new long[t.dim()], 0, summarise, head.length());
        sb.append(", shape=").append(Shapes.str(t.shape())).append(", dtype=").append(t.dtype()).append(')');
        return sb.toString();
    }

    private static void append(StringBuilder sb, Tensor t, long[] index, int d, boolean summarise, int indent) {
        if (d == t.dim()) {
            sb.append(t.dtype() == DType.FLOAT32 ? String.format("%.4f", t.getFloat(index)) : Long.toString(t.getLong(index)));
            return;
        }
        int n = t.size(d);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarise && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE;
                sb.append(d == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + d + 1));
            }
            index[d] = i;
            append(sb, t, index, d + 1, summarise, indent);
            if (i < n - 1) {
                sb.append(d == t.dim() - 1 ? ", " : ",\n" + " ".repeat(indent + d + 1));
            }
        }
        sb.append(']');
    }
}
