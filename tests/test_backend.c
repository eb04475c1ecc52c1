/* test_backend.c - backend registry, cpu GEMM against a float64 reference,
 * the cuda plugin loader's clean failure, the reference kernels, and the
 * PPO trainer's ops (API 4) against float64 references and central
 * differences. */
#include "test_util.h"
#include "backend/backend.h"
#include "backend/kernels_math.h"
#include "core/rng.h"

#include <math.h>
#include <stdlib.h>

static void fill(float *x, int64_t n, uint64_t stream)
{
    bc_random_uniform(99, stream, 0, (int32_t)n, x);
    for (int64_t i = 0; i < n; i++)
        x[i] = 2.0f * x[i] - 1.0f;
}

/* C = alpha op(A) op(B) + beta C in float64, row-major. */
static void gemm_f64(int ta, int tb, int m, int n, int k, double alpha,
                     const float *a, int lda, const float *b, int ldb,
                     double beta, const float *c0, int ldc, double *out)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int p = 0; p < k; p++) {
                double av = ta ? a[p * lda + i] : a[i * lda + p];
                double bv = tb ? b[j * ldb + p] : b[p * ldb + j];
                s += av * bv;
            }
            out[i * n + j] = alpha * s + beta * c0[i * ldc + j];
        }
}

static void check_gemm(bc_backend *be, int ta, int tb, int m, int n, int k)
{
    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2;
    float *a = malloc(sizeof(float) * (ta ? k : m) * lda);
    float *b = malloc(sizeof(float) * (tb ? n : k) * ldb);
    float *c = malloc(sizeof(float) * m * ldc);
    float *c0 = malloc(sizeof(float) * m * ldc);
    double *ref = malloc(sizeof(double) * m * n);
    fill(a, (int64_t)(ta ? k : m) * lda, 1);
    fill(b, (int64_t)(tb ? n : k) * ldb, 2);
    fill(c0, (int64_t)m * ldc, 3);
    memcpy(c, c0, sizeof(float) * m * ldc);
    ck_assert_ok(bc_backend_sgemm(be, ta, tb, m, n, k, 0.75f, a, lda, b, ldb,
                                  -0.5f, c, ldc));
    gemm_f64(ta, tb, m, n, k, 0.75, a, lda, b, ldb, -0.5, c0, ldc, ref);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            double err = fabs(c[i * ldc + j] - ref[i * n + j]);
            /* float32 accumulation error grows like sqrt(k) * eps. */
            double tol = 1e-6 * (1.0 + sqrt((double)k)) * 8.0;
            ck_assert_msg(err <= tol, "ta=%d tb=%d (%d,%d): %g vs %g", ta, tb,
                          i, j, c[i * ldc + j], ref[i * n + j]);
        }
    /* Padding between rows of C is untouched. */
    for (int i = 0; i < m; i++)
        for (int j = n; j < ldc; j++)
            ck_assert_float_eq(c[i * ldc + j], c0[i * ldc + j]);
    free(a);
    free(b);
    free(c);
    free(c0);
    free(ref);
}

START_TEST(registry_lists_cpu_and_cuda)
{
    ck_assert_int_eq(bc_backend_count(), 2);
    ck_assert_str_eq(bc_backend_name(0), "cpu");
    ck_assert_str_eq(bc_backend_name(1), "cuda");
    ck_assert_ptr_null(bc_backend_name(2));
    ck_assert_ptr_null(bc_backend_name(-1));
}
END_TEST

START_TEST(cpu_sgemm_matches_float64_reference_all_transposes)
{
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    ck_assert_str_eq(bc_backend_kind(be), "cpu");
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            check_gemm(be, ta, tb, 37, 53, 71);
            check_gemm(be, ta, tb, 1, 1, 1);
            check_gemm(be, ta, tb, 130, 7, 257);
        }
    bc_backend_free(be);
}
END_TEST

