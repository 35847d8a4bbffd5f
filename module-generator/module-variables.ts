import { TerraformVariable, TerraformVariableConfig } from 'cdktf';
import { Construct } from 'constructs';
import { DEFAULT_KEY_DESCRIPTION } from '../modules/anomaly-detector-key';
import {
  ALIAS_NAME,
  ALIAS_PREFIX,
  MAX_ALIAS_LENGTH,
  MAX_DELETION_WINDOW_DAYS,
  MAX_DESCRIPTION_LENGTH,
  MAX_ROTATION_PERIOD_DAYS,
  MIN_DELETION_WINDOW_DAYS,
  MIN_ROTATION_PERIOD_DAYS,
  RESERVED_ALIAS_PREFIX,
} from '../modules/aws/kms';
import { ACCOUNT_ID, REGION_NAME } from '../modules/aws/partitions';
import { LOGS_LOG_GROUPS_SID } from '../modules/log-group-key-policy';
import {
  ACCOUNT_ROOT_SID,
  DETECTOR_ACCOUNTS_RULES,
  KEY_POLICY_STATEMENT_RULES,
  LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_SID,
  LOGS_ANOMALY_DETECTOR_SID,
  MAX_DETECTOR_ACCOUNTS,
} from '../modules/key-policy';
import { EvaluationFrequency, MAX_ANOMALY_VISIBILITY_DAYS, MAX_FILTER_PATTERN_LENGTH, MIN_ANOMALY_VISIBILITY_DAYS } from '../modules/aws/cloudwatch-logs';
import { ALL_LOG_GROUPS, LOG_GROUP_NAME_PATTERN } from '../modules/aws/log-group-encryption';
import { KEY_ARN_PATTERN, LOG_GROUP_ARN_PATTERN } from './arn-patterns';
import { hclString, interpolation } from './hcl';

/**
 * The published module's input variables. The constructs validate literal props at synth;
 * here every prop is a variable token, which they skip, so each of their rules is restated as
 * a `validation` block with the constructs' own limits: bad input fails at plan, naming the
 * variable and the rule. Optional values default to null, which leaves the construct's (or
 * the service's) default in place.
 */
export interface ModuleVariables {
  readonly logGroupArns: TerraformVariable;
  readonly detectorName: TerraformVariable;
  readonly evaluationFrequency: TerraformVariable;
  readonly filterPattern: TerraformVariable;
  readonly anomalyVisibilityTime: TerraformVariable;
  readonly enabled: TerraformVariable;
  readonly kmsKeyArn: TerraformVariable;
  readonly keyAlias: TerraformVariable;
  readonly keyDescription: TerraformVariable;
  readonly enableKeyRotation: TerraformVariable;
  readonly deletionWindowInDays: TerraformVariable;
  readonly tags: TerraformVariable;
  readonly keyLogGroupNames: TerraformVariable;
  /** @deprecated the former name of `keyLogGroupNames`, kept for one minor version. */
  readonly encryptLogGroups: TerraformVariable;
  readonly detectorAccounts: TerraformVariable;
  readonly keyRotationPeriodInDays: TerraformVariable;
  readonly additionalKeyPolicyStatements: TerraformVariable;
  readonly region: TerraformVariable;
}

/** The Sids of the statements the module writes itself: additional statements must not reuse them. */
export const MODULE_STATEMENT_SIDS = [ACCOUNT_ROOT_SID, LOGS_ANOMALY_DETECTOR_SID, LOGS_ANOMALY_DETECTOR_ENCRYPTION_SDK_SID, LOGS_LOG_GROUPS_SID];

/** Whether `value` (an HCL expression) is a non-empty string, or a non-empty list of non-empty strings. */
function nonEmptyStringOrList(value: string): string {
  return (
    `try(${value} == tostring(${value}) && length(${value}) > 0, false) || ` +
    `try(length(${value}) > 0 && length([for item in ${value} : item if item == tostring(item) && item != ""]) == length(${value}), false)`
  );
}

/**
 * The rules of `assertKeyPolicyStatements` and the policy's unique Sids, one validation each,
 * worded from the same constants.
 */
