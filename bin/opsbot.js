#!/usr/bin/env node
// Entry point for `npx opsbot` / `npm start`: runs the compiled CLI (built by `npm install` via `prepare`).
import '../dist/src/cli/main.js';
