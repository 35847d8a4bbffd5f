import type { IConstruct } from 'constructs';

/**
 * Which AWS services local AWS serves, as hashicorp/aws names them: the provider's `endpoints`
 * keys, and the resource and data-source type prefixes of each. Local AWS is moto 5.2.1 (its
 * `backend_index.py` lists the services its server answers) with the gateway in front, which
 * adds the anomaly-detector API to CloudWatch Logs. A key is listed when moto serves the service
 * and both hashicorp/aws 5.100.0 and 6.66.0 (the bindings this package is built against) know
 * the key: a key one provider version lacks would fail its `terraform validate`.
 *
 * Type prefixes follow the provider's own table (`names/data/names_data.csv`: the
 * `ResourcePrefixActual` column, else `aws_KEY_`). "Served" means moto has a backend for the
 * service, not that it implements every call a resource makes: such a resource still fails
 * locally, with moto's error, never against real AWS.
 */

/** Service key → the regular expression (source) its resource and data-source types match. */
const SERVED_SERVICES: Readonly<Record<string, string>> = {
  account: 'aws_account_',
  acm: 'aws_acm_',
  acmpca: 'aws_acmpca_',
  amp: 'aws_prometheus_',
  apigateway: 'aws_api_gateway_',
  appautoscaling: 'aws_appautoscaling_',
  appconfig: 'aws_appconfig_',
  appmesh: 'aws_appmesh_',
  appsync: 'aws_appsync_',
  athena: 'aws_athena_',
  autoscaling: 'aws_(autoscaling_|launch_configuration)',
  backup: 'aws_backup_',
  batch: 'aws_batch_',
  bedrock: 'aws_bedrock_',
  bedrockagent: 'aws_bedrockagent_',
  budgets: 'aws_budgets_',
  ce: 'aws_ce_',
  cloudformation: 'aws_cloudformation_',
  cloudfront: 'aws_cloudfront_',
  cloudhsmv2: 'aws_cloudhsm_v2_',
  cloudtrail: 'aws_cloudtrail',
  cloudwatch: 'aws_cloudwatch_(?!(event_|log_|query_))',
  codebuild: 'aws_codebuild_',
  codecommit: 'aws_codecommit_',
  codepipeline: 'aws_codepipeline',
  cognitoidentity: 'aws_cognito_identity_(?!provider)',
  cognitoidp: 'aws_cognito_(identity_provider|managed_user|resource|user|risk)',
  comprehend: 'aws_comprehend_',
  configservice: 'aws_config_',
  connect: 'aws_connect_',
  databrew: 'aws_databrew_',
  datapipeline: 'aws_datapipeline_',
  datasync: 'aws_datasync_',
  dax: 'aws_dax_',
  deploy: 'aws_codedeploy_',
  directconnect: 'aws_dx_',
  dms: 'aws_dms_',
  ds: 'aws_directory_service_',
  dsql: 'aws_dsql_',
  dynamodb: 'aws_dynamodb_',
  // EC2 with the parts the provider files apart (EBS, VPC, transit gateways, site-to-site VPN, carrier gateways), which moto's EC2 holds.
  ec2:
    'aws_(ami|availability_zone|ec2_(availability|capacity|fleet|host|instance|public_ipv4_pool|serial|spot|tag|transit_gateway|carrier_gateway)|eip|instance|key_pair|launch_template|placement_group|spot' +
    '|ebs_|volume_attach|snapshot_create|customer_gateway|vpn_' +
    '|(default_)?(network_acl|route_table|security_group|subnet|vpc(?!_ipam))|ec2_(managed|network|subnet|traffic)|egress_only_internet|flow_log|internet_gateway|main_route_table_association|nat_gateway|network_interface|prefix_list|route\\b)',
  ecr: 'aws_ecr_',
  ecs: 'aws_ecs_',
  efs: 'aws_efs_',
  eks: 'aws_eks_',
  elasticache: 'aws_elasticache_',
  elasticbeanstalk: 'aws_elastic_beanstalk_',
  elasticsearch: 'aws_elasticsearch_',
  elb: 'aws_(app_cookie_stickiness_policy|elb|lb_cookie_stickiness_policy|lb_ssl_negotiation_policy|load_balancer_|proxy_protocol_policy)',
  elbv2: 'aws_a?lb(\\b|_listener|_target_group|s|_trust_store)',
  emr: 'aws_emr_',
  emrcontainers: 'aws_emrcontainers_',
  emrserverless: 'aws_emrserverless_',
  events: 'aws_cloudwatch_event_',
  firehose: 'aws_kinesis_firehose_',
  fis: 'aws_fis_',
  fsx: 'aws_fsx_',
  glacier: 'aws_glacier_',
  glue: 'aws_glue_',
  greengrass: 'aws_greengrass_',
  guardduty: 'aws_guardduty_',
  iam: 'aws_iam_',
  identitystore: 'aws_identitystore_',
  inspector2: 'aws_inspector2_',
  iot: 'aws_iot_',
  ivs: 'aws_ivs_',
  kafka: 'aws_msk_',
  kinesis: 'aws_kinesis_stream',
  kinesisanalyticsv2: 'aws_kinesisanalyticsv2_',
  kinesisvideo: 'aws_kinesis_video_',
  kms: 'aws_kms_',
  lakeformation: 'aws_lakeformation_',
  lambda: 'aws_lambda_',
  lexv2models: 'aws_lexv2models_',
  logs: 'aws_cloudwatch_(log_|query_)',
  macie2: 'aws_macie2_',
  mediaconnect: 'aws_mediaconnect_',
  medialive: 'aws_medialive_',
  mediapackage: 'aws_media_package_',
  mediapackagev2: 'aws_media_packagev2_',
  mediastore: 'aws_media_store_',
  memorydb: 'aws_memorydb_',
  mq: 'aws_mq_',
  networkfirewall: 'aws_networkfirewall_',
  networkmanager: 'aws_networkmanager_',
  opensearchserverless: 'aws_opensearchserverless_',
  organizations: 'aws_organizations_',
  osis: 'aws_osis_',
  pinpoint: 'aws_pinpoint_',
  pipes: 'aws_pipes_',
  polly: 'aws_polly_',
  quicksight: 'aws_quicksight_',
  ram: 'aws_ram_',
  rds: 'aws_(db_|rds_)',
  redshift: 'aws_redshift_',
  redshiftdata: 'aws_redshiftdata_',
  rekognition: 'aws_rekognition_',
  resiliencehub: 'aws_resiliencehub_',
  resourcegroups: 'aws_resourcegroups_',
  resourcegroupstaggingapi: 'aws_resourcegroupstaggingapi_',
  route53: 'aws_route53_(?!resolver_)',
  route53domains: 'aws_route53domains_',
  route53resolver: 'aws_route53_resolver_',
  s3: 'aws_(canonical_user_id|s3_bucket|s3_object|s3_directory_bucket)',
  s3control: 'aws_(s3_account_|s3control_|s3_access_)',
  s3tables: 'aws_s3tables_',
  sagemaker: 'aws_sagemaker_',
  scheduler: 'aws_scheduler_',
  secretsmanager: 'aws_secretsmanager_',
  securityhub: 'aws_securityhub_',
  servicecatalog: 'aws_servicecatalog_',
  servicecatalogappregistry: 'aws_servicecatalogappregistry_',
  servicediscovery: 'aws_service_discovery_',
  servicequotas: 'aws_servicequotas_',
  ses: 'aws_ses_',
  sesv2: 'aws_sesv2_',
  sfn: 'aws_sfn_',
  shield: 'aws_shield_',
  signer: 'aws_signer_',
  sns: 'aws_sns_',
  sqs: 'aws_sqs_',
  ssm: 'aws_ssm_',
  ssoadmin: 'aws_ssoadmin_',
  sts: 'aws_caller_identity',
  swf: 'aws_swf_',
  synthetics: 'aws_synthetics_',
  timestreaminfluxdb: 'aws_timestreaminfluxdb_',
  timestreamquery: 'aws_timestreamquery_',
  timestreamwrite: 'aws_timestreamwrite_',
  transcribe: 'aws_transcribe_',
  transfer: 'aws_transfer_',
  vpclattice: 'aws_vpclattice_',
  wafv2: 'aws_wafv2_',
  workspaces: 'aws_workspaces_',
  workspacesweb: 'aws_workspacesweb_',
  xray: 'aws_xray_',
};