function statementRules(name: string): Array<{ condition: string; errorMessage: string }> {
  const r = KEY_POLICY_STATEMENT_RULES;
  const isList = `can(concat(var.${name}, []))`;
  // Only the first rule reports what is not a list, only the second what is not an object.
  const each = (check: string) => `${isList} ? try(alltrue([for statement in var.${name} : can(keys(statement)) ? ${check} : true]), true) : true`;
  const sids = `[for statement in var.${name} : statement.Sid if try(statement.Sid, null) != null]`;
  return [
    rule(isList, `'${name}' ${r.list}.`),
    rule(`${isList} ? alltrue([for statement in var.${name} : can(keys(statement))]) : true`, `'${name}[*]' ${r.object}.`),
    rule(each('(try(statement.Sid, null) == null ? true : try(statement.Sid == tostring(statement.Sid), false))'), `'${name}[*].Sid' ${r.sid}.`),
    rule(each('try(contains(["Allow", "Deny"], statement.Effect), false)'), `'${name}[*].Effect' ${r.effect}.`),
    rule(each('try(statement.Principal, statement.NotPrincipal, null) != null'), `'${name}[*].Principal' ${r.principal}.`),
    ...['Action', 'Resource'].map((element) =>
      rule(each(`(${nonEmptyStringOrList(`try(statement.${element}, statement.Not${element}, null)`)})`), `'${name}[*].${element}' ${r.actionOrResource}.`),
    ),
    rule(
      `try(length(distinct(${sids})) == length(${sids}) && length(setintersection(toset(${sids}), ${JSON.stringify(MODULE_STATEMENT_SIDS)})) == 0, true)`,
      `'${name}' ${r.uniqueSids}, among themselves and with the module's own (${MODULE_STATEMENT_SIDS.join(', ')}).`,
    ),
  ];
}

/** A list of log group names or `*` patterns, checked as the constructs check `logGroupNames`. */
function logGroupNamesVariable(scope: Construct, name: string, description: string): TerraformVariable {
  return new TerraformVariable(scope, name, {
    type: 'list(string)',
    default: [],
    nullable: false,
    description,
    validation: [
      rule(
        `alltrue([for name in var.${name} : can(regex(${hclString(LOG_GROUP_NAME_PATTERN.source)}, name))])`,
        `'${name}' must hold log group names, 1 to 512 of letters, digits and _ - / . #, or patterns of them with '*'.`,
      ),
      rule(`length(distinct(var.${name})) == length(var.${name})`, `'${name}' must not name a log group twice.`),
    ],
  });
}

/** Passes for null, else needs `check`: `||` evaluates both sides in Terraform 1.11, and `length(null)` fails. */
function nullOr(variable: string, check: string): string {
  return `var.${variable} == null ? true : ${check}`;
}

function wholeNumberBetween(expression: string, min: number, max: number): string {
  return `${expression} >= ${min} && ${expression} <= ${max} && floor(${expression}) == ${expression}`;
}

/**
 * A variable that defaults to null. cdktf cannot write `default: null` (it converts the default's
 * keys like an object's), so the default is set by override.
 */
function optionalVariable(scope: Construct, name: string, config: Omit<TerraformVariableConfig, 'default'>): TerraformVariable {
  const variable = new TerraformVariable(scope, name, config);
  variable.addOverride('default', null);
  return variable;
}

function rule(condition: string, errorMessage: string) {
  return { condition: interpolation(condition), errorMessage };
}

/** What differs between the module's variants. */
export interface ModuleVariant {
  /** Resources take hashicorp/aws 6's `region` argument (the aws6/ folder). */
  readonly regionArgument: boolean;
}

