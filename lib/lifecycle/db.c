/*
 * db.c - SQLite and PostgreSQL (libpq) behind one small interface: text
 * parameters $1..$n, whole results as text, write transactions. Owns the
 * connections and the reconnect after a PostgreSQL restart; knows nothing of
 * the tables (registry.c and jobs.c own those).
 */
#include "lifecycle/db.h"
#include "core/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifdef BC_HAVE_SQLITE
#include <sqlite3.h>
#endif
#ifdef BC_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

struct lc_db {
    int postgres;
    int in_transaction;
    char *url;
#ifdef BC_HAVE_SQLITE
    sqlite3 *lite;
#endif
#ifdef BC_HAVE_LIBPQ
    PGconn *pg;
#endif
};

static int is_postgres_url(const char *url)
{
    return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

/* The URL with any password replaced, for messages. */
static void safe_url(const char *url, char *buf, size_t cap)
{
    const char *at = strchr(url, '@');
    const char *scheme = strstr(url, "://");
    const char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
    if (at && colon && colon < at)
        snprintf(buf, cap, "%.*s:***%s", (int)(colon - url), url, at);
    else
        snprintf(buf, cap, "%s", url);
}

int lc_db_is_postgres(const lc_db *db)
{
    return db && db->postgres;
}

const char *lc_db_backend(const lc_db *db)
{
    return db && db->postgres ? "postgresql" : "sqlite";
}

#ifdef BC_HAVE_LIBPQ
static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* NOTICEs ("relation exists, skipping") are not errors */
}
#endif

int32_t lc_db_open(const char *url, lc_db **out)
{
    if (!url || !out)
        return bc_fail_null("lc_db_open", "url", url, "out", out, (const char *)NULL);
    *out = NULL;
    lc_db *db = calloc(1, sizeof *db);
    if (!db || !(db->url = strdup(url))) {
        free(db);
        return bc_fail(BC_E_OUT_OF_MEMORY, "database: out of memory");
    }
    char shown[512];
    safe_url(url, shown, sizeof shown);
    if (is_postgres_url(url)) {
#ifdef BC_HAVE_LIBPQ
        db->postgres = 1;
        db->pg = PQconnectdb(url);
        if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
            int32_t rc = bc_fail(BC_E_IO, "database %s: cannot connect: %s", shown,
                                 db->pg ? PQerrorMessage(db->pg) : "out of memory");
            lc_db_close(db);
            return rc;
        }
        PQsetNoticeProcessor(db->pg, pg_quiet, NULL);
#else
        lc_db_close(db);
        return bc_fail(BC_E_UNSUPPORTED, "database %s: this build has no PostgreSQL (libpq)",
                       shown);
#endif
    } else {
#ifdef BC_HAVE_SQLITE
        const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
        if (!*path) {
            lc_db_close(db);
            return bc_fail(BC_E_INVALID_ARGUMENT, "database '%s': empty SQLite path", url);
        }
        int rc = sqlite3_open_v2(path, &db->lite,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                     SQLITE_OPEN_NOMUTEX,
                                 NULL);
        if (rc != SQLITE_OK) {
            int32_t st = bc_fail(BC_E_IO, "database %s: cannot open: %s", path,
                                 db->lite ? sqlite3_errmsg(db->lite) : sqlite3_errstr(rc));
            lc_db_close(db);
            return st;
        }
        sqlite3_busy_timeout(db->lite, 10000);
        char *err = NULL;
        /* WAL: readers never block the writer; FULL: a commit survives a
         * power cut, not only a crash of the process. */
        if (sqlite3_exec(db->lite, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         " PRAGMA foreign_keys=ON;", NULL, NULL, &err) != SQLITE_OK) {
            int32_t st = bc_fail(BC_E_IO, "database %s: %s", path, err ? err : "pragma failed");
            sqlite3_free(err);
            lc_db_close(db);
            return st;
        }
#else
        lc_db_close(db);
        return bc_fail(BC_E_UNSUPPORTED, "database %s: this build has no SQLite", shown);
#endif
    }
    *out = db;
    return BC_OK;
}