START_TEST(reference_sgemm_matches_float64_reference)
{
    /* The path the Windows DLL runs, checked on its own. */
    enum { M = 19, N = 23, K = 31 };
    float a[M * K], b[K * N], c[M * N], c0[M * N];
    double ref[M * N];
    fill(a, M * K, 4);
    fill(b, K * N, 5);
    fill(c0, M * N, 6);
    for (int ta = 0; ta < 2; ta++)
        for (int tb = 0; tb < 2; tb++) {
            memcpy(c, c0, sizeof c);
            int lda = ta ? M : K, ldb = tb ? K : N;
            bc_ref_sgemm(ta, tb, M, N, K, 1.25f, a, lda, b, ldb, 0.5f, c, N);
            gemm_f64(ta, tb, M, N, K, 1.25, a, lda, b, ldb, 0.5, c0, N, ref);
            for (int i = 0; i < M * N; i++)
                ck_assert_msg(fabs(c[i] - ref[i]) < 1e-5, "%d: %g vs %g", i, c[i], ref[i]);
        }
}
END_TEST

START_TEST(cpu_sgemm_batched_equals_separate_calls)
{
    enum { M = 8, N = 5, K = 6, BATCH = 7 };
    float a[BATCH * M * K], b[BATCH * K * N], c[BATCH * M * N], single[M * N];
    fill(a, BATCH * M * K, 7);
    fill(b, BATCH * K * N, 8);
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    ck_assert_ok(bc_backend_sgemm_batched(be, 0, 0, M, N, K, 1.0f, a, K, M * K,
                                          b, N, K * N, 0.0f, c, N, M * N, BATCH));
    for (int i = 0; i < BATCH; i++) {
        ck_assert_ok(bc_backend_sgemm(be, 0, 0, M, N, K, 1.0f, a + i * M * K, K,
                                      b + i * K * N, N, 0.0f, single, N));
        ck_assert_mem_eq(single, c + i * M * N, sizeof single);
    }
    /* stride 0 on B broadcasts one matrix to every batch entry. */
    ck_assert_ok(bc_backend_sgemm_batched(be, 0, 0, M, N, K, 1.0f, a, K, M * K,
                                          b, N, 0, 0.0f, c, N, M * N, BATCH));
    ck_assert_ok(bc_backend_sgemm(be, 0, 0, M, N, K, 1.0f, a + 3 * M * K, K, b,
                                  N, 0.0f, single, N));
    ck_assert_mem_eq(single, c + 3 * M * N, sizeof single);
    bc_backend_free(be);
}
END_TEST

START_TEST(sgemm_degenerate_shapes_scale_by_beta)
{
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    float c[6] = {1, 2, 3, 4, 5, 6};
    float dummy = 0.0f;
    ck_assert_ok(bc_backend_sgemm(be, 0, 0, 2, 3, 0, 1.0f, &dummy, 1, &dummy, 3,
                                  2.0f, c, 3));
    ck_assert_float_eq(c[5], 12.0f);
    ck_assert_ok(bc_backend_sgemm(be, 0, 0, 0, 3, 4, 1.0f, NULL, 4, &dummy, 3,
                                  2.0f, NULL, 3));
    bc_backend_free(be);
}
END_TEST

START_TEST(sgemm_rejects_bad_arguments_with_named_value)
{
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    float a[16] = {0}, b[16] = {0}, c[16] = {0};
    ck_assert_status_msg(bc_backend_sgemm(NULL, 0, 0, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2),
                         BC_E_INVALID_ARGUMENT, "backend");
    ck_assert_status_msg(bc_backend_sgemm(be, 2, 0, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2),
                         BC_E_INVALID_ARGUMENT, "trans_a=2");
    ck_assert_status_msg(bc_backend_sgemm(be, 0, 0, -1, 2, 2, 1, a, 2, b, 2, 0, c, 2),
                         BC_E_INVALID_ARGUMENT, "m=-1");
    ck_assert_status_msg(bc_backend_sgemm(be, 0, 0, 2, 4, 3, 1, a, 2, b, 4, 0, c, 4),
                         BC_E_INVALID_ARGUMENT, "leading dimension of A is 2, needs at least 3");
    ck_assert_status_msg(bc_backend_sgemm(be, 0, 1, 2, 4, 3, 1, a, 3, b, 2, 0, c, 4),
                         BC_E_INVALID_ARGUMENT, "leading dimension of B");
    ck_assert_status_msg(bc_backend_sgemm(be, 0, 0, 2, 2, 2, 1, a, 2, NULL, 2, 0, c, 2),
                         BC_E_INVALID_ARGUMENT, "matrix B is NULL");
    ck_assert_status_msg(bc_backend_sgemm_batched(be, 0, 0, 2, 2, 2, 1, a, 2, 4, b, 2, 4,
                                                  0, c, 2, 4, -3),
                         BC_E_INVALID_ARGUMENT, "batch=-3");
    ck_assert_status_msg(bc_backend_sgemm_batched(be, 0, 0, 2, 2, 2, 1, a, 2, -4, b, 2, 4,
                                                  0, c, 2, 4, 1),
                         BC_E_INVALID_ARGUMENT, "stride");
    bc_backend_free(be);
}
END_TEST

