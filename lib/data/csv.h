/*
 * csv.h - the one CSV tokenizer every reader uses, plus the number and
 * field helpers the readers and writers share. Internal: not part of the ABI.
 */
#ifndef BC_DATA_CSV_H
#define BC_DATA_CSV_H

#include "botcopier.h"

#include <stdint.h>
#include <stdio.h>

/* Records longer than this (an unclosed quote swallowing the file, binary
 * data without newlines) are reported as invalid instead of growing memory. */
#define BC_CSV_MAX_RECORD (1 << 20)

typedef struct bc_csv bc_csv;

/* One logical record (a quoted field may span lines). Valid until the next
 * bc_csv_next. fields[i] are NUL-terminated and unquoted; raw is the record
 * as it appeared, without the line ending; error is NULL for a well-formed
 * record, otherwise a static reason and fields are unusable. */
typedef struct bc_csv_record {
    int64_t line;
    int32_t count;
    char **fields;
    const char *raw;
    int32_t raw_length;
    const char *error;
} bc_csv_record;

/* Opens path for reading. Errors: BC_E_IO naming the path and the reason. */
int32_t bc_csv_open(const char *path, bc_csv **out);
void bc_csv_close(bc_csv *c);

/* Reads the next record: 1 and *rec filled, 0 at end of file, or a negative
 * status (BC_E_IO on a read error, BC_E_OUT_OF_MEMORY). The first record's
 * delimiter (';', ',' or tab, whichever is most frequent outside quotes)
 * is used for the whole file. Blank lines are skipped. */
int32_t bc_csv_next(bc_csv *c, bc_csv_record *rec);

/* The delimiter in use (0 before the first record). */
char bc_csv_delimiter(const bc_csv *c);

/* Index of the header field equal to one of the NULL-terminated names
 * (ASCII case-insensitive, surrounding blanks ignored), or -1. */
int32_t bc_csv_find(const bc_csv_record *header, const char *const *names);

/* Number parsing results. */
enum {
    BC_NUM_OK = 0,
    BC_NUM_EMPTY = 1,      /* empty or blank cell */
    BC_NUM_INVALID = 2,    /* not a number (trailing text, garbage) */
    BC_NUM_RANGE = 3,      /* overflows a double / int64 (1e400) */
    BC_NUM_NONFINITE = 4   /* written as nan or inf */
};

/* strtod with errno/endptr checks; blanks around the number are allowed. */
int32_t bc_parse_double(const char *text, double *out);
/* Integer; also accepts an integral decimal such as "1001.0". */
int32_t bc_parse_int64(const char *text, int64_t *out);
/* Short description of a BC_NUM_* code ("is not a number", ...). */
const char *bc_parse_problem(int32_t code);

/* Copies text into buf (capacity >= 8) for an error message: at most
 * capacity-1 bytes, control and non-ASCII bytes as '?', "..." when cut. */
const char *bc_quote_for_message(const char *text, char *buf, int32_t capacity);

/* ASCII case-insensitive equality with surrounding blanks of a ignored. */
int bc_name_equals(const char *a, const char *b);

/* Writes text as one CSV field: quoted (with "" escapes) when it contains
 * the delimiter, a quote, CR or LF or starts/ends with a blank. */
void bc_csv_write_field(FILE *f, const char *text, char delimiter);

/* Writes a double with the fewest digits that read back to the same value
 * (%.15g, else %.17g); NaN writes nothing (an empty cell). */
void bc_csv_write_double(FILE *f, double value);

/* Writes values[0..n) with bc_csv_write_double, each preceded by the
 * delimiter. */
void bc_csv_write_doubles(FILE *f, const double *values, int32_t n, char delimiter);

/* Formats like bc_csv_write_double into buf (capacity >= 32); returns buf. */
char *bc_format_double(double value, char *buf, int32_t capacity);

#endif
