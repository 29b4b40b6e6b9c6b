#!/usr/bin/env python3
"""Drive a managed AgentOne run from Python's standard library alone.

Creates a run on an `agentone serve` server, follows its events live over server-sent events, approves
each tool call the run waits for, then prints the report's outcome and the cost per model call.

    AGENTONE_URL=http://127.0.0.1:8787 AGENTONE_API_KEY=ak_... \
        python3 agentone_client.py /srv/workspaces/fix-and-commit

The workspace is a path on the server (under its `server.workspaceRoots`). The goal is `--goal`, else the
workspace's TASK.md when this machine can read it.
"""

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid


class ApiProblem(Exception):
    """A non-2xx answer: the server's RFC 9457 problem body (status, code, detail, errors)."""

    def __init__(self, problem):
        self.problem = problem
        super().__init__(f"{problem.get('status')} {problem.get('code')}: {problem.get('detail')}")


class AgentOne:
    def __init__(self, base_url, api_key):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key

    def _request(self, method, path, body=None, headers=None, timeout=60):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.api_key}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            return urllib.request.urlopen(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            try:
                problem = json.loads(text)
            except ValueError:
                problem = {"status": error.code, "code": "HTTP_ERROR", "detail": text[:200]}
            raise ApiProblem(problem) from None

    def call(self, method, path, body=None, headers=None):
        with self._request(method, path, body, headers) as response:
            return json.loads(response.read().decode("utf-8"))

    def follow_events(self, run_id, after=-1, retries=5):
        """Yields the run's events as they happen until its run-end; reconnects with Last-Event-ID."""
        last = after
        failures = 0
        while True:
            headers = {"Accept": "text/event-stream"}
            if last >= 0:
                headers["Last-Event-ID"] = str(last)
            try:
                with self._request("GET", f"/v1/runs/{run_id}/events", headers=headers, timeout=300) as stream:
                    data = []
                    for raw in stream:
                        line = raw.decode("utf-8").rstrip("\r\n")
                        if line.startswith("data:"):
                            data.append(line[5:].lstrip(" ") if line[5:6] == " " else line[5:])
                        elif line == "" and data:
                            event = json.loads("\n".join(data))
                            data = []
                            if event["seq"] <= last:
                                continue
                            last = event["seq"]
                            failures = 0
                            yield event
                            if event["type"] == "run-end":
                                return
                # The server closed the stream without a run-end: ask whether the run is over.
                if self.call("GET", f"/v1/runs/{run_id}")["status"] in ("completed", "failed", "killed"):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                failures += 1
                if failures > retries:
                    raise
                print(f"  (stream dropped: {error}; reconnecting after event {last})", file=sys.stderr)
                time.sleep(min(2 ** failures, 10))


def describe(event):
    kind = event["type"]
    if kind == "run-transition":
        return f"{event['from']} -> {event['to']} ({event['reason']})"
    if kind == "step-start":
        decision = event.get("decision") or {}
        return f"step {event['step']} {event['kind']} on {decision.get('model')} ({decision.get('tier')})"
    if kind == "tool-call":
        return f"{event['tool']} {event['arguments']}"
    if kind == "approval-request":
        return f"waits for approval: {event['tool']} {event['arguments']}"
    if kind == "approval-decision":
        return f"{event['decision']} {event['tool']} by {event['decidedBy']}"
    if kind == "run-end":
        return f"{event['status']} ({event['outcome']}), {event['terminationReason']}"
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", help="the run's workspace, a path on the server")
    parser.add_argument("--goal", help="what the run should do (default: the workspace's TASK.md)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--usd", type=float, default=1.0, help="the run's budget in dollars")
    arguments = parser.parse_args()
    goal = arguments.goal
    if goal is None:
        with open(os.path.join(arguments.workspace, "TASK.md"), encoding="utf-8") as task:
            goal = task.read().strip()
    client = AgentOne(os.environ.get("AGENTONE_URL", "http://127.0.0.1:8787"), os.environ["AGENTONE_API_KEY"])

    created = client.call(
        "POST",
        "/v1/runs",
        {"goal": goal, "workspace": arguments.workspace, "seed": arguments.seed, "limits": {"usd": arguments.usd}},
        # A retried create with the same key answers the same run: safe to retry on a network error.
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    run_id = created["run"]["id"]
    print(f"created run {run_id}")

    approvals = 0
    waiting = []
    for event in client.follow_events(run_id):
        text = describe(event)
        if text:
            print(f"  [{event['seq']}] {event['type']}: {text}")
        if event["type"] == "approval-request":
            waiting.append(event)
        # The run asks for every call of a step, then waits: approve them once it does.
        if event["type"] == "run-transition" and event["to"] == "awaiting_approval":
            for request in waiting:
                client.call(
                    "POST",
                    f"/v1/runs/{run_id}/approvals/{request['callId']}/approve",
                    {"reason": "approved by the Python example"},
                )
                approvals += 1
                print(f"  approved {request['tool']} ({request['callId']})")
            waiting = []

    report = client.call("GET", f"/v1/runs/{run_id}/report")
    cost = client.call("GET", f"/v1/runs/{run_id}/cost")
    print(f"run {run_id}: {report['status']}, {approvals} approvals")
    print(f"answer: {report.get('answer')}")
    print(f"cost: ${cost['totalUsd']:.6f} over {len(cost['steps'])} model calls")
    for step in cost["steps"]:
        print(
            f"  step {step['step']}: {step['model']} in {step['inputTokens']} out {step['outputTokens']}"
            f" ${step['usd']:.6f}"
        )
    return 0 if report["status"] == "completed" else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ApiProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        for field in problem.problem.get("errors", []):
            print(f"  {field['path']}: {field['message']}", file=sys.stderr)
        sys.exit(2)
