#!/usr/bin/env node
// The `tms-mapper` command: runs the built CLI (npm run build first when working from a checkout).
import '../out/main/cli.js';