void lc_db_close(lc_db *db)
{
    if (!db)
        return;
#ifdef BC_HAVE_SQLITE
    if (db->lite)
        sqlite3_close_v2(db->lite);
#endif
#ifdef BC_HAVE_LIBPQ
    if (db->pg)
        PQfinish(db->pg);
#endif
    free(db->url);
    free(db);
}

static lc_rows *rows_new(int32_t rows, int32_t cols)
{
    lc_rows *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->rows = rows;
    r->cols = cols;
    if (rows > 0 && cols > 0 && !(r->cells = calloc((size_t)rows * (size_t)cols,
                                                     sizeof *r->cells))) {
        free(r);
        return NULL;
    }
    return r;
}

void lc_rows_free(lc_rows *r)
{
    if (!r)
        return;
    for (int64_t i = 0; i < (int64_t)r->rows * r->cols; i++)
        free(r->cells[i]);
    free(r->cells);
    free(r);
}

const char *lc_rows_get(const lc_rows *r, int32_t row, int32_t col)
{
    if (!r || row < 0 || row >= r->rows || col < 0 || col >= r->cols)
        return NULL;
    return r->cells[(size_t)row * r->cols + col];
}

int64_t lc_rows_int(const lc_rows *r, int32_t row, int32_t col)
{
    const char *s = lc_rows_get(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

double lc_rows_double(const lc_rows *r, int32_t row, int32_t col)
{
    const char *s = lc_rows_get(r, row, col);
    return s ? strtod(s, NULL) : NAN;
}

#ifdef BC_HAVE_SQLITE
/* Grows a row-major cell array by one row. */
static int rows_append(lc_rows *r, int32_t cols, char ***cells, int32_t *cap)
{
    if (r->rows == *cap) {
        int32_t ncap = *cap ? *cap * 2 : 16;
        char **n = realloc(*cells, (size_t)ncap * cols * sizeof *n);
        if (!n)
            return -1;
        memset(n + (size_t)*cap * cols, 0, (size_t)(ncap - *cap) * cols * sizeof *n);
        *cells = n;
        *cap = ncap;
    }
    r->rows++;
    return 0;
}

/* Busy, locked, I/O, full or unopenable: BC_E_IO (worth retrying); a
 * constraint: BC_E_STATE; anything else (no such column: a schema this
 * code does not know): BC_E_INTERNAL. */
static int32_t lite_status(int code)
{
    switch (code & 0xff) {
    case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_IOERR: case SQLITE_FULL:
    case SQLITE_CANTOPEN: case SQLITE_PROTOCOL: case SQLITE_NOMEM:
        return BC_E_IO;
    case SQLITE_CONSTRAINT:
        return BC_E_STATE;
    default:
        return BC_E_INTERNAL;
    }
}

static int32_t sqlite_exec(lc_db *db, const char *sql, int32_t n, const char *const *params,
                           lc_rows **out, int64_t *changes)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->lite, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return bc_fail(lite_status(rc), "database: %s (in: %.80s)", sqlite3_errmsg(db->lite),
                       sql);
    for (int32_t i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "$%d", (int)i + 1);
        int idx = sqlite3_bind_parameter_index(st, name);
        if (idx == 0)
            continue;
        rc = params[i] ? sqlite3_bind_text(st, idx, params[i], -1, SQLITE_TRANSIENT)
                       : sqlite3_bind_null(st, idx);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(st);
            return bc_fail(BC_E_IO, "database: binding $%d: %s", (int)i + 1,
                           sqlite3_errmsg(db->lite));
        }
    }
    int32_t cols = sqlite3_column_count(st);
    lc_rows *r = out ? rows_new(0, cols) : NULL;
    char **cells = NULL;
    int32_t cap = 0;
    if (out && !r) {
        sqlite3_finalize(st);
        return bc_fail(BC_E_OUT_OF_MEMORY, "database: out of memory");
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!r)
            continue;
        if (rows_append(r, cols, &cells, &cap) != 0)
            goto oom;
        for (int32_t c = 0; c < cols; c++) {
            /* A REAL as text is SQLite's 15 digits: 17 keep the double
             * (PostgreSQL 12+ prints the shortest exact text itself). */
            char num[40];
            const unsigned char *t = (const unsigned char *)num;
            if (sqlite3_column_type(st, c) == SQLITE_FLOAT)
                snprintf(num, sizeof num, "%.17g", sqlite3_column_double(st, c));
            else
                t = sqlite3_column_text(st, c);
            if (t && !(cells[(size_t)(r->rows - 1) * cols + c] = strdup((const char *)t)))
                goto oom;
        }
    }
    if (rc != SQLITE_DONE) {
        int32_t status = bc_fail(lite_status(sqlite3_extended_errcode(db->lite)),
                                 "database: %s", sqlite3_errmsg(db->lite));
        if (r) {
            r->cells = cells;
            lc_rows_free(r);
        }
        sqlite3_finalize(st);
        return status;
    }
    if (changes)
        *changes = sqlite3_changes(db->lite);
    sqlite3_finalize(st);
    if (r) {
        r->cells = cells;
        *out = r;
    }
    return BC_OK;