START_TEST(cuda_without_plugin_fails_cleanly_and_best_falls_back)
{
    /* Point the loader at a path that does not exist, so the result does not
     * depend on whether a plugin happens to be installed. */
    setenv("BC_CUDA_PLUGIN", "/nonexistent/libbotcopier-cuda.so", 1);
    bc_backend *be = (bc_backend *)0x1;
    ck_assert_status_msg(bc_backend_init("cuda", &be), BC_E_UNSUPPORTED,
                         "/nonexistent/libbotcopier-cuda.so");
    ck_assert_ptr_null(be);
    char buf[1024];
    while (bc_log_pop(buf, sizeof buf, NULL, NULL) == BC_OK) {
    }
    ck_assert_ok(bc_log_set(NULL, NULL, BC_LOG_INFO));
    ck_assert_ok(bc_backend_init("best", &be));
    ck_assert_str_eq(bc_backend_kind(be), "cpu");
    int32_t level = 0;
    ck_assert_ok(bc_log_pop(buf, sizeof buf, NULL, &level));
    ck_assert_int_eq(level, BC_LOG_INFO);
    ck_assert_msg(strstr(buf, "using cpu") != NULL, "log line: %s", buf);
    bc_backend_free(be);
    bc_backend_free(NULL);
    unsetenv("BC_CUDA_PLUGIN");
}
END_TEST

START_TEST(cuda_plugin_that_is_not_a_plugin_is_refused)
{
    /* A real shared object without the entry point: libm. */
    setenv("BC_CUDA_PLUGIN", "libm.so.6", 1);
    bc_backend *be = NULL;
    ck_assert_status_msg(bc_backend_init("cuda", &be), BC_E_UNSUPPORTED,
                         "no entry point");
    unsetenv("BC_CUDA_PLUGIN");
}
END_TEST

START_TEST(init_rejects_null_and_unknown_names)
{
    bc_backend *be = NULL;
    ck_assert_int_eq(bc_backend_init(NULL, &be), BC_E_INVALID_ARGUMENT);
    ck_assert_int_eq(bc_backend_init("cpu", NULL), BC_E_INVALID_ARGUMENT);
    ck_assert_status_msg(bc_backend_init("CPU ", &be), BC_E_NOT_FOUND, "'CPU '");
    ck_assert_ptr_null(bc_backend_kind(NULL));
}
END_TEST

START_TEST(reference_activations_softmax_and_adam)
{
    float x[5] = {-30.0f, -1.0f, 0.0f, 2.0f, 40.0f}, y[5];
    bc_ref_activation(BC_ACT_RELU, x, y, 5);
    ck_assert_float_eq(y[0], 0.0f);
    ck_assert_float_eq(y[3], 2.0f);
    bc_ref_activation(BC_ACT_SIGMOID, x, y, 5);
    for (int i = 0; i < 5; i++)
        ck_assert_double_eq_tol(y[i], 1.0 / (1.0 + exp(-(double)x[i])), 1e-7);
    bc_ref_activation(BC_ACT_TANH, x, y, 5);
    for (int i = 0; i < 5; i++)
        ck_assert_double_eq_tol(y[i], tanh((double)x[i]), 1e-6);
    float s[6] = {1000.0f, 1001.0f, 1002.0f, -1.0f, 0.0f, 1.0f};
    bc_ref_softmax_rows(s, 2, 3);
    double z = exp(-2.0) + exp(-1.0) + 1.0;
    ck_assert_double_eq_tol(s[2], 1.0 / z, 1e-6);
    ck_assert_double_eq_tol(s[5], 1.0 / z, 1e-6);
    /* One Adam step from zero moments moves each parameter by lr*sign(g). */
    float p[2] = {1.0f, 1.0f}, g[2] = {0.5f, -2.0f}, m[2] = {0}, v[2] = {0};
    bc_ref_adam_update(p, g, m, v, 2, 0.1f, 0.9f, 0.999f, 1e-8f, 0.0f, 1);
    ck_assert_double_eq_tol(p[0], 0.9, 1e-6);
    ck_assert_double_eq_tol(p[1], 1.1, 1e-6);
}
END_TEST

