/*
 * model_export.c - the public exporters (bc_export_*): turns a bc_model into
 * the export IR (the one place that reads struct bc_model for exporting) and
 * hands it to the ONNX and source writers. Writes files atomically.
 */
#include "export/export_ir.h"
#include "export/source_text.h"

#include "clone/predictor.h"
#include "core/internal.h"
#include "model/kind.h"
#include "model/model.h"
#include "rl/policy_io.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#ifdef BC_HAVE_JANSSON
#include <jansson.h>
#endif

int32_t bc_export_ir_from_model(const bc_model *m, bc_export_ir *ir)
{
    if (!m || !ir)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export: model or description is NULL");
    if (m->kind == BC_MODEL_POLICY)
        return bc_fail(BC_E_UNSUPPORTED, "export: a recurrent policy exports to ONNX only "
                       "(bc_export_onnx, botcopier export --onnx): its GRU state has no "
                       "generated-source or decision-graph form");
    const bc_model_kind_ops *kind = bc_model_kind_ops_of(m->kind);
    if (!kind || !kind->export_ir) {
        const char *name = bc_model_kind_name(m->kind);
        return bc_fail(BC_E_UNSUPPORTED,
                       "export: model kind '%s' (%d) cannot be exported; "
                       "logistic, mlp and trees can", name ? name : "unknown",
                       (int)m->kind);
    }
    memset(ir, 0, sizeof *ir);
    ir->kind = kind->name;
    ir->n_features = m->n_features;
    ir->n_classes = m->n_classes;
    ir->center = m->center;
    ir->scale = m->scale;
    ir->clip_low = m->clip_low;
    ir->clip_high = m->clip_high;
    int32_t rc = kind->export_ir(m, ir); /* layers or ensemble */
    if (rc != BC_OK)
        return rc;
    ir->class_names = (const char *const *)m->class_names;
    ir->feature_names = (const char *const *)m->feature_names;
    ir->feature_spec = m->feature_spec;
    ir->threshold = m->threshold;
    ir->has_calibration = m->has_calibration;
    ir->calibration_coef = m->calibration_coef;
    ir->calibration_intercept = m->calibration_intercept;
    struct clone_exit_rules exits;
    if ((rc = clone_model_exits(m, &exits)) != BC_OK)
        return bc_fail_context(rc, "export: ");
    const struct clone_level_rule *rule[2] = {&exits.sl, &exits.tp};
    for (int32_t k = 0; k < 2; k++) {
        ir->exit_unit[k] = rule[k]->unit;
        ir->exit_k[k] = rule[k]->k;
        ir->exit_n[k] = rule[k]->n;
    }
    ir->breakeven = exits.breakeven;
    if ((rc = clone_model_position_atr(m, &ir->position_atr)) != BC_OK)
        return bc_fail_context(rc, "export: ");
    return bc_export_ir_validate(ir);
}

/* The predictor's rule for m, read off a bc_predictor built on it (the one
 * place that maps a model's inputs to market, position and signed columns):
 * *p owns what *d points at until bc_predictor_free. A model the predictor
 * cannot run (no feature spec, inputs it cannot map) gets no rule:
 * *p NULL, BC_OK. */