oom:
    r->cells = cells;
    lc_rows_free(r);
    sqlite3_finalize(st);
    return bc_fail(BC_E_OUT_OF_MEMORY, "database: out of memory");
}
#endif

#ifdef BC_HAVE_LIBPQ
static int32_t pg_exec_once(lc_db *db, const char *sql, int32_t n, const char *const *params,
                            lc_rows **out, int64_t *changes, int *broken, int *rolled_back)
{
    *broken = 0;
    *rolled_back = 0;
    PGresult *res = n > 0 || out ? PQexecParams(db->pg, sql, n, NULL, params, NULL, NULL, 0)
                                 : PQexec(db->pg, sql);
    ExecStatusType es = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
        const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
        *broken = PQstatus(db->pg) != CONNECTION_OK;
        *rolled_back = state && strncmp(state, "40", 2) == 0;
        /* SQLSTATE classes: 23 integrity constraint -> BC_E_STATE; 08
         * connection, 40 rollback (serialization, deadlock), 53 resources,
         * 57 operator intervention (shutdown) -> BC_E_IO, worth retrying;
         * the rest (42: no such column) -> BC_E_INTERNAL. */
        int32_t status = BC_E_INTERNAL;
        if (*broken || !state || strncmp(state, "08", 2) == 0 || strncmp(state, "40", 2) == 0 ||
            strncmp(state, "53", 2) == 0 || strncmp(state, "57", 2) == 0)
            status = BC_E_IO;
        else if (strncmp(state, "23", 2) == 0)
            status = BC_E_STATE;
        status = bc_fail(status, "database: %s", res ? PQresultErrorMessage(res)
                                                     : PQerrorMessage(db->pg));
        PQclear(res);
        return status;
    }
    if (changes) {
        const char *t = PQcmdTuples(res);
        *changes = t && *t ? strtoll(t, NULL, 10) : 0;
    }
    if (out) {
        int32_t rows = PQntuples(res), cols = PQnfields(res);
        lc_rows *r = rows_new(rows, cols);
        if (!r) {
            PQclear(res);
            return bc_fail(BC_E_OUT_OF_MEMORY, "database: out of memory");
        }
        for (int32_t i = 0; i < rows; i++)
            for (int32_t c = 0; c < cols; c++)
                if (!PQgetisnull(res, i, c) &&
                    !(r->cells[(size_t)i * cols + c] = strdup(PQgetvalue(res, i, c)))) {
                    lc_rows_free(r);
                    PQclear(res);
                    return bc_fail(BC_E_OUT_OF_MEMORY, "database: out of memory");
                }
        *out = r;
    }
    PQclear(res);
    return BC_OK;
}

