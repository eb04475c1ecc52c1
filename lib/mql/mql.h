/*
 * mql.h - the pieces every bc_mql_* function is built from: pinned object
 * tags, the per-tag type table (name + destructor) behind bc_mql_release,
 * id issue/lookup, and argument conversion for MQL5 (UTF-16 strings, flat
 * double arrays, int32 flags). Internal; the public shim is the "MQL5 shim"
 * section of include/botcopier.h.
 *
 * Adding an object kind to the shim (e.g. models):
 *   static void model_destroy(void *p) { bc_model_free(p); }
 *   static const bc_mql_type model_type = {BC_MQL_TAG_MODEL, "model",
 *                                          model_destroy};
 *   ... bc_mql_handle_new(&model_type, model, &id)   (takes ownership)
 *   ... bc_mql_handle_get(&model_type, id, &ptr)     (borrows)
 * bc_mql_release then frees it through the table; nothing else to register.
 */
#ifndef BC_MQL_H
#define BC_MQL_H

#include "core/internal.h"

/* Type tags packed into ids. Pinned: a value never changes meaning, so an
 * id's tag stays readable in logs and bug reports across versions. */
enum {
    BC_MQL_TAG_BACKEND = 1,
    BC_MQL_TAG_MODEL = 2,
    BC_MQL_TAG_PREDICTOR = 3,
    BC_MQL_TAG_FEATURES = 4,
    BC_MQL_TAG_BARS = 5,
    BC_MQL_TAG_TRADES = 6,
    BC_MQL_TAG_DECISION_LOG = 7,
    BC_MQL_TAG_TRAINER = 8,
    BC_MQL_TAG_REJECTS = 9,
    BC_MQL_TAG_DETECTOR = 10, /* lib/monitor/monitor_mql.c */
    BC_MQL_TAG_QUALITY = 11,
    BC_MQL_TAG_POLICY = 12, /* lib/mql/mql_policy.c */
    /* 13..119 for later kinds; 120..127 are reserved for tests. */
    BC_MQL_TAG_TEST_FIRST = 120,
    BC_MQL_TAG_TEST_LAST = 127
};

/* One object kind: its tag, a name for messages ("model") and the function
 * that frees an object of this kind. Define it static const in the file
 * that creates the objects; the table keeps the pointer. */
typedef struct bc_mql_type {
    uint32_t tag;
    const char *name;
    void (*destroy)(void *object);
} bc_mql_type;

/* Enters type in the table. Registering the same definition again is a
 * no-op; another definition for a taken tag, a tag outside 1..127 or a NULL
 * name/destroy gives BC_E_INTERNAL. bc_mql_handle_new calls it, so a kind is
 * always known before its first id exists. Thread-safe. */
int32_t bc_mql_register_type(const bc_mql_type *type);

/* The registered type for tag, or NULL. Thread-safe. */
const bc_mql_type *bc_mql_type_of_tag(uint32_t tag);

/* Issues an id for object (owned by the table from here on) into *out_id.
 * On failure the object is destroyed and *out_id is 0, so a shim function
 * can hand a fresh object over and return whatever this returns. */
int32_t bc_mql_handle_new(const bc_mql_type *type, void *object,
                          int64_t *out_id);

/* Borrows the object behind id into *out. Errors: BC_E_BAD_HANDLE (never
 * issued), BC_E_STALE_HANDLE (released), BC_E_WRONG_HANDLE_TYPE ("id 123 is of kind
 * 'predictor', expected 'model'"). The object stays valid until the id is
 * released, which the host must not do from another thread meanwhile. */
int32_t bc_mql_handle_get(const bc_mql_type *type, int64_t id, void **out);

/* Input string from MQL5 (NUL-terminated UTF-16) as a newly allocated UTF-8
 * string (free with free()). NULL or an unpaired surrogate gives
 * BC_E_INVALID_ARGUMENT naming `what`. */
int32_t bc_mql_text_in(const uint16_t *text, const char *what, char **out);

/* Like bc_mql_text_in for a file path (absolute, or relative to the
 * terminal's working directory); an empty path is refused. The result opens
 * with bc_fopen on every platform. */
int32_t bc_mql_path_in(const uint16_t *path, char **out);

/* Writes UTF-8 text to an MQL5 ushort buffer by the shim's text-out rule:
 * as much as fits, always 0-terminated when capacity > 0, and returns the
 * length of the whole text in UTF-16 units (>= capacity means it was cut).
 * Malformed UTF-8 bytes come out as U+FFFD. Returns BC_E_INVALID_ARGUMENT
 * for capacity < 0 or a NULL buf with capacity > 0 (naming `what`). */
int32_t bc_mql_text_out(const char *text, uint16_t *buf, int32_t capacity,
                        const char *what);

/* Checks a flat array argument: count >= 0, values non-NULL when count > 0
 * (BC_E_INVALID_ARGUMENT), and count >= need (BC_E_SHAPE: "what has 3
 * values, needs 5"). */
int32_t bc_mql_check_array(const void *values, int32_t count, int64_t need,
                           const char *what);

/* An output array: capacity < need is BC_E_BUFFER_TOO_SMALL (as every
 * two-call output of the library), not BC_E_SHAPE (which is for inputs). */
int32_t bc_mql_check_output(const void *values, int32_t capacity, int64_t need,
                            const char *what);

/* Checks an MQL5 boolean passed as int: 0 or 1, else BC_E_INVALID_ARGUMENT
 * naming `what` and the value. */
int32_t bc_mql_check_flag(int32_t value, const char *what);

/* A model held by id, shared by reference: the model id and every
 * predictor id made from it each hold one reference, and the model is freed
 * with the last one. So releasing a model id while its predictors run is
 * safe; the predictors keep the model (with any online updates) alive. */
typedef struct bc_mql_model_ref bc_mql_model_ref;

/* Takes one more reference on the model behind model_id into *out (errors
 * as bc_mql_handle_get). Thread-safe. */
int32_t bc_mql_model_acquire(int64_t model_id, bc_mql_model_ref **out);

/* The model a reference holds. */
bc_model *bc_mql_model_get(const bc_mql_model_ref *ref);

/* Drops one reference; the last one frees the model. NULL is a no-op. */
void bc_mql_model_unref(bc_mql_model_ref *ref);

#endif /* BC_MQL_H */
