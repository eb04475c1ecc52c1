/*
 * symbol_embedding.c - sym_emb(j): component j of the traded symbol's
 * node2vec embedding (the symbol graph), the same value on every bar. The
 * value is the engine's context, set by bc_features_set_symbol_embedding
 * (NaN - missing - until then); the column is named sym_emb_<j>.
 */
#include "feature_internal.h"

static int64_t sym_emb_state_size(const bc_feature_node *node)
{
    (void)node;
    return 0;
}

static void sym_emb_reset(bc_feature_node *node)
{
    (void)node;
}

/* node->darg holds the value (NaN when unset); written like const. */
static void sym_emb_run(bc_feature_node *node, const bc_feature_inputs *in, int64_t n,
                        const bc_feature_column *cols)
{
    (void)in;
    bc_feature_column out = cols[node->slot];
    for (int64_t i = 0; i < n; i++)
        BC_FEATURE_PUT(out, i, node->darg);
}

const bc_feature_kind bc_feature_kind_sym_emb = {
    .name = "sym_emb", .args = "i", .arg_min = {0}, .arg_max = {255}, .n_outputs = 1,
    .needs = 0, .lookback = bc_feature_lookback_zero, .state_size = sym_emb_state_size,
    .reset = sym_emb_reset, .run = sym_emb_run,
};