static int32_t decision_view(const bc_model *m, bc_predictor **p, bc_export_decision *d)
{
    *p = NULL;
    memset(d, 0, sizeof *d);
    if (!m->feature_spec || !*m->feature_spec)
        return BC_OK;
    int32_t rc = bc_predictor_create(m, p);
    if (rc == BC_E_SHAPE || rc == BC_E_PARSE || rc == BC_E_UNSUPPORTED) {
        bc_clear_error();
        return BC_OK;
    }
    if (rc != BC_OK)
        return rc;
    const bc_predictor *q = *p;
    d->n_market = q->n_market;
    d->n_position = q->has_position ? q->n_position : 0;
    d->has_levels = q->has_position && clone_position_base(q->n_position) != q->n_position;
    d->level_unit[0] = d->has_levels ? q->levels.sl.unit : 0;
    d->level_unit[1] = d->has_levels ? q->levels.tp.unit : 0;
    d->level_k[0] = d->has_levels ? q->levels.sl.k : 0.0;
    d->level_k[1] = d->has_levels ? q->levels.tp.k : 0.0;
    d->n_signed = q->n_signed;
    d->n_day = q->n_day; /* the day count (trades_today), the last input */
    d->signed_index = q->signed_index;
    d->atr_spec = q->atr_spec; /* the model's position atr (clone.position_atr) */
    d->lookback = q->lookback;
    for (int32_t s = 0; s < 3; s++) {
        /* the predictor's sets, classes the model lacks dropped as
         * clone_allowed_mass and clone_predict_row skip them. */
        const int32_t *set = clone_allowed_set(m, q->has_position, s - 1);
        int32_t n = 0;
        for (int32_t i = 0; set[i] >= 0; i++)
            if (set[i] < m->n_classes)
                d->allowed[s][n++] = set[i];
        for (; n < 4; n++)
            d->allowed[s][n] = -1;
    }
    d->level_wait = m->level_wait != 0;
    d->breakeven = m->breakeven_atr;
    if (d->breakeven > 0.0 && d->n_position == 0) {
        bc_predictor_free(*p);
        *p = NULL;
        return bc_fail(BC_E_UNSUPPORTED, "export: the model's break-even move needs the position "
                                         "state the model lacks; no export places it");
    }
    d->max_hold = m->max_hold > 0 ? m->max_hold : 0;
    for (int32_t c = 0; c < 4; c++)
        d->class_threshold[c] = q->class_threshold[c];
    /* the stops the predictor places (clone_predictor_levels), each unit's
     * engine as the predictor's (clone_exit_unit_spec); a swing stop has
     * none: the generated code keeps the predictor's window of the last
     * CLONE_SWING_MAX highs and lows (decision_source.c) */
    const struct clone_level_rule *rule[2] = {&q->exits.sl, &q->exits.tp};
    for (int32_t k = 0; k < 2; k++) {
        d->exit_unit[k] = rule[k]->unit;
        d->exit_k[k] = rule[k]->k;
        d->exit_n[k] = rule[k]->n;
        d->exit_col[k] = -1;
        if (rule[k]->unit == CLONE_LEVEL_NONE)
            continue;
        if (d->n_position == 0) {
            /* the rule lives in the predictor: name it before freeing */
            const int32_t unit = rule[k]->unit;
            bc_predictor_free(*p);
            *p = NULL;
            return bc_fail(BC_E_UNSUPPORTED,
                           "export: the model's %s rule (unit '%s') needs the position state the "
                           "model lacks; no export places it",
                           k ? "take-profit" : "stop-loss", clone_level_unit_name(unit));
        }
        char *e = d->exit_engine[d->n_exit_engines];
        if (rule[k]->unit != CLONE_LEVEL_SWING &&
            clone_exit_unit_spec(rule[k], e, sizeof d->exit_engine[0])) {
            d->exit_col[k] = d->n_exit_engines++;
        }
    }
    return BC_OK;
}

/* The view of a policy model's weights (the one place that reads rl_net's
 * offsets for an export). */
static void policy_view(const bc_model *m, bc_export_policy *pol)
{
    const rl_net *n = &m->policy->net;
    const float *p = m->policy->params;
    memset(pol, 0, sizeof *pol);
    pol->obs = n->obs;
    pol->hidden = n->hidden;
    pol->head = n->head;
    pol->layers = n->layers;
    pol->actions = n->actions;
    pol->enc_w1 = p + n->enc_w1, pol->enc_b1 = p + n->enc_b1;
    pol->enc_g1 = p + n->enc_g1, pol->enc_be1 = p + n->enc_be1;
    pol->enc_w2 = p + n->enc_w2, pol->enc_b2 = p + n->enc_b2;
    pol->enc_g2 = p + n->enc_g2, pol->enc_be2 = p + n->enc_be2;
    for (int32_t l = 0; l < n->layers; l++) {
        pol->gru_wih[l] = p + n->gru_wih[l], pol->gru_whh[l] = p + n->gru_whh[l];
        pol->gru_bih[l] = p + n->gru_bih[l], pol->gru_bhh[l] = p + n->gru_bhh[l];
    }
    pol->pol_w1 = p + n->pol_w1, pol->pol_b1 = p + n->pol_b1, pol->pol_g = p + n->pol_g;
    pol->pol_be = p + n->pol_be, pol->pol_w2 = p + n->pol_w2, pol->pol_b2 = p + n->pol_b2;
    pol->val_w1 = p + n->val_w1, pol->val_b1 = p + n->val_b1, pol->val_g = p + n->val_g;
    pol->val_be = p + n->val_be, pol->val_w2 = p + n->val_w2, pol->val_b2 = p + n->val_b2;
    pol->observation_names = (const char *const *)m->feature_names;
    pol->feature_spec = m->feature_spec;
    pol->episode_length = m->policy->episode_length;
}