/**
 * The provider's own data sources that call no AWS API (the provider's "meta" group), served
 * wherever the provider runs. `aws_ip_ranges` is left out: it downloads ip-ranges.amazonaws.com.
 */
const PROVIDER_ONLY = 'aws_(arn|billing_service_account|default_tags|partition|regions?|service|service_principal)$';

/** Every `endpoints` key the harness points at local AWS. */
export const LOCAL_AWS_SERVICES: readonly string[] = Object.keys(SERVED_SERVICES);

const SERVED_TYPE = new RegExp(`^(${[...Object.values(SERVED_SERVICES), PROVIDER_ONLY].map((prefix) => `(${prefix})`).join('|')})`);

/** Whether local AWS serves the service of an `aws_*` resource or data-source type. */
export function servedLocally(type: string): boolean {
  return SERVED_TYPE.test(type);
}

/** One block of a synthesized configuration whose service local AWS does not serve. */
export interface UnservedBlock {
  /** `aws_lightsail_instance.box`, or `data.aws_…` for a data source. */
  readonly address: string;
  readonly type: string;
}

/** The `aws_*` resources and data sources of a synthesized configuration (cdk.tf.json) that local AWS cannot serve. Other providers' blocks are not judged. */
export function unservedBlocks(config: unknown): UnservedBlock[] {
  const { resource, data } = (config ?? {}) as { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> };
  const blocks = (kind: string, byType: Record<string, Record<string, unknown>> = {}) =>
    Object.entries(byType)
      .filter(([type]) => type.startsWith('aws_') && !servedLocally(type))
      .flatMap(([type, named]) => Object.keys(named).map((name) => ({ address: `${kind}${type}.${name}`, type })));
  return [...blocks('', resource), ...blocks('data.', data)];
}