/* ---- API 4: the PPO trainer's ops on cpu ---------------------------------- */

static bc_backend *cpu_backend(void)
{
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    return be;
}

/* ReLU + LayerNorm of one row in float64: y and xh. */
static void layernorm_row_f64(const double *a_in, int dim, const double *g, const double *beta,
                              double eps, double *xh, double *y)
{
    double a[64], mean = 0.0, var = 0.0;
    for (int j = 0; j < dim; j++) {
        a[j] = a_in[j] > 0.0 ? a_in[j] : 0.0;
        mean += a[j] / dim;
    }
    for (int j = 0; j < dim; j++)
        var += (a[j] - mean) * (a[j] - mean) / dim;
    for (int j = 0; j < dim; j++) {
        xh[j] = (a[j] - mean) / sqrt(var + eps);
        y[j] = g[j] * xh[j] + beta[j];
    }
}

START_TEST(relu_layernorm_op_matches_float64_and_central_differences)
{
    enum { N = 7, DIM = 24 };
    bc_backend *be = cpu_backend();
    float a[N * DIM], a0[N * DIM], g[DIM], beta[DIM], xh[N * DIM], rs[N], y[N * DIM];
    float dy[N * DIM], dg[DIM], dbeta[DIM];
    fill(a0, N * DIM, 11);
    fill(g, DIM, 12);
    fill(beta, DIM, 13);
    fill(dy, N * DIM, 14);
    for (int j = 0; j < DIM; j++)
        g[j] += 1.0f, dg[j] = 0.25f, dbeta[j] = -0.5f; /* gradients accumulate */
    memcpy(a, a0, sizeof a);
    const float eps = 1e-5f;
    ck_assert_ok(be->ops->relu_layernorm_forward(be->state, N, DIM, eps, a, g, beta, xh, rs, y));
    double gd[DIM], bd[DIM], xr[DIM], yr[DIM], ar[DIM];
    for (int j = 0; j < DIM; j++)
        gd[j] = g[j], bd[j] = beta[j];
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < DIM; j++) {
            ar[j] = a0[i * DIM + j];
            ck_assert_float_eq(a[i * DIM + j], a0[i * DIM + j] > 0 ? a0[i * DIM + j] : 0.0f);
        }
        layernorm_row_f64(ar, DIM, gd, bd, eps, xr, yr);
        for (int j = 0; j < DIM; j++) {
            ck_assert_double_eq_tol(xh[i * DIM + j], xr[j], 2e-5);
            ck_assert_double_eq_tol(y[i * DIM + j], yr[j], 2e-5);
        }
    }
    /* backward of L = sum dy * y: central differences in float64 */
    float d[N * DIM];
    memcpy(d, dy, sizeof d);
    ck_assert_ok(be->ops->relu_layernorm_backward(be->state, N, DIM, d, g, xh, rs, a, dg, dbeta));
    for (int i = 0; i < N; i++)
        for (int j = 0; j < DIM; j++) {
            const double h = 1e-6;
            double lp = 0, lm = 0;
            for (int sgn = 0; sgn < 2; sgn++) {
                for (int k = 0; k < DIM; k++)
                    ar[k] = a0[i * DIM + k];
                ar[j] += sgn ? -h : h;
                layernorm_row_f64(ar, DIM, gd, bd, eps, xr, yr);
                double l = 0;
                for (int k = 0; k < DIM; k++)
                    l += dy[i * DIM + k] * yr[k];
                *(sgn ? &lm : &lp) = l;
            }
            ck_assert_msg(fabs(d[i * DIM + j] - (lp - lm) / (2 * h)) < 1e-3,
                          "row %d col %d: %g vs %g", i, j, d[i * DIM + j], (lp - lm) / (2 * h));
        }
    for (int j = 0; j < DIM; j++) {
        double sg = 0.25, sb = -0.5;
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < DIM; k++)
                ar[k] = a0[i * DIM + k];
            layernorm_row_f64(ar, DIM, gd, bd, eps, xr, yr);
            sg += dy[i * DIM + j] * xr[j];
            sb += dy[i * DIM + j];
        }
        ck_assert_double_eq_tol(dg[j], sg, 1e-4);
        ck_assert_double_eq_tol(dbeta[j], sb, 1e-5);
    }
    bc_backend_free(be);
}
END_TEST

