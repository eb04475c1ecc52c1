/*
 * policy_step.cpp - the C++ Policy wrapper over the model route: a policy
 * trained here for one PPO iteration on a synthetic two-asset market
 * (C API), saved, loaded with Model::load, stepped by botcopier::Policy
 * over a sequence with resets; every step must equal the C route
 * (bc_policy_load + bc_policy_act on one stream) bit for bit, and a
 * second Policy from the same Model, reset, must repeat the sequence.
 * Usage: policy_step TMP_DIR
 */
#include <botcopier.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: policy_step TMP_DIR\n");
        return 2;
    }
    const std::string path = std::string(argv[1]) + "/cpp_policy_step.bcp";
    try {
        enum { ROWS = 300 };
        std::vector<double> close(ROWS * 2);
        for (int t = 0; t < ROWS; t++) {
            double x = ((t / 3) % 2 ? -0.01 : 0.01) + 0.001 * std::sin(0.7 * t);
            close[2 * t] = 100.0 * std::exp(x);
            close[2 * t + 1] = 100.0 * std::exp(-x);
        }
        bc_env *env = nullptr;
        botcopier::detail::check(bc_env_create(close.data(), nullptr, ROWS, 2, 4, &env));
        bc_ppo *ppo = nullptr;
        botcopier::detail::check(bc_env_set(env, "episode_length", "16"));
        botcopier::detail::check(bc_ppo_create(env, &ppo));
        const char *opts[][2] = {{"seed", "4"}, {"hidden_dim", "16"}, {"gru_layers", "2"},
                                 {"n_steps", "8"}, {"epochs", "1"}, {"threads", "1"}};
        for (auto &o : opts)
            botcopier::detail::check(bc_ppo_set(ppo, o[0], o[1]));
        botcopier::detail::check(bc_ppo_iterate(ppo));
        botcopier::detail::check(bc_ppo_save_policy(ppo, path.c_str()));
        bc_ppo_free(ppo);
        bc_env_free(env);

        botcopier::Model model = botcopier::Model::load(path);
        botcopier::Policy a(model), b(model);
        botcopier::Policy direct = botcopier::Policy::load(path);
        const int D = a.observation_size(), A = a.action_count();
        std::vector<float> obs(static_cast<size_t>(D)), pa, pb, pc(static_cast<size_t>(A));
        int same = 0, steps = 20;
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < D; j++)
                obs[static_cast<size_t>(j)] = static_cast<float>(std::sin(0.37 * (t * D + j)));
            uint8_t start = t == 0 || t == 8;
            if (start) {
                a.reset();
                b.reset();
            }
            float va = 0, vb = 0;
            int32_t xa = a.step(obs, pa, va), xb = b.step(obs, pb, vb), xc = -1;
            botcopier::detail::check(
                bc_policy_act(direct.get(), obs.data(), 1, &start, &xc, pc.data()));
            same += xa == xb && xa == xc && pa == pb &&
                    std::memcmp(pa.data(), pc.data(), sizeof(float) * static_cast<size_t>(A)) == 0 &&
                    va == vb && a.state() == b.state();
        }
        std::remove(path.c_str());
        std::printf("policy_step: %d of %d steps equal across Policy(Model) and the C route\n",
                    same, steps);
        return same == steps ? 0 : 1;
    } catch (const botcopier::Error &e) {
        std::fprintf(stderr, "policy_step: %s\n", e.what());
        return 1;
    }
}
