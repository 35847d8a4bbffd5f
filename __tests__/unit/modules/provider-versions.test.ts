import { hasRegionArgument, providerVersionAtLeast } from '../../../modules/aws/provider-versions';

describe('hashicorp/aws versions', () => {
  test.each([
    ['5.100.0', false],
    ['6.0.0', true],
    ['6.25.0', true],
    ['6.66.0', true],
  ])('%s has the region argument: %s', (version, expected) => {
    expect(hasRegionArgument(version)).toBe(expected);
  });

  test('compares numerically, part by part', () => {
    expect(providerVersionAtLeast('5.100.0', '5.81.0')).toBe(true);
    expect(providerVersionAtLeast('5.9.0', '5.81.0')).toBe(false);
    expect(providerVersionAtLeast('6.0.0', '6.0.0')).toBe(true);
  });

  test('refuses a version that is not major.minor.patch', () => {
    expect(() => hasRegionArgument('~> 6.0')).toThrow("'providerVersion' must be a version like '6.25.0', got '~> 6.0'");
  });
});