START_TEST(dropout_op_draws_philox_masks_at_the_keep_rate)
{
    enum { N = 100003 }; /* not a multiple of 4: the tail block */
    bc_backend *be = cpu_backend();
    float *x = malloc(N * sizeof *x), *mask = malloc(N * sizeof *mask), *y = malloc(N * sizeof *y);
    float *mask2 = malloc(N * sizeof *mask2), *y2 = malloc(N * sizeof *y2);
    fill(x, N, 21);
    const float p = 0.3f;
    ck_assert_ok(be->ops->dropout_forward(be->state, N, p, 42, 7, x, mask, y));
    int64_t kept = 0;
    for (int64_t i = 0; i < N; i++) {
        uint32_t r[4];
        bc_philox_block(42, 7, (uint64_t)i / 4, r);
        const double u = (double)(r[i % 4] >> 8) / 16777216.0;
        const float want = u >= p ? 1.0f / (1.0f - p) : 0.0f;
        ck_assert_float_eq(mask[i], want);
        ck_assert_float_eq(y[i], x[i] * want);
        kept += mask[i] != 0.0f;
    }
    /* keep rate 0.7 within 5 standard deviations */
    const double sd = sqrt(N * 0.3 * 0.7);
    ck_assert_msg(fabs((double)kept - 0.7 * N) < 5 * sd, "kept %lld of %d", (long long)kept, N);
    /* in place gives the same; another stream another mask */
    memcpy(y2, x, N * sizeof *x);
    ck_assert_ok(be->ops->dropout_forward(be->state, N, p, 42, 7, y2, mask2, y2));
    ck_assert_int_eq(memcmp(y, y2, N * sizeof *y), 0);
    ck_assert_ok(be->ops->dropout_forward(be->state, N, p, 42, 8, x, mask2, y2));
    ck_assert_int_ne(memcmp(mask, mask2, N * sizeof *mask), 0);
    /* the backward multiplies by the mask */
    ck_assert_ok(be->ops->multiply(be->state, N, x, mask, y2));
    ck_assert_int_eq(memcmp(y, y2, N * sizeof *y), 0);
    free(x), free(mask), free(y), free(mask2), free(y2);
    bc_backend_free(be);
}
END_TEST

START_TEST(sample_actions_op_follows_the_softmax_and_reports_log_probs)
{
    enum { E = 60000, A = 5 };
    bc_backend *be = cpu_backend();
    float *logits = malloc(E * A * sizeof *logits), *logp = malloc(E * sizeof *logp);
    int32_t *act = malloc(E * sizeof *act);
    const float z[A] = {0.5f, -1.0f, 2.0f, 0.0f, 1.25f};
    for (int e = 0; e < E; e++)
        memcpy(logits + e * A, z, sizeof z);
    ck_assert_ok(be->ops->sample_actions(be->state, E, A, logits, 9, 3, act, logp));
    double prob[A], sum = 0;
    for (int a = 0; a < A; a++)
        sum += prob[a] = exp((double)z[a]);
    int64_t count[A] = {0};
    for (int e = 0; e < E; e++) {
        ck_assert_int_ge(act[e], 0);
        ck_assert_int_lt(act[e], A);
        count[act[e]]++;
        ck_assert_double_eq_tol(logp[e], log(prob[act[e]] / sum), 1e-6);
        /* the inverse CDF of word 0 of block e, centred in its cell */
        uint32_t r[4];
        bc_philox_block(9, 3, (uint64_t)e, r);
        const double u = ((double)r[0] + 0.5) / 4294967296.0;
        double c = 0;
        int want = A - 1;
        for (int a = 0; a < A; a++) {
            c += prob[a] / sum;
            if (u < c) {
                want = a;
                break;
            }
        }
        ck_assert_int_eq(act[e], want);
    }
    for (int a = 0; a < A; a++) {
        const double pa = prob[a] / sum, sd = sqrt(E * pa * (1 - pa));
        ck_assert_msg(fabs(count[a] - E * pa) < 5 * sd, "action %d: %lld draws, expected %.0f", a,
                      (long long)count[a], E * pa);
    }
    free(logits), free(logp), free(act);
    bc_backend_free(be);
}
END_TEST

