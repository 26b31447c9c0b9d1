#!/usr/bin/env node
// Entry point for `npx opsbot` / `npm start`: runs the bundled CLI (built by `npm install` via `prepare`).
import '../dist/cli/main.js';
