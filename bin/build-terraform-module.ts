import { relative, resolve } from 'node:path';
import { writeTerraformModule } from '../module-generator/write-terraform-module';

/** `npm run build:module [-- OUT_DIR]`: writes the Terraform module, by default to dist/terraform-module/. */
const DEFAULT_OUT_DIR = resolve(__dirname, '..', 'dist', 'terraform-module');

const outDir = process.argv[2] !== undefined ? resolve(process.argv[2]) : DEFAULT_OUT_DIR;
const written = writeTerraformModule(outDir);
console.log(`Wrote ${written.map((path) => relative(process.cwd(), path)).join(', ')}`);