/* The PPO loss of N rows in float64, as PyTorch's PPO writes it. */
static double ppo_loss_f64(int N, int A, const double *z, const int32_t *act,
                           const float *old_logp, const float *adv, const float *val,
                           const float *ret, double clip, double ent, double vf, double *terms)
{
    double pol = 0, vl = 0, h_sum = 0, kl = 0, cf = 0;
    for (int i = 0; i < N; i++) {
        double mx = z[i * A], s = 0;
        for (int a = 1; a < A; a++)
            mx = fmax(mx, z[i * A + a]);
        for (int a = 0; a < A; a++)
            s += exp(z[i * A + a] - mx);
        double h = 0;
        for (int a = 0; a < A; a++) {
            double lp = z[i * A + a] - mx - log(s);
            h -= exp(lp) * lp;
        }
        double logp = z[i * A + act[i]] - mx - log(s);
        double ratio = exp(logp - old_logp[i]);
        double s1 = ratio * adv[i], s2 = fmin(fmax(ratio, 1 - clip), 1 + clip) * adv[i];
        pol += -fmin(s1, s2);
        vl += 0.5 * (val[i] - (double)ret[i]) * (val[i] - (double)ret[i]);
        h_sum += h;
        kl += (ratio - 1) - (logp - old_logp[i]);
        cf += fabs(ratio - 1) > clip;
    }
    if (terms) {
        terms[0] = pol / N, terms[1] = vl / N, terms[2] = h_sum / N, terms[3] = kl / N;
        terms[4] = cf / N;
    }
    return pol / N - ent * h_sum / N + vf * vl / N;
}

START_TEST(ppo_loss_op_matches_float64_and_central_differences)
{
    enum { N = 40, A = 6 };
    bc_backend *be = cpu_backend();
    float z[N * A], old_logp[N], adv[N], val[N], ret[N], dz[N * A], dv[N];
    int32_t act[N];
    double stats[BC_MATH_PPO_TERMS], terms[5], zd[N * A];
    fill(z, N * A, 31);
    fill(adv, N, 32);
    fill(val, N, 33);
    fill(ret, N, 34);
    for (int i = 0; i < N; i++) {
        act[i] = (int32_t)((i * 7) % A);
        /* old log-probabilities around the current ones: ratios on both
         * sides of the clip range */
        old_logp[i] = -logf((float)A) + 0.6f * adv[(i + 3) % N];
    }
    const double clip = 0.2, ent = 0.05, vf = 0.7;
    ck_assert_ok(be->ops->ppo_loss(be->state, N, A, z, val, act, old_logp, adv, ret, clip, ent, vf,
                                   dz, dv, stats));
    for (int i = 0; i < N * A; i++)
        zd[i] = z[i];
    ppo_loss_f64(N, A, zd, act, old_logp, adv, val, ret, clip, ent, vf, terms);
    for (int k = 0; k < 5; k++)
        ck_assert_msg(fabs(stats[k] - terms[k]) < 1e-6, "term %d: %g vs %g", k, stats[k],
                      terms[k]);
    ck_assert_double_gt(terms[4], 0.0); /* some rows clipped */
    ck_assert_double_lt(terms[4], 1.0);
    for (int i = 0; i < N * A; i++) {
        const double h = 1e-6, keep = zd[i];
        zd[i] = keep + h;
        double lp = ppo_loss_f64(N, A, zd, act, old_logp, adv, val, ret, clip, ent, vf, NULL);
        zd[i] = keep - h;
        double lm = ppo_loss_f64(N, A, zd, act, old_logp, adv, val, ret, clip, ent, vf, NULL);
        zd[i] = keep;
        ck_assert_msg(fabs(dz[i] - (lp - lm) / (2 * h)) < 1e-6, "d logit %d: %g vs %g", i, dz[i],
                      (lp - lm) / (2 * h));
    }
    for (int i = 0; i < N; i++)
        ck_assert_double_eq_tol(dv[i], vf * (val[i] - (double)ret[i]) / N, 1e-8);
    /* the value loss alone */
    double vloss;
    ck_assert_ok(be->ops->value_loss(be->state, N, val, ret, 1.0, dv, &vloss));
    ck_assert_double_eq_tol(vloss, terms[1], 1e-9);
    for (int i = 0; i < N; i++)
        ck_assert_double_eq_tol(dv[i], (val[i] - (double)ret[i]) / N, 1e-8);
    bc_backend_free(be);
}
END_TEST