/* The ONNX image of any model: a classifier through its IR, a recurrent
 * policy through its one-step graph (float only). */
static int32_t onnx_image(const bc_model *m, int32_t quantize_int8, uint8_t **bytes,
                          int64_t *size)
{
    if (m && m->kind == BC_MODEL_POLICY) {
        if (quantize_int8)
            return bc_fail(BC_E_UNSUPPORTED, "export onnx: int8 quantization applies to "
                           "classifiers; a policy exports in float only");
        bc_export_policy pol;
        policy_view(m, &pol);
        return bc_export_policy_onnx(&pol, bytes, size);
    }
    bc_export_ir ir;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return rc;
    return bc_export_ir_onnx(&ir, quantize_int8, bytes, size);
}

int32_t bc_export_onnx_bytes(const bc_model *m, int32_t quantize_int8,
                             uint8_t *buf, int64_t capacity, int64_t *length)
{
    if (!length || capacity < 0 || (!buf && capacity > 0))
        return bc_fail(BC_E_INVALID_ARGUMENT,
                       "export onnx: NULL length or buffer with capacity %lld",
                       (long long)capacity);
    *length = 0;
    uint8_t *bytes = NULL;
    int64_t size = 0;
    int32_t rc = onnx_image(m, quantize_int8, &bytes, &size);
    if (rc != BC_OK)
        return rc;
    *length = size;
    if (capacity < size) {
        free(bytes);
        return bc_fail(BC_E_BUFFER_TOO_SMALL,
                       "export onnx: %lld bytes needed, capacity %lld",
                       (long long)size, (long long)capacity);
    }
    memcpy(buf, bytes, (size_t)size);
    free(bytes);
    return BC_OK;
}

int32_t bc_export_onnx(const bc_model *m, const char *path,
                       int32_t quantize_int8)
{
    if (!path || !*path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx: no output path");
    uint8_t *bytes = NULL;
    int64_t size = 0;
    int32_t rc = onnx_image(m, quantize_int8, &bytes, &size);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    rc = bc_export_write_file(path, bytes, size);
    free(bytes);
    return rc;
}

/* What an EA needs per symbol that lives in the model's JSON metadata
 * (which MQL5 cannot read): the risk-parity lot multiplier
 * (<prefix>_lot_scale, the numbers bc_model_lot_scale gives) and the symbol
 * embedding behind sym_emb(j) (<prefix>_use_symbol sets it through
 * <prefix>_set_symbol_embedding). Appended to the generated text. */
/* A symbol name that can stand in an MQL5 string literal as it is. */
static int plain_symbol(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("._-#+", *s))
            return 0;
    return 1;
}