static int32_t pg_exec(lc_db *db, const char *sql, int32_t n, const char *const *params,
                       lc_rows **out, int64_t *changes)
{
    int broken = 0, rolled_back = 0;
    if (PQstatus(db->pg) != CONNECTION_OK && !db->in_transaction)
        PQreset(db->pg);
    int32_t rc = pg_exec_once(db, sql, n, params, out, changes, &broken, &rolled_back);
    /* A lone statement the server rolled back (deadlock, serialization
     * failure: SQLSTATE class 40) left nothing behind: run it again, a few
     * times, after a short pause. Inside a transaction the caller's whole
     * transaction is gone and it must start over. */
    for (int attempt = 1; rc != BC_OK && rolled_back && !db->in_transaction && attempt <= 5;
         attempt++) {
        struct timespec pause = {0, 20000000L * attempt};
        nanosleep(&pause, NULL);
        rc = pg_exec_once(db, sql, n, params, out, changes, &broken, &rolled_back);
    }
    if (rc != BC_OK && broken && !db->in_transaction) {
        /* The server restarted (or the link dropped) since the last call:
         * reconnect and try once more; inside a transaction the caller's
         * work is gone and it must start over. */
        PQreset(db->pg);
        if (PQstatus(db->pg) == CONNECTION_OK) {
            bc_log(BC_LOG_WARN, "database: reconnected to PostgreSQL");
            rc = pg_exec_once(db, sql, n, params, out, changes, &broken, &rolled_back);
        }
    }
    return rc;
}
#endif

int32_t lc_db_exec(lc_db *db, const char *sql, int32_t n, const char *const *params,
                   lc_rows **out, int64_t *changes)
{
    if (out)
        *out = NULL;
    if (changes)
        *changes = 0;
    if (!db || !sql)
        return bc_fail_null("lc_db_exec", "db", db, "sql", sql, (const char *)NULL);
#ifdef BC_HAVE_LIBPQ
    if (db->postgres)
        return pg_exec(db, sql, n, params, out, changes);
#endif
#ifdef BC_HAVE_SQLITE
    if (!db->postgres) {
        if (n == 0 && !out && strchr(sql, ';')) {
            char *err = NULL; /* a script of several statements (the schema) */
            int code = sqlite3_exec(db->lite, sql, NULL, NULL, &err);
            if (code != SQLITE_OK) {
                int32_t rc = bc_fail(lite_status(code), "database: %s",
                                     err ? err : "exec failed");
                sqlite3_free(err);
                return rc;
            }
            return BC_OK;
        }
        return sqlite_exec(db, sql, n, params, out, changes);
    }
#endif
    return bc_fail(BC_E_UNSUPPORTED, "database: backend not built");
}

int32_t lc_db_begin(lc_db *db)
{
    int32_t rc = lc_db_exec(db, db && db->postgres ? "BEGIN" : "BEGIN IMMEDIATE", 0, NULL,
                            NULL, NULL);
    if (rc == BC_OK)
        db->in_transaction = 1;
    return rc;
}

int32_t lc_db_commit(lc_db *db)
{
    int32_t rc = lc_db_exec(db, "COMMIT", 0, NULL, NULL, NULL);
    if (rc != BC_OK)
        lc_db_rollback(db);
    if (db)
        db->in_transaction = 0;
    return rc;
}

void lc_db_rollback(lc_db *db)
{
    if (!db)
        return;
    char saved[1024];
    snprintf(saved, sizeof saved, "%s", bc_last_error());
    (void)lc_db_exec(db, "ROLLBACK", 0, NULL, NULL, NULL);
    db->in_transaction = 0;
    /* Keep the message of the failure that made the caller roll back. */
    if (saved[0])
        bc_fail(BC_E_IO, "%s", saved);
}
