/*
 * lifetime.cpp - the C++ wrappers' ownership rules: a Predictor keeps a
 * share of its Model, so destroying the Model first is safe (built with
 * AddressSanitizer by `make check-cpp`, which would report a use after
 * free); the decisions equal those of a predictor whose model is alive.
 */
#include <botcopier.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: lifetime TESTS_DATA_DIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    try {
        botcopier::Bars bars = botcopier::Bars::read_csv(dir + "/aapl_daily.csv");
        const std::string path = dir + "/golden/logistic_v0.1.0_uncompressed.bcm";
        botcopier::Model kept = botcopier::Model::load(path);
        botcopier::Predictor reference(kept);
        std::unique_ptr<botcopier::Model> doomed(new botcopier::Model(botcopier::Model::load(path)));
        botcopier::Predictor orphan(*doomed);
        doomed.reset(); /* the Model object is gone; the predictor still runs */
        const int64_t *t = bars.time();
        const double *o = bars.column(BC_BAR_OPEN), *h = bars.column(BC_BAR_HIGH),
                     *l = bars.column(BC_BAR_LOW), *c = bars.column(BC_BAR_CLOSE),
                     *v = bars.column(BC_BAR_VOLUME);
        std::vector<double> pa, pb;
        int same = 0, n = bars.size() < 300 ? bars.size() : 300;
        for (int i = 0; i < n; i++) {
            int32_t a = reference.update(t[i], o[i], h[i], l[i], c[i], v[i], pa);
            int32_t b = orphan.update(t[i], o[i], h[i], l[i], c[i], v[i], pb);
            same += a == b && pa == pb;
        }
        std::printf("lifetime: predictor after its Model was destroyed: %d of %d bars equal\n",
                    same, n);
        return same == n ? 0 : 1;
    } catch (const botcopier::Error &e) {
        std::fprintf(stderr, "lifetime: %s\n", e.what());
        return 1;
    }
}
