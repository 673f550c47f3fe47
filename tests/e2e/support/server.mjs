// Starts the real uwscrape binary on a free loopback port for one test file
// and stops it afterwards. The port is read from the `event=listening` log
// line the server writes to stderr once it is bound.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the repository. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Returns the binary under test: `UWSCRAPE_BIN`, else the debug build in the cargo target directory. */
export function binaryPath() {
  if (process.env.UWSCRAPE_BIN) return path.resolve(process.env.UWSCRAPE_BIN);
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, "target");
  return path.join(target, "debug", "uwscrape");
}

/** The index to serve: `UWSCRAPE_E2E_INDEX_DIR`, else the committed fixture. */
export function indexDir() {
  return process.env.UWSCRAPE_E2E_INDEX_DIR
    ? path.resolve(process.env.UWSCRAPE_E2E_INDEX_DIR)
    : path.join(REPO_ROOT, "index-fixtures", "math-engineering-support");
}

/** How long the server may take to bind and warm up, in milliseconds. */
const START_TIMEOUT_MS = 30_000;

/**
 * Starts the server. `options.binary` and `options.cwd` override the
 * binary and working directory; `options.env` adds variables.
 * Returns `{baseUrl, stop(), logs()}`.
 */
export async function startServer(options = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "uwscrape-e2e-data-"));
  const child = spawn(options.binary ?? binaryPath(), ["serve"], {
    cwd: options.cwd ?? REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      RUST_LOG: "info",
      UWSCRAPE_BIND: "127.0.0.1:0",
      UWSCRAPE_INDEX_DIR: indexDir(),
      UWSCRAPE_DATA_DIR: dataDir,
      UWSCRAPE_TOKEN_KEY: "7e".repeat(32),
      UWSCRAPE_HTTP_WORKERS: "2",
      UWSCRAPE_CATALOG_WORKERS: "2",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });

  let output = "";
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not log event=listening within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /event=listening address=\S+ port=(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening:\n${output}`));
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(baseUrl);
  return {
    baseUrl,
    logs: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilHealthy(baseUrl) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not accepting connections yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${baseUrl}/api/v1/health never answered 200`);
}
