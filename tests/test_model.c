/* test_model.c - the model's forward pass against hand-computed values,
 * normalization rules (clip, missing values), calibration, the public
 * accessors, the .bcm file (round trip, corruption of every kind) and the
 * model.json export. */
#include "test_util.h"
#include <time.h>
#include <fcntl.h>

#include <sys/stat.h>
#include "model/model.h"
#include "core/hwinfo.h"

#include <jansson.h>
#define XXH_INLINE_ALL
#include <xxhash.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

/* A logistic model over 2 features, 3 classes, with metadata set. */
static bc_model *small_logistic(void)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 2, 3, NULL, 0, 0, &m));
    const float W[6] = {0.0f, 0.0f, 1.0f, -1.0f, -0.5f, 2.0f};
    const float b[3] = {0.1f, 0.0f, -0.2f};
    memcpy(m->layers[0].weight, W, sizeof W);
    memcpy(m->layers[0].bias, b, sizeof b);
    m->norm_kind = BC_NORM_ZSCORE;
    m->center[0] = 10.0;
    m->scale[0] = 2.0;
    m->center[1] = -1.0;
    m->scale[1] = 0.5;
    for (int j = 0; j < 2; j++) {
        m->clip_low[j] = -3.0;
        m->clip_high[j] = 3.0;
    }
    const char *features[2] = {"rsi(14)", "sma(20)"};
    const char *classes[3] = {"none", "open_long", "open_short"};
    ck_assert_ok(bc_model_set_feature_names(m, features));
    ck_assert_ok(bc_model_set_class_names(m, classes));
    ck_assert_ok(bc_model_set_feature_spec(m, "rsi(14),sma(20)"));
    ck_assert_ok(bc_model_set_threshold(m, 0.6));
    ck_assert_ok(bc_model_set_mode(m, "standard", bc_hw_feature_flags_json("standard")));
    ck_assert_ok(bc_model_set_training_info(m, 30.0, 1700000000, 1234, 99));
    ck_assert_ok(bc_model_set_validation_metrics(m, "{\"accuracy\":0.75}"));
    ck_assert_ok(bc_model_set_extra_json(m, "{\"hourly_thresholds\":[0.5,0.6],\"threshold\":9}"));
    return m;
}

static bc_model *small_mlp(void)
{
    int32_t hidden[2] = {3, 2};
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, 2, 2, hidden, 2, BC_ACT_TANH, &m));
    float v = 0.1f;
    for (int32_t l = 0; l < m->n_layers; l++) {
        for (int32_t i = 0; i < m->layers[l].in * m->layers[l].out; i++, v = -v * 1.3f)
            m->layers[l].weight[i] = v;
        for (int32_t i = 0; i < m->layers[l].out; i++)
            m->layers[l].bias[i] = 0.05f * (float)i;
    }
    ck_assert_ok(bc_model_set_calibration(m, 1.5, -0.25));
    double per_class[2] = {NAN, 0.7};
    ck_assert_ok(bc_model_set_class_thresholds(m, per_class));
    return m;
}

/* A feature name may be as long as the feature engine's (255 bytes: a
 * search conjunction of three long cuts); one byte more is refused with
 * its length named, and the model file keeps the long one. */
START_TEST(feature_names_up_to_255_bytes_round_trip)
{
    bc_model *m = small_logistic();
    char longest[256], over[257];
    memset(longest, 'a', 255);
    longest[255] = '\0';
    memset(over, 'b', 256);
    over[256] = '\0';
    const char *ok[2] = {longest, "sma(20)"}, *bad[2] = {"rsi(14)", over};
    ck_assert_status_msg(bc_model_set_feature_names(m, bad), BC_E_INVALID_ARGUMENT,
                         "name 1 is longer than 255 bytes");
    ck_assert_ok(bc_model_set_feature_names(m, ok));
    int64_t size = 0;
    ck_assert_int_eq(bc_model_save_bytes(m, NULL, 0, &size), BC_E_BUFFER_TOO_SMALL);
    uint8_t *buf = malloc((size_t)size);
    ck_assert_ok(bc_model_save_bytes(m, buf, size, &size));
    bc_model *back = NULL;
    ck_assert_ok(bc_model_load_bytes(buf, size, &back));
    char name[300];
    int32_t len = 0;
    ck_assert_ok(bc_model_feature_name(back, 0, name, sizeof name, &len));
    ck_assert_int_eq(len, 255);
    ck_assert_str_eq(name, longest);
    bc_profile *p = NULL;
    double x[4] = {1, 2, 3, 4};
    ck_assert_ok(bc_profile_create(x, 4, 1, 2, 3, &p));
    ck_assert_ok(bc_profile_set_name(p, 0, longest));
    ck_assert_status_msg(bc_profile_set_name(p, 0, over), BC_E_INVALID_ARGUMENT, "256");
    bc_profile_free(p);
    bc_model_free(back);
    bc_model_free(m);
    free(buf);
}
END_TEST

START_TEST(logistic_forward_matches_hand_computation)
{
    bc_model *m = small_logistic();
    double x[2] = {12.0, -0.5}; /* z = (1, 1) */
    double probs[3], scratch[16];
    ck_assert_int_le(bc_model_scratch_doubles(m), 16);
    bc_model_forward_row(m, x, probs, scratch);
    double z0 = 0.1, z1 = 0.0 + 1.0 - 1.0, z2 = -0.2 - 0.5 + 2.0;
    double s = exp(z0) + exp(z1) + exp(z2);
    ck_assert_double_eq_tol(probs[0], exp(z0) / s, 1e-7);
    ck_assert_double_eq_tol(probs[1], exp(z1) / s, 1e-7);
    ck_assert_double_eq_tol(probs[2], exp(z2) / s, 1e-7);
    bc_model_free(m);
}
END_TEST

