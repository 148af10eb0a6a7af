"use strict";
// Loaded into the jsii kernel's node process by amlnet/providers.py (NODE_OPTIONS=--require <this file>).
//
// The kernel loads an assembly with `require(<package>)`. The prebuilt azurerm bindings' entry point,
// lib/index.js, is one line per provider submodule, in one of two shapes:
//     exports.subnet = require("./subnet");                        (@cdktf/provider-azurerm 14.x, "cdktf get")
//     exports.subnet = __importStar(require("./subnet/index"));    (@cdktn/provider-azurerm 17.x, tsc)
// the second after TypeScript's helper header (`var __createBinding = ...`, `__setModuleDefault`,
// `__importStar`), which is kept as it is. So loading the assembly compiles and runs all 1,528 submodules (185 MB of JavaScript, about 2 s and
// 350 MB in node) although a synthesis uses a few dozen. This hook compiles that one file with each such
// line turned into a getter that requires the submodule on first access and then stays a plain value:
// the same exports, the same objects, only loaded when the kernel first reaches them.
//
// It touches no other file, and not even that file unless every line has one of the known shapes below:
// otherwise the file compiles as it is (eager, as without the hook).
const Module = require("module");
const fs = require("fs");
const path = require("path");

const PACKAGES = ["@cdktf/provider-azurerm", "@cdktn/provider-azurerm"];
const EXPORT_LINE = /^exports\.([A-Za-z_$][\w$]*) = require\("(\.\/[A-Za-z0-9_.-]+)"\);$/;
const IMPORT_STAR_LINE = /^exports\.([A-Za-z_$][\w$]*) = __importStar\(require\("(\.\/[A-Za-z0-9_.\/-]+)"\)\);$/;
// TypeScript's helpers, emitted before the first statement: they define functions and require nothing.
const HELPER_START = /^var (__createBinding|__setModuleDefault|__importStar) = \(this && this\.\1\) \|\| /;
const ES_MODULE_LINE = 'Object.defineProperty(exports, "__esModule", { value: true });';
const OTHER_LINES = [
  /^"use strict";$/,
  /^\s*(\/\*\*?|\*|\*\/|\/\/).*$/, // comments, the source map comment included
  /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/,
  /^(exports\.[A-Za-z_$][\w$]* = )+void 0;$/, // TypeScript's hoisted `exports.a = exports.b = void 0;`
  /^\s*$/,
];

function isProviderIndex(filename) {
  if (path.basename(filename) !== "index.js" || path.basename(path.dirname(filename)) !== "lib") return false;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(filename), "..", "package.json"), "utf8"));
    return PACKAGES.includes(pkg.name);
  } catch {
    return false;
  }
}

function lazyGetter(name, load) {
  const key = JSON.stringify(name);
  return (
    `Object.defineProperty(exports, ${key}, { enumerable: true, configurable: true, get() { const value = ${load}; ` +
    `Object.defineProperty(exports, ${key}, { value, enumerable: true, writable: true, configurable: true }); return value; } });`
  );
}

// Splits off TypeScript's helper header (kept verbatim) when the file has one; null when the part before
// `Object.defineProperty(exports, "__esModule", ...)` is anything else than comments and those helpers.
function splitHelpers(lines) {
  const esModule = lines.indexOf(ES_MODULE_LINE);
  const helperAt = lines.findIndex((line) => HELPER_START.test(line));
  if (helperAt === -1 || esModule === -1 || helperAt > esModule) return { header: [], body: lines, helpers: false };
  const header = lines.slice(0, esModule);
  if (header.some((line) => line.includes("require(") || line.includes("exports."))) return null;
  const intro = header.slice(0, helperAt);
  if (!intro.every((line) => OTHER_LINES.some((re) => re.test(line)))) return null;
  return { header, body: lines.slice(esModule), helpers: true };
}

function lazyIndex(content) {
  const parts = splitHelpers(content.split("\n"));
  if (parts === null) return null;
  const out = [...parts.header];
  for (const line of parts.body) {
    const plain = EXPORT_LINE.exec(line);
    const star = parts.helpers ? IMPORT_STAR_LINE.exec(line) : null;
    if (plain) {
      out.push(lazyGetter(plain[1], `require(${JSON.stringify(plain[2])})`));
    } else if (star) {
      out.push(lazyGetter(star[1], `__importStar(require(${JSON.stringify(star[2])}))`));
    } else if (OTHER_LINES.some((re) => re.test(line))) {
      out.push(line);
    } else {
      return null; // an unknown shape: leave the file alone
    }
  }
  return out.join("\n");
}

const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  if (isProviderIndex(filename)) {
    const lazy = lazyIndex(content);
    if (lazy !== null) content = lazy;
  }
  return compile.call(this, content, filename);
};

module.exports = { lazyIndex, isProviderIndex }; // for tests/test_providers.py
