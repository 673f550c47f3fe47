// The binary serves the web app from its own bytes: a copy of it, alone in
// an empty directory, serves every file of `assets/` with the right content
// type. Only a release build proves the embedding, because a debug build of
// rust-embed reads the files from the source tree at run time. With a debug
// binary this test still checks routing and content types.

import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { binaryPath, REPO_ROOT, startServer } from "./support/server.mjs";

const ASSETS = path.join(REPO_ROOT, "assets");

/** Content type expected for each extension of `assets/`. */
const CONTENT_TYPES = {
  ".html": /^text\/html/,
  ".js": /^(text|application)\/javascript; charset=utf-8$/,
  ".css": /^text\/css/,
  ".svg": /^image\/svg\+xml/,
  ".txt": /^text\/plain/,
  ".md": /^text\/markdown/,
};

let server;
let directory;

function assetFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? assetFiles(full) : [path.relative(ASSETS, full).split(path.sep).join("/")];
  });
}

before(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "uwscrape-e2e-alone-"));
  const copy = path.join(directory, "uwscrape");
  copyFileSync(binaryPath(), copy);
  // A missing assets folder, in case the binary was built without `embed-frontend`.
  server = await startServer({ binary: copy, cwd: directory, env: { UWSCRAPE_ASSETS_DIR: path.join(directory, "no-assets") } });
});

after(async () => {
  await server?.stop();
  rmSync(directory, { recursive: true, force: true });
});

test("binary alone serves every asset", async (t) => {
  if (!binaryPath().includes(`${path.sep}release${path.sep}`)) {
    t.diagnostic("a debug binary reads assets from the source tree; run scripts/test-e2e --release to prove they are embedded");
  }
  const files = assetFiles(ASSETS);
  assert.ok(files.includes("index.html") && files.some((file) => file.endsWith(".js")) && files.some((file) => file.endsWith(".css")));
  for (const file of files) {
    const response = await fetch(`${server.baseUrl}/${file}`);
    assert.equal(response.status, 200, file);
    const pattern = CONTENT_TYPES[path.extname(file)];
    assert.ok(pattern, `add the content type of ${file} to this test`);
    assert.match(response.headers.get("content-type"), pattern, file);
    assert.ok(Buffer.from(await response.arrayBuffer()).equals(readFileSync(path.join(ASSETS, file))), `${file} differs from assets/${file}`);
  }
});

test("root and client routes serve index.html", async () => {
  const index = readFileSync(path.join(ASSETS, "index.html"), "utf8");
  for (const route of ["/", "/courses/CS246", "/plans/abc"]) {
    const response = await fetch(`${server.baseUrl}${route}`);
    assert.equal(response.status, 200, route);
    assert.match(response.headers.get("content-type"), /^text\/html/, route);
    assert.equal(await response.text(), index, route);
  }
  const missing = await fetch(`${server.baseUrl}/js/missing.js`);
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error, "asset_not_found");
});
