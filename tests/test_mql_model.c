/* test_mql_model.c - models, predictors and feature engines through the
 * MQL5 shim on Linux: the shim computes exactly what the C API does, a
 * model outlives its id while predictors use it, online updates reach the
 * id's own predictors and no other id, and every bad argument is refused
 * with a named value. tests/win/ repeats these calls through the DLL. */
#include "test_util.h"
#include "model/model.h"
#include "mql/mql.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#define SPEC "sma(3),rsi(5),ret(1)"

/* UTF-8 -> UTF-16 through the library's converter (static buffer). */
static const uint16_t *u16(const char *s)
{
    static uint16_t buf[4][1024];
    static int next;
    uint16_t *out = buf[next++ % 4];
    int32_t length = 0;
    ck_assert_ok(bc_utf8_to_utf16(s, 1, "test", out, 1024, &length));
    return out;
}

static char *utf8_of(const uint16_t *w)
{
    char *s = NULL;
    ck_assert_ok(bc_utf16_to_utf8(w, "test", &s));
    return s;
}

static char dir[64];
static char model_path[128];

/* A logistic model over SPEC's 3 columns with 4 classes, threshold 0.3. */
static bc_model *make_model(void)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 3, 4, NULL, 0, 0, &m));
    const float w[12] = {0, 0, 0, 0.2f, 0.5f, 1.0f, -0.2f, -0.5f, -1.0f, 0.05f, 0.05f, 0.3f};
    const float b[4] = {1.0f, -0.5f, -0.5f, -1.0f};
    memcpy(m->layers[0].weight, w, sizeof w);
    memcpy(m->layers[0].bias, b, sizeof b);
    m->norm_kind = BC_NORM_ZSCORE;
    double center[3] = {60.0, 50.0, 0.0}, scale[3] = {20.0, 15.0, 0.02};
    memcpy(m->center, center, sizeof center);
    memcpy(m->scale, scale, sizeof scale);
    const char *names[3] = {"sma(3)", "rsi(5)", "ret(1)"};
    const char *classes[4] = {"none", "open_long", "open_short", "close"};
    ck_assert_ok(bc_model_set_feature_names(m, names));
    ck_assert_ok(bc_model_set_class_names(m, classes));
    ck_assert_ok(bc_model_set_feature_spec(m, SPEC));
    ck_assert_ok(bc_model_set_threshold(m, 0.3));
    return m;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/bc_mql_model_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(model_path, sizeof model_path, "%s/m\xc3\xbc.bcm", dir); /* "mü.bcm" */
    bc_model *m = make_model();
    ck_assert_ok(bc_model_save_ex(m, model_path, BC_MODEL_SAVE_UNCOMPRESSED));
    bc_model_free(m);
}

static void teardown(void)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static bc_bars *aapl(void)
{
    bc_bars *bars = NULL;
    ck_assert_ok(bc_bars_read_csv(test_data_path("aapl_daily.csv"), &bars, NULL));
    return bars;
}

START_TEST(model_from_utf16_path_and_from_bytes_predicts_like_the_c_api)
{
    int32_t live = bc_mql_live_count();
    int64_t a = 0, b = 0;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &a));
    FILE *f = fopen(model_path, "rb");
    uint8_t bytes[8192];
    int32_t size = (int32_t)fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    ck_assert_ok(bc_mql_model_load_bytes(bytes, size, &b));
    ck_assert_int_eq(bc_mql_live_count(), live + 2);
    ck_assert_int_eq(bc_mql_model_num_features(a), 3);
    ck_assert_int_eq(bc_mql_model_num_classes(b), 4);

    bc_model *c = make_model();
    double x[3] = {63.0, 71.0, 0.01}, want[4], pa[4], pb[4];
    ck_assert_ok(bc_model_predict(c, x, 1, 3, want, 4));
    ck_assert_ok(bc_mql_model_predict(a, x, 3, pa, 4));
    ck_assert_ok(bc_mql_model_predict(b, x, 3, pb, 4));
    ck_assert_mem_eq(pa, want, sizeof want);
    ck_assert_mem_eq(pb, want, sizeof want);
    bc_model_free(c);

    uint16_t name[32];
    ck_assert_int_eq(bc_mql_model_feature_name(a, 1, name, 32), 6);
    char *s = utf8_of(name);
    ck_assert_str_eq(s, "rsi(5)");
    free(s);
    ck_assert_ok(bc_mql_release(a));
    ck_assert_ok(bc_mql_release(b));
    ck_assert_int_eq(bc_mql_live_count(), live);
}
END_TEST

