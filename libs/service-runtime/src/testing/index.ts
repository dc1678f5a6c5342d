export * from './start-test-service';
export * from './test-names';
export * from './describe-service-basics';
export * from './org-messenger';
export * from './explain-query';
