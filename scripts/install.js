#!/usr/bin/env node
'use strict'
// `npm install` hook: makes sure a native binary for this platform is present.
//
// 1. A binary that loads already (the prebuilt platform package hooksig-<platform>, an
//    optionalDependency of the published package, or one built before): nothing to do.
// 2. Otherwise build it from the Rust sources shipped in the package with cargo, and put it
//    where the napi-rs loader (bindings-node/native.js) looks, beside it:
//    bindings-node/hooksig.<platform>-<arch>[-<abi>].node.
//
// Set HOOKSIG_SKIP_BUILD=1 to skip (e.g. when a CI step builds with `npm run build`).

const { execFileSync, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
/** The package's JavaScript, the generated loader and the module it loads. */
const bindings = path.join(root, 'bindings-node')

function loads() {
  const probe = spawnSync(process.execPath, ['-e', 'require(process.argv[1])', path.join(bindings, 'native.js')], {
    stdio: 'ignore',
  })
  return probe.status === 0
}

function isMusl() {
  if (process.platform !== 'linux') return false
  const report = process.report && process.report.getReport ? process.report.getReport() : null
  return report ? !report.header.glibcVersionRuntime : false
}

/** The file name native.js loads on this machine. */
function binaryName() {
  const { platform, arch } = process
  let abi = ''
  if (platform === 'linux') abi = isMusl() ? '-musl' : arch === 'arm' ? '-gnueabihf' : '-gnu'
  if (platform === 'win32') abi = '-msvc'
  return `hooksig.${platform === 'darwin' ? 'darwin' : platform}-${arch}${abi}.node`
}

function libraryName() {
  if (process.platform === 'win32') return 'hooksig_node.dll'
  if (process.platform === 'darwin') return 'libhooksig_node.dylib'
  return 'libhooksig_node.so'
}

function main() {
  if (process.env.HOOKSIG_SKIP_BUILD === '1') return
  if (loads()) return
  try {
    execFileSync('cargo', ['--version'], { stdio: 'ignore' })
  } catch {
    // The loader's error names this platform, its prebuilt package and the fixes.
    let reason = `hooksig: no native module loads on ${process.platform}-${process.arch}.`
    try {
      require(path.join(bindings, 'loader.js'))
    } catch (error) {
      reason = error.message
    }
    console.error(`${reason}\nhooksig: cargo (Rust) is not installed, so the install script cannot build the module from source.`)
    process.exit(1)
  }
  // In a checkout, build into its target/ (fast rebuilds); in node_modules, into a temporary
  // folder removed afterwards, so the package does not keep hundreds of MB of build output.
  const inCheckout = fs.existsSync(path.join(root, '.git'))
  const targetDir = process.env.CARGO_TARGET_DIR || (inCheckout ? path.join(root, 'target') : fs.mkdtempSync(path.join(os.tmpdir(), 'hooksig-build-')))
  console.error(`hooksig: building the native module from source with cargo (about 20 s)...`)
  try {
    execFileSync(
      'cargo',
      ['build', '--release', '--locked', '--manifest-path', path.join(bindings, 'Cargo.toml')],
      { stdio: 'inherit', env: { ...process.env, CARGO_TARGET_DIR: targetDir } },
    )
    fs.copyFileSync(path.join(targetDir, 'release', libraryName()), path.join(bindings, binaryName()))
  } finally {
    if (!inCheckout && !process.env.CARGO_TARGET_DIR) fs.rmSync(targetDir, { recursive: true, force: true })
  }
  if (!loads()) {
    console.error('hooksig: the native module was built but does not load')
    process.exit(1)
  }
}

main()
