import { IConstruct } from 'constructs';
import { TerraformProvider, Token } from '../toolchain';
import type { AnomalyDetectorKeyProps } from '../anomaly-detector-key';
import { assertDetectorAccounts, assertKeyPolicyStatements } from '../key-policy';
import { assertLogGroupNames } from '../log-group-key-policy';
import {
  ALIAS_NAME,
  ALIAS_PREFIX,
  KEY_TAG_RULES,
  MAX_ALIAS_LENGTH,
  MAX_DELETION_WINDOW_DAYS,
  MAX_DESCRIPTION_LENGTH,
  MAX_ROTATION_PERIOD_DAYS,
  MIN_DELETION_WINDOW_DAYS,
  MIN_ROTATION_PERIOD_DAYS,
  RESERVED_ALIAS_PREFIX,
  SYMMETRIC_KEY_SPEC,
} from '../aws/kms';
import { ACCOUNT_ID, partitionRuleBroken, REGION_NAME } from '../aws/partitions';
import { checkTags, described, literalBoolean, literalInteger, literalString } from './prop-checks';
import { LiteralProviderSettings, literalProviderSettings } from './provider-environment';
import { bindingHasRegionArgument, REGION_ARGUMENT_RULE } from './resource-region';

/** Construct ids joined by '/': none empty. */
const CONSTRUCT_PATH = /^[^/]+(\/[^/]+)*$/;

export function normalizeAlias(alias: string): string {
  return alias.startsWith(ALIAS_PREFIX) ? alias : `${ALIAS_PREFIX}${alias}`;
}

/**
 * Throws when a literal prop of the key breaks a KMS or CloudWatch Logs rule. `prefix` is put
 * before every prop name in messages (`keyProps.` when the detector makes the key, with the
 * detector's `provider`).
 */
export function validateKeyProps(
  scope: IConstruct,
  props: AnomalyDetectorKeyProps,
  prefix = '',
  provider: TerraformProvider | undefined = props?.provider,
): void {
  const name = (prop: string) => `${prefix}${prop}`;
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw new Error(`'${prefix ? prefix.slice(0, -1) : 'props'}' must be an object of AnomalyDetectorKeyProps, got ${described(props)}`);
  }
  const keySpec = literalString(name('keySpec'), props.keySpec);
  if (keySpec !== undefined && keySpec !== SYMMETRIC_KEY_SPEC) {
    throw new Error(`'${name('keySpec')}' must be '${SYMMETRIC_KEY_SPEC}', got '${keySpec}': CloudWatch Logs supports only symmetric KMS keys`);
  }
  const rotation = literalBoolean(name('enableKeyRotation'), props.enableKeyRotation);
  literalInteger(name('deletionWindowInDays'), props.deletionWindowInDays, MIN_DELETION_WINDOW_DAYS, MAX_DELETION_WINDOW_DAYS);
  literalInteger(name('rotationPeriodInDays'), props.rotationPeriodInDays, MIN_ROTATION_PERIOD_DAYS, MAX_ROTATION_PERIOD_DAYS);
  if (props.rotationPeriodInDays !== undefined && rotation === false) {
    throw new Error(`'${name('rotationPeriodInDays')}' needs '${name('enableKeyRotation')}' true, got enableKeyRotation false`);
  }
  literalBoolean(name('preventDestroy'), props.preventDestroy);
  literalString(name('description'), props.description, { max: MAX_DESCRIPTION_LENGTH });
  checkAlias(name('alias'), props.alias);
  checkConstructPath(name('renamedFrom'), props.renamedFrom);
  const account = literalString(name('account'), props.account);
  if (account !== undefined && !ACCOUNT_ID.test(account)) throw new Error(`'${name('account')}' must be 12 digits, got '${account}'`);
  checkProvider(name('provider'), props.provider);
  const providerSettings = literalProviderSettings(scope, provider);
  const region = checkRegion(name('region'), props.region, providerSettings);
  checkPartition(name('partition'), props.partition, region ?? providerSettings.region);
  checkDetectorAccounts(name('detectorAccounts'), props.detectorAccounts);
  if (props.logGroupNames !== undefined && props.logGroups !== undefined) {
    throw new Error(`'${name('logGroups')}' is the deprecated name of '${name('logGroupNames')}': give only 'logGroupNames', got both`);
  }
  if (props.logGroupNames !== undefined) checkLogGroupNames(name('logGroupNames'), props.logGroupNames);
  if (props.logGroups !== undefined) checkLogGroupNames(name('logGroups'), props.logGroups);
  if (props.additionalPolicyStatements !== undefined) assertKeyPolicyStatements(name('additionalPolicyStatements'), props.additionalPolicyStatements);
  checkTags(name('tags'), props.tags, KEY_TAG_RULES);
}

