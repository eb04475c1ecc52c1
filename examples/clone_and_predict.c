/*
 * clone_and_predict.c - the library's main job from a C host: clone a bot
 * from its trade log, save the model, load it back, and run it bar by bar
 * the way a live engine would (one bc_predictor_update per closed bar).
 * Run from the repository root: it reads tests/data/.
 * Build: cc clone_and_predict.c $(pkg-config --cflags --libs botcopier)
 */
#include <botcopier.h>
#include <stdio.h>

#define CHECK(call)                                                        \
    do {                                                                   \
        int32_t rc_ = (call);                                              \
        if (rc_ != BC_OK) {                                                \
            fprintf(stderr, "%s: %s: %s\n", #call, bc_status_string(rc_),  \
                    bc_last_error());                                      \
            return 1;                                                      \
        }                                                                  \
    } while (0)

int main(void)
{
    bc_trades *trades = NULL;
    bc_bars *bars = NULL;
    CHECK(bc_trades_read_csv("tests/data/sample_bot_aapl_trades_raw.csv", &trades, NULL));
    CHECK(bc_bars_read_csv("tests/data/aapl_daily.csv", &bars, NULL));

    /* Learn the clone on the first 70% of the bars, report on the rest. */
    bc_cloner *cloner = NULL;
    bc_model *model = NULL;
    CHECK(bc_cloner_create(&cloner));
    CHECK(bc_cloner_set(cloner, "holdout", "0.3"));
    CHECK(bc_cloner_fit(cloner, trades, bars, &model));
    char report[16384];
    int32_t length = 0;
    CHECK(bc_cloner_report_json(cloner, report, sizeof report, &length));
    printf("report: %d bytes of JSON\n", (int)length);
    CHECK(bc_model_save(model, "clone_example.bcm"));
    bc_model_free(model);
    bc_cloner_free(cloner);

    /* Live side: load the model and feed bars one at a time. */
    bc_model *live = NULL;
    bc_predictor *predictor = NULL;
    CHECK(bc_model_load("clone_example.bcm", &live));
    CHECK(bc_predictor_create(live, &predictor));
    const int64_t *time = bc_bars_time(bars);
    const double *open = bc_bars_column(bars, BC_BAR_OPEN);
    const double *high = bc_bars_column(bars, BC_BAR_HIGH);
    const double *low = bc_bars_column(bars, BC_BAR_LOW);
    const double *close = bc_bars_column(bars, BC_BAR_CLOSE);
    const double *volume = bc_bars_column(bars, BC_BAR_VOLUME);
    double probs[8];
    int32_t buys = 0, sells = 0, closes = 0;
    for (int32_t i = 0; i < bc_bars_length(bars); i++) {
        int32_t decision = BC_DECISION_HOLD;
        CHECK(bc_predictor_update(predictor, time[i], open[i], high[i], low[i],
                                  close[i], volume[i], probs, 8, &decision));
        buys += decision == BC_DECISION_BUY;
        sells += decision == BC_DECISION_SELL;
        closes += decision == BC_DECISION_CLOSE;
    }
    printf("clone over %d bars: %d buys, %d sells, %d closes\n",
           (int)bc_bars_length(bars), (int)buys, (int)sells, (int)closes);
    bc_predictor_free(predictor);
    bc_model_free(live);
    bc_bars_free(bars);
    bc_trades_free(trades);
    remove("clone_example.bcm");
    return buys > 0 && sells > 0 ? 0 : 1;
}
