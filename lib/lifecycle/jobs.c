/*
 * jobs.c - the training job queue in the registry's database: job
 * definitions, enqueue (scheduled ticks deduplicated by a unique key),
 * claim (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED; SQLite: BEGIN
 * IMMEDIATE), heartbeats, retries with exponential backoff, lease expiry,
 * and the one transaction that finishes a job with its model. A claim is
 * (worker, attempt): every later step checks it, so a worker whose lease
 * was taken over can no longer finish the job - no job completes twice.
 * Running the jobs (processes, timeouts) belongs to the daemon.
 */
#include "lifecycle/registry.h"
#include "core/internal.h"

#include <stdlib.h>
#include <string.h>

static int valid_text(const char *s, size_t max)
{
    return s && *s && strlen(s) <= max;
}

BC_API int32_t bc_jobs_define(bc_registry *reg, const char *job_key, const char *spec_json,
                              const char *cron, int64_t now)
{
    if (!reg || !job_key || !spec_json)
        return bc_fail_null("bc_jobs_define", "reg", reg, "job_key", job_key, "spec_json",
                            spec_json, (const char *)NULL);
    if (!valid_text(job_key, 200))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_define: job_key '%s' must have 1..200 "
                       "bytes", job_key);
    if (cron && *cron) {
        bc_cron *c = NULL;
        int32_t rc = bc_cron_parse(cron, &c);
        bc_cron_free(c);
        if (rc != BC_OK)
            return rc;
    }
    char t[24];
    const char *p[] = {job_key, spec_json, cron && *cron ? cron : NULL, lc_i64(t, now)};
    return lc_db_exec(reg->db, "INSERT INTO bc_job_defs (job_key, spec, cron, updated_at)"
                      " VALUES ($1, $2, $3, CAST($4 AS BIGINT)) ON CONFLICT (job_key) DO UPDATE"
                      " SET spec = excluded.spec, cron = excluded.cron,"
                      " updated_at = excluded.updated_at", 4, p, NULL, NULL);
}

/* The kinds of job (bc_jobs_enqueue lists what each does). */
static const char *const job_kinds[] = {"scheduled", "retrain", "full", "online",
                                        "active", "replay", "monitor"};

static int32_t check_kind(const char *fn, const char *kind)
{
    for (size_t i = 0; i < sizeof job_kinds / sizeof job_kinds[0]; i++)
        if (strcmp(kind, job_kinds[i]) == 0)
            return BC_OK;
    return bc_fail(BC_E_INVALID_ARGUMENT, "%s: kind '%s' is not scheduled, retrain, full, "
                   "online, active, replay or monitor", fn, kind);
}

static int32_t check_defined(bc_registry *reg, const char *job_key)
{
    const char *pk[] = {job_key};
    lc_rows *r = NULL;
    int32_t rc = lc_db_exec(reg->db, "SELECT 1 FROM bc_job_defs WHERE job_key = $1", 1, pk, &r,
                            NULL);
    if (rc != BC_OK)
        return rc;
    int known = r->rows > 0;
    lc_rows_free(r);
    if (!known)
        return bc_fail(BC_E_NOT_FOUND, "job '%s' is not defined (bc_jobs_define; the daemon "
                       "defines the jobs of its config file)", job_key);
    return BC_OK;
}

BC_API int32_t bc_jobs_enqueue(bc_registry *reg, const char *job_key, const char *kind,
                               int64_t scheduled_for, int64_t run_after, int64_t now,
                               int64_t *job_id)
{
    if (!reg || !job_key || !kind || !job_id)
        return bc_fail_null("bc_jobs_enqueue", "reg", reg, "job_key", job_key, "kind", kind,
                            "job_id", job_id, (const char *)NULL);
    *job_id = 0;
    int32_t rc = check_kind("bc_jobs_enqueue", kind);
    if (rc == BC_OK)
        rc = check_defined(reg, job_key);
    if (rc != BC_OK)
        return rc;
    lc_rows *r = NULL;
    char a[24], b[24], c[24];
    const char *p[] = {job_key, kind, lc_i64(a, run_after),
                       scheduled_for > 0 ? lc_i64(b, scheduled_for) : NULL, lc_i64(c, now)};
    /* A tick enqueued by another daemon already is not enqueued again. */
    rc = lc_db_exec(reg->db, "INSERT INTO bc_jobs (job_key, kind, spec, state, attempts,"
                    " run_after, scheduled_for, created_at) SELECT job_key, $2, spec, 'queued',"
                    " 0, CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS BIGINT) FROM"
                    " bc_job_defs WHERE job_key = $1 ON CONFLICT (job_key, kind, scheduled_for)"
                    " DO NOTHING RETURNING id", 5, p, &r, NULL);
    if (rc != BC_OK)
        return rc;
    *job_id = r->rows ? lc_rows_int(r, 0, 0) : 0;
    lc_rows_free(r);
    return BC_OK;
}