export function declareModuleVariables(scope: Construct, variant: ModuleVariant): ModuleVariables {
  const frequencies = Object.values(EvaluationFrequency);
  // The alias as the construct names it, prefix added when missing.
  const fullAlias = `join("", [${hclString(ALIAS_PREFIX)}, trimprefix(var.key_alias, ${hclString(ALIAS_PREFIX)})])`;

  return {
    logGroupArns: new TerraformVariable(scope, 'log_group_arns', {
      type: 'list(string)',
      nullable: false,
      description:
        "ARNs of the log groups the detector watches (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME), in the provider's region. " +
        'Changing the list replaces the detector.',
      validation: [
        rule('length(var.log_group_arns) >= 1', "'log_group_arns' must name at least one log group."),
        rule(
          `alltrue([for arn in var.log_group_arns : can(regex(${hclString(LOG_GROUP_ARN_PATTERN)}, arn))])`,
          "'log_group_arns' must hold only log group ARNs (arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME).",
        ),
      ],
    }),
    detectorName: optionalVariable(scope, 'detector_name', {
      type: 'string',
      description: 'Name of the detector; null: no name. Changing it replaces the detector.',
      validation: [rule(nullOr('detector_name', 'length(var.detector_name) >= 1'), "'detector_name' must be at least 1 character when given.")],
    }),
    evaluationFrequency: optionalVariable(scope, 'evaluation_frequency', {
      type: 'string',
      description: `How often the detector looks for anomalies: ${frequencies.join(' | ')}; null: the service default. Updates in place.`,
      validation: [
        rule(
          nullOr('evaluation_frequency', `contains(${JSON.stringify(frequencies)}, var.evaluation_frequency)`),
          `'evaluation_frequency' must be one of ${frequencies.join(' | ')}.`,
        ),
      ],
    }),
    filterPattern: optionalVariable(scope, 'filter_pattern', {
      type: 'string',
      description:
        `Only log events matching this filter pattern are examined, at most ${MAX_FILTER_PATTERN_LENGTH} characters; ` +
        'null: every event. Changing it updates the detector in place.',
      validation: [
        rule(
          nullOr('filter_pattern', `length(var.filter_pattern) <= ${MAX_FILTER_PATTERN_LENGTH}`),
          `'filter_pattern' must be at most ${MAX_FILTER_PATTERN_LENGTH} characters.`,
        ),
      ],
    }),
    anomalyVisibilityTime: optionalVariable(scope, 'anomaly_visibility_time', {
      type: 'number',
      description:
        `Days an anomaly stays visible before it is baselined as normal, ${MIN_ANOMALY_VISIBILITY_DAYS} to ${MAX_ANOMALY_VISIBILITY_DAYS}; ` +
        'null: the service default (21). Changing it updates the detector in place.',
      validation: [
        rule(
          nullOr('anomaly_visibility_time', wholeNumberBetween('var.anomaly_visibility_time', MIN_ANOMALY_VISIBILITY_DAYS, MAX_ANOMALY_VISIBILITY_DAYS)),
          `'anomaly_visibility_time' must be a whole number of days between ${MIN_ANOMALY_VISIBILITY_DAYS} and ${MAX_ANOMALY_VISIBILITY_DAYS}.`,
        ),
      ],
    }),
    enabled: new TerraformVariable(scope, 'enabled', {
      type: 'bool',
      default: true,
      nullable: false,
      description:
        'Whether the detector runs. false pauses an existing detector only: CreateLogAnomalyDetector has no such field, so a new detector starts running.',
    }),
    kmsKeyArn: optionalVariable(scope, 'kms_key_arn', {
      type: 'string',
      description:
        "ARN of an existing symmetric KMS key in the provider's region whose policy already lets CloudWatch Logs use it; " +
        'null: the module creates the key. Changing it replaces the detector.',
      validation: [
        rule(
          nullOr('kms_key_arn', `can(regex(${hclString(KEY_ARN_PATTERN)}, var.kms_key_arn))`),
          "'kms_key_arn' must be a KMS key ARN (arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID), not an alias or a key id.",
        ),
      ],
    }),
    keyAlias: optionalVariable(scope, 'key_alias', {
      type: 'string',
      description: `Alias of the created key, '${ALIAS_PREFIX}' added when missing; null: no alias. Only when kms_key_arn is null.`,
      validation: [
        rule(
          nullOr(
            'key_alias',
            `length(${fullAlias}) <= ${MAX_ALIAS_LENGTH} && can(regex(${hclString(ALIAS_NAME.source)}, ${fullAlias})) && ` +
              `!startswith(${fullAlias}, ${hclString(RESERVED_ALIAS_PREFIX)})`,
          ),
          `'key_alias' must be at most ${MAX_ALIAS_LENGTH} characters of letters, digits, '/', '_' and '-' (with '${ALIAS_PREFIX}') ` +
            `and must not start with '${RESERVED_ALIAS_PREFIX}' (reserved for AWS managed keys).`,
        ),
      ],
    }),
    keyDescription: new TerraformVariable(scope, 'key_description', {
      type: 'string',
      default: DEFAULT_KEY_DESCRIPTION,
      nullable: false,
      description: `Description of the created key, at most ${MAX_DESCRIPTION_LENGTH} characters. Only when kms_key_arn is null.`,
      validation: [rule(`length(var.key_description) <= ${MAX_DESCRIPTION_LENGTH}`, `'key_description' must be at most ${MAX_DESCRIPTION_LENGTH} characters.`)],
    }),
    enableKeyRotation: new TerraformVariable(scope, 'enable_key_rotation', {
      type: 'bool',
      default: true,
      nullable: false,
      description: "Rotate the created key's material automatically (every key_rotation_period_in_days). Only when kms_key_arn is null.",
    }),
    deletionWindowInDays: new TerraformVariable(scope, 'deletion_window_in_days', {
      type: 'number',
      default: MAX_DELETION_WINDOW_DAYS,
      nullable: false,
      description:
        `Days KMS waits before deleting the created key once deletion is scheduled, ${MIN_DELETION_WINDOW_DAYS} to ${MAX_DELETION_WINDOW_DAYS}. ` +
        'Only when kms_key_arn is null.',
      validation: [
        rule(
          wholeNumberBetween('var.deletion_window_in_days', MIN_DELETION_WINDOW_DAYS, MAX_DELETION_WINDOW_DAYS),
          `'deletion_window_in_days' must be a whole number between ${MIN_DELETION_WINDOW_DAYS} and ${MAX_DELETION_WINDOW_DAYS}.`,
        ),
      ],
    }),
    keyLogGroupNames: logGroupNamesVariable(
      scope,
      'key_log_group_names',
      "Names of log groups of this account, in the provider's region, that the created key encrypts too, '*' matching any characters " +
        `(["${ALL_LOG_GROUPS}"]: every log group there): its policy lets CloudWatch Logs use the key for them; give them kms_key_id = key_arn. ` +
        "Write the names literally, or from locals: a log group's own attributes would make a cycle through the key. Only when kms_key_arn is null. " +
        "The constructs' AnomalyDetectorKey logGroupNames.",
    ),
    encryptLogGroups: logGroupNamesVariable(
      scope,
      'encrypt_log_groups',
      'Deprecated, removed in 0.3.0: the former name of key_log_group_names (the constructs use encryptLogGroups for a yes/no choice). Giving both is refused.',
    ),
    detectorAccounts: optionalVariable(scope, 'detector_accounts', {
      type: 'list(string)',
      description:
        "Accounts whose anomaly detectors, in the key's region, may use the created key: a central key serving workload accounts. " +
        `12-digit accounts, no duplicates, at most ${MAX_DETECTOR_ACCOUNTS}; list the key's own account too if its detectors use the key. ` +
        "Dropping an account later makes its detectors' data unretrievable. null: the key's own account. Only when kms_key_arn is null.",
      validation: [
        rule(nullOr('detector_accounts', 'length(var.detector_accounts) >= 1'), `'detector_accounts' ${DETECTOR_ACCOUNTS_RULES.atLeastOne}.`),
        rule(
          nullOr('detector_accounts', `length(var.detector_accounts) <= ${MAX_DETECTOR_ACCOUNTS}`),
          `'detector_accounts' ${DETECTOR_ACCOUNTS_RULES.atMost}.`,
        ),
        rule(
          nullOr('detector_accounts', `alltrue([for account in var.detector_accounts : can(regex(${hclString(ACCOUNT_ID.source)}, account))])`),
          `'detector_accounts[*]' ${DETECTOR_ACCOUNTS_RULES.twelveDigits}.`,
        ),
        rule(
          nullOr('detector_accounts', 'length(distinct(var.detector_accounts)) == length(var.detector_accounts)'),
          `'detector_accounts' ${DETECTOR_ACCOUNTS_RULES.unique}.`,
        ),
      ],
    }),
    keyRotationPeriodInDays: optionalVariable(scope, 'key_rotation_period_in_days', {
      type: 'number',
      description:
        `Days between automatic rotations of the created key, ${MIN_ROTATION_PERIOD_DAYS} to ${MAX_ROTATION_PERIOD_DAYS}; needs enable_key_rotation true. ` +
        'null: 365, as KMS applies. Only when kms_key_arn is null.',
      validation: [
        rule(
          nullOr('key_rotation_period_in_days', wholeNumberBetween('var.key_rotation_period_in_days', MIN_ROTATION_PERIOD_DAYS, MAX_ROTATION_PERIOD_DAYS)),
          `'key_rotation_period_in_days' must be a whole number between ${MIN_ROTATION_PERIOD_DAYS} and ${MAX_ROTATION_PERIOD_DAYS}.`,
        ),
      ],
    }),
    additionalKeyPolicyStatements: new TerraformVariable(scope, 'additional_key_policy_statements', {
      type: 'any',
      default: [],
      nullable: false,
      description:
        "Statements added to the created key's policy after the module's own, as objects in IAM's JSON shape (Sid, Effect, Principal, Action, Resource, Condition). " +
        'Only when kms_key_arn is null.',
      validation: statementRules('additional_key_policy_statements'),
    }),
    region: optionalVariable(scope, 'region', {
      type: 'string',
      description: variant.regionArgument
        ? "Region of the key, its alias and the detector (hashicorp/aws 6's per-resource region argument); log groups must be there. null: the provider's region."
        : "Region of the key and the detector. null: the provider's region. Here it must be the provider's region: " +
          "another region needs hashicorp/aws 6's per-resource region argument, in the module's aws6/ folder.",
      validation: [rule(nullOr('region', `can(regex(${hclString(REGION_NAME.source)}, var.region))`), "'region' must be an AWS region name like 'us-east-1'.")],
    }),
    tags: new TerraformVariable(scope, 'tags', {
      type: 'map(string)',
      default: {},
      nullable: false,
      description: 'Tags for the detector and the created key.',
    }),
  };
}
