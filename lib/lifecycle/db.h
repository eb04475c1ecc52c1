/*
 * db.h - the one seam between the lifecycle layer and its database: SQLite
 * (embedded, WAL, the default) or PostgreSQL through libpq (a URL
 * postgresql://... or postgres://...). The same SQL text runs on both:
 * parameters are written $1, $2, ... and passed as text; the few statements
 * that differ (identity columns, row locks) ask lc_db_is_postgres().
 * Results come back whole, as text cells. Internal.
 */
#ifndef BC_LIFECYCLE_DB_H
#define BC_LIFECYCLE_DB_H

#include <stdint.h>

typedef struct lc_db lc_db;

/* A materialized result: rows x cols text cells, NULL for SQL NULL. */
typedef struct lc_rows {
    int32_t rows, cols;
    char **cells; /* rows * cols */
} lc_rows;

/* Opens url (postgresql:// or postgres:// -> libpq; "sqlite:PATH" or any
 * other text -> an SQLite file, created when missing, WAL journal,
 * synchronous FULL, busy timeout 10 s). Errors: BC_E_IO naming the database
 * and the server's or SQLite's reason, BC_E_UNSUPPORTED for a backend this
 * build lacks. */
int32_t lc_db_open(const char *url, lc_db **out);
void lc_db_close(lc_db *db);
int lc_db_is_postgres(const lc_db *db);
/* "sqlite" or "postgresql". */
const char *lc_db_backend(const lc_db *db);

/* Runs sql with n text parameters ($1..$n; a NULL entry is SQL NULL).
 * *out (may be NULL) receives the rows; *changes (may be NULL) the rows
 * written. A broken PostgreSQL connection outside a transaction is reset and
 * the statement tried once more. Errors: BC_E_IO with the database's
 * message when it is unreachable, busy or restarting (worth retrying),
 * BC_E_STATE for a constraint violation, BC_E_INTERNAL for a statement it
 * refused otherwise (a table of another schema), BC_E_OUT_OF_MEMORY. */
int32_t lc_db_exec(lc_db *db, const char *sql, int32_t n, const char *const *params,
                   lc_rows **out, int64_t *changes);

/* Write transactions: SQLite BEGIN IMMEDIATE (the write lock is taken up
 * front, so two writers never deadlock on an upgrade), PostgreSQL BEGIN.
 * Rollback never fails visibly (a broken connection has rolled back). */
int32_t lc_db_begin(lc_db *db);
int32_t lc_db_commit(lc_db *db);
void lc_db_rollback(lc_db *db);

const char *lc_rows_get(const lc_rows *r, int32_t row, int32_t col);
int64_t lc_rows_int(const lc_rows *r, int32_t row, int32_t col);   /* 0 for NULL */
double lc_rows_double(const lc_rows *r, int32_t row, int32_t col); /* NaN for NULL */
void lc_rows_free(lc_rows *r);

#endif