BC_API int32_t bc_jobs_enqueue_triggered(bc_registry *reg, const char *job_key,
                                         const char *kind, const char *trigger,
                                         const char *reason, int64_t run_after, int64_t now,
                                         int64_t *job_id)
{
    if (!reg || !job_key || !kind || !trigger || !job_id)
        return bc_fail_null("bc_jobs_enqueue_triggered", "reg", reg, "job_key", job_key, "kind",
                            kind, "trigger", trigger, "job_id", job_id, (const char *)NULL);
    *job_id = 0;
    if (!valid_text(trigger, 200))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_enqueue_triggered: trigger '%s' must "
                       "have 1..200 bytes", trigger);
    if (reason && strlen(reason) > 4000)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_enqueue_triggered: reason has %zu "
                       "bytes, at most 4000", strlen(reason));
    int32_t rc = check_kind("bc_jobs_enqueue_triggered", kind);
    if (rc == BC_OK && strcmp(kind, "monitor") == 0)
        rc = bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_enqueue_triggered: a trigger queues a "
                     "training job, not kind 'monitor'");
    if (rc == BC_OK)
        rc = check_defined(reg, job_key);
    if (rc != BC_OK)
        return rc;
    if ((rc = lc_db_begin(reg->db)) != BC_OK)
        return rc;
    /* PostgreSQL: the NOT EXISTS below sees only committed rows, so two
     * monitors of one key take turns (SQLite's write lock already does). */
    const char *pk[] = {job_key};
    if (lc_db_is_postgres(reg->db))
        rc = lc_db_exec(reg->db, "SELECT pg_advisory_xact_lock(7226002, hashtext($1))", 1, pk,
                        NULL, NULL);
    char a[24], b[24];
    const char *p[] = {job_key, kind, lc_i64(a, run_after), lc_i64(b, now), trigger, reason};
    lc_rows *r = NULL;
    /* Not while a training job of the key waits or runs (it will answer
     * the same verdict), and never twice for one trigger. */
    if (rc == BC_OK)
        rc = lc_db_exec(reg->db, "INSERT INTO bc_jobs (job_key, kind, spec, state, attempts,"
                        " run_after, created_at, trigger_key, reason) SELECT job_key, $2, spec,"
                        " 'queued', 0, CAST($3 AS BIGINT), CAST($4 AS BIGINT), $5, $6 FROM"
                        " bc_job_defs WHERE job_key = $1 AND NOT EXISTS (SELECT 1 FROM bc_jobs"
                        " WHERE job_key = $1 AND kind <> 'monitor' AND state IN ('queued',"
                        " 'running')) ON CONFLICT DO NOTHING RETURNING id", 6, p, &r, NULL);
    if (rc == BC_OK)
        *job_id = r->rows ? lc_rows_int(r, 0, 0) : 0;
    lc_rows_free(r);
    if (rc != BC_OK) {
        lc_db_rollback(reg->db);
        *job_id = 0;
        return rc;
    }
    rc = lc_db_commit(reg->db);
    if (rc != BC_OK)
        *job_id = 0;
    return rc;
}

