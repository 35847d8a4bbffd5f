import { relative, resolve } from 'node:path';
import { writeTerraformModule } from '../module-generator/write-terraform-module';

/**
 * `npm run build:module [-- OUT_DIR]`: writes the Terraform module, by default to the committed
 * terraform-module/ (users take it from git), leaving its examples/ in place.
 */
const DEFAULT_OUT_DIR = resolve(__dirname, '..', 'terraform-module');

const outDir = process.argv[2] !== undefined ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
const written = writeTerraformModule(outDir);
console.log(`Wrote ${written.map((path) => relative(process.cwd(), path)).join(', ')}`);
