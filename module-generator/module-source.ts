import manifest from '../package.json';

/** `repository.url` as npm writes a GitHub repository: `git+https://github.com/OWNER/NAME.git`. */
const GITHUB_REPOSITORY_URL = /^git\+(https:\/\/github\.com\/[A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\.git$/;

/**
 * The project's GitHub repository (`https://github.com/OWNER/NAME`), read from package.json's
 * `repository.url`, the one place it is written: every document derives from it.
 */
export function projectRepository(url: string = manifest.repository.url): string {
  const match = GITHUB_REPOSITORY_URL.exec(url);
  if (!match) throw new Error(`package.json 'repository.url' must be git+https://github.com/OWNER/NAME.git, got ${JSON.stringify(url)}`);
  return match[1];
}

/**
 * How users reference the committed module: the repository's git URL, the module's folder, and
 * the release tag of this version (`npm version` regenerates the module, so the tag follows).
 */
export function moduleSource(repository: string = projectRepository(), version: string = manifest.version): string {
  return `git::${repository}.git//terraform-module?ref=v${version}`;
}