BC_API int32_t bc_jobs_claim(bc_registry *reg, const char *worker_id, int64_t now,
                             int64_t *job_id, int32_t *attempt)
{
    if (!reg || !worker_id || !job_id || !attempt)
        return bc_fail_null("bc_jobs_claim", "reg", reg, "worker_id", worker_id, "job_id",
                            job_id, "attempt", attempt, (const char *)NULL);
    *job_id = 0;
    *attempt = 0;
    if (!valid_text(worker_id, 200))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_claim: worker_id must have 1..200 "
                       "bytes");
    char t[24];
    const char *p[] = {lc_i64(t, now)};
    int32_t rc = lc_db_begin(reg->db);
    if (rc != BC_OK)
        return rc;
    lc_rows *r = NULL;
    rc = lc_db_exec(reg->db, lc_db_is_postgres(reg->db)
                    ? "SELECT id FROM bc_jobs WHERE state = 'queued' AND run_after <="
                      " CAST($1 AS BIGINT) ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED"
                    : "SELECT id FROM bc_jobs WHERE state = 'queued' AND run_after <="
                      " CAST($1 AS BIGINT) ORDER BY run_after, id LIMIT 1",
                    1, p, &r, NULL);
    if (rc != BC_OK || r->rows == 0) {
        lc_rows_free(r);
        lc_db_rollback(reg->db);
        return rc != BC_OK ? rc : bc_fail(BC_E_NOT_FOUND, "no job is ready");
    }
    char id[24];
    lc_i64(id, lc_rows_int(r, 0, 0));
    lc_rows_free(r);
    r = NULL;
    const char *q[] = {id, worker_id, t};
    rc = lc_db_exec(reg->db, "UPDATE bc_jobs SET state = 'running', attempts = attempts + 1,"
                    " claimed_by = $2, claimed_at = CAST($3 AS BIGINT), heartbeat_at ="
                    " CAST($3 AS BIGINT), error = NULL WHERE id = CAST($1 AS BIGINT) AND state"
                    " = 'queued' RETURNING attempts", 3, q, &r, NULL);
    if (rc == BC_OK && r->rows != 1)
        rc = bc_fail(BC_E_INTERNAL, "job %s changed under its row lock", id);
    char at[24];
    if (rc == BC_OK) {
        lc_i64(at, lc_rows_int(r, 0, 0));
        const char *s[] = {id, at, worker_id, t};
        rc = lc_db_exec(reg->db, "INSERT INTO bc_job_runs (job_id, attempt, worker_id,"
                        " started_at) VALUES (CAST($1 AS BIGINT), CAST($2 AS INTEGER), $3,"
                        " CAST($4 AS BIGINT))", 4, s, NULL, NULL);
    }
    int64_t attempts = rc == BC_OK ? lc_rows_int(r, 0, 0) : 0;
    lc_rows_free(r);
    if (rc != BC_OK) {
        lc_db_rollback(reg->db);
        return rc;
    }
    if ((rc = lc_db_commit(reg->db)) != BC_OK)
        return rc;
    *job_id = strtoll(id, NULL, 10);
    *attempt = (int32_t)attempts;
    return BC_OK;
}

BC_API int32_t bc_jobs_heartbeat(bc_registry *reg, const char *worker_id, const char *host,
                                 int64_t pid, const char *state, int32_t running,
                                 int32_t max_jobs, int64_t now)
{
    if (!reg || !worker_id || !state)
        return bc_fail_null("bc_jobs_heartbeat", "reg", reg, "worker_id", worker_id, "state",
                            state, (const char *)NULL);
    if (!valid_text(worker_id, 200))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_heartbeat: worker_id must have 1..200 "
                       "bytes");
    char a[24], b[24], c[24], d[24];
    const char *p[] = {worker_id, host ? host : "", lc_i64(a, pid), lc_i64(b, now), state,
                       lc_i64(c, running), lc_i64(d, max_jobs)};
    int32_t rc = lc_db_exec(reg->db,
                            "INSERT INTO bc_daemons (worker_id, host, pid, started_at,"
                            " heartbeat_at, state, running, max_jobs) VALUES ($1, $2, CAST($3 AS"
                            " BIGINT), CAST($4 AS BIGINT), CAST($4 AS BIGINT), $5, CAST($6 AS"
                            " INTEGER), CAST($7 AS INTEGER)) ON CONFLICT (worker_id) DO UPDATE"
                            " SET host = excluded.host, pid = excluded.pid, heartbeat_at ="
                            " excluded.heartbeat_at, state = excluded.state, running ="
                            " excluded.running, max_jobs = excluded.max_jobs, started_at = CASE"
                            " WHEN bc_daemons.pid <> excluded.pid THEN excluded.started_at ELSE"
                            " bc_daemons.started_at END", 7, p, NULL, NULL);
    if (rc != BC_OK)
        return rc;
    const char *q[] = {worker_id, b};
    return lc_db_exec(reg->db, "UPDATE bc_jobs SET heartbeat_at = CAST($2 AS BIGINT) WHERE"
                      " claimed_by = $1 AND state = 'running'", 2, q, NULL, NULL);
}

/* Inside a transaction: ends attempt `attempt` of job id held by worker.
 * outcome: "failed" requeues (or 'dead' after max_attempts), "skipped",
 * "done", "released" (back to the queue, the attempt not counted). */
