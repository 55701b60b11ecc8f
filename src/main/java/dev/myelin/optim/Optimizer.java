package dev.myelin.optim;

import dev.myelin.autograd.GradMode;
import dev.myelin.memory.Scope;
import dev.myelin.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of every optimizer: parameter groups with their own hyper-parameters, per-parameter state
 * allocated on first use in a long-lived scope that {@link #close()} frees, and {@link #step()},
 * which updates each parameter that has a gradient in place, with recording off and, after the
 * first step, without allocating native memory. A subclass supplies its defaults, their
 * validation and the update of one parameter as a loop over contiguous float memory.
 */
public abstract class Optimizer implements AutoCloseable {
    /**
     * Elements per heap chunk in update loops: a loop over several native segments with stores runs
     * scalar (the JIT cannot prove they do not overlap), the same loop over heap arrays vectorises.
     */
    static final int CHUNK = 1024;

    private final String name = getClass().getSimpleName();
    private final List<ParamGroup> groups = new ArrayList<>();
    private final List<ParamState[]> states = new ArrayList<>();
    private final Scope memory = Scope.shared(name + " state");
    private boolean closed;

    /** Resolves each group as {@code defaults} overridden by {@code settings}, then by the group's own values. */
    Optimizer(HyperParams defaults, HyperParams settings, ParamGroup... groupSpecs) {
        for (ParamGroup spec : Groups.resolve(name, defaults, settings, groupSpecs)) {
            validate(spec.settings());
            ParamState[] s = new ParamState[spec.params().size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = new ParamState(spec.params().get(i).shape(), memory);
            }
            groups.add(spec);
            states.add(s);
        }
    }

    /** Throws {@link IllegalArgumentException} with PyTorch's message for an invalid value. */
    abstract void validate(HyperParams h);

    /** Names of the state buffers this optimizer may keep per parameter, for {@link #loadStateDict}. */
    abstract List<String> stateNames();

    /** Those of {@link #stateNames()} that hold one value rather than one per parameter element. */
    List<String> scalarStateNames() {
        return List.of();
    }

    /**
     * Updates {@code n} parameter values in place from their gradient. {@code state.step} already
     * counts this update; the segments start at element 0 and are contiguous.
     */
    abstract void update(HyperParams h, MemorySegment param, MemorySegment grad, int n, ParamState state);

    /** The gradient with L2 weight decay added, {@code g + wd * p}; untouched when {@code wd = 0}, as in PyTorch. */
    static float withDecay(float g, float p, float wd) {
        return wd == 0 ? g : g + wd * p;
    }

    /** One update of every parameter that has a gradient; parameters without one are skipped, their state untouched. */
    public final void step() {
        requireOpen();
        try (var off = GradMode.noGrad()) {
            for (int g = 0; g < groups.size(); g++) {
                List<Tensor> params = groups.get(g).params();
                for (int i = 0; i < params.size(); i++) {
                    Tensor p = params.get(i);
                    Tensor grad = p.grad();
                    if (grad != null) {
                        ParamState s = states.get(g)[i];
                        s.step++;
                        Tensor dense = grad.contiguous();
                        update(groups.get(g).settings(), ParamState.raw(p), ParamState.raw(dense), Math.toIntExact(p.numel()), s);
                        Reference.reachabilityFence(dense); // raw() segments do not keep it alive (p is held by its group)
                    }
                }
            }
        }
    }

    /** Sets every parameter's gradient to zero in place. */
    public void zeroGrad() {
        groups.forEach(g -> g.params().forEach(Tensor::zeroGrad));
    }

    /** The resolved groups, in order. */
    public List<ParamGroup> groups() {
        return List.copyOf(groups);
    }

    /** Every parameter of every group, in order. */
    public List<Tensor> params() {
        return groups.stream().flatMap(g -> g.params().stream()).toList();
    }

    /** The learning rate of the first group. */
    public double lr() {
        return lr(0);
    }

    public double lr(int group) {
        return groups.get(group).lr();
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (int g = 0; g < groups.size(); g++) {
            setLr(g, lr);
        }
    }

    public void setLr(int group, double lr) {
        Groups.requireValid(lr >= 0, "Invalid learning rate", lr);
        groups.get(group).settings().lr(lr);
    }

    /** A snapshot of the state (copies, owned by the caller's scope) and hyper-parameters; see {@link OptimizerState}. */
    public OptimizerState stateDict() {
        requireOpen();
        return StateDicts.save(groups, states);
    }

    /**
     * Restores a snapshot from {@link #stateDict()}: state buffers, step counts and hyper-parameters.
     * Parameters with no state in it start afresh. Everything is checked before anything changes.
     */
    public void loadStateDict(OptimizerState state) {
        requireOpen();
        StateDicts.load(name, state, groups, states, stateNames(), scalarStateNames(), this::validate);
    }

    /** Frees the state memory. Idempotent; a closed optimizer throws when stepped. */
    @Override
    public void close() {
        closed = true;
        memory.close();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed; its state was freed");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int g = 0; g < groups.size(); g++) {
            sb.append(g == 0 ? "" : ", ").append("group ").append(g).append(": ").append(groups.get(g).settings());
        }
        return sb.append(')').toString();
    }
}
