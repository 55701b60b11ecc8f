package dev.myelin.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named hyper-parameters of an optimizer or of one {@link ParamGroup}, under PyTorch's names
 * ({@code lr}, {@code weight_decay}, {@code momentum}, {@code beta1}/{@code beta2} for {@code betas},
 * {@code eps}, {@code amsgrad}, ...). A value is a number or a flag. Built fluently:
 * {@code HyperParams.of().lr(3e-4).weightDecay(1e-2).set("amsgrad", true)}; an optimizer merges
 * these onto its defaults and rejects names it does not know.
 */
public final class HyperParams {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    private HyperParams() {}

    /** An empty set: every hyper-parameter keeps the optimizer's default. */
    public static HyperParams of() {
        return new HyperParams();
    }

    public HyperParams set(String name, double value) {
        values.put(name, value);
        return this;
    }

    public HyperParams set(String name, boolean flag) {
        values.put(name, flag);
        return this;
    }

    public HyperParams lr(double lr) {
        return set("lr", lr);
    }

    public HyperParams weightDecay(double weightDecay) {
        return set("weight_decay", weightDecay);
    }

    public HyperParams momentum(double momentum) {
        return set("momentum", momentum);
    }

    public HyperParams eps(double eps) {
        return set("eps", eps);
    }

    /** PyTorch's {@code betas=(beta1, beta2)}. */
    public HyperParams betas(double beta1, double beta2) {
        return set("beta1", beta1).set("beta2", beta2);
    }

    /** A numeric hyper-parameter. */
    public double get(String name) {
        Object v = require(name);
        if (!(v instanceof Double d)) {
            throw new IllegalArgumentException("hyper-parameter '" + name + "' is a flag, not a number");
        }
        return d;
    }

    /** A true/false hyper-parameter. */
    public boolean flag(String name) {
        Object v = require(name);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("hyper-parameter '" + name + "' is a number, not a flag");
        }
        return b;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    Map<String, Object> asMap() {
        return values;
    }

    HyperParams copy() {
        HyperParams h = new HyperParams();
        h.values.putAll(values);
        return h;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no hyper-parameter '" + name + "' (have " + values.keySet() + ")");
        }
        return v;
    }

    /** A value as PyTorch's messages print it: a float given as 0.1f shows as 0.1, not 0.10000000149011612. */
    static String str(double v) {
        return (double) (float) v == v ? Float.toString((float) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(k).append('=')
                .append(v instanceof Double d ? str(d) : v));
        return sb.append('}').toString();
    }
}
