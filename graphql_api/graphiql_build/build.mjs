// Builds GraphiQL for /graphql/ into graphql_api/static/graphql_api/graphiql/:
//   graphiql.js                one minified IIFE: GraphiQL, React, graphql-js, graphql-ws, src/main.js
//   graphiql.css               GraphiQL's styles (fonts inlined as data: URLs) and src/page.css
//   favicon.svg                copied from src/
//   THIRD_PARTY_LICENSES.txt   name, version and licence text of every npm package in the bundle
//
// Usage: node build.mjs [--outdir=DIR]   (default: ../static/graphql_api/graphiql next to this file)
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdirArg = process.argv.find((arg) => arg.startsWith('--outdir='));
const outdir = path.resolve(
  outdirArg ? outdirArg.slice('--outdir='.length) : path.join(here, '..', 'static', 'graphql_api', 'graphiql'),
);
const pkg = JSON.parse(await readFile(path.join(here, 'package.json'), 'utf8'));

await mkdir(outdir, { recursive: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { graphiql: 'src/main.js' },
  outdir,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  banner: {
    js: `/*! GraphiQL ${pkg.dependencies.graphiql} with React ${pkg.dependencies.react}, bundled for /graphql/. Licences: THIRD_PARTY_LICENSES.txt */`,
    css: `/*! GraphiQL ${pkg.dependencies.graphiql} styles. Licences: THIRD_PARTY_LICENSES.txt */`,
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'info',
});
await copyFile(path.join(here, 'src', 'favicon.svg'), path.join(outdir, 'favicon.svg'));

// -- THIRD_PARTY_LICENSES.txt: one section per npm package that ended up in the bundle --
const packageDirs = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) continue;
  const width = parts[at + 1].startsWith('@') ? 2 : 1;
  packageDirs.add(parts.slice(0, at + 1 + width).join('/'));
}
const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;
const sections = [];
for (const dir of packageDirs) {
  const meta = JSON.parse(await readFile(path.join(here, dir, 'package.json'), 'utf8'));
  const files = (await readdir(path.join(here, dir))).filter((name) => LICENSE_FILE.test(name)).sort();
  const texts = await Promise.all(files.map((name) => readFile(path.join(here, dir, name), 'utf8')));
  const licence = typeof meta.license === 'string' ? meta.license : JSON.stringify(meta.license ?? 'UNKNOWN');
  const author = typeof meta.author === 'string' ? meta.author : meta.author?.name;
  sections.push({
    key: `${meta.name}@${meta.version}`,
    text: [
      `${meta.name} ${meta.version} (${licence})`,
      meta.repository ? `Source: ${typeof meta.repository === 'string' ? meta.repository : meta.repository.url}` : null,
      texts.length ? texts.map((text) => text.trim()).join('\n\n') : `No licence file shipped; package.json: license ${licence}${author ? `, author ${author}` : ''}.`,
    ].filter(Boolean).join('\n'),
  });
}
sections.sort((a, b) => a.key.localeCompare(b.key));
const seen = new Set();
const unique = sections.filter(({ key }) => !seen.has(key) && seen.add(key));
await writeFile(
  path.join(outdir, 'THIRD_PARTY_LICENSES.txt'),
  `Third-party software bundled in graphiql.js and graphiql.css (built by graphql_api/graphiql_build).\n` +
    `${unique.length} npm packages.\n\n` +
    unique.map(({ text }) => `${'='.repeat(78)}\n${text}\n`).join('\n'),
);
console.log(`Wrote ${outdir} (licences of ${unique.length} packages).`);
