#!/usr/bin/env node
// The `agentone` command. A committed file rather than dist/cli/main.js itself: npm links a workspace's
// bin only if the file exists at install time, and on a fresh clone dist/ is built after that (prepare).
import "../dist/cli/main.js";
