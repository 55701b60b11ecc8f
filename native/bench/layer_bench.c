/*
 * Plain-C reference for single layers: the oneDNN primitives Myelin calls through FFM, called
 * directly from C on the same shapes and thread count, so `make bench-layers` can put the Java time
 * per layer call next to what the library itself takes (the difference is Myelin's overhead).
 *
 *   L2.conv_*: W2's second convolution: batch 64, 32 -> 64 channels, 14x14, 5x5, stride 1, pad 2, no bias.
 *     As in Java (backend/dnnl/Convolution.java): plain NCHW data, weights with format "any" and reordered
 *     from plain OIHW into the primitive's layout on every call (and the weight gradient back out of it).
 *       conv_fwd         reorder w + forward_training
 *       conv_bwd_data    reorder w + backward data
 *       conv_bwd_weights backward weights + reorder dw to OIHW
 *   L3.lstm_*: one LSTM layer of W3: sequence 32, batch 32, input 64, hidden 256, zero initial state,
 *     weights with format "any" (reordered from plain ldigo, gradients back to ldigo, as for convolutions).
 *       lstm_fwd  reorder weights + forward_training (writes the workspace backward reads)
 *       lstm_bwd  reorder weights + backward + reorder weight gradients to ldigo
 *
 * Usage: layer_bench [threads=2] [conv|lstm|all=all] [reps=15]
 * Prints "<id> c_ms=<median>": the median over `reps` timed repetitions (each runs whole calls for at
 * least REP_SECONDS) after WARMUP_SECONDS of warm-up. Diagnostics go to stderr. Run it with the
 * environment the Java loader sets up (OMP_NUM_THREADS=<threads> GOMP_SPINCOUNT=20000); `make bench-layers`
 * does that.
 */
#define _POSIX_C_SOURCE 200112L
#include <oneapi/dnnl/dnnl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void omp_set_num_threads(int); /* libgomp: the OpenMP runtime this oneDNN build uses */

#define WARMUP_SECONDS 1.0
#define REP_SECONDS 0.2
#define MAX_ARGS 16
#define TWO_PI 6.283185307179586

#define CHECK(call)                                                                                   \
    do {                                                                                              \
        dnnl_status_t status_ = (call);                                                               \
        if (status_ != dnnl_success) {                                                                \
            fprintf(stderr, "layer_bench: %s failed with status %d (line %d)\n", #call, (int) status_, \
                    __LINE__);                                                                        \
            exit(1);                                                                                  \
        }                                                                                             \
    } while (0)

static dnnl_engine_t engine;
static dnnl_stream_t stream;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* splitmix64 + Box-Muller: N(0,1) data, reproducible. */
static uint64_t rng_state = 42;

static double next_uniform(void) { /* in (0, 1] */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return ((double) (z >> 11) + 1.0) * 0x1.0p-53;
}

/* ---- memory ---- */

static dnnl_memory_desc_t desc(int ndims, const dnnl_dim_t *dims, dnnl_format_tag_t tag) {
    dnnl_memory_desc_t md;
    CHECK(dnnl_memory_desc_create_with_tag(&md, ndims, dims, dnnl_f32, tag));
    return md;
}

/* A buffer of md's size owned by oneDNN, filled with N(0,1) values (scaled: keeps the LSTM out of saturation). */
static dnnl_memory_t buffer(const_dnnl_memory_desc_t md, float scale) {
    dnnl_memory_t m;
    CHECK(dnnl_memory_create(&m, md, engine, DNNL_MEMORY_ALLOCATE));
    float *p;
    CHECK(dnnl_memory_get_data_handle(m, (void **) &p));
    size_t n = dnnl_memory_desc_get_size(md) / sizeof(float);
    for (size_t i = 0; i < n; i++) {
        p[i] = scale * (float) (sqrt(-2.0 * log(next_uniform())) * cos(TWO_PI * next_uniform()));
    }
    return m;
}

/* The memory descriptor primitive descriptor pd chose for execution argument arg. */
static const_dnnl_memory_desc_t arg_md(const_dnnl_primitive_desc_t pd, int arg) {
    return dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg);
}

/* ---- primitives ---- */

/* The implementation oneDNN chose (e.g. "brg_conv_fwd:avx512_core"), for the log. */
static const char *impl(const_dnnl_primitive_desc_t pd) {
    const char *name = "?";
    CHECK(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name));
    return name;
}

typedef struct {
    dnnl_primitive_t primitive;
    int nargs;
    dnnl_exec_arg_t args[MAX_ARGS];
} step_t;

static step_t step(dnnl_primitive_desc_t pd) {
    step_t s = {0};
    CHECK(dnnl_primitive_create(&s.primitive, pd));
    return s;
}

