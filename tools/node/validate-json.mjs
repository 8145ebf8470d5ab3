// validate-json.mjs validates JSON documents against a JSON Schema
// (draft 2020-12) with ajv in strict mode, and the formats of
// ajv-formats (date, uri, ...); strict mode also rejects a schema
// that is not valid: a pattern that is no ECMA-262 regular expression, an
// unknown keyword.
//
//   node validate-json.mjs SCHEMA.json [REF.json ...] -- DOC.json ...
//
// Schemas named before "--" are added for $ref; each document after it is
// validated against the first. It prints one JSON object per document,
// {"file": ..., "valid": ..., "errors": [...]}, one per line, and exits 1
// if a document is invalid, 2 if a schema is.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const args = process.argv.slice(2);
const split = args.indexOf("--");
if (split < 1) {
  console.error("usage: node validate-json.mjs SCHEMA.json [REF.json ...] -- DOC.json ...");
  process.exit(2);
}
const schemas = args.slice(0, split).map((f) => JSON.parse(readFileSync(f, "utf8")));
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true, unicodeRegExp: true });
addFormats(ajv);
let validate;
try {
  for (const s of schemas.slice(1)) ajv.addSchema(s);
  validate = ajv.compile(schemas[0]);
} catch (e) {
  console.log(JSON.stringify({ file: args[0], valid: false, errors: [{ message: String(e.message) }] }));
  process.exit(2);
}
let bad = 0;
for (const file of args.slice(split + 1)) {
  const ok = validate(JSON.parse(readFileSync(file, "utf8")));
  if (!ok) bad++;
  console.log(JSON.stringify({ file, valid: ok, errors: validate.errors || [] }));
}
process.exit(bad ? 1 : 0);
