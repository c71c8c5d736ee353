'use strict'
// Loads the native module through the loader napi-rs generates (native.js), which tries, in
// order: NAPI_RS_NATIVE_LIBRARY_PATH, ./hooksig.<platform>.node (built from source by
// scripts/install.js or `npm run build`), then the platform package `hooksig-<platform>`
// (an optionalDependency of the published package). When none loads, its error is replaced
// by one that names this platform, the package it needs and the fix; the original errors stay
// in `cause`.

/** `gnu` or `musl` on Linux: glibc reports its version in the process report (as native.js checks). */
function libcFamily() {
  const report = process.report && typeof process.report.getReport === 'function' ? process.report.getReport() : null
  return report && report.header && report.header.glibcVersionRuntime ? 'gnu' : 'musl'
}

/** napi-rs's name for this platform, e.g. `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`. */
function platformKey() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const libc = libcFamily()
    if (arch === 'arm') return `linux-arm-${libc === 'musl' ? 'musleabihf' : 'gnueabihf'}`
    return `linux-${arch}-${libc}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** The platforms the release publishes a prebuilt package for (package.json `napi.targets`). */
function prebuiltPlatforms() {
  const triples = require('../package.json').napi.targets
  const keys = {
    'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
    'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
    'x86_64-unknown-linux-musl': 'linux-x64-musl',
    'aarch64-unknown-linux-musl': 'linux-arm64-musl',
    'x86_64-apple-darwin': 'darwin-x64',
    'aarch64-apple-darwin': 'darwin-arm64',
    'x86_64-pc-windows-msvc': 'win32-x64-msvc',
    'aarch64-pc-windows-msvc': 'win32-arm64-msvc',
  }
  return triples.map((triple) => keys[triple]).filter(Boolean)
}

function loadError(cause) {
  const { version } = require('../package.json')
  const key = platformKey()
  const pkg = `hooksig-${key}`
  const lines = [`hooksig: no native module loads on ${key} (Node ${process.version}).`]
  if (prebuiltPlatforms().includes(key)) {
    lines.push(
      `The prebuilt binary for this platform comes in the package ${pkg}@${version}, an optional dependency of hooksig, and it is missing or does not load. To fix:`,
      `- If package-lock.json was written on another OS or CPU, npm dropped the optional platform packages from it (npm bug https://github.com/npm/cli/issues/4828): remove package-lock.json and node_modules, then run \`npm install\` again; or add it explicitly: \`npm install ${pkg}@${version}\`.`,
      `- If optional dependencies were omitted (\`--omit=optional\`, \`--no-optional\`), install without that flag.`,
    )
  } else {
    lines.push(`No prebuilt binary is published for ${key} (prebuilt: ${prebuiltPlatforms().join(', ')}).`)
  }
  lines.push(
    `- Or build it from the Rust sources shipped in the package: install Rust (https://rustup.rs), then run \`npm rebuild hooksig\` (its install script runs cargo; it does not run under --ignore-scripts).`,
    'The errors of each attempt are in `error.cause`.',
  )
  const error = new Error(lines.join('\n'))
  error.code = 'ERR_HOOKSIG_NATIVE_MISSING'
  error.cause = cause
  return error
}

let native
try {
  native = require('./native.js')
} catch (error) {
  throw loadError(error)
}

module.exports = native
