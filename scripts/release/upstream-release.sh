#!/usr/bin/env bash
# What a maintainer's CI runs when an upstream ships a release:
#   scripts/release/upstream-release.sh <target> <upstream-version> <spec-path-or-url>
# 1. checks the document completely, then records it (version, our patch, file in the spec store, URL,
#    sha256) in specs/<target>.yaml and generates the package; a refused document changes nothing,
# 2. runs the test suite (end-to-end included) and a smoke test of the new package from its tarball,
# 3. prints the change report for review, 4. packs the tarball into out/tarballs/.
# It never publishes: review CHANGES.md, commit specs/<target>.yaml, then `npm publish` the tarball.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${1:?target (portainer or pve)}"
version="${2:?upstream version, e.g. 2.44.0}"
spec="${3:?path or URL of the upstream spec}"

command -v pnpm >/dev/null 2>&1 || npm install -g pnpm@10.34.9
pnpm install --frozen-lockfile
pnpm generate --target "$target" --upstream "$version" --spec "$spec"
# The package of this upstream version (an older minor's release lands in its own line's folder).
package_dir="$(node -e '
  const fs = require("fs");
  const [target, version] = process.argv.slice(1);
  const dirs = fs.readdirSync("out").filter((name) => name.startsWith(`mcp-${target}-`));
  const hit = dirs.find((name) => JSON.parse(fs.readFileSync(`out/${name}/changes.json`, "utf8")).upstream.endsWith(` ${version}`));
  if (!hit) process.exit(1);
  console.log(`out/${hit}`);
' "$target" "$version")"
pnpm test
pnpm exec tsx scripts/release/smoke.ts "$package_dir"
echo "----- $package_dir/CHANGES.md -----"
cat "$package_dir/CHANGES.md"
mkdir -p out/tarballs
(cd "$package_dir" && npm pack --pack-destination ../tarballs)
echo "Packed into out/tarballs/. Review the change report, commit specs/$target.yaml, then publish."
