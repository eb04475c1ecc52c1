/*
 * data.h - what the readers and writers of lib/data share internally: the
 * rejects list they fill, the table read (header, required columns, one row
 * function per reader, rejects summary) and the columnar time series behind
 * bars and ticks. Not part of the ABI.
 */
#ifndef BC_DATA_DATA_H
#define BC_DATA_DATA_H

#include "core/internal.h"
#include "data/csv.h"

/* Adds a rejected row (raw text of raw_length bytes) with a formatted
 * reason. Returns BC_OK or BC_E_OUT_OF_MEMORY (with the message set). */
int32_t bc_rejects_add(bc_rejects *r, int64_t line, const char *raw,
                       int32_t raw_length, const char *fmt, ...) BC_PRINTF(5, 6);

/* A new, empty list (NULL when out of memory). */
bc_rejects *bc_rejects_new(void);

/* The reason of the first kept rejected row, or "" (for summaries). */
const char *bc_rejects_first_reason(const bc_rejects *r, int64_t *line);

/* One column a reader looks for: its accepted names (NULL-terminated), the
 * name shown in messages, whether it is required; index is filled in. */
typedef struct bc_column {
    const char *const *names;
    int required;
    int32_t index;
    char header_name[40]; /* the name as the file spells it, for messages */
} bc_column;

/* Opens path, reads the header record and resolves columns[0..n). On
 * success *csv is open and *header_count holds the number of header fields.
 * Errors: BC_E_IO, BC_E_NO_DATA (empty file: *rejects_out, when not NULL,
 * gets an empty list as the reader contract says), BC_E_PARSE (malformed
 * header or a missing required column, named with the file). */
int32_t bc_open_table(const char *path, bc_column *columns, int32_t n,
                      bc_csv **csv, int32_t *header_count,
                      bc_rejects **rejects_out);

/* Ends a reader: logs a WARN summary when rows were rejected, hands the
 * rejects to the caller (or frees them), and turns zero rows into
 * BC_E_NO_DATA naming the file. Returns the status to give the caller. */
int32_t bc_finish_read(const char *path, int64_t rows, bc_rejects *r,
                       bc_rejects **rejects_out);

/* Keeps or rejects one record that passed bc_check_record: returns 1 when
 * the row was stored in reader, 0 when it was rejected (reason added to r),
 * or a negative status that ends the read. */
typedef int32_t (*bc_table_row_fn)(void *reader, bc_rejects *r,
                                   const bc_csv_record *rec,
                                   const bc_column *columns);

/* The whole read: bc_open_table, every record through bc_check_record and
 * row, then bc_finish_read. Returns its status; on any failure the caller
 * frees what row stored in reader. */
int32_t bc_read_table(const char *path, bc_column *columns, int32_t n,
                      bc_table_row_fn row, void *reader, bc_rejects **rejects_out);

/* bc_read_table where columns[free_text] (or -1 for none) is a free-text
 * column that unquoting writers (MetaTrader's FileWrite) may split: a
 * record with k fields more than the header gets that column's k + 1
 * pieces joined back before row() sees it; rows kept that way are counted
 * in one WARN log line. A row that still fails is rejected as usual. */
int32_t bc_read_table_ex(const char *path, bc_column *columns, int32_t n, int32_t free_text,
                         bc_table_row_fn row, void *reader, bc_rejects **rejects_out);

/* Row-level helpers. Each returns 1 when the value is usable, 0 when the
 * row was rejected (reason added to r), or a negative status (out of
 * memory) that ends the read. */

/* Rejects a record the tokenizer flagged, or whose field count differs
 * from the header's. */
int32_t bc_check_record(bc_rejects *r, const bc_csv_record *rec,
                        int32_t header_count);

/* Rejects the row with a formatted reason; always returns 0 or a negative
 * status. */
int32_t bc_reject_row(bc_rejects *r, const bc_csv_record *rec,
                      const char *fmt, ...) BC_PRINTF(3, 4);

/* A double cell of column index (named name in messages). index < 0 (column
 * absent) or an empty cell give fallback when empty_ok, else the row is
 * rejected; nan/inf, overflow and text are rejected. */
int32_t bc_cell_double(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                       const char *name, int empty_ok, double fallback,
                       double *out);

/* An integer cell, same rules. */
int32_t bc_cell_int64(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                      const char *name, int empty_ok, int64_t fallback,
                      int64_t *out);

/* A time cell (bc_time_parse forms); never empty. */
int32_t bc_cell_time(bc_rejects *r, const bc_csv_record *rec, int32_t index,
                     const char *name, int64_t *out);

/* A columnar time series under construction (the body of bc_bars and
 * bc_ticks): n rows of time and width value columns, grown together. */
#define BC_SERIES_MAX_COLUMNS 5
typedef struct bc_series {
    int32_t n, capacity, width;
    int64_t *time;
    double *column[BC_SERIES_MAX_COLUMNS];
} bc_series;

/* Frees the columns (not s itself). */
void bc_series_release(bc_series *s);

/* Makes room for need rows; 0 when out of memory (s stays valid). */
int bc_series_reserve(bc_series *s, int32_t need);

/* Parses one row's value cells (columns[1..]) into values[0..width), in the
 * row-helper convention: 1 usable, 0 rejected, negative ends the read. */
typedef int32_t (*bc_series_row_fn)(bc_rejects *r, const bc_csv_record *rec,
                                    const bc_column *columns, double *values);

/* Reads path into the empty series s (width set): columns[0] is the time
 * column, parse_row reads the rest; times must strictly increase when strict,
 * else never go back; unit names the rows in the out-of-memory message
 * ("bars"). A bc_read_table: on failure the caller frees s. */
int32_t bc_series_read_csv(const char *path, bc_column *columns, int32_t n_columns,
                           bc_series_row_fn parse_row, int strict, const char *unit,
                           bc_series *s, bc_rejects **rejects);

/* Bytes of a bad cell shown in a reason. */
#define BC_SHOWN 48

/* Names every reader accepts for the time column. */
extern const char *const bc_time_column_names[];

#endif