START_TEST(model_info_is_key_value_lines)
{
    int64_t id = 0;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &id));
    uint16_t buf[512];
    int32_t n = bc_mql_model_info(id, buf, 512);
    char *s = utf8_of(buf);
    ck_assert_str_eq(s, "kind=logistic\nfeatures=3\nclasses=4\nlayers=1\nhidden=\nthreshold=0.29999999999999999\n"
                        "calibrated=0\nnormalization=zscore\nmode=\nclass_names=none,open_long,"
                        "open_short,close\nfeature_spec=" SPEC "\nsymbol=\nbar_seconds=0\n"
                        "time_zone=\nsl_distance=0\ntp_distance=0\n");
    ck_assert_int_eq(n, (int32_t)strlen(s));
    free(s);
    uint16_t small[4];
    ck_assert_int_eq(bc_mql_model_info(id, small, 4), n); /* cut: whole length back */
    ck_assert_int_eq(small[3], 0);
    ck_assert_ok(bc_mql_release(id));
}
END_TEST

START_TEST(predictor_decides_bar_by_bar_like_the_c_predictor)
{
    bc_bars *bars = aapl();
    bc_model *c = make_model();
    bc_predictor *ref = NULL;
    ck_assert_ok(bc_predictor_create(c, &ref));
    int64_t model = 0, p = 0, features = 0;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &model));
    ck_assert_ok(bc_mql_predictor_create(model, &p));
    ck_assert_ok(bc_mql_features_create(u16(SPEC), &features));
    ck_assert_int_eq(bc_mql_features_count(features), 3);
    bc_features *fref = NULL;
    ck_assert_ok(bc_features_create(SPEC, &fref));
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, BC_BAR_OPEN), *h = bc_bars_column(bars, BC_BAR_HIGH);
    const double *l = bc_bars_column(bars, BC_BAR_LOW), *cl = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *v = bc_bars_column(bars, BC_BAR_VOLUME);
    int acted = 0;
    for (int32_t i = 0; i < bc_bars_length(bars); i++) {
        double pw[4], pg[4], fw[3], fg[3], act_w, act_g, thr_w, thr_g;
        int32_t dw = -1, dg = -2;
        ck_assert_ok(bc_predictor_update(ref, t[i], o[i], h[i], l[i], cl[i], v[i], pw, 4, &dw));
        ck_assert_ok(bc_mql_predictor_update(p, t[i], o[i], h[i], l[i], cl[i], v[i], pg, 4, &dg));
        ck_assert_int_eq(dw, dg);
        ck_assert_mem_eq(pw, pg, sizeof pw);
        ck_assert_ok(bc_predictor_last(ref, &act_w, &thr_w));
        ck_assert_ok(bc_mql_predictor_last(p, &act_g, &thr_g));
        ck_assert_mem_eq(&act_w, &act_g, sizeof act_w);
        ck_assert_double_eq(thr_g, 0.3);
        ck_assert_int_ge(bc_features_update(fref, t[i], o[i], h[i], l[i], cl[i], v[i], fw, 3), 0);
        ck_assert_int_ge(bc_mql_features_update(features, t[i], o[i], h[i], l[i], cl[i], v[i], fg, 3), 0);
        ck_assert_mem_eq(fw, fg, sizeof fw);
        acted += dw != BC_DECISION_HOLD;
    }
    ck_assert_int_gt(acted, 10);
    int32_t dw, dg, hw, hg;
    double ew, eg;
    ck_assert_ok(bc_predictor_position(ref, &dw, &hw, &ew));
    ck_assert_ok(bc_mql_predictor_position(p, &dg, &hg, &eg));
    ck_assert_int_eq(dw, dg);
    ck_assert_int_eq(hw, hg);
    ck_assert_ok(bc_mql_release(features));
    ck_assert_ok(bc_mql_release(p));
    ck_assert_ok(bc_mql_release(model));
    bc_features_free(fref);
    bc_predictor_free(ref);
    bc_model_free(c);
    bc_bars_free(bars);
}
END_TEST

