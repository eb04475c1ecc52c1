/* test_backend.c - backend registry, cpu GEMM against a float64 reference,
 * the cuda plugin loader's clean failure, and the reference kernels. */
#include "test_util.h"
#include "backend/backend.h"

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
    suite_add_tcase(s, tc);
    return s;
}