static int32_t append_symbol_tables(const bc_model *m, const char *P, char **text)
{
#ifdef BC_HAVE_JANSSON
    json_t *extra = json_loads(m->extra_json ? m->extra_json : "{}", 0, NULL);
    json_t *names = json_object_get(extra, "risk_parity_symbols");
    json_t *weights = json_object_get(extra, "risk_parity_weights");
    json_t *emb = json_object_get(extra, "symbol_embeddings");
    source_text t = {0};
    size_t n = json_array_size(names);
    if (n > 0 && json_array_size(weights) == n) {
        bc_source_put(&t, "\n/* Risk parity of the clone's symbols (model.json risk_parity_*):\n"
                      " * lots = base lots * %s_lot_scale(_Symbol); 1.0 for other symbols. */\n"
                      "double %s_lot_scale(string symbol)\n{\n", P, P);
        for (size_t i = 0; i < n; i++) {
            const char *sym = json_string_value(json_array_get(names, i));
            if (plain_symbol(sym))
                bc_source_put(&t, "    if (symbol == \"%s\")\n        return %.17g;\n", sym,
                              json_number_value(json_array_get(weights, i)) * (double)n);
        }
        bc_source_put(&t, "    return 1.0;\n}\n");
    }
    if (json_is_object(emb) && json_object_size(emb) > 0 && strstr(*text, "_set_symbol_embedding(")) {
        const char *key;
        json_t *vec;
        bc_source_put(&t, "\n/* The symbol graph's embedding of each symbol the clone learned\n"
                      " * (model.json symbol_embeddings): call %s_use_symbol(_Symbol) once\n"
                      " * before the first bar; returns false for a symbol it does not know. */\n"
                      "bool %s_use_symbol(string symbol)\n{\n", P, P);
        json_object_foreach(emb, key, vec) {
            if (!plain_symbol(key))
                continue;
            bc_source_put(&t, "    if (symbol == \"%s\") {\n", key);
            for (size_t j = 0; j < json_array_size(vec); j++)
                bc_source_put(&t, "        %s_set_symbol_embedding(%d, %.17g);\n", P, (int)j,
                              json_number_value(json_array_get(vec, j)));
            bc_source_put(&t, "        return true;\n    }\n");
        }
        bc_source_put(&t, "    return false;\n}\n");
    }
    json_decref(extra);
    if (t.failed) {
        free(t.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export mql5: symbol tables");
    }
    if (!t.buf)
        return BC_OK;
    size_t a = strlen(*text), b = strlen(t.buf);
    char *joined = realloc(*text, a + b + 1);
    if (!joined) {
        free(t.buf);
        return bc_fail(BC_E_OUT_OF_MEMORY, "export mql5: symbol tables");
    }
    memcpy(joined + a, t.buf, b + 1);
    *text = joined;
    free(t.buf);
#else
    (void)m, (void)P, (void)text;
#endif
    return BC_OK;
}

/* The model's generated source in a flavour (malloc'd into *out): the IR,
 * and for a clone the predictor's decision rule read from a real
 * bc_predictor, so the columns cannot drift from the library's. */
static int32_t model_source(const bc_model *m, const char *prefix, int32_t flavour, char **out)
{
    bc_export_ir ir;
    *out = NULL;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return rc;
    bc_predictor *p = NULL;
    bc_export_decision d;
    rc = decision_view(m, &p, &d);
    if (rc != BC_OK)
        return rc;
    if (p)
        ir.decision = &d;
    rc = bc_export_ir_source(&ir, flavour, prefix ? prefix : "bc_model", out);
    bc_predictor_free(p);
    return rc;
}

/* The whole .mqh text (malloc'd into *out); flavour BC_EXPORT_SOURCE_MQL5,
 * with BC_EXPORT_SOURCE_ONNX_RUN for the decision graph's wrapper. */
static int32_t mql5_text(const bc_model *m, const char *prefix, int32_t flavour, char **out)
{
    int32_t rc = model_source(m, prefix, flavour, out);
    if (rc == BC_OK)
        rc = append_symbol_tables(m, prefix ? prefix : "bc_model", out);
    if (rc != BC_OK) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

int32_t bc_export_mql5(const bc_model *m, const char *path, const char *prefix)
{
    if (!path || !*path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export mql5: no output path");
    char *text = NULL;
    int32_t rc = mql5_text(m, prefix, BC_EXPORT_SOURCE_MQL5, &text);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", path);
    rc = bc_export_write_file(path, text, (int64_t)strlen(text));
    free(text);
    return rc;
}

int32_t bc_export_mql5_text(const bc_model *m, const char *prefix, char *buf, int64_t capacity,
                            int64_t *length)
{
    if (length)
        *length = 0;
    if (!m || capacity < 0 || (capacity > 0 && !buf))
        return bc_fail(BC_E_INVALID_ARGUMENT, "bc_export_mql5_text: %s",
                       !m ? "model is NULL" : "buf is NULL or capacity negative");
    char *text = NULL;
    int32_t rc = mql5_text(m, prefix, BC_EXPORT_SOURCE_MQL5, &text);
    if (rc != BC_OK)
        return rc;
    size_t n = strlen(text);
    if (length)
        *length = (int64_t)n;
    if (capacity <= (int64_t)n)
        rc = bc_fail(BC_E_BUFFER_TOO_SMALL, "bc_export_mql5_text: capacity %lld, the text needs "
                     "%zu bytes and a NUL", (long long)capacity, n);
    else
        memcpy(buf, text, n + 1);
    free(text);
    return rc;
}

/* The C twin of what bc_export_mql5 writes (the tests compile it). Not
 * public: declared in export_ir.h. */
int32_t bc_export_model_source_c(const bc_model *m, const char *prefix, char **out)
{
    if (!m || !out)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export source: NULL model or output");
    return model_source(m, prefix, BC_EXPORT_SOURCE_C, out);
}

/* The decision graph's bytes (malloc'd). */
static int32_t onnx_decision_bytes(const bc_model *m, uint8_t **bytes, int64_t *size)
{
    bc_export_ir ir;
    int32_t rc = bc_export_ir_from_model(m, &ir);
    if (rc != BC_OK)
        return rc;
    bc_predictor *p = NULL;
    bc_export_decision d;
    rc = decision_view(m, &p, &d);
    if (rc != BC_OK)
        return rc;
    if (!p)
        return bc_fail(BC_E_UNSUPPORTED, "export onnx-decision: the model has no feature spec "
                       "the predictor can run (a decision needs the model's inputs computed "
                       "from bars)");
    ir.decision = &d;
    rc = bc_export_ir_onnx_decision(&ir, bytes, size);
    bc_predictor_free(p);
    return rc;
}

int32_t bc_export_onnx_decision(const bc_model *m, const char *onnx_path, const char *mqh_path,
                                const char *prefix)
{
    if (!m || !onnx_path || !*onnx_path)
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx-decision: %s",
                       !m ? "model is NULL" : "no output path");
    if (mqh_path && !*mqh_path)
        mqh_path = NULL;
    uint8_t *bytes = NULL;
    int64_t size = 0;
    int32_t rc = onnx_decision_bytes(m, &bytes, &size);
    if (rc != BC_OK)
        return bc_fail_context(rc, "%s: ", onnx_path);
    char *text = NULL;
    if (mqh_path) {
        rc = mql5_text(m, prefix, BC_EXPORT_SOURCE_MQL5 | BC_EXPORT_SOURCE_ONNX_RUN, &text);
        if (rc != BC_OK) {
            free(bytes);
            return bc_fail_context(rc, "%s: ", mqh_path);
        }
    }
    rc = bc_export_write_file(onnx_path, bytes, size);
    free(bytes);
    if (rc == BC_OK && text)
        rc = bc_export_write_file(mqh_path, text, (int64_t)strlen(text));
    free(text);
    return rc;
}

int32_t bc_export_onnx_decision_bytes(const bc_model *m, uint8_t *buf, int64_t capacity,
                                      int64_t *length)
{
    if (!m || !length || capacity < 0 || (!buf && capacity > 0))
        return bc_fail(BC_E_INVALID_ARGUMENT, "export onnx-decision: NULL model or length, or "
                       "NULL buffer with capacity %lld", (long long)capacity);
    *length = 0;
    uint8_t *bytes = NULL;
    int64_t size = 0;
    int32_t rc = onnx_decision_bytes(m, &bytes, &size);
    if (rc != BC_OK)
        return rc;
    *length = size;
    if (capacity < size) {
        free(bytes);
        return bc_fail(BC_E_BUFFER_TOO_SMALL, "export onnx-decision: %lld bytes needed, "
                       "capacity %lld", (long long)size, (long long)capacity);
    }
    memcpy(buf, bytes, (size_t)size);
    free(bytes);
    return BC_OK;
}