START_TEST(model_id_may_be_released_while_its_predictor_runs)
{
    int32_t live = bc_mql_live_count();
    int64_t model = 0, p = 0;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &model));
    ck_assert_ok(bc_mql_predictor_create(model, &p));
    ck_assert_ok(bc_mql_release(model));
    ck_assert_int_eq(bc_mql_model_num_features(model), BC_E_STALE_HANDLE);
    double probs[4];
    int32_t d = -1;
    for (int i = 0; i < 30; i++)
        ck_assert_ok(bc_mql_predictor_update(p, 86400 * (i + 1), 10 + i % 7, 11 + i % 7, 9 + i % 7,
                                             10.5 + i % 7, 100, probs, 4, &d));
    ck_assert_double_eq_tol(probs[0] + probs[1] + probs[2] + probs[3], 1.0, 1e-12);
    ck_assert_int_eq(bc_mql_live_count(), live + 1);
    ck_assert_ok(bc_mql_release(p)); /* the last reference: frees the model (ASan checks) */
    ck_assert_int_eq(bc_mql_live_count(), live);
}
END_TEST

START_TEST(online_update_reaches_its_predictors_and_no_other_id)
{
    int64_t learner = 0, other = 0, p_learner = 0, p_other = 0;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &learner));
    ck_assert_ok(bc_mql_model_load(u16(model_path), &other));
    ck_assert_ok(bc_mql_predictor_create(learner, &p_learner));
    ck_assert_ok(bc_mql_predictor_create(other, &p_other));
    double x[6] = {63.0, 71.0, 0.01, 55.0, 30.0, -0.02};
    int32_t y[2] = {1, 2};
    double w[2] = {1.0, 3.0};
    bc_model *c = make_model();
    ck_assert_ok(bc_model_update(c, x, y, w, 2, 3, 0.5, 0.01));
    ck_assert_ok(bc_mql_model_update(learner, x, 6, y, 2, w, 2, 3, 0.5, 0.01));
    double want[4], got[4], before[4];
    ck_assert_ok(bc_model_predict(c, x, 1, 3, want, 4));
    ck_assert_ok(bc_mql_model_predict(learner, x, 3, got, 4));
    ck_assert_mem_eq(got, want, sizeof want);
    ck_assert_ok(bc_mql_model_predict(other, x, 3, before, 4));
    ck_assert_int_ne(memcmp(before, got, sizeof got), 0);

    /* The two predictors saw the same bars, only the learner's model moved. */
    double pl[4], po[4];
    int32_t dl, dp;
    for (int i = 0; i < 20; i++) {
        ck_assert_ok(bc_mql_predictor_update(p_learner, 86400 * (i + 1), 50 + i, 51 + i, 49 + i,
                                             50.5 + i, 10, pl, 4, &dl));
        ck_assert_ok(bc_mql_predictor_update(p_other, 86400 * (i + 1), 50 + i, 51 + i, 49 + i,
                                             50.5 + i, 10, po, 4, &dp));
    }
    ck_assert_int_ne(memcmp(pl, po, sizeof pl), 0);
    /* No weights: n_weights 0 means all 1. */
    ck_assert_ok(bc_mql_model_update(other, x, 6, y, 2, NULL, 0, 3, 0.5, 0.0));
    bc_model_free(c);
    ck_assert_ok(bc_mql_release(p_learner));
    ck_assert_ok(bc_mql_release(p_other));
    ck_assert_ok(bc_mql_release(learner));
    ck_assert_ok(bc_mql_release(other));
}
END_TEST