static int32_t end_attempt(bc_registry *reg, int64_t job_id, const char *worker,
                           int32_t attempt, const char *outcome, const char *error,
                           int32_t max_attempts, int64_t backoff_s, int64_t version,
                           int64_t now)
{
    const char *state = outcome;
    int64_t run_after = now;
    if (strcmp(outcome, "failed") == 0) {
        if (attempt >= max_attempts) {
            state = "dead";
        } else {
            state = "queued";
            int shift = attempt - 1 < 20 ? attempt - 1 : 20;
            run_after = now + (backoff_s << shift);
        }
    } else if (strcmp(outcome, "released") == 0) {
        state = "queued";
    }
    int queued = strcmp(state, "queued") == 0;
    char a[24], b[24], c[24], d[24], e[24];
    lc_i64(a, job_id);
    lc_i64(b, attempt);
    lc_i64(d, now);
    int64_t changed = 0;
    int32_t rc;
    if (queued) {
        const char *p[] = {a, worker, b, state, lc_i64(c, run_after), error,
                           strcmp(outcome, "released") == 0 ? "1" : "0"};
        rc = lc_db_exec(reg->db, "UPDATE bc_jobs SET state = $4, run_after = CAST($5 AS"
                        " BIGINT), claimed_by = NULL, heartbeat_at = NULL, error = $6,"
                        " attempts = attempts - CAST($7 AS INTEGER) WHERE id = CAST($1 AS"
                        " BIGINT) AND claimed_by = $2 AND attempts = CAST($3 AS INTEGER) AND"
                        " state = 'running'", 7, p, NULL, &changed);
    } else {
        const char *p[] = {a, worker, b, state, d, error, version > 0 ? lc_i64(e, version)
                                                                         : NULL};
        rc = lc_db_exec(reg->db, "UPDATE bc_jobs SET state = $4, finished_at = CAST($5 AS"
                        " BIGINT), error = $6, result_version = CAST($7 AS BIGINT) WHERE id ="
                        " CAST($1 AS BIGINT) AND claimed_by = $2 AND attempts = CAST($3 AS"
                        " INTEGER) AND state = 'running'", 7, p, NULL, &changed);
    }
    if (rc == BC_OK && changed != 1)
        return bc_fail(BC_E_STATE, "job %lld attempt %d is no longer held by worker '%s' (its "
                       "lease expired and the job was taken over, or it was finished)",
                       (long long)job_id, (int)attempt, worker);
    if (rc == BC_OK) {
        const char *q[] = {a, b, d, outcome};
        rc = lc_db_exec(reg->db, "UPDATE bc_job_runs SET finished_at = CAST($3 AS BIGINT),"
                        " outcome = $4 WHERE job_id = CAST($1 AS BIGINT) AND attempt = CAST($2"
                        " AS INTEGER)", 4, q, NULL, NULL);
    }
    if (rc == BC_OK && strcmp(outcome, "released") == 0) {
        const char *q[] = {a, b};
        rc = lc_db_exec(reg->db, "DELETE FROM bc_job_runs WHERE job_id = CAST($1 AS BIGINT)"
                        " AND attempt = CAST($2 AS INTEGER)", 2, q, NULL, NULL);
    }
    return rc;
}

static int32_t in_transaction(bc_registry *reg, int32_t rc)
{
    if (rc != BC_OK) {
        lc_db_rollback(reg->db);
        return rc;
    }
    return lc_db_commit(reg->db);
}

BC_API int32_t bc_jobs_finish(bc_registry *reg, int64_t job_id, const char *worker_id,
                              int32_t attempt, const char *outcome, const char *error,
                              int32_t max_attempts, int64_t backoff_s, int64_t now)
{
    if (!reg || !worker_id || !outcome)
        return bc_fail_null("bc_jobs_finish", "reg", reg, "worker_id", worker_id, "outcome",
                            outcome, (const char *)NULL);
    if (strcmp(outcome, "done") != 0 && strcmp(outcome, "failed") != 0 &&
        strcmp(outcome, "skipped") != 0 && strcmp(outcome, "released") != 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_finish: outcome '%s' is not done, "
                       "failed, skipped or released", outcome);
    if (max_attempts < 1 || backoff_s < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_finish: max_attempts = %d (>= 1) and "
                       "backoff_s = %lld (>= 0)", (int)max_attempts, (long long)backoff_s);
    int32_t rc = lc_db_begin(reg->db);
    if (rc != BC_OK)
        return rc;
    return in_transaction(reg, end_attempt(reg, job_id, worker_id, attempt, outcome, error,
                                           max_attempts, backoff_s, 0, now));
}

