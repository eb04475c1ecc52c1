"""The seed's bandit router written the usual Python way (FastAPI + uvicorn,
one worker), with the same routes and behaviour as `botcopier serve`:
Thompson sampling over Beta posteriors, rewards persisted (fsync) before the
answer. Run by bench/bench_services.py as the peer; not part of the library."""
import json
import os
import sys
import threading

import numpy as np
import uvicorn
from fastapi import FastAPI, HTTPException, Request

N_MODELS = int(sys.argv[1])
STATE = sys.argv[2]
PORT = int(sys.argv[3])

lock = threading.Lock()
rng = np.random.default_rng(0)
pulls = np.zeros(N_MODELS)
wins = np.zeros(N_MODELS)
app = FastAPI()


@app.get("/choose")
def choose():
    with lock:
        draws = rng.beta(1 + wins, 1 + pulls - wins)
    return {"model": int(np.argmax(draws))}


@app.post("/reward")
async def reward(request: Request):
    try:
        body = json.loads(await request.body())
        model, r = int(body["model"]), float(body["reward"])
    except Exception as e:
        raise HTTPException(400, str(e))
    if not (0 <= model < N_MODELS and 0 <= r <= 1):
        raise HTTPException(400, "out of range")
    with lock:
        pulls[model] += 1
        wins[model] += r
        tmp = STATE + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"pulls": pulls.tolist(), "wins": wins.tolist()}, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, STATE)
    return {"model": model, "reward": r, "recorded": True}


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=PORT, workers=1, log_level="error", access_log=False)
