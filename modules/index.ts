export * from './anomaly-detector-key';
export * from './encrypted-log-anomaly-detector';
export * from './key-policy';
export * from './retired-anomaly-detector-key';
export * from './terraform-version';