START_TEST(predictor_logs_decisions_to_utf16_paths)
{
    int64_t model = 0, p = 0;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &model));
    ck_assert_ok(bc_mql_predictor_create(model, &p));
    char log_path[160], unc_path[160];
    snprintf(log_path, sizeof log_path, "%s/d\xc3\xa9" "cisions.csv", dir);
    snprintf(unc_path, sizeof unc_path, "%s/uncertain.csv", dir);
    ck_assert_ok(bc_mql_predictor_set(p, u16("decision_log"), u16(log_path)));
    ck_assert_ok(bc_mql_predictor_set(p, u16("uncertain_log"), u16(unc_path)));
    ck_assert_ok(bc_mql_predictor_set(p, u16("uncertainty_margin"), u16("0.2")));
    ck_assert_ok(bc_mql_predictor_set(p, u16("model_version"), u16("v\xc3\xbc")));
    double probs[4];
    int32_t d, near = 0;
    for (int i = 0; i < 40; i++) {
        double c = 50.0 + 3.0 * sin(0.9 * i) + 0.1 * i;
        ck_assert_ok(bc_mql_predictor_update(p, 86400 * (i + 1), c, c + 1, c - 1, c, 10, probs, 4,
                                             &d));
        double act = 0, thr = 0;
        ck_assert_ok(bc_mql_predictor_last(p, &act, &thr));
        near += i >= 5 && fabs(act - thr) < 0.2;
    }
    ck_assert_int_gt(near, 0);
    ck_assert_ok(bc_mql_release(p)); /* closes the logs */
    ck_assert_ok(bc_mql_release(model));
    bc_decisions *logged = NULL, *uncertain = NULL;
    ck_assert_ok(bc_decisions_read_csv(log_path, &logged, NULL));
    ck_assert_ok(bc_decisions_read_csv(unc_path, &uncertain, NULL));
    /* rsi(5) is valid from the 6th bar on: 35 decided bars, the uncertain
     * ones (|P(act) - threshold| < margin) also in the second log. */
    ck_assert_int_eq(bc_decisions_count(logged), 35);
    ck_assert_int_eq(bc_decisions_count(uncertain), near);
    ck_assert_int_lt(near, 35);
    bc_decision_row row;
    row.struct_size = sizeof row;
    ck_assert_ok(bc_decisions_get(logged, 0, &row));
    ck_assert_str_eq(row.model_version, "v\xc3\xbc");
    ck_assert_int_eq(row.event_id, 86400 * 6);
    bc_decisions_free(logged);
    bc_decisions_free(uncertain);
}
END_TEST