START_TEST(reduction_ops_match_float64)
{
    enum { N = 5001 };
    bc_backend *be = cpu_backend();
    float *g = malloc(N * sizeof *g), *g0 = malloc(N * sizeof *g0);
    float *ret = malloc(N * sizeof *ret), *val = malloc(N * sizeof *val);
    fill(g0, N, 41);
    fill(ret, N, 42);
    fill(val, N, 43);
    for (int i = 0; i < N; i++)
        ret[i] = 3.0f * ret[i] + 0.5f, val[i] = ret[i] + 0.4f * val[i];
    double sq = 0, norm;
    for (int i = 0; i < N; i++)
        sq += (double)g0[i] * g0[i];
    /* above the limit: scaled to it; below: untouched */
    memcpy(g, g0, N * sizeof *g);
    ck_assert_ok(be->ops->clip_grad_norm(be->state, g, N, 0.5, &norm));
    ck_assert_double_eq_tol(norm, sqrt(sq), 1e-9 * sqrt(sq));
    double sq2 = 0;
    for (int i = 0; i < N; i++)
        sq2 += (double)g[i] * g[i];
    ck_assert_double_eq_tol(sqrt(sq2), 0.5, 1e-5);
    memcpy(g, g0, N * sizeof *g);
    ck_assert_ok(be->ops->clip_grad_norm(be->state, g, N, 1e6, &norm));
    ck_assert_int_eq(memcmp(g, g0, N * sizeof *g), 0);
    /* normalize: mean 0, unbiased sd 1 (up to the 1e-8) */
    memcpy(g, ret, N * sizeof *g);
    ck_assert_ok(be->ops->normalize(be->state, N, g));
    double m = 0, v = 0, mr = 0, vr = 0;
    for (int i = 0; i < N; i++)
        mr += ret[i] / (double)N;
    for (int i = 0; i < N; i++)
        vr += (ret[i] - mr) * (ret[i] - mr) / (N - 1);
    for (int i = 0; i < N; i++) {
        ck_assert_double_eq_tol(g[i], (ret[i] - mr) / (sqrt(vr) + 1e-8), 1e-5);
        m += g[i] / (double)N;
    }
    for (int i = 0; i < N; i++)
        v += (g[i] - m) * (g[i] - m) / (N - 1);
    ck_assert_double_eq_tol(m, 0.0, 1e-6);
    ck_assert_double_eq_tol(v, 1.0, 1e-5);
    /* explained variance, two-pass in float64 */
    double ev, md = 0, vd = 0;
    ck_assert_ok(be->ops->explained_variance(be->state, N, ret, val, &ev));
    for (int i = 0; i < N; i++)
        md += (ret[i] - (double)val[i]) / N;
    for (int i = 0; i < N; i++)
        vd += (ret[i] - (double)val[i] - md) * (ret[i] - (double)val[i] - md) / N;
    vr = vr * (N - 1) / N;
    ck_assert_double_eq_tol(ev, 1.0 - vd / vr, 1e-9);
    ck_assert_double_gt(ev, 0.9);
    /* constant returns: NaN */
    for (int i = 0; i < N; i++)
        g[i] = 2.0f;
    ck_assert_ok(be->ops->explained_variance(be->state, N, g, val, &ev));
    ck_assert(isnan(ev));
    free(g), free(g0), free(ret), free(val);
    bc_backend_free(be);
}
END_TEST

