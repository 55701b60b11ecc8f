/*
 * Plain-C reference for benchmark workloads W7 and W8 (see WORKLOADS.md): the same OpenBLAS
 * cblas_sgemm that Myelin calls through FFM, called directly from C on the same shapes and thread
 * count, so `make bench-gemm` can put the Java figure next to what the library itself delivers.
 *
 *   W7: C = A*B, 1024 x 1024 x 1024 float32, GFLOP/s = 2*M*N*K / time
 *   W8: C = A*B, 32 x 32 x 32 float32, repeated; calls per second
 *
 * Usage: gemm_bench [threads=2] [w7|w8|all=all] [reps=15]
 * Prints "W7 c_gflops=<median>" and "W8 c_calls_per_s=<median>": medians over `reps` timed
 * repetitions after warm-up. A W7 repetition runs whole calls for at least W7_REP_SECONDS; a W8
 * repetition times a batch of W8_BATCH calls. Diagnostics go to stderr.
 *
 * Run it with the environment the Java loader sets up (see ThreadSettings.applyBeforeLoad):
 * OPENBLAS_NUM_THREADS=<threads> OPENBLAS_THREAD_TIMEOUT=16 GOMP_SPINCOUNT=20000; `make bench-gemm`
 * does that.
 */
#define _POSIX_C_SOURCE 200112L
#include <cblas.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W7_SIZE 1024
#define W8_SIZE 32
#define W7_WARMUP_SECONDS 2.0
#define W7_REP_SECONDS 1.0
#define W8_WARMUP_CALLS 200000
#define W8_BATCH 100000
#define TWO_PI 6.283185307179586

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* splitmix64 + Box-Muller: N(0,1) inputs, reproducible, no libc rand state. */
static uint64_t rng_state;

static uint64_t next_u64(void) {
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double next_uniform(void) { /* in (0, 1] */
    return ((double) (next_u64() >> 11) + 1.0) * 0x1.0p-53;
}

static float *alloc_matrix(long elements, int gaussian) {
    float *p = NULL;
    if (posix_memalign((void **) &p, 64, (size_t) elements * sizeof(float)) != 0) {
        fprintf(stderr, "gemm_bench: out of memory\n");
        exit(1);
    }
    for (long i = 0; i < elements; i += 2) {
        double u1 = next_uniform(), u2 = next_uniform();
        double r = sqrt(-2.0 * log(u1));
        p[i] = gaussian ? (float) (r * cos(TWO_PI * u2)) : 0.0f;
        if (i + 1 < elements) {
            p[i + 1] = gaussian ? (float) (r * sin(TWO_PI * u2)) : 0.0f;
        }
    }
    return p;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t) n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static void sgemm(int n, const float *a, const float *b, float *c) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
}

static void print_reps(const char *name, const double *v, int n) {
    fprintf(stderr, "%s reps:", name);
    for (int i = 0; i < n; i++) {
        fprintf(stderr, " %.4g", v[i]);
    }
    fprintf(stderr, "\n");
}

static void bench_w7(int reps) {
    const int n = W7_SIZE;
    const long el = (long) n * n;
    float *a = alloc_matrix(el, 1), *b = alloc_matrix(el, 1), *c = alloc_matrix(el, 0);
    const double flops = 2.0 * n * n * n;
    double *gflops = calloc((size_t) reps, sizeof(double));

    for (double t0 = now(); now() - t0 < W7_WARMUP_SECONDS;) {
        sgemm(n, a, b, c);
    }
    for (int r = 0; r < reps; r++) {
        long calls = 0;
        double t0 = now(), t;
        do {
            sgemm(n, a, b, c);
            calls++;
        } while ((t = now() - t0) < W7_REP_SECONDS);
        gflops[r] = flops * (double) calls / t * 1e-9;
    }
    print_reps("W7 c_gflops", gflops, reps);
    printf("W7 c_gflops=%.2f\n", median(gflops, reps));
    fflush(stdout);
    free(gflops);
    free(a);
    free(b);
    free(c);
}

static void bench_w8(int reps) {
    const int n = W8_SIZE;
    const long el = (long) n * n;
    float *a = alloc_matrix(el, 1), *b = alloc_matrix(el, 1), *c = alloc_matrix(el, 0);
    double *rate = calloc((size_t) reps, sizeof(double));

    for (int i = 0; i < W8_WARMUP_CALLS; i++) {
        sgemm(n, a, b, c);
    }
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (int i = 0; i < W8_BATCH; i++) {
            sgemm(n, a, b, c);
        }
        rate[r] = W8_BATCH / (now() - t0);
    }
    print_reps("W8 c_calls_per_s", rate, reps);
    printf("W8 c_calls_per_s=%.0f\n", median(rate, reps));
    fflush(stdout);
    free(rate);
    free(a);
    free(b);
    free(c);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    const char *which = argc > 2 ? argv[2] : "all";
    int reps = argc > 3 ? atoi(argv[3]) : 15;
    if (threads < 1 || reps < 1 || (strcmp(which, "all") && strcmp(which, "w7") && strcmp(which, "w8"))) {
        fprintf(stderr, "usage: %s [threads>=1] [w7|w8|all] [reps>=1]\n", argv[0]);
        return 2;
    }
    openblas_set_num_threads(threads);
    rng_state = 42;
    fprintf(stderr, "gemm_bench: %s; core %s; threads %d\n", openblas_get_config(), openblas_get_corename(),
            openblas_get_num_threads());
    if (!strcmp(which, "all") || !strcmp(which, "w7")) {
        bench_w7(reps);
    }
    if (!strcmp(which, "all") || !strcmp(which, "w8")) {
        bench_w8(reps);
    }
    return 0;
}