START_TEST(normalization_clips_and_treats_nan_and_inf_as_missing)
{
    bc_model *m = small_logistic();
    double z[2];
    double x1[2] = {100.0, -1.25}; /* (45 -> clip 3, -0.5) */
    bc_model_normalize_row(m, x1, z);
    ck_assert_double_eq(z[0], 3.0);
    ck_assert_double_eq(z[1], -0.5);
    double x2[2] = {NAN, INFINITY};
    bc_model_normalize_row(m, x2, z);
    ck_assert_double_eq(z[0], 0.0);
    ck_assert_double_eq(z[1], 0.0);
    /* Predictions with a missing value equal predictions at the center. */
    double a[3], b[3], scratch[16];
    double xm[2] = {NAN, 0.0}, xc[2] = {10.0, 0.0};
    bc_model_forward_row(m, xm, a, scratch);
    bc_model_forward_row(m, xc, b, scratch);
    ck_assert_mem_eq(a, b, sizeof a);
    bc_model_free(m);
}
END_TEST

START_TEST(calibration_rescales_act_probability)
{
    bc_model *m = small_mlp();
    double x[2] = {0.3, -0.7}, raw[2], cal[2], scratch[32];
    bc_model_forward_row(m, x, raw, scratch);
    bc_model_predict_row(m, x, cal, scratch);
    double s = log(raw[1] / raw[0]);
    double want = 1.0 / (1.0 + exp(-(1.5 * s - 0.25)));
    ck_assert_double_eq_tol(cal[1], want, 1e-12);
    ck_assert_double_eq_tol(cal[0] + cal[1], 1.0, 1e-12);
    ck_assert_double_eq_tol(bc_model_act_probability(m, raw), want, 1e-12);
    bc_model_free(m);
}
END_TEST

START_TEST(batch_forward_agrees_with_row_forward)
{
    bc_model *m = small_mlp();
    m->has_calibration = 0;
    bc_backend *be = NULL;
    ck_assert_ok(bc_backend_init("cpu", &be));
    float xn[6] = {0.5f, -1.0f, 2.0f, 0.25f, -3.0f, 1.5f};
    float probs[6];
    ck_assert_ok(bc_model_forward_batch_normalized(m, be, xn, 3, probs));
    for (int i = 0; i < 3; i++) {
        double x[2] = {xn[2 * i], xn[2 * i + 1]}, p[2], scratch[32];
        bc_model_forward_row(m, x, p, scratch); /* identity normalization */
        ck_assert_double_eq_tol(probs[2 * i], p[0], 1e-6);
        ck_assert_double_eq_tol(probs[2 * i + 1], p[1], 1e-6);
    }
    bc_backend_free(be);
    bc_model_free(m);
}
END_TEST

/* The single-row paths on a clone-sized MLP (88 inputs, not a multiple of
 * 8, hidden 64-32 relu, 4 classes; some inputs missing or clipped): the
 * float path agrees with the double path to float rounding, and each path's
 * AVX and portable kernels give the same bits (one summation order). */
START_TEST(row_forwards_are_the_same_with_and_without_avx)
{
    int32_t hidden[2] = {64, 32};
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_MLP, 87, 4, hidden, 2, BC_ACT_RELU, &m));
    uint64_t state = 12345;
    for (int32_t l = 0; l < m->n_layers; l++) {
        for (int32_t i = 0; i < m->layers[l].in * m->layers[l].out; i++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            m->layers[l].weight[i] = (float)((double)(state >> 40) / (1 << 24) - 0.5) * 0.4f;
        }
        for (int32_t i = 0; i < m->layers[l].out; i++)
            m->layers[l].bias[i] = 0.01f * (float)(i % 7) - 0.02f;
    }
    for (int32_t j = 0; j < 87; j++) {
        m->center[j] = 0.5 * j;
        m->scale[j] = 1.0 + 0.1 * j;
        m->clip_low[j] = j % 3 ? -4.0 : -INFINITY;
        m->clip_high[j] = j % 3 ? 4.0 : INFINITY;
    }
    double x[87], a[4], b[4], d[4], e[4];
    double *scratch = calloc((size_t)bc_model_scratch_doubles(m), sizeof(double));
    for (int32_t row = 0; row < 200; row++) {
        for (int32_t j = 0; j < 87; j++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            x[j] = m->center[j] + ((double)(state >> 40) / (1 << 24) - 0.5) * 12.0 * m->scale[j];
        }
        x[row % 87] = row % 2 ? NAN : INFINITY; /* missing: the center */
        bc_model_forward_row_fast_with(m, x, a, scratch, 1);
        bc_model_forward_row_fast_with(m, x, b, scratch, 0);
        bc_model_forward_row_with(m, x, d, scratch, 1);
        bc_model_forward_row_with(m, x, e, scratch, 0);
        ck_assert_int_eq(memcmp(a, b, sizeof a), 0);
        ck_assert_int_eq(memcmp(d, e, sizeof d), 0);
        for (int32_t c = 0; c < 4; c++)
            ck_assert_msg(fabs(a[c] - d[c]) <= 1e-5, "row %d class %d: float %.9g, double %.9g",
                          row, c, a[c], d[c]);
    }
    free(scratch);
    bc_model_free(m);
}
END_TEST

