export * from './anomaly-detector-key';
export * from './encrypted-log-anomaly-detector';
export * from './key-policy';
