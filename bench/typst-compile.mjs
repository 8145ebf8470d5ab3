// Compiles DIR/report.typ (written by bench/peerdoc) to DIR/typst.pdf with
// the Typst compiler's Node binding, using the fonts in DIR/fonts:
//
//   node typst-compile.mjs DIR
//
// bench/peers.sh copies this file next to the node_modules folder that
// holds @myriaddreamin/typst-ts-node-compiler.
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? '.');
const compiler = NodeCompiler.create({ workspace: dir, fontArgs: [{ fontPaths: [resolve(dir, 'fonts')] }] });
const pdf = compiler.pdf({ mainFilePath: resolve(dir, 'report.typ') });
writeFileSync(resolve(dir, 'typst.pdf'), pdf);