START_TEST(predict_checks_shape_and_capacity)
{
    bc_model *m = small_logistic();
    double x[4] = {1, 2, 3, 4}, probs[6];
    ck_assert_status_msg(bc_model_predict(m, x, 2, 3, probs, 6), BC_E_SHAPE, "3 features");
    ck_assert_status_msg(bc_model_predict(m, x, 2, 2, probs, 5), BC_E_BUFFER_TOO_SMALL, "6");
    ck_assert_ok(bc_model_predict(m, x, 2, 2, probs, 6));
    ck_assert_double_eq_tol(probs[0] + probs[1] + probs[2], 1.0, 1e-12);
    ck_assert_int_eq(bc_model_num_features(m), 2);
    ck_assert_int_eq(bc_model_num_classes(m), 3);
    ck_assert_int_eq(bc_model_num_features(NULL), 0);
    char buf[64];
    int32_t len = -1;
    ck_assert_int_eq(bc_model_feature_spec(m, buf, 4, &len), BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_eq(len, 15);
    ck_assert_ok(bc_model_feature_spec(m, buf, sizeof buf, &len));
    ck_assert_str_eq(buf, "rsi(14),sma(20)");
    ck_assert_ok(bc_model_feature_name(m, 1, buf, sizeof buf, &len));
    ck_assert_str_eq(buf, "sma(20)");
    ck_assert_status_msg(bc_model_feature_name(m, 2, buf, sizeof buf, &len),
                         BC_E_INVALID_ARGUMENT, "index 2");
    bc_model_free(m);
    bc_model_free(NULL);
}
END_TEST

/* ---- .bcm ---------------------------------------------------------------- */

static uint8_t *save_image(const bc_model *m, int32_t flags, int64_t *len)
{
    ck_assert_int_eq(bc_model_save_bytes_ex(m, NULL, 0, len, flags), BC_E_BUFFER_TOO_SMALL);
    uint8_t *buf = malloc((size_t)*len);
    int64_t len2 = 0;
    ck_assert_ok(bc_model_save_bytes_ex(m, buf, *len, &len2, flags));
    ck_assert_int_eq(len2, *len);
    return buf;
}

static void assert_same_predictions(const bc_model *a, const bc_model *b)
{
    double x[8] = {12.0, -0.5, 3.0, NAN, -40.0, 7.0, 0.0, 0.0}, pa[16], pb[16];
    ck_assert_ok(bc_model_predict(a, x, 4, 2, pa, 16));
    ck_assert_ok(bc_model_predict(b, x, 4, 2, pb, 16));
    ck_assert_mem_eq(pa, pb, sizeof(double) * 4 * (size_t)a->n_classes);
}

START_TEST(bcm_round_trip_keeps_everything_bitwise)
{
    bc_model *models[2] = {small_logistic(), small_mlp()};
    for (int k = 0; k < 2; k++)
        for (int flags = 0; flags <= BC_MODEL_SAVE_UNCOMPRESSED; flags++) {
            bc_model *m = models[k], *r = NULL;
            int64_t len;
            uint8_t *img = save_image(m, flags, &len);
            ck_assert_ok(bc_model_load_bytes(img, len, &r));
            assert_same_predictions(m, r);
            ck_assert_int_eq(r->kind, m->kind);
            ck_assert_int_eq(r->n_layers, m->n_layers);
            ck_assert_str_eq(r->feature_names[0], m->feature_names[0]);
            ck_assert_str_eq(r->class_names[m->n_classes - 1], m->class_names[m->n_classes - 1]);
            ck_assert_str_eq(r->feature_spec, m->feature_spec);
            ck_assert_str_eq(r->mode, m->mode);
            ck_assert_str_eq(r->feature_flags, m->feature_flags);
            ck_assert_str_eq(r->validation_metrics, m->validation_metrics);
            ck_assert_str_eq(r->extra_json, m->extra_json);
            ck_assert_double_eq(r->threshold, m->threshold);
            ck_assert_double_eq(r->half_life_days, m->half_life_days);
            ck_assert_int_eq(r->trained_at, m->trained_at);
            ck_assert_int_eq(r->num_samples, m->num_samples);
            ck_assert_int_eq(r->last_event_id, m->last_event_id);
            ck_assert_int_eq(r->has_calibration, m->has_calibration);
            ck_assert_double_eq(r->calibration_coef, m->calibration_coef);
            ck_assert_int_eq(r->class_thresholds != NULL, m->class_thresholds != NULL);
            if (m->class_thresholds) {
                ck_assert(isnan(r->class_thresholds[0]));
                ck_assert_double_eq(r->class_thresholds[1], 0.7);
            }
            /* Saving the loaded model gives the same bytes. */
            int64_t len2;
            uint8_t *img2 = save_image(r, flags, &len2);
            ck_assert_int_eq(len, len2);
            ck_assert_mem_eq(img, img2, (size_t)len);
            free(img);
            free(img2);
            bc_model_free(r);
        }
    bc_model_free(models[0]);
    bc_model_free(models[1]);
}
END_TEST

START_TEST(bcm_file_save_is_atomic_and_loads_back)
{
    char dir[] = "/tmp/bc_models_test_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/model.bcm", dir);
    bc_model *m = small_mlp(), *r = NULL;
    ck_assert_ok(bc_model_save(m, path));
    ck_assert_ok(bc_model_save_ex(m, path, BC_MODEL_SAVE_UNCOMPRESSED)); /* replaces */
    ck_assert_ok(bc_model_load(path, &r));
    assert_same_predictions(m, r);
    bc_model_free(r);
    /* No temporary file is left behind. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", dir);
    ck_assert_int_eq(system(cmd), 0);
    char missing[300];
    snprintf(missing, sizeof missing, "%s/nope.bcm", dir);
    ck_assert_status_msg(bc_model_load(missing, &r), BC_E_IO, "nope.bcm");
    char baddir[300];
    snprintf(baddir, sizeof baddir, "%s/no/such/dir.bcm", dir);
    ck_assert_status_msg(bc_model_save(m, baddir), BC_E_IO, "no/such/dir.bcm");
    ck_assert_status_msg(bc_model_save_ex(m, path, 4), BC_E_INVALID_ARGUMENT, "flags");
    /* A saved file gets the process's usual permissions (0666 less the
     * umask), not a temporary file's private 0600. */
    mode_t old_mask = umask(022);
    ck_assert_ok(bc_model_save(m, path));
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);
    umask(077);
    ck_assert_ok(bc_model_save(m, path));
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    umask(old_mask);
    unlink(path);
    rmdir(dir);
    bc_model_free(m);
}
END_TEST

