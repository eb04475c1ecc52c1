// cpp_predict.cpp - a model's whole life from C++ through botcopier.hpp:
// features of AAPL daily bars, labels from the next bar's return, a
// logistic model fitted by the trainer, a round trip through bytes, batch
// predictions checked against the C API, an online update that lowers the
// loss on new rows, and a predictor run bar by bar. Exits non-zero if any
// result is wrong, so `make check` runs it as a test.
// Usage: cpp_predict [path/to/tests/data]
#include "botcopier.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace bc = botcopier;

static int wrong = 0;

static void expect(bool ok, const std::string &what)
{
    if (!ok) {
        std::printf("WRONG: %s\n", what.c_str());
        wrong++;
    }
}

// Mean cross-entropy of the model on rows x with labels y.
static double log_loss(const bc::Model &m, const std::vector<double> &x, const std::vector<int32_t> &y)
{
    std::vector<double> p = m.predict(x);
    double sum = 0;
    for (size_t i = 0; i < y.size(); i++)
        sum -= std::log(p[i * static_cast<size_t>(m.num_classes()) + static_cast<size_t>(y[i])]);
    return sum / static_cast<double>(y.size());
}

int main(int argc, char **argv)
{
    const std::string data = argc > 1 ? argv[1] : "tests/data";
    const std::string csv = data + "/aapl_daily.csv";
    const std::string trades_csv = data + "/bots/ema_cross_time_exit_aapl_trades_raw.csv";
    const std::string spec = "rsi(14),ret(1),ret(5),vol(20)";
    try {
        bc::Bars bars = bc::Bars::read_csv(csv);
        bc::Features features(spec);
        const int32_t F = features.count(), n = bars.size();
        std::vector<double> all = features.compute(bars);
        const double *close = bars.column(BC_BAR_CLOSE);

        // Rows with every feature valid; label: next close up 0.5 % (1),
        // down 0.5 % (2), else none (0).
        std::vector<float> xf;
        std::vector<double> xd;
        std::vector<int32_t> y;
        for (int32_t i = features.lookback(); i + 1 < n; i++) {
            double r = close[i + 1] / close[i] - 1.0;
            y.push_back(r > 0.005 ? 1 : r < -0.005 ? 2 : 0);
            for (int32_t j = 0; j < F; j++) {
                xd.push_back(all[static_cast<size_t>(i) * F + j]);
                xf.push_back(static_cast<float>(all[static_cast<size_t>(i) * F + j]));
            }
        }
        std::printf("%d bars, %zu labeled rows of %d features (%s)\n", n, y.size(), F,
                    features.spec().c_str());

        bc::Trainer trainer("logistic");
        trainer.set("l2", "1e-3").set("validation_fraction", "0.2");
        bc::Model model = trainer.fit(xf, y, F, 3);

        // Bytes round trip: the loaded model predicts bit-identically.
        std::vector<uint8_t> bytes = model.to_bytes(BC_MODEL_SAVE_UNCOMPRESSED);
        bc::Model loaded = bc::Model::from_bytes(bytes);
        expect(loaded.num_features() == F && loaded.num_classes() == 3, "shape after round trip");
        std::vector<double> p = model.predict(xd), q = loaded.predict(xd);
        expect(p.size() == y.size() * 3, "one probability per row and class");
        expect(p == q, "round-tripped model predicts the same bits");

        // The wrapper returns exactly what the C API computes, and every row
        // sums to 1.
        std::vector<double> c_api(p.size());
        expect(bc_model_predict(model.get(), xd.data(), static_cast<int32_t>(y.size()), F,
                                c_api.data(), static_cast<int64_t>(c_api.size())) == BC_OK,
               "bc_model_predict runs");
        expect(std::memcmp(c_api.data(), p.data(), p.size() * sizeof(double)) == 0,
               "Model::predict equals bc_model_predict");
        double worst = 0;
        for (size_t i = 0; i < y.size(); i++)
            worst = std::fmax(worst, std::fabs(p[3 * i] + p[3 * i + 1] + p[3 * i + 2] - 1.0));
        expect(worst < 1e-12, "probabilities sum to 1 (worst " + std::to_string(worst) + ")");

        // Online learning on the last 50 rows, on a private copy.
        size_t tail = 50, first = y.size() - tail;
        std::vector<double> xt(xd.begin() + static_cast<long>(first * F), xd.end());
        std::vector<int32_t> yt(y.begin() + static_cast<long>(first), y.end());
        bc::Model learner = model.copy();
        double before = log_loss(learner, xt, yt);
        for (int e = 0; e < 20; e++)
            learner.update(xt, yt, 0.1, 1e-3);
        double after = log_loss(learner, xt, yt);
        std::printf("online update: log-loss on the new rows %.4f -> %.4f\n", before, after);
        expect(after < before, "online update lowers the loss on its rows");
        expect(log_loss(model, xt, yt) == before, "the original model did not move");

        // Errors arrive as exceptions naming the problem.
        try {
            model.predict(std::vector<double>(static_cast<size_t>(F) + 1, 0.0));
            expect(false, "a row of F+1 values must throw");
        } catch (const bc::Error &e) {
            expect(e.status() == BC_E_SHAPE, std::string("shape error: ") + e.what());
        }
        try {
            learner.update(xt, std::vector<int32_t>(yt.size(), 7), 0.1);
            expect(false, "label 7 must throw");
        } catch (const bc::Error &e) {
            expect(e.status() == BC_E_INVALID_ARGUMENT &&
                       std::string(e.what()).find("label 7") != std::string::npos,
                   std::string("label error: ") + e.what());
        }

        // A predictor needs a model that carries its feature spec: a clone of
        // the AAPL test bot, made through the C API and adopted by bc::Model.
        bc_trades *trades = nullptr;
        bc_cloner *cloner = nullptr;
        bc_model *raw = nullptr;
        bc::detail::check(bc_trades_read_csv(trades_csv.c_str(), &trades, nullptr));
        int32_t rc = bc_cloner_create(&cloner);
        if (rc == BC_OK)
            rc = bc_cloner_set(cloner, "features", "ema(12),ema(26),cross(ema(12),ema(26)),rsi(14)");
        if (rc == BC_OK)
            rc = bc_cloner_fit(cloner, trades, bars.get(), &raw);
        bc_cloner_free(cloner);
        bc::Model clone(raw);
        bc::detail::check(rc);
        bc::Predictor predictor(clone);
        std::vector<double> probs;
        int entries = 0, direction = 0;
        for (int32_t i = 0; i < n; i++) {
            predictor.update(bars.time()[i], bars.column(BC_BAR_OPEN)[i], bars.column(BC_BAR_HIGH)[i],
                             bars.column(BC_BAR_LOW)[i], close[i], bars.column(BC_BAR_VOLUME)[i],
                             probs);
            expect(std::fabs(probs[0] + probs[1] + probs[2] + probs[3] - 1.0) < 1e-12,
                   "predictor probabilities sum to 1");
            int now = predictor.direction();
            entries += now != 0 && now != direction;
            // The target's log has no stops: no rule, no level, held or flat.
            bc::Predictor::Levels lv = predictor.levels();
            expect(lv.rules == 0 && std::isnan(lv.sl) && std::isnan(lv.tp),
                   "a clone without stop rules gives no levels");
            direction = now;
        }
        // The library's own backtest of the same model opens as often.
        bc_trades *run = nullptr;
        bc::detail::check(bc_clone_run(clone.get(), bars.get(), INT64_MIN, INT64_MAX, &run));
        int opens = 0;
        for (int32_t i = 0; i < bc_trades_count(run); i++) {
            bc_trade_event ev;
            ev.struct_size = sizeof ev;
            bc::detail::check(bc_trades_get(run, i, &ev));
            opens += ev.action == BC_ACTION_OPEN;
        }
        bc_trades_free(run);
        bc_trades_free(trades);
        std::printf("predictor: %d entries over %d bars, bc_clone_run: %d opens\n", entries, n, opens);
        expect(entries > 10 && entries == opens, "predictor entries equal the backtest's opens");
    } catch (const bc::Error &e) {
        std::printf("unexpected error %s: %s\n", e.status_string(), e.what());
        return 1;
    }
    if (wrong) {
        std::printf("cpp_predict: %d results WRONG\n", wrong);
        return 1;
    }
    std::printf("cpp_predict: ok\n");
    return 0;
}
