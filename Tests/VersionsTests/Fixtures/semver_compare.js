// Prints npm semver's verdict (loose mode; strict shorthands `1`, `1.2`, `1.2-pre` through coerce) for each "hexA,hexB" line of argv[3].
// argv[2] is the path of npm's bundled semver module.
const fs = require("fs");
const semver = require(process.argv[2]);
const id = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
const shorthand = new RegExp(`^[v=\\s]*(?:0|[1-9]\\d{0,15})(?:\\.(?:0|[1-9]\\d{0,15}))?(?:-${id}(?:\\.${id})*)?$`);
function parse(text) {
  const full = semver.parse(text, { loose: true });
  if (full) return full;
  if (shorthand.test(text.trim()) && !/^[v=\s]*\d+\.\d+\.\d+/.test(text.trim())) {
    return semver.coerce(text, { includePrerelease: true });
  }
  return null;
}
const lines = fs.readFileSync(process.argv[3], "utf8").split("\n").filter((l) => l.length > 0);
const out = [];
for (const line of lines) {
  const [a, b] = line.split(",").map((h) => Buffer.from(h, "hex").toString("utf8"));
  const x = parse(a), y = parse(b);
  if (x && y) out.push(`${semver.compare(x, y)} 1 1`);
  else out.push(`x ${x ? 1 : 0} ${y ? 1 : 0}`);
}
process.stdout.write(out.join("\n") + "\n");