START_TEST(gather_bias_column_sum_and_mark_ops_move_the_right_rows)
{
    enum { T = 3, E = 5, B = 3, W = 4 };
    bc_backend *be = cpu_backend();
    float src[T * E * W], dst[T * B * W], back[T * E * W];
    for (int i = 0; i < T * E * W; i++)
        src[i] = (float)i;
    const int32_t idx[B] = {4, 0, 2};
    ck_assert_ok(be->ops->gather_rows(be->state, T, B, E, idx, W * sizeof(float), src, dst, 0));
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            for (int w = 0; w < W; w++)
                ck_assert_float_eq(dst[(t * B + b) * W + w], src[(t * E + idx[b]) * W + w]);
    memset(back, 0, sizeof back);
    ck_assert_ok(be->ops->gather_rows(be->state, T, B, E, idx, W * sizeof(float), dst, back, 1));
    for (int t = 0; t < T; t++)
        for (int e = 0; e < E; e++)
            for (int w = 0; w < W; w++)
                ck_assert_float_eq(back[(t * E + e) * W + w],
                                   (e == 1 || e == 3) ? 0.0f : src[(t * E + e) * W + w]);
    uint8_t flags[T * E], fdst[T * B];
    for (int i = 0; i < T * E; i++)
        flags[i] = (uint8_t)(i * 3);
    ck_assert_ok(be->ops->gather_rows(be->state, T, B, E, idx, 1, flags, fdst, 0));
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            ck_assert_int_eq(fdst[t * B + b], flags[t * E + idx[b]]);
    /* bias rows, column sums (added onto), positive columns */
    const float bias[W] = {1.5f, -2.0f, 0.0f, 3.25f};
    float y[T * W], sums[W] = {1.0f, 1.0f, 1.0f, 1.0f};
    ck_assert_ok(be->ops->bias_rows(be->state, T, W, bias, y));
    for (int i = 0; i < T * W; i++)
        ck_assert_float_eq(y[i], bias[i % W]);
    ck_assert_ok(be->ops->column_sums_add(be->state, T * E, W, src, sums));
    for (int j = 0; j < W; j++) {
        double want = 1.0;
        for (int i = 0; i < T * E; i++)
            want += src[i * W + j];
        ck_assert_double_eq_tol(sums[j], want, 1e-4);
    }
    uint8_t fired[W] = {0, 0, 0, 0};
    ck_assert_ok(be->ops->mark_positive_columns(be->state, T, W, y, fired));
    ck_assert_int_eq(fired[0], 1);
    ck_assert_int_eq(fired[1], 0);
    ck_assert_int_eq(fired[2], 0);
    ck_assert_int_eq(fired[3], 1);
    /* fill and copy */
    ck_assert_ok(be->ops->fill(be->state, y, 0, sizeof y));
    for (int i = 0; i < T * W; i++)
        ck_assert_float_eq(y[i], 0.0f);
    ck_assert_ok(be->ops->copy(be->state, y, src, sizeof y));
    ck_assert_int_eq(memcmp(y, src, sizeof y), 0);
    bc_backend_free(be);
}
END_TEST

Suite *suite_backend(void)
{
    Suite *s = suite_create("backend");
    TCase *tc = tcase_create("cpu");
    tcase_add_test(tc, registry_lists_cpu_and_cuda);
    tcase_add_test(tc, cpu_sgemm_matches_float64_reference_all_transposes);
    tcase_add_test(tc, reference_sgemm_matches_float64_reference);
    tcase_add_test(tc, cpu_sgemm_batched_equals_separate_calls);
    tcase_add_test(tc, sgemm_degenerate_shapes_scale_by_beta);
    tcase_add_test(tc, sgemm_rejects_bad_arguments_with_named_value);
    tcase_add_test(tc, cuda_without_plugin_fails_cleanly_and_best_falls_back);
    tcase_add_test(tc, cuda_plugin_that_is_not_a_plugin_is_refused);
    tcase_add_test(tc, init_rejects_null_and_unknown_names);
    tcase_add_test(tc, reference_activations_softmax_and_adam);
    tcase_add_test(tc, relu_layernorm_op_matches_float64_and_central_differences);
    tcase_add_test(tc, dropout_op_draws_philox_masks_at_the_keep_rate);
    tcase_add_test(tc, sample_actions_op_follows_the_softmax_and_reports_log_probs);
    tcase_add_test(tc, ppo_loss_op_matches_float64_and_central_differences);
    tcase_add_test(tc, reduction_ops_match_float64);
    tcase_add_test(tc, gather_bias_column_sum_and_mark_ops_move_the_right_rows);
    suite_add_tcase(s, tc);
    return s;
}
