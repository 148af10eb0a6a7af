"use strict";
// Makes the CDK CLIs quiet however they are started: `npm ci` / `npm install` run this file (package.json
// "postinstall"), which turns node_modules/.bin/cdktf and node_modules/.bin/cdktn into wrappers that set
//   CHECKPOINT_DISABLE=1                              (unless set): cdktf-cli 0.21.0 and cdktn-cli 0.24.0 read it
//                                                     from their own environment when they start, and otherwise post
//                                                     telemetry to checkpoint-api.hashicorp.com (offline: one
//                                                     "[ERROR] getaddrinfo ENOTFOUND" line per command);
//   JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION    (+ this Node's major) and
//   JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1   : the app the CLI starts inherits them, so its jsii kernel
//                                                     prints no Node end-of-life box, whatever the app imports first;
// then run the real CLI (a child process of the same Node, stdio shared, its exit code and signal passed on).
// Nothing else changes. A Python app cannot do this itself: the CLI has
// decided before the app starts. `amlnet init` copies this file into a new app for the same postinstall.
//
//     node amlnet/quiet_cli.js [node_modules]      (what postinstall runs; idempotent)
const fs = require("fs");
const path = require("path");

const MARK = "// amlnet quiet_cli.js wrapper";
const CLIS = ["cdktf", "cdktn"];

function wrapper(target) {
  // The real CLI runs as a child with this environment: started in this process instead, it would find its
  // package (and so its version, its templates) from this file's folder, node_modules/.bin.
  return `#!/usr/bin/env node
${MARK}: the real CLI (${target}), without calls home or jsii's Node banner
"use strict";
const path = require("path");
const { spawnSync } = require("child_process");
const env = { ...process.env };
if (env.CHECKPOINT_DISABLE === undefined) env.CHECKPOINT_DISABLE = "1";
const major = process.versions.node.split(".")[0];
const eol = (env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION || "").split(",").filter(Boolean);
if (!eol.includes(major)) env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION = [...eol, major].join(",");
if (env.JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION === undefined) env.JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION = "1";
const r = spawnSync(process.execPath, [path.join(__dirname, ${JSON.stringify(target)}), ...process.argv.slice(2)], { stdio: "inherit", env });
if (r.error) throw r.error;
if (r.signal) process.kill(process.pid, r.signal);
process.exit(r.status === null ? 1 : r.status);
`;
}

function quiet(nodeModules) {
  const done = [];
  for (const cli of CLIS) {
    const bin = path.join(nodeModules, ".bin", cli);
    let stat;
    try {
      stat = fs.lstatSync(bin);
    } catch {
      continue; // that CLI is not installed
    }
    let target;
    if (stat.isSymbolicLink()) {
      target = fs.readlinkSync(bin); // npm's link, e.g. ../cdktf-cli/bundle/bin/cdktf (relative to .bin)
    } else {
      // a wrapper of an earlier version of this file is written again (its target is on its marker line);
      // anything else is not npm's link and is left alone
      const m = new RegExp(`${MARK}: the real CLI \\(([^)]+)\\)`).exec(fs.readFileSync(bin, "utf8"));
      if (!m) continue;
      target = m[1];
    }
    const tmp = `${bin}.${process.pid}`;
    fs.writeFileSync(tmp, wrapper(target), { mode: 0o755 });
    fs.renameSync(tmp, bin);
    done.push(cli);
  }
  return done;
}

if (require.main === module) {
  const nodeModules = path.resolve(process.argv[2] || path.join(process.env.INIT_CWD || process.cwd(), "node_modules"));
  quiet(nodeModules);
}

module.exports = { quiet, wrapper, MARK };
