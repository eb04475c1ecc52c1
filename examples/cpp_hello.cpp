// cpp_hello.cpp - libbotcopier from C++ through bindings/cpp/botcopier.hpp:
// version check, a GEMM on std::vector, an error caught as an exception,
// log messages through a lambda. Exits non-zero if any result is wrong, so
// `make check` runs it as a test.
#include "botcopier.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

int main()
{
    namespace bc = botcopier;
    int wrong = 0;
    std::printf("libbotcopier %s (ABI %u)\n", bc::version_string().c_str(),
                static_cast<unsigned>(bc::abi_version()));
    if (!bc::abi_compatible()) {
        std::printf("header and library ABI differ\n");
        return 1;
    }

    // C (2x2) = A (2x3) * B (3x2), checked against the plain loop.
    bc::Backend cpu("cpu");
    std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {7, 8, 9, 10, 11, 12}, c;
    cpu.sgemm(2, 2, 3, a, b, c);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            float want = 0;
            for (int p = 0; p < 3; p++)
                want += a[i * 3 + p] * b[p * 2 + j];
            if (std::fabs(c[i * 2 + j] - want) > 1e-4f) {
                std::printf("C[%d][%d] = %g, expected %g\n", i, j, c[i * 2 + j], want);
                wrong++;
            }
        }
    std::printf("%s: C = [%g %g; %g %g]\n", cpu.kind().c_str(), c[0], c[1], c[2], c[3]);

    // Failures arrive as exceptions with the status and the library's words.
    try {
        bc::Backend gpu("gpu9");
        wrong++;
    } catch (const bc::Error &e) {
        std::printf("caught %s -> %s\n", e.status_string(), e.what());
        if (e.status() != BC_E_NOT_FOUND || std::string(e.what()).find("'gpu9'") == std::string::npos)
            wrong++;
    }
    try {
        std::vector<float> short_b = {1, 2};
        cpu.sgemm(2, 2, 3, a, short_b, c);
        wrong++;
    } catch (const bc::Error &e) {
        if (e.status() != BC_E_SHAPE)
            wrong++;
    }

    // Log lines through a lambda: "best" says which backend it picked.
    std::vector<std::string> lines;
    bc::Log::set([&lines](int32_t level, const std::string &text) {
        lines.push_back(std::to_string(level) + " " + text);
    });
    bc::Backend best("best");
    bc::Log::use_ring();
    for (const std::string &line : lines)
        std::printf("log: %s\n", line.c_str());
    if (lines.empty() || lines[0].find("backend 'best'") == std::string::npos)
        wrong++;

    if (wrong) {
        std::printf("cpp_hello: %d results WRONG\n", wrong);
        return 1;
    }
    std::printf("cpp_hello: ok\n");
    return 0;
}
