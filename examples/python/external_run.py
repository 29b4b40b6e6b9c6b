#!/usr/bin/env python3
"""Govern an agent loop of your own with AgentOne: ask before each step, report what it spent.

NOT YET TESTED: written against the external-run API that issue 16 describes (`POST /v1/runs` with
`mode: "external"`, `/decisions`, `/usage`, `/finish`); the routes are built on another branch. Field
names follow the issue's text and may need adjusting once they land.

    AGENTONE_URL=http://127.0.0.1:8787 AGENTONE_API_KEY=ak_... python3 external_run.py --steps 20 --usd 0.05

Each step asks AgentOne which model (tier) it may use and how many output tokens, "calls the model"
(here: pretends, with made-up usage), then settles the reservation with the real usage. The run stops
when AgentOne says no (the budget is spent) or after --steps steps, then finishes the run.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


class ApiProblem(Exception):
    def __init__(self, problem):
        self.problem = problem
        super().__init__(f"{problem.get('status')} {problem.get('code')}: {problem.get('detail')}")


def call(base_url, api_key, method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base_url.rstrip("/") + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {api_key}")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8", "replace")
        try:
            raise ApiProblem(json.loads(text)) from None
        except ValueError:
            raise ApiProblem({"status": error.code, "code": "HTTP_ERROR", "detail": text[:200]}) from None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--usd", type=float, default=0.05, help="the run's budget in dollars")
    parser.add_argument("--input-tokens", type=int, default=2000, help="estimated input tokens per step")
    arguments = parser.parse_args()
    base_url = os.environ.get("AGENTONE_URL", "http://127.0.0.1:8787")
    api_key = os.environ["AGENTONE_API_KEY"]

    def api(method, path, body=None, headers=None):
        return call(base_url, api_key, method, path, body, headers)

    created = api(
        "POST",
        "/v1/runs",
        {"mode": "external", "goal": "my own agent loop", "limits": {"usd": arguments.usd}},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    run_id = created["run"]["id"]
    print(f"created external run {run_id}")

    steps = 0
    for step in range(1, arguments.steps + 1):
        decision = api(
            "POST",
            f"/v1/runs/{run_id}/decisions",
            {"stepKind": "act", "estimatedInputTokens": arguments.input_tokens},
        )
        if not decision["allowed"]:
            print(f"step {step}: not allowed ({decision['reason']}); AgentOne says: {decision.get('ifNotAllowed')}")
            break
        # Your model call goes here, on decision["model"], with at most decision["maxOutputTokens"].
        output_tokens = min(200, decision["maxOutputTokens"])
        api(
            "POST",
            f"/v1/runs/{run_id}/usage",
            {
                "reservationId": decision["reservationId"],
                "model": decision["model"],
                "inputTokens": arguments.input_tokens,
                "outputTokens": output_tokens,
                "latencyMs": 800,
            },
        )
        steps += 1
        print(f"step {step}: {decision['model']} ({decision['tier']}), {decision['reason']}")

    finished = api("POST", f"/v1/runs/{run_id}/finish", {"answer": f"stopped after {steps} steps"})
    cost = api("GET", f"/v1/runs/{run_id}/cost")
    print(f"run {run_id}: {finished['run']['status']} after {steps} steps, ${cost['totalUsd']:.6f} of ${arguments.usd}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ApiProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(2)