START_TEST(bcm_truncated_at_every_offset_is_refused)
{
    bc_model *m = small_logistic();
    for (int flags = 0; flags <= 1; flags++) {
        int64_t len;
        uint8_t *img = save_image(m, flags, &len);
        for (int64_t cut = 0; cut < len; cut++) {
            bc_model *r = NULL;
            int32_t rc = bc_model_load_bytes(img, cut, &r);
            ck_assert_msg(rc == (cut == 0 ? BC_E_FORMAT : BC_E_CORRUPT),
                          "cut at %lld of %lld: status %d (%s)", (long long)cut, (long long)len,
                          (int)rc, bc_last_error());
            ck_assert_ptr_null(r);
        }
        free(img);
    }
    bc_model_free(m);
}
END_TEST

START_TEST(bcm_every_flipped_byte_is_refused_without_crashing)
{
    bc_model *m = small_mlp();
    for (int flags = 0; flags <= 1; flags++) {
        int64_t len;
        uint8_t *img = save_image(m, flags, &len);
        for (int64_t i = 0; i < len; i++) {
            uint8_t saved = img[i];
            img[i] ^= (uint8_t)(1u << (i % 8));
            bc_model *r = NULL;
            int32_t rc = bc_model_load_bytes(img, len, &r);
            /* Damage is reported as damage: never "a newer version". */
            ck_assert_msg(rc == BC_E_FORMAT || rc == BC_E_CORRUPT,
                          "flip at %lld: status %d (%s)", (long long)i, (int)rc, bc_last_error());
            ck_assert_ptr_null(r);
            img[i] = saved;
        }
        free(img);
    }
    bc_model_free(m);
}
END_TEST

START_TEST(bcm_foreign_empty_and_future_files_get_specific_status)
{
    bc_model *r = NULL;
    const uint8_t json[] = "{\"coefficients\": [1, 2]}";
    ck_assert_status_msg(bc_model_load_bytes(json, sizeof json - 1, &r), BC_E_FORMAT,
                         "not a .bcm");
    ck_assert_status_msg(bc_model_load_bytes(NULL, 0, &r), BC_E_FORMAT, "empty");
    ck_assert_status_msg(bc_model_load_bytes(NULL, 5, &r), BC_E_INVALID_ARGUMENT, "NULL");
    bc_model *m = small_logistic();
    int64_t len;
    uint8_t *img = save_image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
    /* Trailing bytes are corruption too. */
    uint8_t *longer = malloc((size_t)len + 3);
    memcpy(longer, img, (size_t)len);
    memset(longer + len, 0, 3);
    ck_assert_status_msg(bc_model_load_bytes(longer, len + 3, &r), BC_E_CORRUPT, "trailing");
    /* A file on disk: the message names it. */
    char path[] = "/tmp/bc_models_foreign_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "hello world, not a model", 24), 24);
    close(fd);
    ck_assert_status_msg(bc_model_load(path, &r), BC_E_FORMAT, path);
    unlink(path);
    ck_assert_ptr_null(r);
    free(longer);
    free(img);
    bc_model_free(m);
}
END_TEST

/* Recomputes the checksum of an uncompressed image after a test edited it,
 * so the structural checks behind the checksum are exercised. */
static void reseal(uint8_t *img, int64_t len)
{
    uint64_t seed = XXH64(img, 32, 0), sum = XXH64(img + 40, (size_t)(len - 40), seed);
    for (int i = 0; i < 8; i++)
        img[32 + i] = (uint8_t)(sum >> (8 * i));
}

/* Payload offset of a section's data, from the table (uncompressed image). */
static uint8_t *section_data(uint8_t *img, const char *name)
{
    uint8_t *payload = img + 40;
    uint32_t count;
    memcpy(&count, payload, 4);
    for (uint32_t i = 0; i < count; i++) {
        uint8_t *e = payload + 8 + 88 * i;
        if (strcmp((char *)e, name) == 0) {
            uint64_t off;
            memcpy(&off, e + 72, 8);
            return payload + off;
        }
    }
    ck_abort_msg("section %s not found", name);
    return NULL;
}

/* Integrity is checked before the version: an intact file from a newer
 * format says "upgrade", the same bit flipped by damage says "damaged". */
START_TEST(bcm_version_is_reported_only_for_an_intact_file)
{
    bc_model *m = small_logistic(), *r = NULL;
    int64_t len;
    uint8_t *img = save_image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
    img[8] = 2;
    ck_assert_status_msg(bc_model_load_bytes(img, len, &r), BC_E_CORRUPT, "checksum");
    reseal(img, len);
    ck_assert_status_msg(bc_model_load_bytes(img, len, &r), BC_E_VERSION, "version 2");
    ck_assert_ptr_null(r);
    free(img);
    bc_model_free(m);
}
END_TEST

/* Loading is bounded in time and memory whatever the path names: devices,
 * FIFOs and directories are refused before any read; a header announcing a
 * payload the file does not hold is refused after reading 40 bytes. */
