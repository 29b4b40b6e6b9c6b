#!/usr/bin/env python3
"""Govern an agent loop of your own with AgentOne: ask before each step, report what it spent.

    AGENTONE_URL=http://127.0.0.1:8787 AGENTONE_API_KEY=ak_... \
        python3 external_run.py /srv/workspaces/my-project --steps 20 --usd 0.05

It creates an external run (`POST /v1/runs` with `mode: "external"`): AgentOne runs nothing itself. Before
each of its steps the loop asks `POST /v1/runs/{id}/decisions` which model it may use and how many output
tokens; an allowed step holds a reservation of its worst case. The loop then "calls the model" (here it
pretends, with fixed usage), settles the reservation with the real usage (`/usage`) and counts the tool
call its step makes (`/tool-calls`). It stops when AgentOne refuses a step (the budget is spent) or after
--steps steps, closes the run (`/finish`) and prints the run's cost as the server recorded it (`/cost`).
Standard library only; exit 0 when the run was governed to its end, 2 on an API error.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


class ApiProblem(Exception):
    """An RFC 9457 problem the server answered with (status, stable code, detail)."""

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
            problem = json.loads(text)
        except ValueError:
            problem = {"status": error.code, "code": "HTTP_ERROR", "detail": text[:200]}
        raise ApiProblem(problem) from None


def describe(step, decision):
    if not decision["allowed"]:
        limited_by = f", limited by {decision['limitedBy']}" if decision.get("limitedBy") else ""
        return (
            f"step {step}: refused ({decision['reason']}{limited_by}); "
            f"AgentOne says: {decision['ifNotAllowed']}"
        )
    return (
        f"step {step}: allowed {decision['model']} ({decision['tier']}), "
        f"at most {decision['maxOutputTokens']} output tokens, reserves ${decision['reservedUsd']} "
        f"({decision['reason']})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", help="a directory under one of the server's workspace roots")
    parser.add_argument("--steps", type=int, default=20, help="the most steps the loop takes")
    parser.add_argument("--usd", type=float, default=0.05, help="the run's budget in dollars")
    parser.add_argument("--input-tokens", type=int, default=2000, help="each step's request size, tokens")
    parser.add_argument("--output-tokens", type=int, default=400, help="each step's answer size, tokens")
    arguments = parser.parse_args()
    base_url = os.environ.get("AGENTONE_URL", "http://127.0.0.1:8787")
    api_key = os.environ.get("AGENTONE_API_KEY")
    if not api_key:
        print("error: set AGENTONE_API_KEY to a key of the server", file=sys.stderr)
        return 2

    def api(method, path, body=None, headers=None):
        return call(base_url, api_key, method, path, body, headers)

    created = api(
        "POST",
        "/v1/runs",
        {
            "mode": "external",
            "goal": "my own agent loop",
            "workspace": arguments.workspace,
            "limits": {"usd": arguments.usd},
            "onExhaust": ["hard-stop"],
        },
        # The same key again answers with the same run, so a retried create makes no second run.
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    run_id = created["run"]["id"]
    print(f"created external run {run_id} with a budget of ${arguments.usd}")

    steps = 0
    for step in range(1, arguments.steps + 1):
        decision = api(
            "POST",
            f"/v1/runs/{run_id}/decisions",
            {"stepKind": "act", "estimatedInputTokens": arguments.input_tokens},
        )
        print(describe(step, decision))
        if not decision["allowed"]:
            break
        # Your model call goes here, on decision["model"], with at most decision["maxOutputTokens"].
        output_tokens = min(arguments.output_tokens, decision["maxOutputTokens"])
        settled = api(
            "POST",
            f"/v1/runs/{run_id}/usage",
            {
                "reservationId": decision["reservationId"],
                "usage": {"inputTokens": arguments.input_tokens, "outputTokens": output_tokens},
                "latencyMs": 800,
            },
        )
        # Your tool call goes here; reported first, so that a `toolCalls` budget can refuse it.
        api(
            "POST",
            f"/v1/runs/{run_id}/tool-calls",
            {"tool": "search_docs", "arguments": json.dumps({"step": step}), "output": "found"},
        )
        steps += 1
        print(f"  settled: ${settled['costUsd']}, run spent ${settled['spentUsd']}")

    if steps == arguments.steps:
        finished = api("POST", f"/v1/runs/{run_id}/finish", {"answer": f"done after {steps} steps"})
    else:
        finished = api("POST", f"/v1/runs/{run_id}/finish", {"partial": f"stopped after {steps} steps"})
    cost = api("GET", f"/v1/runs/{run_id}/cost")
    print(
        f"run {run_id}: {finished['status']} ({finished['outcome']}, {finished['terminationReason']}) "
        f"after {steps} steps"
    )
    print(f"cost: ${cost['totalUsd']!r} of ${arguments.usd!r} over {len(cost['steps'])} model calls")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ApiProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        sys.exit(2)
