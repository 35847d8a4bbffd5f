import { moduleSource, projectRepository } from '../../../module-generator/module-source';

describe("the module's source line, derived from package.json", () => {
  test("the repository is package.json's repository.url without git+ and .git", () => {
    expect(projectRepository()).toBe('https://github.com/kms-anomaly-detector/kms-anomaly-detector');
    expect(projectRepository('git+https://github.com/acme/detectors.git')).toBe('https://github.com/acme/detectors');
  });

  test('the source is the git URL, the module folder and the release tag of the version', () => {
    expect(moduleSource('https://github.com/acme/detectors', '1.2.3')).toBe('git::https://github.com/acme/detectors.git//terraform-module?ref=v1.2.3');
  });

  test.each([
    ['https://github.com/acme/detectors', 'no git+ prefix'],
    ['git+https://github.com/acme/detectors', 'no .git suffix'],
    ['git+https://gitlab.com/acme/detectors.git', 'not GitHub'],
    ['git+https://github.com/acme.git', 'no repository name'],
  ])('refuses %s (%s), naming the field and the rule', (url) => {
    expect(() => projectRepository(url)).toThrow(`package.json 'repository.url' must be git+https://github.com/OWNER/NAME.git, got "${url}"`);
  });
});
