/* test_golden.c - model files written by an earlier version still load and
 * predict as they did (model files stay loadable across library versions).
 * The files in tests/data/golden were made once by make_golden.py with
 * version 0.1.0 and are never regenerated. This is a compatibility test
 * against the library's own earlier output - a snapshot of itself, not a
 * check of the numbers: their correctness is checked against independent
 * references elsewhere (scikit-learn and finite differences in test_train.c
 * and tests/python/test_models.py, ONNX Runtime in test_onnx_export.py,
 * TA-Lib in test_features.c). */
#include "test_util.h"

#include <math.h>
#include <stdlib.h>

enum { GOLDEN_ROWS = 40 };

/* Reads the expected probabilities (rows x classes, comma-separated, '#'
 * comment lines). */
static int read_expected(const char *name, double *out, int capacity)
{
    FILE *f = fopen(test_data_path(name), "r");
    ck_assert_msg(f != NULL, "cannot open %s", name);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *p = line, *end;
        for (;;) {
            double v = strtod(p, &end);
            if (end == p)
                break;
            ck_assert_int_lt(n, capacity);
            out[n++] = v;
            p = *end == ',' ? end + 1 : end;
        }
    }
    fclose(f);
    return n;
}

static void check_golden(const char *model_file, const char *expected_file)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_load(test_data_path(model_file), &m));
    char spec[1024];
    ck_assert_ok(bc_model_feature_spec(m, spec, sizeof spec, NULL));
    bc_features *f = NULL;
    ck_assert_ok(bc_features_create(spec, &f));
    int32_t k = bc_features_count(f);
    ck_assert_int_eq(k, bc_model_num_features(m));
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    int32_t n = bc_bars_length(bars);
    double *x = malloc(sizeof(double) * n * k);
    ck_assert_ok(bc_features_compute(f, bars, x, (int64_t)n * k));
    int32_t classes = bc_model_num_classes(m);
    double probs[GOLDEN_ROWS * 4], expected[GOLDEN_ROWS * 4];
    ck_assert_int_le(classes, 4);
    ck_assert_int_eq(read_expected(expected_file, expected, GOLDEN_ROWS * 4),
                     GOLDEN_ROWS * classes);
    ck_assert_ok(bc_model_predict(m, x + (int64_t)(n - GOLDEN_ROWS) * k, GOLDEN_ROWS, k,
                                  probs, GOLDEN_ROWS * 4));
    /* The forward pass may be reordered between versions (float sums), so
     * the bound is float rounding, not bit equality. */
    for (int i = 0; i < GOLDEN_ROWS * classes; i++)
        ck_assert_msg(fabs(probs[i] - expected[i]) < 1e-6, "%s value %d: %.9g, was %.9g",
                      model_file, i, probs[i], expected[i]);
    free(x);
    bc_bars_free(bars);
    bc_features_free(f);
    bc_model_free(m);
}

START_TEST(logistic_model_of_version_0_1_0_loads_and_predicts_as_it_did)
{
    check_golden("golden/logistic_v0.1.0.bcm", "golden/logistic_v0.1.0_expected.csv");
    check_golden("golden/logistic_v0.1.0_uncompressed.bcm", "golden/logistic_v0.1.0_expected.csv");
}
END_TEST

START_TEST(mlp_model_of_version_0_1_0_loads_and_predicts_as_it_did)
{
    check_golden("golden/mlp_v0.1.0.bcm", "golden/mlp_v0.1.0_expected.csv");
    check_golden("golden/mlp_v0.1.0_uncompressed.bcm", "golden/mlp_v0.1.0_expected.csv");
}
END_TEST

Suite *suite_golden(void)
{
    Suite *s = suite_create("golden");
    TCase *tc = tcase_create("model files");
    tcase_add_test(tc, logistic_model_of_version_0_1_0_loads_and_predicts_as_it_did);
    tcase_add_test(tc, mlp_model_of_version_0_1_0_loads_and_predicts_as_it_did);
    suite_add_tcase(s, tc);
    return s;
}