START_TEST(shim_refuses_bad_ids_and_arguments_by_name)
{
    int64_t model = 0, p = 0, bad = 7;
    ck_assert_ok(bc_mql_model_load(u16(model_path), &model));
    ck_assert_ok(bc_mql_predictor_create(model, &p));

    ck_assert_status_msg(bc_mql_model_load(u16("/nonexistent/x.bcm"), &bad), BC_E_IO, "x.bcm");
    ck_assert_int_eq(bad, 0);
    ck_assert_status_msg(bc_mql_model_load(u16(""), &bad), BC_E_INVALID_ARGUMENT, "path is empty");
    ck_assert_status_msg(bc_mql_model_load(u16(model_path), NULL), BC_E_INVALID_ARGUMENT, "id is NULL");
    uint8_t junk[16] = "not a model";
    ck_assert_int_eq(bc_mql_model_load_bytes(junk, 16, &bad), BC_E_FORMAT);
    ck_assert_status_msg(bc_mql_model_load_bytes(junk, 0, &bad), BC_E_INVALID_ARGUMENT,
                         "size is not positive");

    ck_assert_status_msg(bc_mql_model_num_features(p), BC_E_WRONG_HANDLE_TYPE,
                         "is of kind 'predictor', expected 'model'");
    ck_assert_status_msg(bc_mql_predictor_create(p, &bad), BC_E_WRONG_HANDLE_TYPE,
                         "expected 'model'");
    ck_assert_int_eq(bad, 0);
    ck_assert_status_msg(bc_mql_predictor_reset(model), BC_E_WRONG_HANDLE_TYPE,
                         "expected 'predictor'");
    ck_assert_int_eq(bc_mql_model_num_classes(12345), BC_E_BAD_HANDLE);

    double x[3] = {1, 2, 3}, probs[4];
    ck_assert_status_msg(bc_mql_model_predict(model, x, 2, probs, 4), BC_E_SHAPE,
                         "rows have 2 features, the model takes 3");
    ck_assert_int_eq(bc_mql_model_predict(model, x, 3, probs, 3), BC_E_BUFFER_TOO_SMALL);
    ck_assert_status_msg(bc_mql_model_predict(model, NULL, 3, probs, 4), BC_E_INVALID_ARGUMENT,
                         "x: array is NULL");
    int32_t y[1] = {1};
    ck_assert_status_msg(bc_mql_model_update(model, x, 2, y, 1, NULL, 0, 3, 0.1, 0.0), BC_E_SHAPE,
                         "x has 2 values, expected 1 rows x 3 = 3");
    double w[2] = {1, 1};
    ck_assert_status_msg(bc_mql_model_update(model, x, 3, y, 1, w, 2, 3, 0.1, 0.0), BC_E_SHAPE,
                         "weights has 2 values");
    ck_assert_status_msg(bc_mql_model_update(model, x, 3, y, 1, NULL, 0, 3, NAN, 0.0),
                         BC_E_INVALID_ARGUMENT, "learning_rate nan");
    y[0] = 9;
    ck_assert_status_msg(bc_mql_model_update(model, x, 3, y, 1, NULL, 0, 3, 0.1, 0.0),
                         BC_E_INVALID_ARGUMENT, "row 0 has label 9");
    ck_assert_status_msg(bc_mql_model_feature_name(model, 3, NULL, 0), BC_E_INVALID_ARGUMENT,
                         "index 3 is outside 0..2");

    ck_assert_status_msg(bc_mql_predictor_set(p, u16("colour"), u16("red")), BC_E_UNKNOWN_KEY,
                         "'colour'");
    ck_assert_status_msg(bc_mql_predictor_set(p, u16("threshold"), u16("2")),
                         BC_E_INVALID_ARGUMENT, "threshold '2'");
    int32_t d;
    ck_assert_status_msg(bc_mql_predictor_update(p, 100, 1, 1, 1, 1, 1, probs, 4, NULL),
                         BC_E_INVALID_ARGUMENT, "decision is NULL");
    ck_assert_status_msg(bc_mql_predictor_update(p, 100, 1, 1, 1, 1, 1, NULL, 4, &d),
                         BC_E_INVALID_ARGUMENT, "probs: array is NULL");
    ck_assert_int_eq(bc_mql_predictor_update(p, 100, 1, 1, 1, 1, 1, probs, 2, &d),
                     BC_E_BUFFER_TOO_SMALL);
    ck_assert_ok(bc_mql_predictor_update(p, 100, 1, 1, 1, 1, 1, probs, 4, &d));
    ck_assert_status_msg(bc_mql_predictor_update(p, 100, 1, 1, 1, 1, 1, probs, 4, &d),
                         BC_E_INVALID_ARGUMENT, "bar time 100 is not after");
    ck_assert_status_msg(bc_mql_predictor_set_position(p, 1, 0, -5.0), BC_E_INVALID_ARGUMENT,
                         "entry_price -5");
    ck_assert_ok(bc_mql_predictor_set_position(p, -1, 2, 1.5));
    int32_t direction = 0, held = 0;
    double entry = 0;
    ck_assert_ok(bc_mql_predictor_position(p, &direction, &held, &entry));
    ck_assert_int_eq(direction, -1);
    ck_assert_int_eq(held, 2);
    ck_assert_double_eq(entry, 1.5);
    ck_assert_ok(bc_mql_predictor_reset(p));
    ck_assert_ok(bc_mql_predictor_observe(p, 100, 1, 1, 1, 1, 1)); /* time 100 again after reset */
    ck_assert_status_msg(bc_mql_features_create(u16("sma(0)"), &bad), BC_E_PARSE, "sma");

    ck_assert_ok(bc_mql_release(p));
    ck_assert_int_eq(bc_mql_predictor_reset(p), BC_E_STALE_HANDLE);
    ck_assert_ok(bc_mql_release(model));
}
END_TEST


/* bc_mql_predictor_levels is bc_predictor_levels: a clone with a stddev
 * stop and a price target, loaded from a .bcm through the shim, tracking
 * its own position (auto_position) on aapl, gives bit for bit the C
 * predictor's levels on every bar (NaN while flat), and the rules; a
 * reported position gets its price's levels; bad and stale ids are
 * refused. */
