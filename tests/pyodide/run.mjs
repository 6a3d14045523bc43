// Run check.py inside real Pyodide under Node, as xlwings Lite would run the template:
// load Pyodide from a local folder (no CDN), serve a local package index to micropip on
// 127.0.0.1, install the template's own requirements.txt with micropip (Pyodide's lock
// first, then the index, as Lite does), then run check.py's async main().
//
// usage: node run.mjs WORK      (WORK made by distribution.py: dist/, index/, lite/)
// writes WORK/install.json (what micropip installed, and from where) and WORK/result.json
// (check.py's result); exit 0 when both were written, whatever the checks found.
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import crypto from "node:crypto";
import { pathToFileURL } from "node:url";

const work = path.resolve(process.argv[2]);
const dist = path.join(work, "dist");
const indexDir = path.join(work, "index");
const lite = path.join(work, "lite");
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

// A PEP 691 (JSON) simple index over WORK/index/*.whl, on loopback only.
const canon = (n) => n.toLowerCase().replace(/[-_.]+/g, "-");
const wheels = fs.readdirSync(indexDir).filter((f) => f.endsWith(".whl"));
const projects = {};
for (const f of wheels) (projects[canon(f.split("-")[0])] ||= []).push(f);
const sha = (f) => crypto.createHash("sha256").update(fs.readFileSync(path.join(indexDir, f))).digest("hex");
const requests = [];
let port;
const server = http.createServer((req, res) => {
  const p = new URL(req.url, "http://localhost").pathname;
  let m;
  if ((m = p.match(/^\/simple\/([^/]+)\/?$/))) {
    const name = canon(decodeURIComponent(m[1]));
    requests.push(`index ${name}: ${projects[name] ? projects[name].join(",") : "404"}`);
    if (!projects[name]) { res.writeHead(404); return res.end("not found"); }
    const files = projects[name].map((f) => ({
      filename: f, url: `http://127.0.0.1:${port}/files/${f}`, hashes: { sha256: sha(f) },
    }));
    res.writeHead(200, { "content-type": "application/vnd.pypi.simple.v1+json" });
    return res.end(JSON.stringify({ meta: { "api-version": "1.0" }, name, files }));
  }
  if ((m = p.match(/^\/files\/([^/]+)$/)) && wheels.includes(m[1])) {
    requests.push(`wheel ${m[1]}`);
    res.writeHead(200, { "content-type": "application/octet-stream" });
    return res.end(fs.readFileSync(path.join(indexDir, m[1])));
  }
  requests.push(`404 ${p}`);
  res.writeHead(404); res.end();
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
port = server.address().port;

let code = 1;
try {
  const { loadPyodide } = await import(pathToFileURL(path.join(dist, "pyodide.mjs")).href);
  const py = await loadPyodide({
    indexURL: dist + "/",
    stdout: (s) => console.log("[py] " + s),
    stderr: (s) => console.log("[py:err] " + s),
  });
  log("Pyodide", py.version, "loaded from", dist);
  py.FS.mkdirTree("/home/pyodide/lite");
  for (const f of fs.readdirSync(lite)) {
    py.FS.writeFile(`/home/pyodide/lite/${f}`, fs.readFileSync(path.join(lite, f)));
  }
  await py.loadPackage("micropip", { messageCallback: (m) => log(m) });
  py.globals.set("INDEX", `http://127.0.0.1:${port}/simple`);
  const install = await py.runPythonAsync(`
import json, time, traceback, micropip, micropip.package_index as pi
pi.DEFAULT_INDEX_URLS = [INDEX]
micropip.set_index_urls([INDEX])
reqs = [l.split("#", 1)[0].strip() for l in open("/home/pyodide/lite/requirements.txt").read().splitlines()]
reqs = [r for r in reqs if r]
out = {"requirements": reqs, "errors": []}
t = time.time()
try:
    await micropip.install(reqs)
except Exception as e:
    out["errors"].append("".join(traceback.format_exception_only(e)).strip())
out["seconds"] = round(time.time() - t, 1)
out["installed"] = {p.name: [p.version, p.source] for p in micropip.list().values()}
json.dumps(out)
`);
  const inst = JSON.parse(install);
  log("micropip.install", JSON.stringify(inst.requirements), "took", inst.seconds, "s; errors:",
      inst.errors.length ? inst.errors : "none");
  fs.writeFileSync(path.join(work, "install.json"), JSON.stringify({ ...inst, requests }, null, 1));
  await py.runPythonAsync(`
import runpy
_ns = runpy.run_path("/home/pyodide/lite/check.py", run_name="check")
await _ns["main"]()
`);
  fs.writeFileSync(path.join(work, "result.json"),
                   py.FS.readFile("/home/pyodide/lite/result.json", { encoding: "utf8" }));
  log("done");
  code = 0;
} catch (e) {
  console.log("ERROR", e && e.stack ? e.stack : e);
} finally {
  server.close();
}
process.exit(code);