START_TEST(bcm_load_refuses_devices_fifos_and_false_sizes_quickly)
{
    bc_model *r = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_status_msg(bc_model_load("/dev/zero", &r), BC_E_FORMAT, "not a regular file");
    ck_assert_status_msg(bc_model_load("/tmp", &r), BC_E_FORMAT, "not a regular file");
    char dir[] = "/tmp/bc_fifo_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char fifo[600];
    snprintf(fifo, sizeof fifo, "%s/model.bcm", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    int keep = open(fifo, O_RDWR | O_NONBLOCK); /* so opening it for reading does not block */
    ck_assert_int_ge(keep, 0);
    ck_assert_status_msg(bc_model_load(fifo, &r), BC_E_FORMAT, "not a regular file");
    close(keep);
    unlink(fifo);
    /* A 40-byte header that announces 8 GiB: refused from the header. */
    bc_model *m = small_logistic();
    int64_t len;
    uint8_t *img = save_image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
    uint64_t huge = (uint64_t)1 << 33;
    memcpy(img + 16, &huge, 8);
    snprintf(fifo, sizeof fifo, "%s/liar.bcm", dir);
    FILE *f = fopen(fifo, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(img, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    ck_assert_status_msg(bc_model_load(fifo, &r), BC_E_CORRUPT, "header announces");
    unlink(fifo);
    ck_assert_int_eq(rmdir(dir), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    ck_assert_msg(seconds < 2.0, "refusals took %.2f s", seconds);
    ck_assert_ptr_null(r);
    free(img);
    bc_model_free(m);
}
END_TEST

START_TEST(bcm_with_valid_checksum_but_bad_contents_is_refused)
{
    bc_model *m = small_logistic(), *r = NULL;
    int64_t len;
    uint8_t *img = save_image(m, BC_MODEL_SAVE_UNCOMPRESSED, &len);
    uint8_t *orig = malloc((size_t)len);
    memcpy(orig, img, (size_t)len);
    /* A negative scale. */
    double neg = -1.0;
    memcpy(section_data(img, "norm.scale"), &neg, sizeof neg);
    reseal(img, len);
    ck_assert_status_msg(bc_model_load_bytes(img, len, &r), BC_E_CORRUPT, "scale");
    /* A renamed required section. */
    memcpy(img, orig, (size_t)len);
    img[40 + 8 + 8] = '5'; /* "model.i64" -> "model.i65" */
    reseal(img, len);
    ck_assert_status_msg(bc_model_load_bytes(img, len, &r), BC_E_CORRUPT, "'model.i64' is missing");
    /* A huge layer width claimed in the table of shapes. */
    memcpy(img, orig, (size_t)len);
    int32_t wide = 60000;
    memcpy(section_data(img, "layers.i32") + 4, &wide, sizeof wide);
    reseal(img, len);
    ck_assert_status_msg(bc_model_load_bytes(img, len, &r), BC_E_CORRUPT, "bytes");
    /* An unknown section is ignored (forward compatibility). */
    memcpy(img, orig, (size_t)len);
    uint8_t *payload = img + 40;
    uint32_t count;
    memcpy(&count, payload, 4);
    for (uint32_t i = 0; i < count; i++)
        if (strcmp((char *)payload + 8 + 88 * i, "metadata.json") == 0)
            memcpy(payload + 8 + 88 * i, "future.section", 15);
    reseal(img, len);
    ck_assert_ok(bc_model_load_bytes(img, len, &r));
    assert_same_predictions(m, r);
    bc_model_free(r);
    free(orig);
    free(img);
    bc_model_free(m);
}
END_TEST

START_TEST(bcm_save_bytes_follows_two_call_pattern)
{
    bc_model *m = small_logistic();
    int64_t need = 0;
    ck_assert_int_eq(bc_model_save_bytes(m, NULL, 0, &need), BC_E_BUFFER_TOO_SMALL);
    ck_assert_int_gt(need, 40);
    uint8_t *buf = malloc((size_t)need);
    int64_t got = 0;
    ck_assert_status_msg(bc_model_save_bytes(m, buf, need - 1, &got), BC_E_BUFFER_TOO_SMALL,
                         "capacity");
    ck_assert_int_eq(got, need);
    ck_assert_ok(bc_model_save_bytes(m, buf, need, &got));
    ck_assert_int_eq(got, need);
    ck_assert_mem_eq(buf, "\x89" "BCM\r\n\x1a\n", 8);
    ck_assert_status_msg(bc_model_save_bytes(m, NULL, 10, &got), BC_E_INVALID_ARGUMENT, "NULL");
    free(buf);
    bc_model_free(m);
}
END_TEST

/* ---- model.json ---------------------------------------------------------- */

static json_t *export_json(const bc_model *m)
{
    char path[] = "/tmp/bc_models_json_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_ok(bc_model_write_json(m, path));
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    ck_assert_msg(root != NULL, "model.json does not parse: %s", err.text);
    unlink(path);
    return root;
}

START_TEST(model_json_has_botcopier_keys_and_values)
{
    bc_model *m = small_logistic();
    json_t *root = export_json(m);
    ck_assert_str_eq(json_string_value(json_object_get(root, "model_type")), "logistic");
    json_t *names = json_object_get(root, "feature_names");
    ck_assert_int_eq(json_array_size(names), 2);
    ck_assert_str_eq(json_string_value(json_array_get(names, 0)), "rsi(14)");
    json_t *coef = json_object_get(root, "coefficients");
    ck_assert_int_eq(json_array_size(coef), 3);
    ck_assert_double_eq_tol(json_real_value(json_array_get(json_array_get(coef, 2), 1)), 2.0, 1e-7);
    ck_assert_double_eq_tol(json_real_value(json_array_get(json_object_get(root, "intercept"), 2)),
                            -0.2, 1e-7);
    /* The model's own threshold wins over the extra JSON's clash. */
    ck_assert_double_eq(json_real_value(json_object_get(root, "threshold")), 0.6);
    ck_assert_double_eq(json_real_value(json_array_get(json_object_get(root, "feature_mean"), 0)), 10.0);
    ck_assert_double_eq(json_real_value(json_array_get(json_object_get(root, "feature_std"), 1)), 0.5);
    /* clip in raw units: center + 3 * scale */
    ck_assert_double_eq(json_real_value(json_array_get(json_object_get(root, "clip_high"), 0)), 16.0);
    ck_assert_double_eq(json_real_value(json_array_get(json_object_get(root, "clip_low"), 1)), -2.5);
    ck_assert_str_eq(json_string_value(json_object_get(root, "mode")), "standard");
    ck_assert(json_is_true(json_object_get(json_object_get(root, "feature_flags"), "order_book")));
    ck_assert_double_eq(json_real_value(json_object_get(root, "half_life_days")), 30.0);
    ck_assert_str_eq(json_string_value(json_object_get(root, "trained_at")), "2023-11-14T22:13:20Z");
    ck_assert_int_eq(json_integer_value(json_object_get(root, "num_samples")), 1234);
    ck_assert_int_eq(json_integer_value(json_object_get(root, "last_event_id")), 99);
    ck_assert_double_eq(json_real_value(json_object_get(json_object_get(root, "validation_metrics"),
                                                        "accuracy")), 0.75);
    ck_assert_int_eq(json_array_size(json_object_get(root, "hourly_thresholds")), 2);
    ck_assert_ptr_null(json_object_get(root, "calibration_coef"));
    json_decref(root);
    bc_model_free(m);
}
END_TEST

START_TEST(model_json_binary_logistic_is_flat_and_mlp_has_layers)
{
    bc_model *m = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 2, 2, NULL, 0, 0, &m));
    const float W[4] = {0.5f, 1.0f, 2.0f, -1.0f}, b[2] = {0.25f, 1.0f};
    memcpy(m->layers[0].weight, W, sizeof W);
    memcpy(m->layers[0].bias, b, sizeof b);
    json_t *root = export_json(m);
    json_t *coef = json_object_get(root, "coefficients");
    ck_assert_int_eq(json_array_size(coef), 2);
    ck_assert_double_eq(json_real_value(json_array_get(coef, 0)), 1.5);
    ck_assert_double_eq(json_real_value(json_array_get(coef, 1)), -2.0);
    ck_assert_double_eq(json_real_value(json_object_get(root, "intercept")), 0.75);
    /* no clip: +-1e308 */
    ck_assert_double_eq(json_real_value(json_array_get(json_object_get(root, "clip_high"), 0)), 1e308);
    json_decref(root);
    bc_model_free(m);

    bc_model *mlp = small_mlp();
    root = export_json(mlp);
    json_t *layers = json_object_get(root, "mlp_layers");
    ck_assert_int_eq(json_array_size(layers), 3);
    json_t *l0 = json_array_get(layers, 0);
    ck_assert_str_eq(json_string_value(json_object_get(l0, "activation")), "tanh");
    ck_assert_int_eq(json_array_size(json_object_get(l0, "weights")), 3);
    ck_assert_double_eq_tol(json_real_value(json_array_get(json_array_get(json_object_get(l0, "weights"), 0), 0)),
                            0.1, 1e-7);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(layers, 2), "activation")),
                     "identity");
    ck_assert_double_eq(json_real_value(json_object_get(root, "calibration_coef")), 1.5);
    ck_assert_double_eq(json_real_value(json_object_get(root, "calibration_intercept")), -0.25);
    ck_assert(json_is_null(json_array_get(json_object_get(root, "class_thresholds"), 0)));
    json_decref(root);
    bc_model_free(mlp);
}
END_TEST