function checkAlias(prop: string, value: unknown): void {
  const given = literalString(prop, value);
  if (given === undefined) return;
  const alias = normalizeAlias(given);
  if (alias.startsWith(RESERVED_ALIAS_PREFIX)) {
    throw new Error(`'${prop}' must not start with '${RESERVED_ALIAS_PREFIX}' (reserved for AWS managed keys), got '${given}'`);
  }
  if (alias.length > MAX_ALIAS_LENGTH) {
    throw new Error(`'${prop}' must be at most ${MAX_ALIAS_LENGTH} characters with '${ALIAS_PREFIX}', got ${alias.length}`);
  }
  if (!ALIAS_NAME.test(alias)) {
    throw new Error(`'${prop}' must be a name of letters, digits, '/', '_' and '-' after '${ALIAS_PREFIX}', got '${given}'`);
  }
}

function checkConstructPath(prop: string, value: unknown): void {
  const path = literalString(prop, value);
  if (path !== undefined && !CONSTRUCT_PATH.test(path)) {
    throw new Error(`'${prop}' must be a construct path below the stack, ids joined by '/' (like 'key' or 'detector/Key'), got '${path}'`);
  }
}

/** Throws unless `value`, when given, is a hashicorp/aws provider of any binding. */
export function checkProvider(prop: string, value: unknown): void {
  if (value === undefined) return;
  if (!TerraformProvider.isTerraformProvider(value) || value.terraformResourceType !== 'aws') {
    throw new Error(`'${prop}' must be an AwsProvider (a TerraformProvider of hashicorp/aws), got ${described(value)}`);
  }
}

/** The literal region, after checking it is one and the provider's: the provider creates the key there. */
function checkRegion(prop: string, value: unknown, provider: LiteralProviderSettings): string | undefined {
  const region = literalString(prop, value);
  if (region === undefined) return undefined;
  if (!REGION_NAME.test(region)) throw new Error(`'${prop}' must be an AWS region name like 'us-east-1', got '${region}'`);
  if (provider.region !== undefined && region !== provider.region && !bindingHasRegionArgument()) {
    throw new Error(
      `'${prop}' must be the region ${provider.region} of ${provider.name}, which creates the key, got '${region}': ` +
        `the key policy would let CloudWatch Logs of another region use the key (${REGION_ARGUMENT_RULE})`,
    );
  }
  return region;
}

function checkDetectorAccounts(prop: string, value: unknown): void {
  if (value === undefined) return;
  if (Token.isUnresolved(value) || !Array.isArray(value)) {
    throw new Error(`'${prop}' must be a list of 12-digit accounts (each may be a token; the list itself may not), got ${described(value)}`);
  }
  assertDetectorAccounts(prop, value, (account) => Token.isUnresolved(account));
}

function checkLogGroupNames(prop: string, value: unknown): void {
  if (Token.isUnresolved(value)) {
    throw new Error(`'${prop}' must be a list of log group names (each may be a token; the list itself may not), got ${described(value)}`);
  }
  assertLogGroupNames(prop, value, (name) => Token.isUnresolved(name));
}

function checkPartition(prop: string, value: unknown, region: string | undefined): void {
  const partition = literalString(prop, value);
  const rule = partition === undefined ? undefined : partitionRuleBroken(partition, region);
  if (rule !== undefined) throw new Error(`'${prop}' must be ${rule}, got '${partition}'`);
}