START_TEST(predictor_levels_are_the_c_predictors)
{
    bc_model *m = make_model();
    ck_assert_ok(bc_model_set_extra_json(m, "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"stddev\","
                                            "\"k\":2,\"n\":10},\"tp\":{\"unit\":\"price\","
                                            "\"k\":0.02}}}}"));
    char path[160];
    snprintf(path, sizeof path, "%s/levels.bcm", dir);
    ck_assert_ok(bc_model_save_ex(m, path, BC_MODEL_SAVE_UNCOMPRESSED));
    bc_predictor *ref = NULL;
    ck_assert_ok(bc_predictor_create(m, &ref));
    int64_t model = 0, p = 0;
    ck_assert_ok(bc_mql_model_load(u16(path), &model));
    ck_assert_ok(bc_mql_predictor_create(model, &p));
    bc_bars *bars = aapl();
    const int64_t *t = bc_bars_time(bars);
    const double *o = bc_bars_column(bars, 0), *h = bc_bars_column(bars, 1),
                 *l = bc_bars_column(bars, 2), *c = bc_bars_column(bars, 3),
                 *v = bc_bars_column(bars, 4);
    int32_t both = 0, rules = -1;
    for (int32_t i = 0; i < bc_bars_length(bars); i++) {
        double probs[4], sl_w = 0, tp_w = 0, sl_g = 0, tp_g = 0;
        int32_t dw = -1, dg = -1;
        ck_assert_ok(bc_predictor_update(ref, t[i], o[i], h[i], l[i], c[i], v[i], probs, 4, &dw));
        ck_assert_ok(bc_mql_predictor_update(p, t[i], o[i], h[i], l[i], c[i], v[i], probs, 4, &dg));
        ck_assert_int_eq(dw, dg);
        ck_assert_ok(bc_predictor_levels(ref, &sl_w, &tp_w, NULL));
        ck_assert_ok(bc_mql_predictor_levels(p, &sl_g, &tp_g, &rules));
        ck_assert_msg(memcmp(&sl_w, &sl_g, sizeof sl_w) == 0 &&
                          memcmp(&tp_w, &tp_g, sizeof tp_w) == 0,
                      "bar %d: %.17g %.17g, the C predictor's %.17g %.17g", (int)i, sl_g, tp_g,
                      sl_w, tp_w);
        ck_assert_int_eq(rules, 3);
        both += isfinite(sl_g) && isfinite(tp_g);
    }
    ck_assert_int_gt(both, 50);
    ck_assert_ok(bc_mql_predictor_set(p, u16("auto_position"), u16("0")));
    ck_assert_ok(bc_mql_predictor_set_position(p, 0, 0, 0.0));
    double sl = 0, tp = 0;
    ck_assert_ok(bc_mql_predictor_levels(p, &sl, &tp, &rules));
    ck_assert(isnan(sl) && isnan(tp)); /* flat */
    ck_assert_ok(bc_mql_predictor_set_position(p, -1, 1, 100.0));
    ck_assert_ok(bc_mql_predictor_levels(p, &sl, &tp, NULL));
    ck_assert(isfinite(sl) && sl > 100.0); /* a short's stop above */
    ck_assert_double_eq_tol(tp, 98.0, 1e-12);
    ck_assert_int_eq(bc_mql_predictor_levels(model, &sl, &tp, &rules), BC_E_WRONG_HANDLE_TYPE);
    ck_assert_int_eq(bc_mql_predictor_levels(0, &sl, &tp, &rules), BC_E_BAD_HANDLE);
    ck_assert_ok(bc_mql_release(p));
    ck_assert_int_eq(bc_mql_predictor_levels(p, &sl, &tp, &rules), BC_E_STALE_HANDLE);
    ck_assert_ok(bc_mql_release(model));
    bc_bars_free(bars);
    bc_predictor_free(ref);
    bc_model_free(m);
}
END_TEST

Suite *suite_mql_model(void)
{
    Suite *s = suite_create("mql_model");
    TCase *tc = tcase_create("models and predictors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, model_from_utf16_path_and_from_bytes_predicts_like_the_c_api);
    tcase_add_test(tc, model_info_is_key_value_lines);
    tcase_add_test(tc, predictor_decides_bar_by_bar_like_the_c_predictor);
    tcase_add_test(tc, model_id_may_be_released_while_its_predictor_runs);
    tcase_add_test(tc, online_update_reaches_its_predictors_and_no_other_id);
    tcase_add_test(tc, predictor_logs_decisions_to_utf16_paths);
    tcase_add_test(tc, shim_refuses_bad_ids_and_arguments_by_name);
    tcase_add_test(tc, predictor_levels_are_the_c_predictors);
    suite_add_tcase(s, tc);
    return s;
}