START_TEST(info_json_summarizes_model)
{
    bc_model *m = small_mlp();
    int32_t len = 0;
    ck_assert_int_eq(bc_model_info_json(m, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char *buf = malloc((size_t)len + 1);
    ck_assert_ok(bc_model_info_json(m, buf, len + 1, &len));
    json_t *root = json_loads(buf, 0, NULL);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_string_value(json_object_get(root, "model_type")), "mlp");
    ck_assert_int_eq(json_integer_value(json_array_get(json_object_get(root, "hidden"), 1)), 2);
    ck_assert_str_eq(json_string_value(json_object_get(root, "activation")), "tanh");
    json_decref(root);
    free(buf);
    bc_model_free(m);
}
END_TEST

/* ---- hardware mode --------------------------------------------------------- */

START_TEST(hardware_mode_follows_botcopier_thresholds)
{
    struct {
        double ram;
        int32_t cores;
        double mhz, disk, gpu;
        const char *mode;
    } table[] = {
        {3.9, 8, 3000, 100, 24, "lite"},      /* RAM < 4 wins over everything */
        {16, 1, 3000, 100, 24, "lite"},       /* one core */
        {16, 8, 3000, 4.9, 24, "lite"},       /* disk < 5 */
        {4, 2, 2000, 5, 0, "standard"},       /* lite's bounds are strict */
        {8, 4, 2000, 50, 0, "heavy"},
        {7.9, 4, 2000, 50, 0, "standard"},
        {8, 3, 2000, 50, 0, "standard"},
        {8, 4, 2000, 50, 8, "rl"},            /* heavy + GPU >= 8 */
        {6, 2, 2500, 50, 8, "deep"},          /* GPU >= 8, CPU >= 2500 MHz */
        {6, 2, 2499, 50, 8, "standard"},      /* GPU but slow CPU */
        {6, 2, 3000, 50, 7.9, "standard"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        bc_hw_resources r = {table[i].ram, table[i].cores, table[i].mhz, table[i].disk,
                             table[i].gpu};
        ck_assert_msg(strcmp(bc_hw_mode(&r), table[i].mode) == 0, "case %zu: %s, expected %s", i,
                      bc_hw_mode(&r), table[i].mode);
    }
    json_t *lite = json_loads(bc_hw_feature_flags_json("lite"), 0, NULL);
    json_t *rl = json_loads(bc_hw_feature_flags_json("rl"), 0, NULL);
    ck_assert(json_is_false(json_object_get(lite, "order_book")));
    ck_assert(json_is_true(json_object_get(rl, "reinforcement_learning")));
    json_decref(lite);
    json_decref(rl);
}
END_TEST

START_TEST(hwinfo_probe_reads_this_machine)
{
    bc_hw_resources r;
    bc_hw_probe(NULL, &r);
    ck_assert(r.ram_gb > 0.1);
    ck_assert_int_eq(r.cores, (int32_t)sysconf(_SC_NPROCESSORS_ONLN));
    ck_assert(r.disk_free_gb > 0.0);
    int32_t len = 0;
    ck_assert_int_eq(bc_hwinfo_json(NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    char buf[1024];
    ck_assert_ok(bc_hwinfo_json(buf, sizeof buf, &len));
    json_t *root = json_loads(buf, 0, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(root, "cores")), r.cores);
    ck_assert_str_eq(json_string_value(json_object_get(root, "mode")), bc_hw_mode(&r));
    ck_assert(json_is_object(json_object_get(root, "feature_flags")));
    json_decref(root);
}
END_TEST

/* The clone's stop-loss / take-profit rules in a model file's metadata
 * (clone.exits, clone.levels): every unit the cloner writes loads and runs;
 * a unit this library does not know (a newer library's, or damage) is
 * BC_E_VERSION and a malformed rule BC_E_CORRUPT, each naming the rule and
 * the value, from bc_model_load_bytes (nothing loaded) and from
 * bc_predictor_create on a model whose metadata a host set - never a model
 * traded without the stop its file records. */
START_TEST(model_files_refuse_sl_tp_units_they_cannot_read)
{
    static const char *const good[] = {
        "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"atr\",\"k\":1.5},\"tp\":null}}}",
        "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"atr\",\"k\":1.5,\"n\":20},\"tp\":{\"unit\":\"price\",\"k\":0.01}}}}",
        "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"swing\",\"k\":1,\"n\":3},\"tp\":{\"unit\":\"risk\",\"k\":2}}}}",
        "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"range\",\"k\":2,\"n\":20},\"tp\":{\"unit\":\"points\",\"k\":50}}}}",
        "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"to_sma\",\"k\":1,\"n\":20},\"tp\":{\"unit\":\"to_ema\",\"k\":1,\"n\":50}}}}",
        "{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"to_linreg\",\"k\":1,\"n\":50},\"tp\":{\"unit\":\"to_midprice\",\"k\":1,\"n\":20}}}}",
        /* one string in two pieces (parenthesized for clang's -Wstring-concatenation) */
        ("{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"stddev\",\"k\":2,\"n\":20},\"tp\":{\"unit\":\"stddev\",\"k\":3,\"n\":10}},"
         "\"levels\":{\"sl\":null,\"tp\":{\"unit\":\"atr\",\"k\":3}}}}"),
    };
    static const struct {
        const char *json;
        int32_t status;
        const char *needle;
    } bad[] = {
        {"{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"keltner\",\"k\":2,\"n\":20},\"tp\":null}}}",
         BC_E_VERSION, "clone.exits.sl: unit 'keltner' is not a stop-loss/take-profit unit"},
        {"{\"clone\":{\"exits\":{\"sl\":null,\"tp\":{\"unit\":\"none\",\"k\":2}}}}", BC_E_VERSION,
         "clone.exits.tp: unit 'none'"},
        {"{\"clone\":{\"levels\":{\"sl\":{\"unit\":\"ATR\",\"k\":2},\"tp\":null}}}", BC_E_VERSION,
         "clone.levels.sl: unit 'ATR'"},
        {"{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"atr\",\"k\":-1},\"tp\":null}}}", BC_E_CORRUPT,
         "clone.exits.sl: k '-1' is malformed"},
        {"{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"atr\"},\"tp\":null}}}", BC_E_CORRUPT,
         "clone.exits.sl: k '(missing or not a number)'"},
        {"{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"stddev\",\"k\":2},\"tp\":null}}}", BC_E_CORRUPT,
         "clone.exits.sl: window n '(missing)' is malformed"},
        {"{\"clone\":{\"exits\":{\"sl\":null,\"tp\":{\"unit\":\"range\",\"k\":2,\"n\":1}}}}",
         BC_E_CORRUPT, "clone.exits.tp: window n '1' is malformed"},
        {"{\"clone\":{\"exits\":{\"sl\":{\"unit\":\"swing\",\"k\":1,\"n\":21},\"tp\":null}}}",
         BC_E_CORRUPT, "clone.exits.sl: window n '21'"},
        {"{\"clone\":{\"exits\":{\"sl\":{\"unit\":7,\"k\":1},\"tp\":null}}}", BC_E_CORRUPT,
         "clone.exits.sl: unit '(missing or not a string)'"},
        {"{\"clone\":{\"exits\":{\"sl\":\"atr\",\"tp\":null}}}", BC_E_CORRUPT,
         "clone.exits.sl: rule '(not an object or null)'"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        bc_model *m = small_logistic(), *back = NULL;
        ck_assert_ok(bc_model_set_extra_json(m, good[i]));
        int64_t size = 0;
        ck_assert_int_eq(bc_model_save_bytes(m, NULL, 0, &size), BC_E_BUFFER_TOO_SMALL);
        uint8_t *bytes = malloc((size_t)size);
        ck_assert_ok(bc_model_save_bytes(m, bytes, size, &size));
        ck_assert_msg(bc_model_load_bytes(bytes, size, &back) == BC_OK, "%s: %s", good[i],
                      bc_last_error());
        bc_predictor *p = NULL;
        ck_assert_msg(bc_predictor_create(back, &p) == BC_OK, "%s: %s", good[i], bc_last_error());
        bc_predictor_free(p);
        bc_model_free(back);
        free(bytes);
        bc_model_free(m);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bc_model *m = small_logistic(), *back = (bc_model *)1;
        ck_assert_ok(bc_model_set_extra_json(m, bad[i].json));
        int64_t size = 0;
        ck_assert_int_eq(bc_model_save_bytes(m, NULL, 0, &size), BC_E_BUFFER_TOO_SMALL);
        uint8_t *bytes = malloc((size_t)size);
        ck_assert_ok(bc_model_save_bytes(m, bytes, size, &size));
        ck_assert_status_msg(bc_model_load_bytes(bytes, size, &back), bad[i].status, bad[i].needle);
        ck_assert_ptr_null(back);
        bc_predictor *p = (bc_predictor *)1;
        ck_assert_status_msg(bc_predictor_create(m, &p), bad[i].status, bad[i].needle);
        ck_assert_ptr_null(p);
        free(bytes);
        bc_model_free(m);
    }
}
END_TEST

/* A model over the learned oscillator's items (firosc.c) keeps its spec
 * through the .bcm image: the loaded spec builds the same engine (the
 * coefficients as written, the names canonical alike). */
START_TEST(firosc_spec_round_trips_through_the_model_file)
{
    static const char spec[] = "firosc(20,1,-0.8,0.1,0.05),"
                               "above(firosc(45,-0.3127,1,-2.5,1.2),0.05)";
    bc_model *m = NULL, *back = NULL;
    ck_assert_ok(bc_model_create(BC_MODEL_LOGISTIC, 2, 2, NULL, 0, 0, &m));
    const char *features[2] = {"firosc(20,1,-0.8,0.1,0.05)",
                               "above(firosc(45,-0.3127,1,-2.5,1.2),0.05)"};
    ck_assert_ok(bc_model_set_feature_names(m, features));
    ck_assert_ok(bc_model_set_feature_spec(m, spec));
    int64_t len = 0;
    ck_assert_int_eq(bc_model_save_bytes(m, NULL, 0, &len), BC_E_BUFFER_TOO_SMALL);
    uint8_t *buf = malloc((size_t)len);
    ck_assert_ptr_nonnull(buf);
    ck_assert_ok(bc_model_save_bytes(m, buf, len, &len));
    ck_assert_ok(bc_model_load_bytes(buf, len, &back));
    char got[256];
    int32_t n = 0;
    ck_assert_ok(bc_model_feature_spec(back, got, sizeof got, &n));
    ck_assert_str_eq(got, spec);
    bc_features *a = NULL, *b = NULL;
    ck_assert_ok(bc_features_create(spec, &a));
    ck_assert_ok(bc_features_create(got, &b));
    ck_assert_int_eq(bc_features_count(b), 2);
    ck_assert_int_eq(bc_features_lookback(b), bc_features_lookback(a));
    ck_assert_int_eq(bc_features_lookback(b), 45);
    bc_features_free(a);
    bc_features_free(b);
    free(buf);
    bc_model_free(back);
    bc_model_free(m);
}
END_TEST

Suite *suite_model(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, logistic_forward_matches_hand_computation);
    tcase_add_test(tc, feature_names_up_to_255_bytes_round_trip);
    tcase_add_test(tc, normalization_clips_and_treats_nan_and_inf_as_missing);
    tcase_add_test(tc, calibration_rescales_act_probability);
    tcase_add_test(tc, batch_forward_agrees_with_row_forward);
    tcase_add_test(tc, row_forwards_are_the_same_with_and_without_avx);
    tcase_add_test(tc, predict_checks_shape_and_capacity);
    tcase_add_test(tc, bcm_round_trip_keeps_everything_bitwise);
    tcase_add_test(tc, bcm_file_save_is_atomic_and_loads_back);
    tcase_add_test(tc, bcm_truncated_at_every_offset_is_refused);
    tcase_add_test(tc, bcm_every_flipped_byte_is_refused_without_crashing);
    tcase_add_test(tc, bcm_foreign_empty_and_future_files_get_specific_status);
    tcase_add_test(tc, bcm_version_is_reported_only_for_an_intact_file);
    tcase_add_test(tc, bcm_load_refuses_devices_fifos_and_false_sizes_quickly);
    tcase_add_test(tc, bcm_with_valid_checksum_but_bad_contents_is_refused);
    tcase_add_test(tc, bcm_save_bytes_follows_two_call_pattern);
    tcase_add_test(tc, model_json_has_botcopier_keys_and_values);
    tcase_add_test(tc, model_json_binary_logistic_is_flat_and_mlp_has_layers);
    tcase_add_test(tc, info_json_summarizes_model);
    tcase_add_test(tc, hardware_mode_follows_botcopier_thresholds);
    tcase_add_test(tc, hwinfo_probe_reads_this_machine);
    tcase_add_test(tc, model_files_refuse_sl_tp_units_they_cannot_read);
    tcase_add_test(tc, firosc_spec_round_trips_through_the_model_file);
    suite_add_tcase(s, tc);
    return s;
}
