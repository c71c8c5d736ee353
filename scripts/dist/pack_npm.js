#!/usr/bin/env node
'use strict'
// Packs the npm packages the node-rs way, into DIST (default dist/):
//   hooksig-<platform>-<version>.tgz  for each npm/<platform>/ that holds its built .node;
//   hooksig-<version>.tgz             the main package: the files package.json `files` lists
//                                     except any bindings-node/hooksig.*.node (the checkout's own
//                                     build, which `npm pack` of the checkout ships for the tests of
//                                     tests/node/package_check.sh), with optionalDependencies on
//                                     exactly those platform packages added to its package.json
//                                     (what `napi prepublish` does before publishing).
// The checkout's package.json does not list them: the platform packages are not on the
// registry yet, and `npm ci` refuses an optional dependency its lockfile cannot resolve.
//   node scripts/dist/pack_npm.js [DIST]

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.resolve(__dirname, '..', '..')
const dist = path.resolve(process.argv[2] || path.join(root, 'dist'))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const main = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const NODE_BINARY = /(^|\/)hooksig\.[^/]*\.node$/

function pack(folder) {
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dist], { cwd: folder, encoding: 'utf8' })
  const [{ filename, size, unpackedSize }] = JSON.parse(out)
  console.log(`${filename}: ${(size / 1024).toFixed(0)} KiB (${(unpackedSize / 1024).toFixed(0)} KiB unpacked)`)
  return filename
}

fs.mkdirSync(dist, { recursive: true })
const optionalDependencies = {}
for (const platform of fs.readdirSync(path.join(root, 'npm')).sort()) {
  const folder = path.join(root, 'npm', platform)
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'))
  if (!fs.existsSync(path.join(folder, manifest.main))) continue // not built in this run
  if (manifest.version !== main.version) throw new Error(`${manifest.name} ${manifest.version} != hooksig ${main.version}`)
  pack(folder)
  optionalDependencies[manifest.name] = manifest.version
}
if (Object.keys(optionalDependencies).length === 0) throw new Error('no platform package is built (run make dist)')

// Stage the main package: npm's own file list, then the amended package.json.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'hooksig-pack-'))
try {
  const [{ files }] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json'], { cwd: root, encoding: 'utf8' }))
  for (const { path: file } of files) {
    // A module built in the checkout (`npm run build`, glibc 2.34 here) stays out: the
    // published main package carries no binary, the platform packages do.
    if (NODE_BINARY.test(file)) continue
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true })
    fs.copyFileSync(path.join(root, file), path.join(stage, file))
  }
  const staged = {
    ...main,
    files: main.files.filter((pattern) => !NODE_BINARY.test(pattern)),
    optionalDependencies: { ...main.optionalDependencies, ...optionalDependencies },
  }
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(staged, null, 2) + '\n')
  pack(stage)
} finally {
  fs.rmSync(stage, { recursive: true, force: true })
}