BC_API int32_t bc_jobs_complete(bc_registry *reg, int64_t job_id, const char *worker_id,
                                int32_t attempt, int64_t version, int32_t passed, int64_t now)
{
    if (!reg || !worker_id)
        return bc_fail_null("bc_jobs_complete", "reg", reg, "worker_id", worker_id,
                            (const char *)NULL);
    if (version <= 0 || (passed != 0 && passed != 1))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_complete: version = %lld (> 0), passed"
                       " = %d (0 or 1)", (long long)version, (int)passed);
    int32_t rc = lc_db_begin(reg->db);
    if (rc != BC_OK)
        return rc;
    /* One transaction: the job is done, its model leaves staging and, when
     * it passed the gate, becomes the active one - all or nothing. */
    rc = end_attempt(reg, job_id, worker_id, attempt, "done", NULL, 1, 0, version, now);
    if (rc == BC_OK) {
        char v[24];
        const char *p[] = {lc_i64(v, version), passed ? "candidate" : "rejected"};
        int64_t changed = 0;
        rc = lc_db_exec(reg->db, "UPDATE bc_models SET state = $2 WHERE version = CAST($1 AS"
                        " BIGINT) AND state = 'staging'", 2, p, NULL, &changed);
        if (rc == BC_OK && changed != 1)
            rc = bc_fail(BC_E_STATE, "registry: version %lld is not staged (already published"
                         " or removed by cleanup)", (long long)version);
    }
    /* The gate compared against the version active then; if another job
     * activated a version since, this candidate was never compared with it:
     * refuse (the attempt fails and its retry gates again). */
    if (rc == BC_OK && passed) {
        char v[24];
        const char *p[] = {lc_i64(v, version)};
        lc_rows *r = NULL;
        rc = lc_db_exec(reg->db, lc_db_is_postgres(reg->db)
                        ? "SELECT c.gate_baseline_version, a.version FROM bc_models c LEFT JOIN"
                          " bc_models a ON a.model_key = c.model_key AND a.active = 1 WHERE"
                          " c.version = CAST($1 AS BIGINT) FOR UPDATE OF c"
                        : "SELECT c.gate_baseline_version, a.version FROM bc_models c LEFT JOIN"
                          " bc_models a ON a.model_key = c.model_key AND a.active = 1 WHERE"
                          " c.version = CAST($1 AS BIGINT)",
                        1, p, &r, NULL);
        if (rc == BC_OK && r->rows == 1 && lc_rows_int(r, 0, 0) != lc_rows_int(r, 0, 1))
            rc = bc_fail(BC_E_STATE, "registry: version %lld was gated against active version "
                         "%lld, but version %lld is active now: gate it again", (long long)version,
                         (long long)lc_rows_int(r, 0, 0), (long long)lc_rows_int(r, 0, 1));
        lc_rows_free(r);
    }
    if (rc == BC_OK && passed)
        rc = lc_registry_activate_locked(reg, version, now);
    return in_transaction(reg, rc);
}

BC_API int32_t bc_jobs_expire(bc_registry *reg, int64_t lease_s, int32_t max_attempts,
                              int64_t backoff_s, int64_t now, int32_t *expired)
{
    if (!reg)
        return bc_fail_null("bc_jobs_expire", "reg", reg, (const char *)NULL);
    if (expired)
        *expired = 0;
    if (lease_s < 1 || max_attempts < 1 || backoff_s < 0)
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_jobs_expire: lease_s = %lld (>= 1),"
                       " max_attempts = %d (>= 1), backoff_s = %lld (>= 0)", (long long)lease_s,
                       (int)max_attempts, (long long)backoff_s);
    char t[24];
    const char *p[] = {lc_i64(t, now - lease_s)};
    int32_t rc = lc_db_begin(reg->db);
    if (rc != BC_OK)
        return rc;
    lc_rows *r = NULL;
    rc = lc_db_exec(reg->db, lc_db_is_postgres(reg->db)
                    ? "SELECT id, claimed_by, attempts FROM bc_jobs WHERE state = 'running' AND"
                      " heartbeat_at < CAST($1 AS BIGINT) FOR UPDATE SKIP LOCKED"
                    : "SELECT id, claimed_by, attempts FROM bc_jobs WHERE state = 'running' AND"
                      " heartbeat_at < CAST($1 AS BIGINT)",
                    1, p, &r, NULL);
    int32_t n = 0;
    for (int32_t i = 0; rc == BC_OK && i < r->rows; i++) {
        char msg[320];
        snprintf(msg, sizeof msg, "lease expired: worker '%s' stopped heartbeating",
                 lc_rows_get(r, i, 1));
        rc = end_attempt(reg, lc_rows_int(r, i, 0), lc_rows_get(r, i, 1),
                         (int32_t)lc_rows_int(r, i, 2), "failed", msg, max_attempts, backoff_s,
                         0, now);
        if (rc == BC_OK) {
            bc_log(BC_LOG_WARN, "job %s: %s", lc_rows_get(r, i, 0), msg);
            n++;
        }
    }
    lc_rows_free(r);
    rc = in_transaction(reg, rc);
    if (rc == BC_OK && expired)
        *expired = n;
    return rc;
}