static void bind(step_t *s, int arg, dnnl_memory_t m) {
    s->args[s->nargs].arg = arg;
    s->args[s->nargs].memory = m;
    s->nargs++;
}

static void run(const step_t *s) {
    CHECK(dnnl_primitive_execute(s->primitive, stream, s->nargs, s->args));
}

/* A reorder between from's and to's layouts, bound to them. */
static step_t reorder(dnnl_memory_t from, dnnl_memory_t to) {
    const_dnnl_memory_desc_t from_md, to_md;
    CHECK(dnnl_memory_get_memory_desc(from, &from_md));
    CHECK(dnnl_memory_get_memory_desc(to, &to_md));
    dnnl_primitive_desc_t pd;
    CHECK(dnnl_reorder_primitive_desc_create(&pd, from_md, engine, to_md, engine, NULL));
    step_t s = step(pd);
    CHECK(dnnl_primitive_desc_destroy(pd));
    bind(&s, DNNL_ARG_FROM, from);
    bind(&s, DNNL_ARG_TO, to);
    return s;
}

/* One timed call: buffers zeroed first (gradients oneDNN accumulates into), then steps run in order, each
 * waited on (as Java waits on every primitive). */
#define MAX_STEPS 6
typedef struct {
    const char *id;
    dnnl_memory_t zero[MAX_STEPS];
    int nzero;
    step_t steps[MAX_STEPS];
    int nsteps;
} call_t;

