/*
 * registry_json.c - what the registry holds, as JSON for people and tools:
 * model versions, the active version of a key, jobs, metrics and the status
 * page (daemons with their heartbeats, job counts, active models). Read
 * only; the writers are registry.c and jobs.c.
 */
#include "lifecycle/registry.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>

/* cols: "name:t,name:t,..." with t = i (integer), d (number), s (text),
 * j (JSON text, embedded as a value); one object per row. */
static json_t *rows_json(const lc_rows *r, const char *cols)
{
    json_t *arr = json_array();
    for (int32_t i = 0; arr && i < r->rows; i++) {
        json_t *o = json_object();
        const char *c = cols;
        for (int32_t k = 0; o && k < r->cols && *c; k++) {
            const char *colon = strchr(c, ':');
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(colon - c), c);
            char type = colon[1];
            const char *v = lc_rows_get(r, i, k);
            json_t *jv;
            if (!v)
                jv = json_null();
            else if (type == 'i')
                jv = json_integer(strtoll(v, NULL, 10));
            else if (type == 'd')
                jv = isfinite(strtod(v, NULL)) ? json_real(strtod(v, NULL)) : json_null();
            else if (type == 'j')
                jv = json_loads(v, 0, NULL);
            else
                jv = json_string(v);
            json_object_set_new(o, name, jv ? jv : json_null());
            c = colon + 2;
            if (*c == ',')
                c++;
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static const char model_cols[] =
    "version:i,model_key:s,state:s,active:i,path:s,parent_version:i,job_id:i,created_at:i,"
    "data_from:i,data_to:i,feature_spec_hash:s,metrics:j,gate_metric:s,gate_score:d,"
    "gate_baseline:d,gate_baseline_version:i,activated_at:i,last_event_id:i";
static const char model_select[] =
    "SELECT version, model_key, state, active, path, parent_version, job_id, created_at,"
    " data_from, data_to, feature_spec_hash, metrics, gate_metric, gate_score, gate_baseline,"
    " gate_baseline_version,"
    " activated_at, last_event_id FROM bc_models";
static const char job_cols[] =
    "id:i,job_key:s,kind:s,state:s,attempts:i,run_after:i,scheduled_for:i,created_at:i,"
    "claimed_by:s,claimed_at:i,heartbeat_at:i,finished_at:i,error:s,result_version:i,spec:j,"
    "reason:s,trigger_key:s";
static const char job_select[] =
    "SELECT id, job_key, kind, state, attempts, run_after, scheduled_for, created_at,"
    " claimed_by, claimed_at, heartbeat_at, finished_at, error, result_version, spec, reason,"
    " trigger_key FROM bc_jobs";

static int32_t query_json(bc_registry *reg, const char *sql, int32_t n, const char *const *p,
                          const char *cols, json_t **out)
{
    lc_rows *r = NULL;
    int32_t rc = lc_db_exec(reg->db, sql, n, p, &r, NULL);
    if (rc != BC_OK)
        return rc;
    *out = rows_json(r, cols);
    lc_rows_free(r);
    return *out ? BC_OK : bc_fail(BC_E_OUT_OF_MEMORY, "registry: out of memory");
}

static int32_t parse_limit(const char *arg, int64_t dflt, int64_t *out)
{
    if (!arg || !*arg) {
        *out = dflt;
        return BC_OK;
    }
    char *end;
    long long v = strtoll(arg, &end, 10);
    if (*end || v < 1 || v > 1000000)
        return bc_fail(BC_E_INVALID_ARGUMENT, "registry: '%s' is not a count in 1..1000000",
                       arg);
    *out = v;
    return BC_OK;
}

static int32_t status_json(bc_registry *reg, int64_t now, json_t *o)
{
    json_object_set_new(o, "backend", json_string(lc_db_backend(reg->db)));
    json_object_set_new(o, "store", json_string(reg->store));
    json_object_set_new(o, "now", json_integer(now));
    json_t *d = NULL;
    int32_t rc = query_json(reg, "SELECT worker_id, host, pid, state, running, max_jobs,"
                            " started_at, heartbeat_at FROM bc_daemons ORDER BY worker_id", 0,
                            NULL, "worker_id:s,host:s,pid:i,state:s,running:i,max_jobs:i,"
                            "started_at:i,heartbeat_at:i", &d);
    if (rc != BC_OK)
        return rc;
    size_t i;
    json_t *w;
    json_array_foreach(d, i, w) {
        json_int_t hb = json_integer_value(json_object_get(w, "heartbeat_at"));
        json_object_set_new(w, "heartbeat_age_s", json_integer(now - hb));
    }
    json_object_set_new(o, "daemons", d);
    lc_rows *r = NULL;
    rc = lc_db_exec(reg->db, "SELECT state, COUNT(*) FROM bc_jobs GROUP BY state", 0, NULL, &r,
                    NULL);
    if (rc != BC_OK)
        return rc;
    json_t *counts = json_object();
    static const char *const states[] = {"queued", "running", "done", "failed", "dead",
                                         "skipped"};
    for (size_t k = 0; k < sizeof states / sizeof states[0]; k++)
        json_object_set_new(counts, states[k], json_integer(0));
    for (int32_t k = 0; k < r->rows; k++)
        json_object_set_new(counts, lc_rows_get(r, k, 0), json_integer(lc_rows_int(r, k, 1)));
    lc_rows_free(r);
    json_object_set_new(o, "jobs", counts);
    json_t *recent = NULL;
    char sql[1024];
    snprintf(sql, sizeof sql, "%s ORDER BY id DESC LIMIT 10", job_select);
    if ((rc = query_json(reg, sql, 0, NULL, job_cols, &recent)) != BC_OK)
        return rc;
    json_object_set_new(o, "recent_jobs", recent);
    json_t *active = NULL;
    snprintf(sql, sizeof sql, "%s WHERE active = 1 ORDER BY model_key", model_select);
    if ((rc = query_json(reg, sql, 0, NULL, model_cols, &active)) != BC_OK)
        return rc;
    json_object_set_new(o, "active_models", active);
    return BC_OK;
}
#endif

BC_API int32_t bc_registry_json(bc_registry *reg, const char *what, const char *arg,
                                int64_t now, char *buf, int32_t capacity, int32_t *length)
{
    if (!reg || !what || !length)
        return bc_fail_null("bc_registry_json", "reg", reg, "what", what, "length", length,
                            (const char *)NULL);
    *length = 0;
    if (capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_registry_json: capacity %d with %s buffer",
                       (int)capacity, buf ? "a" : "a NULL");
#ifdef BC_HAVE_JANSSON
    json_t *out = NULL;
    int32_t rc = BC_OK;
    char sql[1200];
    int64_t limit = 0;
    const char *p[] = {arg};
    if (strcmp(what, "models") == 0) {
        if (arg && *arg) {
            snprintf(sql, sizeof sql, "%s WHERE model_key = $1 ORDER BY version", model_select);
            rc = query_json(reg, sql, 1, p, model_cols, &out);
        } else {
            snprintf(sql, sizeof sql, "%s ORDER BY model_key, version", model_select);
            rc = query_json(reg, sql, 0, NULL, model_cols, &out);
        }
    } else if (strcmp(what, "model") == 0 || strcmp(what, "active") == 0) {
        int model = strcmp(what, "model") == 0;
        if (!arg || !*arg)
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_registry_json: '%s' needs %s", what,
                           model ? "a version" : "a model key");
        snprintf(sql, sizeof sql, "%s WHERE %s", model_select,
                 model ? "version = CAST($1 AS BIGINT)" : "model_key = $1 AND active = 1");
        if (model && strspn(arg, "0123456789") != strlen(arg))
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_registry_json: version '%s' is not a "
                           "number", arg);
        json_t *arr = NULL;
        rc = query_json(reg, sql, 1, p, model_cols, &arr);
        if (rc == BC_OK && json_array_size(arr) == 0)
            rc = bc_fail(BC_E_NOT_FOUND, model ? "registry: no model version %s"
                                               : "registry: model key '%s' has no active version",
                         arg);
        if (rc == BC_OK) {
            out = json_incref(json_array_get(arr, 0));
            char full[4400];
            snprintf(full, sizeof full, "%s/%s", reg->store,
                     json_string_value(json_object_get(out, "path")));
            json_object_set_new(out, "file", json_string(full));
        }
        json_decref(arr);
    } else if (strcmp(what, "jobs") == 0 || strcmp(what, "metrics") == 0) {
        int jobs = strcmp(what, "jobs") == 0;
        if ((rc = parse_limit(arg, 100, &limit)) != BC_OK)
            return rc;
        if (jobs) {
            snprintf(sql, sizeof sql, "%s ORDER BY id DESC LIMIT %lld", job_select,
                     (long long)limit);
            rc = query_json(reg, sql, 0, NULL, job_cols, &out);
        } else {
            snprintf(sql, sizeof sql, "SELECT id, time, job_id, model_key, version, name, value"
                     " FROM bc_metrics ORDER BY id DESC LIMIT %lld", (long long)limit);
            rc = query_json(reg, sql, 0, NULL, "id:i,time:i,job_id:i,model_key:s,version:i,"
                            "name:s,value:d", &out);
        }
    } else if (strcmp(what, "job") == 0) {
        if (!arg || !*arg || strspn(arg, "0123456789") != strlen(arg))
            return bc_fail(BC_E_INVALID_ARGUMENT, "bc_registry_json: job id '%s' is not a "
                           "number", arg ? arg : "");
        snprintf(sql, sizeof sql, "%s WHERE id = CAST($1 AS BIGINT)", job_select);
        json_t *arr = NULL;
        rc = query_json(reg, sql, 1, p, job_cols, &arr);
        if (rc == BC_OK && json_array_size(arr) == 0)
            rc = bc_fail(BC_E_NOT_FOUND, "registry: no job %s", arg);
        if (rc == BC_OK) {
            out = json_incref(json_array_get(arr, 0));
            json_t *runs = NULL;
            rc = query_json(reg, "SELECT attempt, worker_id, started_at, finished_at, outcome"
                            " FROM bc_job_runs WHERE job_id = CAST($1 AS BIGINT) ORDER BY"
                            " attempt", 1, p, "attempt:i,worker_id:s,started_at:i,"
                            "finished_at:i,outcome:s", &runs);
            if (rc == BC_OK)
                json_object_set_new(out, "runs", runs);
        }
        json_decref(arr);
    } else if (strcmp(what, "status") == 0) {
        out = json_object();
        rc = out ? status_json(reg, now, out) : bc_fail(BC_E_OUT_OF_MEMORY, "out of memory");
    } else if (strcmp(what, "defs") == 0) {
        rc = query_json(reg, "SELECT job_key, cron, updated_at, spec FROM bc_job_defs ORDER BY"
                        " job_key", 0, NULL, "job_key:s,cron:s,updated_at:i,spec:j", &out);
    } else {
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_registry_json: what = '%s' is not models, "
                       "model, active, jobs, job, defs, metrics or status", what);
    }
    if (rc != BC_OK) {
        json_decref(out);
        return rc;
    }
    char *text = json_dumps(out, JSON_COMPACT);
    json_decref(out);
    if (!text)
        return bc_fail(BC_E_OUT_OF_MEMORY, "registry: out of memory");
    size_t n = strlen(text);
    if (n > INT32_MAX - 1) {
        free(text);
        return bc_fail(BC_E_OUT_OF_MEMORY, "registry: answer over 2 GiB");
    }
    *length = (int32_t)n;
    if ((size_t)capacity <= n) {
        free(text);
        return capacity == 0 && !buf ? BC_E_BUFFER_TOO_SMALL
                                     : bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_registry_json: "
                                               "capacity %d, need %zu", (int)capacity, n + 1);
    }
    memcpy(buf, text, n + 1);
    free(text);
    return BC_OK;
#else
    (void)arg; (void)now; (void)buf; (void)capacity;
    return bc_fail(BC_E_UNSUPPORTED, "bc_registry_json: this build has no JSON library");
#endif
}
