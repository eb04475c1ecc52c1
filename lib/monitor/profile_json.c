/*
 * profile_json.c - a training profile as JSON: the text form, the sidecar
 * file, and its place in a model's metadata ("training_profile" in the
 * extra section of .bcm and in model.json). jansson builds only; without
 * it (the DLL) each call says BC_E_UNSUPPORTED.
 */
#include "monitor/monitor.h"
#include "model/model.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#include "core/json_file.h"

#define PROFILE_FORMAT "botcopier-profile"
#define PROFILE_VERSION 1
#define PROFILE_KEY "training_profile"

static json_t *real_array(const double *v, int32_t n)
{
    json_t *a = json_array();
    for (int32_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_real(v[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *profile_json(const bc_profile *p)
{
    json_t *features = json_array();
    for (int32_t j = 0; features && j < p->n_features; j++) {
        const bc_profile_feature *f = &p->features[j];
        int has = f->n > 0;
        json_t *o = json_pack("{s:s, s:I, s:I, s:o, s:o, s:o}", "name", f->name, "n",
                              (json_int_t)f->n, "missing", (json_int_t)f->missing, "edges",
                              has ? real_array(f->edges, p->bins - 1) : json_null(), "fractions",
                              has ? real_array(f->fractions, p->bins) : json_null(), "quantiles",
                              has ? real_array(f->quantiles, p->n_quantiles) : json_null());
        if (!o || json_array_append_new(features, o) != 0) {
            json_decref(features);
            return NULL;
        }
    }
    if (!features)
        return NULL;
    return json_pack("{s:s, s:i, s:i, s:i, s:o}", "format", PROFILE_FORMAT, "version",
                     PROFILE_VERSION, "bins", p->bins, "quantiles", p->n_quantiles, "features",
                     features);
}

/* Reads n numbers of array a into out; checks they are finite and, when
 * ascending, non-decreasing. */
static int32_t read_reals(const char *src, int32_t j, const char *key, json_t *a, int32_t n,
                          int ascending, double *out)
{
    if (!json_is_array(a) || (int64_t)json_array_size(a) != n)
        return bc_fail(BC_E_FORMAT, "%s: feature %d: \"%s\" is not an array of %d numbers", src,
                       j, key, n);
    for (int32_t i = 0; i < n; i++) {
        json_t *v = json_array_get(a, (size_t)i);
        double x = json_is_number(v) ? json_number_value(v) : NAN;
        if (!isfinite(x))
            return bc_fail(BC_E_FORMAT, "%s: feature %d: \"%s\"[%d] is not a finite number", src,
                           j, key, i);
        if (ascending && i > 0 && x < out[i - 1])
            return bc_fail(BC_E_FORMAT, "%s: feature %d: \"%s\" is not ascending at index %d",
                           src, j, key, i);
        out[i] = x;
    }
    return BC_OK;
}

static int32_t profile_from_root(const char *src, json_t *root, bc_profile **out)
{
    const char *format = json_string_value(json_object_get(root, "format"));
    json_t *version = json_object_get(root, "version");
    json_t *bins = json_object_get(root, "bins"), *quantiles = json_object_get(root, "quantiles");
    json_t *features = json_object_get(root, "features");
    if (!json_is_object(root) || !format || strcmp(format, PROFILE_FORMAT) != 0)
        return bc_fail(BC_E_FORMAT, "%s: not a training profile (\"format\" is not \"%s\")", src,
                       PROFILE_FORMAT);
    if (!json_is_integer(version) || json_integer_value(version) < 1)
        return bc_fail(BC_E_FORMAT, "%s: \"version\" is not a positive integer", src);
    if (json_integer_value(version) > PROFILE_VERSION)
        return bc_fail(BC_E_VERSION, "%s: profile version %lld, this library reads %d", src,
                       (long long)json_integer_value(version), PROFILE_VERSION);
    if (!json_is_integer(bins) || json_integer_value(bins) < 2 ||
        json_integer_value(bins) > BC_DRIFT_MAX_BINS)
        return bc_fail(BC_E_FORMAT, "%s: \"bins\" is not an integer 2..%d", src,
                       BC_DRIFT_MAX_BINS);
    if (!json_is_integer(quantiles) || json_integer_value(quantiles) < 2 ||
        json_integer_value(quantiles) > BC_PROFILE_MAX_QUANTILES)
        return bc_fail(BC_E_FORMAT, "%s: \"quantiles\" is not an integer 2..%d", src,
                       BC_PROFILE_MAX_QUANTILES);
    if (!json_is_array(features) || json_array_size(features) < 1 ||
        json_array_size(features) > 1000000)
        return bc_fail(BC_E_FORMAT, "%s: \"features\" is not a non-empty array", src);
    int32_t B = (int32_t)json_integer_value(bins), Q = (int32_t)json_integer_value(quantiles);
    bc_profile *p = NULL;
    int32_t rc = bc_profile_alloc((int32_t)json_array_size(features), B, Q, &p);
    for (int32_t j = 0; rc == BC_OK && j < p->n_features; j++) {
        json_t *o = json_array_get(features, (size_t)j);
        bc_profile_feature *f = &p->features[j];
        const char *name = json_string_value(json_object_get(o, "name"));
        json_t *n = json_object_get(o, "n"), *missing = json_object_get(o, "missing");
        if (!name || !name[0] || strlen(name) >= BC_PROFILE_NAME_MAX) {
            rc = bc_fail(BC_E_FORMAT, "%s: feature %d: \"name\" is not a text of 1..%d bytes",
                         src, j, BC_PROFILE_NAME_MAX - 1);
            break;
        }
        snprintf(f->name, sizeof f->name, "%s", name);
        if (!json_is_integer(n) || json_integer_value(n) < 0 || !json_is_integer(missing) ||
            json_integer_value(missing) < 0) {
            rc = bc_fail(BC_E_FORMAT, "%s: feature '%s': \"n\" and \"missing\" must be counts",
                         src, name);
            break;
        }
        f->n = json_integer_value(n);
        f->missing = json_integer_value(missing);
        if (f->n == 0) {
            for (int32_t k = 0; k < B - 1; k++)
                f->edges[k] = NAN;
            for (int32_t k = 0; k < Q; k++)
                f->quantiles[k] = NAN;
            continue;
        }
        rc = read_reals(src, j, "edges", json_object_get(o, "edges"), B - 1, 1, f->edges);
        if (rc == BC_OK)
            rc = read_reals(src, j, "fractions", json_object_get(o, "fractions"), B, 0,
                            f->fractions);
        if (rc == BC_OK)
            rc = read_reals(src, j, "quantiles", json_object_get(o, "quantiles"), Q, 1,
                            f->quantiles);
        double sum = 0;
        for (int32_t k = 0; rc == BC_OK && k < B; k++) {
            if (f->fractions[k] < 0)
                rc = bc_fail(BC_E_FORMAT, "%s: feature '%s': fraction %d is negative", src,
                             name, k);
            sum += f->fractions[k];
        }
        if (rc == BC_OK && fabs(sum - 1.0) > 1e-9)
            rc = bc_fail(BC_E_FORMAT, "%s: feature '%s': fractions sum to %.17g, expected 1",
                         src, name, sum);
    }
    if (rc != BC_OK) {
        bc_profile_free(p);
        return rc;
    }
    *out = p;
    return BC_OK;
}

BC_API int32_t bc_profile_to_json(const bc_profile *p, char *buf, int64_t capacity,
                                  int64_t *length)
{
    if (!p || !length || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_profile_to_json: profile or length is NULL, "
                       "or buf NULL with capacity %lld", (long long)capacity);
    json_t *root = profile_json(p);
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(17)) : NULL;
    json_decref(root);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_profile_to_json");
    int64_t len = (int64_t)strlen(text);
    *length = len;
    int32_t rc = BC_OK;
    if (capacity > len)
        memcpy(buf, text, (size_t)len + 1);
    else if (capacity > 0 || buf)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_profile_to_json: capacity %lld, need %lld",
                     (long long)capacity, (long long)len + 1);
    free(text);
    return rc;
}

BC_API int32_t bc_profile_from_json(const char *text, bc_profile **out)
{
    if (out)
        *out = NULL;
    if (!text || !out)
        return bc_fail_null("bc_profile_from_json", "text", (const void *)text, "out",
                            (const void *)out, (const char *)NULL);
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        return bc_fail(BC_E_PARSE, "profile JSON line %d column %d: %s", err.line, err.column,
                       err.text);
    int32_t rc = profile_from_root("profile", root, out);
    json_decref(root);
    return rc;
}

BC_API int32_t bc_profile_save(const bc_profile *p, const char *path)
{
    if (!p || !path)
        return bc_fail_null("bc_profile_save", "profile", (const void *)p, "path",
                            (const void *)path, (const char *)NULL);
    json_t *root = profile_json(p);
    int32_t rc = bc_json_write_file(path, root, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
    json_decref(root);
    return rc;
}

BC_API int32_t bc_profile_load(const char *path, bc_profile **out)
{
    if (out)
        *out = NULL;
    if (!path || !out)
        return bc_fail_null("bc_profile_load", "path", (const void *)path, "out",
                            (const void *)out, (const char *)NULL);
    FILE *f = bc_fopen(path, "rb");
    if (!f)
        return bc_fail(BC_E_IO, "%s: cannot open: %s", path, strerror(errno));
    json_error_t err;
    json_t *root = json_loadf(f, 0, &err);
    fclose(f);
    if (!root)
        return bc_fail(BC_E_PARSE, "%s line %d column %d: %s", path, err.line, err.column,
                       err.text);
    int32_t rc = profile_from_root(path, root, out);
    json_decref(root);
    return rc;
}

BC_API int32_t bc_model_set_profile(bc_model *m, const bc_profile *p)
{
    if (!m || !p)
        return bc_fail_null("bc_model_set_profile", "model", (const void *)m, "profile",
                            (const void *)p, (const char *)NULL);
    if (p->n_features != m->n_features)
        return bc_fail(BC_E_SHAPE, "bc_model_set_profile: the profile has %d features, the "
                       "model %d", p->n_features, m->n_features);
    json_t *root = profile_json(p);
    json_t *features = json_object_get(root, "features");
    for (int32_t j = 0; root && j < m->n_features; j++)
        json_object_set_new(json_array_get(features, (size_t)j), "name",
                            json_string(m->feature_names[j]));
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    if (!json_is_object(extra)) {
        json_decref(extra);
        extra = json_object();
    }
    char *text = NULL;
    if (root && extra && json_object_set_new(extra, PROFILE_KEY, root) == 0)
        text = json_dumps(extra, JSON_COMPACT | JSON_REAL_PRECISION(17));
    else
        json_decref(root);
    json_decref(extra);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "bc_model_set_profile");
    int32_t rc = bc_model_set_extra_json(m, text);
    free(text);
    return rc;
}

BC_API int32_t bc_model_profile(const bc_model *m, bc_profile **out)
{
    if (out)
        *out = NULL;
    if (!m || !out)
        return bc_fail_null("bc_model_profile", "model", (const void *)m, "out",
                            (const void *)out, (const char *)NULL);
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    json_t *root = json_object_get(extra, PROFILE_KEY);
    int32_t rc;
    if (!root)
        rc = bc_fail(BC_E_NOT_FOUND, "the model has no training profile (\"%s\"): it was "
                     "trained without one; give a reference with bc_monitor_set_profile",
                     PROFILE_KEY);
    else
        rc = profile_from_root("the model's training profile", root, out);
    if (rc == BC_OK && (*out)->n_features != m->n_features) {
        rc = bc_fail(BC_E_FORMAT, "the model's training profile has %d features, the model %d",
                     (*out)->n_features, m->n_features);
        bc_profile_free(*out);
        *out = NULL;
    }
    json_decref(extra);
    return rc;
}

#else /* no jansson: the Windows DLL */

static int32_t no_json(const char *fn)
{
    return bc_fail(BC_E_UNSUPPORTED, "%s: not in this build (no JSON library)", fn);
}

BC_API int32_t bc_profile_to_json(const bc_profile *p, char *buf, int64_t capacity,
                                  int64_t *length)
{
    (void)p, (void)buf, (void)capacity, (void)length;
    return no_json("bc_profile_to_json");
}

BC_API int32_t bc_profile_from_json(const char *text, bc_profile **out)
{
    (void)text;
    if (out)
        *out = NULL;
    return no_json("bc_profile_from_json");
}

BC_API int32_t bc_profile_save(const bc_profile *p, const char *path)
{
    (void)p, (void)path;
    return no_json("bc_profile_save");
}

BC_API int32_t bc_profile_load(const char *path, bc_profile **out)
{
    (void)path;
    if (out)
        *out = NULL;
    return no_json("bc_profile_load");
}

BC_API int32_t bc_model_set_profile(bc_model *m, const bc_profile *p)
{
    (void)m, (void)p;
    return no_json("bc_model_set_profile");
}

BC_API int32_t bc_model_profile(const bc_model *m, bc_profile **out)
{
    (void)m;
    if (out)
        *out = NULL;
    return no_json("bc_model_profile");
}
#endif