static void call(const call_t *c) {
    for (int i = 0; i < c->nzero; i++) {
        void *p;
        const_dnnl_memory_desc_t md;
        CHECK(dnnl_memory_get_data_handle(c->zero[i], &p));
        CHECK(dnnl_memory_get_memory_desc(c->zero[i], &md));
        memset(p, 0, dnnl_memory_desc_get_size(md));
    }
    for (int i = 0; i < c->nsteps; i++) {
        run(&c->steps[i]);
        CHECK(dnnl_stream_wait(stream));
    }
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* Prints "<id> c_ms=<median ms per call>" over reps repetitions of at least REP_SECONDS each. */
static void measure(const call_t *c, int reps) {
    for (double end = now() + WARMUP_SECONDS; now() < end;) {
        call(c);
    }
    double *ms = malloc(sizeof(double) * (size_t) reps);
    for (int r = 0; r < reps; r++) {
        long calls = 0;
        double t0 = now(), t;
        do {
            call(c);
            calls++;
        } while ((t = now()) - t0 < REP_SECONDS);
        ms[r] = (t - t0) * 1e3 / (double) calls;
    }
    qsort(ms, (size_t) reps, sizeof(double), compare_doubles);
    double median = reps % 2 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2;
    fprintf(stderr, "layer_bench: %s min %.4f max %.4f ms\n", c->id, ms[0], ms[reps - 1]);
    printf("%s c_ms=%.4f\n", c->id, median);
    fflush(stdout);
    free(ms);
}

/* ---- L2: W2's second convolution ---- */

static void bench_conv(int reps) {
    const dnnl_dim_t n = 64, ic = 32, oc = 64, hw = 14, k = 5;
    dnnl_dims_t src_dims = {n, ic, hw, hw}, w_dims = {oc, ic, k, k}, dst_dims = {n, oc, hw, hw};
    dnnl_dims_t strides = {1, 1}, dilates = {0, 0}, pad = {2, 2};
    dnnl_memory_desc_t src_md = desc(4, src_dims, dnnl_nchw), dst_md = desc(4, dst_dims, dnnl_nchw);
    dnnl_memory_desc_t w_plain_md = desc(4, w_dims, dnnl_oihw), w_any_md = desc(4, w_dims, dnnl_format_tag_any);

    dnnl_primitive_desc_t fwd_pd, bwd_data_pd, bwd_w_pd;
    CHECK(dnnl_convolution_forward_primitive_desc_create(&fwd_pd, engine, dnnl_forward_training, dnnl_convolution_direct,
            src_md, w_any_md, NULL, dst_md, strides, dilates, pad, pad, NULL));
    CHECK(dnnl_convolution_backward_data_primitive_desc_create(&bwd_data_pd, engine, dnnl_convolution_direct, src_md,
            w_any_md, dst_md, strides, dilates, pad, pad, fwd_pd, NULL));
    CHECK(dnnl_convolution_backward_weights_primitive_desc_create(&bwd_w_pd, engine, dnnl_convolution_direct, src_md,
            w_any_md, NULL, dst_md, strides, dilates, pad, pad, fwd_pd, NULL));
    fprintf(stderr, "layer_bench: conv implementations: fwd %s, bwd data %s, bwd weights %s\n",
            impl(fwd_pd),
            impl(bwd_data_pd),
            impl(bwd_w_pd));

    dnnl_memory_t src = buffer(src_md, 1), dst = buffer(dst_md, 1), diff_dst = buffer(dst_md, 1);
    dnnl_memory_t diff_src = buffer(src_md, 1), w = buffer(w_plain_md, 0.05f), dw = buffer(w_plain_md, 1);
    dnnl_memory_t w_fwd = buffer(arg_md(fwd_pd, DNNL_ARG_WEIGHTS), 1);
    dnnl_memory_t w_bwd = buffer(arg_md(bwd_data_pd, DNNL_ARG_WEIGHTS), 1);
    dnnl_memory_t dw_blocked = buffer(arg_md(bwd_w_pd, DNNL_ARG_DIFF_WEIGHTS), 1);

    call_t fwd = {.id = "L2.conv_fwd", .nsteps = 2};
    fwd.steps[0] = reorder(w, w_fwd);
    fwd.steps[1] = step(fwd_pd);
    bind(&fwd.steps[1], DNNL_ARG_SRC, src);
    bind(&fwd.steps[1], DNNL_ARG_WEIGHTS, w_fwd);
    bind(&fwd.steps[1], DNNL_ARG_DST, dst);

    call_t bwd_data = {.id = "L2.conv_bwd_data", .nsteps = 2};
    bwd_data.steps[0] = reorder(w, w_bwd);
    bwd_data.steps[1] = step(bwd_data_pd);
    bind(&bwd_data.steps[1], DNNL_ARG_DIFF_DST, diff_dst);
    bind(&bwd_data.steps[1], DNNL_ARG_WEIGHTS, w_bwd);
    bind(&bwd_data.steps[1], DNNL_ARG_DIFF_SRC, diff_src);

    call_t bwd_w = {.id = "L2.conv_bwd_weights", .nsteps = 2};
    bwd_w.steps[0] = step(bwd_w_pd);
    bind(&bwd_w.steps[0], DNNL_ARG_SRC, src);
    bind(&bwd_w.steps[0], DNNL_ARG_DIFF_DST, diff_dst);
    bind(&bwd_w.steps[0], DNNL_ARG_DIFF_WEIGHTS, dw_blocked);
    bwd_w.steps[1] = reorder(dw_blocked, dw);

    measure(&fwd, reps);
    measure(&bwd_data, reps);
    measure(&bwd_w, reps);
}

/* ---- L3: one LSTM layer of W3 ---- */

static void bench_lstm(int reps) {
    const dnnl_dim_t t = 32, n = 32, c = 64, h = 256, gates = 4;
    dnnl_dims_t src_dims = {t, n, c}, dst_dims = {t, n, h};
    dnnl_dims_t wl_dims = {1, 1, c, gates, h}, wi_dims = {1, 1, h, gates, h}, b_dims = {1, 1, gates, h};
    dnnl_memory_desc_t src_md = desc(3, src_dims, dnnl_tnc), dst_md = desc(3, dst_dims, dnnl_tnc);
    dnnl_memory_desc_t wl_md = desc(5, wl_dims, dnnl_ldigo), wi_md = desc(5, wi_dims, dnnl_ldigo);
    dnnl_memory_desc_t wl_any = desc(5, wl_dims, dnnl_format_tag_any), wi_any = desc(5, wi_dims, dnnl_format_tag_any);
    dnnl_memory_desc_t b_md = desc(4, b_dims, dnnl_ldgo);

    dnnl_primitive_desc_t fwd_pd, bwd_pd;
    CHECK(dnnl_lstm_forward_primitive_desc_create(&fwd_pd, engine, dnnl_forward_training,
            dnnl_unidirectional_left2right, src_md, NULL, NULL, wl_any, wi_any, NULL, NULL, b_md, dst_md, NULL, NULL, 0,
            NULL));
    CHECK(dnnl_lstm_backward_primitive_desc_create(&bwd_pd, engine, dnnl_backward, dnnl_unidirectional_left2right,
            src_md, NULL, NULL, wl_any, wi_any, NULL, NULL, b_md, dst_md, NULL, NULL,
            src_md, NULL, NULL, wl_any, wi_any, NULL, NULL, b_md, dst_md, NULL, NULL, 0, fwd_pd, NULL));
    fprintf(stderr, "layer_bench: lstm implementations: fwd %s, bwd %s\n",
            impl(fwd_pd),
            impl(bwd_pd));

    const float w_scale = 0.0625f; /* ~ 1/sqrt(hidden), as PyTorch initialises */
    dnnl_memory_t src = buffer(src_md, 1), dst = buffer(dst_md, 1), diff_dst = buffer(dst_md, 1);
    dnnl_memory_t diff_src = buffer(src_md, 1), bias = buffer(b_md, w_scale), diff_bias = buffer(b_md, 1);
    dnnl_memory_t wl = buffer(wl_md, w_scale), wi = buffer(wi_md, w_scale);
    dnnl_memory_t dwl = buffer(wl_md, 1), dwi = buffer(wi_md, 1);
    dnnl_memory_t wl_fwd = buffer(arg_md(fwd_pd, DNNL_ARG_WEIGHTS_LAYER), 1);
    dnnl_memory_t wi_fwd = buffer(arg_md(fwd_pd, DNNL_ARG_WEIGHTS_ITER), 1);
    dnnl_memory_t wl_bwd = buffer(arg_md(bwd_pd, DNNL_ARG_WEIGHTS_LAYER), 1);
    dnnl_memory_t wi_bwd = buffer(arg_md(bwd_pd, DNNL_ARG_WEIGHTS_ITER), 1);
    dnnl_memory_t dwl_bwd = buffer(arg_md(bwd_pd, DNNL_ARG_DIFF_WEIGHTS_LAYER), 1);
    dnnl_memory_t dwi_bwd = buffer(arg_md(bwd_pd, DNNL_ARG_DIFF_WEIGHTS_ITER), 1);
    dnnl_memory_t workspace = buffer(arg_md(fwd_pd, DNNL_ARG_WORKSPACE), 0);

    call_t fwd = {.id = "L3.lstm_fwd", .nsteps = 3};
    fwd.steps[0] = reorder(wl, wl_fwd);
    fwd.steps[1] = reorder(wi, wi_fwd);
    fwd.steps[2] = step(fwd_pd);
    step_t *f = &fwd.steps[2];
    bind(f, DNNL_ARG_SRC_LAYER, src);
    bind(f, DNNL_ARG_WEIGHTS_LAYER, wl_fwd);
    bind(f, DNNL_ARG_WEIGHTS_ITER, wi_fwd);
    bind(f, DNNL_ARG_BIAS, bias);
    bind(f, DNNL_ARG_DST_LAYER, dst);
    bind(f, DNNL_ARG_WORKSPACE, workspace);

    /* Backward: weights in, the primitive, both weight gradients out to ldigo. oneDNN adds to the weight
     * and bias gradients, so they are zeroed first, as a fresh backward pass would have them. */
    call_t bwd = {.id = "L3.lstm_bwd", .nsteps = 5, .nzero = 3, .zero = {dwl_bwd, dwi_bwd, diff_bias}};
    bwd.steps[0] = reorder(wl, wl_bwd);
    bwd.steps[1] = reorder(wi, wi_bwd);
    bwd.steps[2] = step(bwd_pd);
    step_t *b = &bwd.steps[2];
    bind(b, DNNL_ARG_SRC_LAYER, src);
    bind(b, DNNL_ARG_WEIGHTS_LAYER, wl_bwd);
    bind(b, DNNL_ARG_WEIGHTS_ITER, wi_bwd);
    bind(b, DNNL_ARG_BIAS, bias);
    bind(b, DNNL_ARG_DST_LAYER, dst);
    bind(b, DNNL_ARG_DIFF_DST_LAYER, diff_dst);
    bind(b, DNNL_ARG_WORKSPACE, workspace);
    bind(b, DNNL_ARG_DIFF_SRC_LAYER, diff_src);
    bind(b, DNNL_ARG_DIFF_WEIGHTS_LAYER, dwl_bwd);
    bind(b, DNNL_ARG_DIFF_WEIGHTS_ITER, dwi_bwd);
    bind(b, DNNL_ARG_DIFF_BIAS, diff_bias);
    bwd.steps[3] = reorder(dwl_bwd, dwl);
    bwd.steps[4] = reorder(dwi_bwd, dwi);

    measure(&fwd, reps); /* also leaves the workspace of a forward pass for backward to read */
    measure(&bwd, reps);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    const char *which = argc > 2 ? argv[2] : "all";
    int reps = argc > 3 ? atoi(argv[3]) : 15;
    if (threads < 1 || reps < 1 || (strcmp(which, "conv") && strcmp(which, "lstm") && strcmp(which, "all"))) {
        fprintf(stderr, "usage: layer_bench [threads=2] [conv|lstm|all=all] [reps=15]\n");
        return 2;
    }
    omp_set_num_threads(threads); /* oneDNN's OpenMP runtime (libgomp), as ThreadSettings does */
    CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
    CHECK(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));
    const dnnl_version_t *v = dnnl_version();
    fprintf(stderr, "layer_bench: oneDNN %d.%d.%d, %d threads\n", v->major, v->minor, v->patch, threads);
    if (strcmp(which, "lstm")) {
        bench_conv(reps);
    }
    if (strcmp(which, "conv")) {
        bench_lstm(reps);
    }
    return 0;
}