/** Throws, naming each block (its address or construct path) and its type, when local AWS cannot serve them. */
export function assertServedLocally(unserved: readonly UnservedBlock[]): void {
  if (unserved.length === 0) return;
  const types = [...new Set(unserved.map((b) => b.type))];
  throw new Error(
    `local AWS cannot serve ${types.join(', ')} (${unserved.map((b) => b.address).join(', ')}): ` +
      `its service is not one moto 5.2.1 serves, so its calls would go to real AWS. ` +
      `Leave it out of the stack tested locally (the services served: LOCAL_AWS_SERVICES of kms-anomaly-detector/testing)`,
  );
}

/**
 * The `aws_*` resources and data sources under `scope` (before synthesis) that local AWS cannot
 * serve, by construct path: cdktf's and cdktn's generated classes both carry their type in
 * `terraformResourceType` and their provider in `terraformGeneratorMetadata`.
 */
export function unservedConstructs(scope: IConstruct): UnservedBlock[] {
  return scope.node
    .findAll()
    .map((c) => c as { terraformResourceType?: unknown; terraformGeneratorMetadata?: { providerName?: string }; node: IConstruct['node'] })
    .filter(
      (c) => typeof c.terraformResourceType === 'string' && c.terraformResourceType.startsWith('aws_') && c.terraformGeneratorMetadata?.providerName === 'aws',
    )
    .filter((c) => !servedLocally(c.terraformResourceType as string))
    .map((c) => ({ address: c.node.path, type: c.terraformResourceType as string }));
}
